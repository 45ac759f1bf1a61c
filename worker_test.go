package budgetx

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
)

// A document that kills its worker (here: its 128 MiB cannot be held in
// the worker's 48 MiB) fails alone, and the next is read.
func TestWorkerDeathFailsTheDocumentAlone(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 128<<20); err != nil {
		t.Fatal(err)
	}
	lim := WithLimits(model.Limits{Memory: 48 << 20})
	_, err := Extract(context.Background(), big, lim)
	var e *Error
	if !errors.Is(err, ErrLimit) || !errors.As(err, &e) || e.File != big ||
		!strings.Contains(err.Error(), "ran out of memory: it needed more than the limit of 48 MiB (Limits.Memory, budgetx.WithLimits)") {
		t.Fatalf("got %v", err)
	}
	// the seed's first table: a document small enough for 48 MiB even
	// in a test binary built with -race
	data, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	res, err := ExtractReader(context.Background(), "first-table.txt", strings.NewReader(strings.Join(lines[:230], "")), lim)
	if err != nil || len(res.Records) == 0 {
		t.Fatalf("after the worker died: %v", err)
	}
}

// Where the program cannot be its own worker, Isolated fails with
// ErrNoWorker and says why and what to do; IsolatedIfPossible and
// InProcess read the document in this process.
func TestNoWorker(t *testing.T) {
	saved := canServe
	defer func() { canServe = saved }()
	canServe = func() error { return errors.New("the executable /x is not this Go program") }

	_, err := Extract(context.Background(), seed)
	var e *Error
	if !errors.Is(err, ErrNoWorker) || !errors.As(err, &e) || e.File != seed ||
		!strings.Contains(err.Error(), "/x is not this Go program") || !strings.Contains(err.Error(), "WithIsolation(InProcess)") {
		t.Errorf("Isolated: %v", err)
	}
	for _, i := range []Isolation{IsolatedIfPossible, InProcess} {
		if res, err := Extract(context.Background(), seed, WithIsolation(i)); err != nil || len(res.Records) == 0 {
			t.Errorf("%v: %v", i, err)
		}
	}
}

// The test binary is its own worker, as any program that imports budgetx;
// a program that is not Go, or another Go program, is not.
func TestSelfServes(t *testing.T) {
	if err := selfServes(); err != nil {
		t.Fatal(err)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	goTool := filepath.Join(strings.TrimSpace(string(goroot)), "bin", "go") // a Go program, not this one
	for exe, want := range map[string]string{"/bin/sh": "is not this Go program", goTool: "is not the program running"} {
		if err := runs(exe); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", exe, err, want)
		}
	}
}
