package docwork

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/budgetx/budgetx/internal/isolate"
	"github.com/budgetx/budgetx/model"
)

const (
	seed          = "../../fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt"
	seedPDF       = "../../fixtures/pdf/hebei-hengshui-sthjj-2024-budget.pdf"
	stackOverflow = "../../testdata/failing/stack-overflow-objstm.pdf"
)

func newRunner(t *testing.T) *Runner {
	t.Helper()
	pool := isolate.NewPool(isolate.Options{Size: 2})
	t.Cleanup(func() { pool.Close() })
	return &Runner{Pool: pool, TimeHint: "--doc-timeout", MemoryHint: "--doc-memory"}
}

// A worker and this process do the same work: the results are equal,
// records and issues included, for each format.
func TestWorkerEqualsLocal(t *testing.T) {
	r := newRunner(t)
	for _, f := range []string{seed, seedPDF, "../../fixtures/docx/hebei-hengshui-sthjj-2024-budget.docx"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, id, err := r.ProcessFile(context.Background(), f, model.Limits{})
		if err != nil {
			t.Fatalf("%s: worker: %v", f, err)
		}
		want, err := Local(context.Background(), f, data, model.Limits{}, "")
		if err != nil {
			t.Fatalf("%s: local: %v", f, err)
		}
		if id != want.Summary.DocID || got.Summary.DocID != id {
			t.Errorf("%s: ids %q (stream), %q (worker), %q (local)", f, id, got.Summary.DocID, want.Summary.DocID)
		}
		if len(got.Records) == 0 || got.Summary.Status != model.StatusOK {
			t.Errorf("%s: %s with %d records", f, got.Summary.Status, len(got.Records))
		}
		if !reflect.DeepEqual(got.Summary, want.Summary) {
			t.Errorf("%s: summaries differ:\nworker %+v\nlocal  %+v", f, got.Summary, want.Summary)
		}
		if len(got.Records) != len(want.Records) || len(got.Issues) != len(want.Issues) {
			t.Fatalf("%s: worker %d records %d issues, local %d records %d issues", f,
				len(got.Records), len(got.Issues), len(want.Records), len(want.Issues))
		}
		for i := range got.Records {
			if g, w := got.Records[i].Common, want.Records[i].Common; g != w {
				t.Fatalf("%s: record %d: worker %+v, local %+v", f, i, g, w)
			}
			if !sameValues(got.Records[i].Values, want.Records[i].Values) {
				t.Fatalf("%s: record %d: worker %v, local %v", f, i, got.Records[i].Values, want.Records[i].Values)
			}
		}
		if !reflect.DeepEqual(got.Issues, want.Issues) {
			t.Errorf("%s: issues differ", f)
		}
	}
}

// sameValues reports whether two records' values are equal, a decimal
// by its coefficient and exponent (what it prints), the rest deeply.
func sameValues(a, b map[string]any) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	for k, va := range a {
		vb, ok := b[k]
		if !ok || !sameValue(va, vb) {
			return false
		}
	}
	return true
}

