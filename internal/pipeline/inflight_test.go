package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/budgetx/budgetx/internal/emit"
	"github.com/budgetx/budgetx/internal/progress"
)

// inFlightCounter counts the documents started and not yet written.
type inFlightCounter struct {
	mu        sync.Mutex
	open, top int
}

func (c *inFlightCounter) Start(string) {
	c.mu.Lock()
	c.open++
	c.top = max(c.top, c.open)
	c.mu.Unlock()
}

func (c *inFlightCounter) Done(l progress.Line) {
	c.mu.Lock()
	c.open--
	c.mu.Unlock()
}

func (c *inFlightCounter) Note(string) {}

// Behind a slow document (the seed, first), the other workers read at most
// a few documents ahead of it (inFlight), not all the quick ones: the
// main process holds the records of those only, in a flat output that
// keeps input order as in a dataset.
func TestInFlightBound(t *testing.T) {
	seed, err := filepath.Abs("../../fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(seed); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := []string{seed}
	for i := range 40 {
		p := filepath.Join(dir, fmt.Sprintf("quick-%02d.txt", i))
		if err := os.WriteFile(p, fmt.Appendf(nil, "第%d部分\n", i), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	for _, layout := range []Layout{LayoutFlat, LayoutDataset} {
		const workers = 2
		c := &inFlightCounter{}
		cfg := Config{Out: t.TempDir(), Layout: layout, Formats: emit.Formats{JSONL: true}, Workers: workers, Version: "test", Reporter: c}
		st, err := Run(context.Background(), files, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if st.Documents != len(files) {
			t.Fatalf("layout %d: %d documents written, want %d", layout, st.Documents, len(files))
		}
		if want := inFlight(layout == LayoutFlat, workers); c.top > want {
			t.Errorf("layout %d: %d documents in flight at once, want at most %d", layout, c.top, want)
		}
	}
}

// The main process's memory limit follows what it holds: the output's
// buffers and the documents in flight, per worker.
func TestMainMemory(t *testing.T) {
	ds2 := MainMemory(Config{Layout: LayoutDataset, Workers: 2})
	if ds2 != 52<<20 {
		t.Errorf("dataset, 2 workers: %d MiB, want 52", ds2>>20)
	}
	if flat := MainMemory(Config{Layout: LayoutFlat, Workers: 2}); flat <= ds2 {
		t.Errorf("flat, 2 workers: %d MiB, not more than a dataset's %d (a writer per table type)", flat>>20, ds2>>20)
	}
	if ds8 := MainMemory(Config{Layout: LayoutDataset, Workers: 8}); ds8 != ds2+6*4<<20 {
		t.Errorf("dataset, 8 workers: %d MiB, want %d", ds8>>20, (ds2+6*4<<20)>>20)
	}
}
