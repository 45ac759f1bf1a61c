package budgetx

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/internal/buildinfo"
	"github.com/budgetx/budgetx/internal/emit"
	"github.com/budgetx/budgetx/model"
)

const (
	seed          = "fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt"
	stackOverflow = "testdata/failing/stack-overflow-objstm.pdf"
)

// goldenFixtures lists the fixtures with golden outputs (as
// internal/pipeline's TestGolden reads them) and their golden folders.
func goldenFixtures(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, dir := range []string{"fixtures/seed", "fixtures/docx", "fixtures/pdf", "fixtures/real"} {
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			ext := filepath.Ext(e.Name())
			if ext != ".txt" && ext != ".docx" && ext != ".pdf" {
				continue
			}
			golden := filepath.Join("fixtures", "golden", strings.TrimSuffix(e.Name(), ext)+ext)
			if _, err := os.Stat(golden); err != nil {
				t.Fatalf("%s has no golden output: %v", e.Name(), err)
			}
			out[filepath.Join(dir, e.Name())] = golden
		}
	}
	if len(out) < 20 {
		t.Fatalf("only %d fixtures", len(out))
	}
	return out
}

// writeJSONL writes res as the command's flat output would hold it.
func writeJSONL(t *testing.T, res *Result) string {
	t.Helper()
	dir := t.TempDir()
	w, err := emit.CreateWith(dir, emit.Options{Formats: emit.Formats{JSONL: true},
		Version: "golden", ContractVersion: buildinfo.ContractVersion})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteResult(&model.Result{Summary: res.Summary, Records: res.Records, Issues: res.Issues}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// sameAsGolden reports how the JSONL files in dir differ from golden's.
func sameAsGolden(t *testing.T, dir, golden string) {
	t.Helper()
	got, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	n := 0
	for _, g := range got {
		data, _ := os.ReadFile(g)
		want, err := os.ReadFile(filepath.Join(golden, filepath.Base(g)))
		if len(data) == 0 && os.IsNotExist(err) {
			continue
		}
		n++
		if !bytes.Equal(data, want) {
			t.Errorf("%s differs from %s/", filepath.Base(g), golden)
		}
	}
	if ents, _ := os.ReadDir(golden); n != len(ents) {
		t.Errorf("%d files written, %d golden", n, len(ents))
	}
}

// A Result is what the command writes: written as the command writes it,
// each fixture's Result is byte for byte its golden output — from a
// worker (Extract) and in this process (ExtractReader, InProcess).
func TestResultIsWhatTheCommandWrites(t *testing.T) {
	for path, golden := range goldenFixtures(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			res, err := Extract(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			sameAsGolden(t, writeJSONL(t, res), golden)

			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			res, err = ExtractReader(context.Background(), path, bytes.NewReader(data), WithIsolation(InProcess))
			if err != nil {
				t.Fatal(err)
			}
			sameAsGolden(t, writeJSONL(t, res), golden)
		})
	}
}

// Every way of calling reads the seed the same.
func TestCalls(t *testing.T) {
	ctx := context.Background()
	data, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Extract(ctx, seed)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []Isolation{Isolated, IsolatedIfPossible, InProcess} {
		for _, reader := range []bool{false, true} {
			var res *Result
			if reader {
				res, err = ExtractReader(ctx, seed, bytes.NewReader(data), WithIsolation(i))
			} else {
				res, err = Extract(ctx, seed, WithIsolation(i))
			}
			if err != nil {
				t.Fatalf("%v, reader %v: %v", i, reader, err)
			}
			if res.Summary.DocID != want.Summary.DocID || len(res.Records) != len(want.Records) ||
				len(res.Issues) != len(want.Issues) || res.Summary.DepartmentName != "衡水市生态环境局" {
				t.Errorf("%v, reader %v: %s %s, %d records, %d issues; want %d, %d", i, reader,
					res.Summary.DocID, res.Summary.DepartmentName, len(res.Records), len(res.Issues), len(want.Records), len(want.Issues))
			}
		}
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

// Errors name the input and wrap their class's sentinel, in a worker and
// in this process alike.
func TestErrors(t *testing.T) {
	ctx := context.Background()
	data, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		r    *bytes.Reader // nil: Extract(name)
		lim  model.Limits
		want error
		says string
	}{
		{name: stackOverflow, want: ErrMalformed, says: "object streams: cycle"},
		{name: "testdata/failing/truncated-objstm.pdf", want: ErrMalformed},
		{name: "testdata/failing/beijing-zhengwu-2026-budget-narrative-scanned.pdf", want: ErrNoText},
		{name: "testdata/no-such-file.pdf", want: ErrIO, says: "no such file"},
		{name: "testdata", want: ErrNotRegular},
		{name: seed, lim: model.Limits{Rows: 3}, want: ErrLimit, says: "more than the limit of 3"},
		{name: seed, lim: model.Limits{InputBytes: 100}, want: ErrLimit},
		{name: "a.txt", r: bytes.NewReader(data), lim: model.Limits{InputBytes: 100}, want: ErrLimit},
		{name: "a.xls", r: bytes.NewReader(data[:200]), want: ErrUnsupported},
		{name: "a.txt", r: bytes.NewReader(nil), want: ErrEmpty},
	}
	for _, i := range []Isolation{Isolated, InProcess} {
		for _, c := range cases {
			var err error
			if c.r != nil {
				c.r.Seek(0, 0)
				_, err = ExtractReader(ctx, c.name, c.r, WithLimits(c.lim), WithIsolation(i))
			} else {
				_, err = Extract(ctx, c.name, WithLimits(c.lim), WithIsolation(i))
			}
			var e *Error
			if !errors.Is(err, c.want) || !errors.As(err, &e) || e.File != c.name || !strings.Contains(err.Error(), c.says) {
				t.Errorf("%v: %s %+v: want an *Error naming it, wrapping %v, saying %q; got %v", i, c.name, c.lim, c.want, c.says, err)
			}
		}
		_, err := ExtractReader(ctx, "r.pdf", failingReader{}, WithIsolation(i))
		if !errors.Is(err, ErrIO) || !strings.Contains(err.Error(), "disk on fire") {
			t.Errorf("%v: a failing reader: %v", i, err)
		}
	}
}

// A document over the time limit fails with ErrLimit, and the error says
// how the limit is set.
func TestTimeLimit(t *testing.T) {
	for _, i := range []Isolation{Isolated, InProcess} {
		_, err := Extract(context.Background(), seed, WithLimits(model.Limits{Time: 1}), WithIsolation(i))
		if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "time limit of 1ns (Limits.Time, budgetx.WithLimits)") {
			t.Errorf("%v: %v", i, err)
		}
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, i := range []Isolation{Isolated, InProcess} {
		if _, err := Extract(ctx, seed, WithIsolation(i)); !errors.Is(err, context.Canceled) {
			t.Errorf("%v: Extract: %v", i, err)
		}
		if _, err := ExtractReader(ctx, seed, strings.NewReader("x"), WithIsolation(i)); !errors.Is(err, context.Canceled) {
			t.Errorf("%v: ExtractReader: %v", i, err)
		}
	}
	// cancelled while the input is read
	for _, i := range []Isolation{Isolated, InProcess} {
		ctx, cancel := context.WithCancel(context.Background())
		r := &cancellingReader{r: strings.NewReader("表1 收支总表\n"), cancel: cancel}
		if _, err := ExtractReader(ctx, "a.txt", r, WithIsolation(i)); !errors.Is(err, context.Canceled) {
			t.Errorf("%v: cancelled during the call: %v", i, err)
		}
	}
}

// cancellingReader cancels its context when it is first read.
type cancellingReader struct {
	r      io.Reader
	cancel func()
}

func (c *cancellingReader) Read(p []byte) (int, error) {
	c.cancel()
	return c.r.Read(p)
}