func sameValue(a, b any) bool {
	switch a := a.(type) {
	case decimal.Decimal:
		b, ok := b.(decimal.Decimal)
		return ok && a.Exponent() == b.Exponent() && a.Coefficient().Cmp(b.Coefficient()) == 0
	case []model.SpendPoint:
		b, ok := b.([]model.SpendPoint)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if a[i].Checkpoint != b[i].Checkpoint || a[i].Month != b[i].Month || a[i].PctNull != b[i].PctNull || !sameValue(a[i].Pct, b[i].Pct) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

// A worker that dies fails its document alone, and the next document is
// read by a fresh worker. The worker dies here of its memory limit: the
// document's 128 MiB must be in its memory, over the 48 MiB it may have.
func TestDeathFailsTheDocumentAlone(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 128<<20); err != nil {
		t.Fatal(err)
	}
	pool := isolate.NewPool(isolate.Options{Size: 1, Memory: 48 << 20})
	defer pool.Close()
	r := &Runner{Pool: pool, MemoryHint: "--doc-memory"}
	_, id, err := r.ProcessFile(context.Background(), big, model.Limits{})
	var pe *model.Error
	if !errors.Is(err, model.ErrLimit) || !errors.As(err, &pe) || pe.File != big {
		t.Fatalf("want a positioned limit error, got %v", err)
	}
	if !strings.Contains(err.Error(), "ran out of memory") || !strings.HasSuffix(err.Error(), "(--doc-memory)") || len(id) != 64 {
		t.Errorf("error %q, id %q", err, id)
	}
	// the seed's first table: small enough for 48 MiB even in a test
	// binary built with -race
	data, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	small := strings.Join(strings.SplitAfter(string(data), "\n")[:230], "")
	if res, _, err := r.Process(context.Background(), "first-table.txt", strings.NewReader(small), int64(len(small)), model.Limits{}); err != nil || len(res.Records) == 0 {
		t.Fatalf("after the death: %v", err)
	}
}

func TestErrors(t *testing.T) {
	r := newRunner(t)
	ctx := context.Background()
	cases := []struct {
		path string
		lim  model.Limits
		want error
	}{
		{"../../testdata/failing/truncated-objstm.pdf", model.Limits{}, model.ErrMalformed},
		{stackOverflow, model.Limits{}, model.ErrMalformed},
		{seed, model.Limits{Rows: 3}, model.ErrLimit},
		{seed, model.Limits{InputBytes: 10}, model.ErrLimit},
		{"../../testdata", model.Limits{}, model.ErrNotRegular},
		{"../../testdata/no-such-file.pdf", model.Limits{}, model.ErrIO},
	}
	for _, c := range cases {
		_, _, err := r.ProcessFile(ctx, c.path, c.lim)
		var pe *model.Error
		if !errors.Is(err, c.want) || !errors.As(err, &pe) || pe.File != c.path {
			t.Errorf("%s %+v: want a positioned %v, got %v", c.path, c.lim, c.want, err)
		}
	}
	doc, err := r.ReadFile(ctx, seed, model.Limits{})
	if err != nil || len(doc.Blocks) == 0 {
		t.Errorf("ReadFile: %v", err)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := newRunner(t).ProcessFile(ctx, seed, model.Limits{}); !errors.Is(err, context.Canceled) {
		t.Errorf("worker: %v", err)
	}
	if _, err := Local(ctx, seed, []byte("x"), model.Limits{}, ""); !errors.Is(err, context.Canceled) {
		t.Errorf("local: %v", err)
	}
}

func TestLocalErrors(t *testing.T) {
	data, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Local(context.Background(), "x.txt", data, model.Limits{Rows: 3}, "")
	var pe *model.Error
	if !errors.Is(err, model.ErrLimit) || !errors.As(err, &pe) || pe.File != "x.txt" {
		t.Errorf("want a positioned limit error, got %v", err)
	}
	if _, err := Local(context.Background(), "x.xls", data[:100], model.Limits{}, ""); !errors.Is(err, model.ErrUnsupported) {
		t.Errorf("want unsupported, got %v", err)
	}
}

// blockingReader is a body that gives one byte, says so on read, and
// then waits for ctx to be done.
type blockingReader struct {
	ctx  context.Context
	read chan struct{}
	n    int
}

func (b *blockingReader) Read(p []byte) (int, error) {
	if b.n == 0 {
		b.n++
		close(b.read)
		p[0] = 'x'
		return 1, nil
	}
	<-b.ctx.Done()
	return 0, b.ctx.Err()
}

// Cancelling the context while a worker has the document stops the call
// with the context's error.
func TestCancelMidway(t *testing.T) {
	r := newRunner(t)
	ctx, cancel := context.WithCancel(context.Background())
	body := &blockingReader{ctx: ctx, read: make(chan struct{})}
	go func() {
		<-body.read // the worker is started and reading
		cancel()
	}()
	if _, _, err := r.Process(ctx, "a.txt", body, 1000, model.Limits{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if res, _, err := r.ProcessFile(context.Background(), seed, model.Limits{}); err != nil || len(res.Records) == 0 {
		t.Fatalf("after the cancel: %v", err)
	}
}
