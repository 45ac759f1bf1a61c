package pdf

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/budgetx/budgetx/model"
)

// envTestHook makes the test binary, when re-run as a child, misbehave
// after the limits are set: "hang" sleeps, "alloc" allocates without end.
const envTestHook = "BUDGETX_PDF_TEST_HOOK"

// TestMain re-executes the test binary as the PDF child, as the budgetx
// binary does for ReadFile.
func TestMain(m *testing.M) {
	switch os.Getenv(envTestHook) {
	case "hang":
		childHook = func() { time.Sleep(time.Hour) }
	case "alloc":
		childHook = func() {
			var keep [][]byte
			for {
				b := make([]byte, 16<<20)
				for i := range b {
					b[i] = 1
				}
				keep = append(keep, b)
			}
		}
	}
	if ChildMain() {
		return
	}
	os.Exit(m.Run())
}

func readChild(t *testing.T, path string, opt Options) (*model.Document, error) {
	t.Helper()
	doc, err := ReadFile(context.Background(), path, opt)
	if err != nil {
		t.Logf("%s: %v", path, err)
		var me *model.Error
		if !errors.As(err, &me) || me.File != path {
			t.Errorf("error %T %v is not a *model.Error for %s", err, err, path)
		}
	}
	return doc, err
}

func TestReadFileSample(t *testing.T) {
	doc, err := readChild(t, "testdata/type0-identity-h-and-gbk-euc-h.pdf", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != model.FormatPDF || doc.Pages != 1 || len(doc.DocID) != 64 {
		t.Errorf("doc = %+v", doc)
	}
	in, err := ReadFileInProcess(sample)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := doc.Dump(0), in.Dump(0); got != want || doc.DocID != in.DocID {
		t.Errorf("through the child:\n%s\nin process:\n%s", got, want)
	}
}

func TestReadFileChildDies(t *testing.T) {
	for _, name := range []string{"stack-overflow-objstm.pdf", "self-referencing-objstm.pdf"} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			_, err := readChild(t, "testdata/malformed/"+name, Options{Timeout: 30 * time.Second})
			if !errors.Is(err, model.ErrChildDied) {
				t.Fatalf("err = %v, want ErrChildDied", err)
			}
			if !strings.Contains(err.Error(), "stack") {
				t.Errorf("message does not quote the child's stack overflow: %v", err)
			}
			t.Logf("child died after %v", time.Since(start))
		})
	}
}

func TestReadFileTimeout(t *testing.T) {
	// A /Pages node that is its own kid makes the library loop forever.
	start := time.Now()
	_, err := readChild(t, "testdata/malformed/self-referencing-pages.pdf", Options{Timeout: 2 * time.Second})
	if !errors.Is(err, model.ErrChildDied) || !strings.Contains(err.Error(), "time limit") {
		t.Fatalf("err = %v, want ErrChildDied for the time limit", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v to kill a child with a 2s limit", d)
	}
}

func TestReadFileHangHook(t *testing.T) {
	t.Setenv(envTestHook, "hang")
	_, err := readChild(t, "testdata/type0-identity-h-and-gbk-euc-h.pdf", Options{Timeout: time.Second})
	if !errors.Is(err, model.ErrChildDied) {
		t.Fatalf("err = %v, want ErrChildDied", err)
	}
}

func TestReadFileOutOfMemory(t *testing.T) {
	t.Setenv(envTestHook, "alloc")
	_, err := readChild(t, "testdata/type0-identity-h-and-gbk-euc-h.pdf", Options{MemoryLimit: 64 << 20, Timeout: 30 * time.Second})
	if !errors.Is(err, model.ErrChildDied) {
		t.Fatalf("err = %v, want ErrChildDied", err)
	}
	if !strings.Contains(err.Error(), "memory") {
		t.Errorf("message does not say out of memory: %v", err)
	}
}

func TestReadFileSmallMemoryLimit(t *testing.T) {
	// Go must still start and parse under a tight limit.
	if _, err := readChild(t, "testdata/type0-identity-h-and-gbk-euc-h.pdf", Options{MemoryLimit: 32 << 20}); err != nil {
		t.Fatal(err)
	}
}

func TestReadFileCancel(t *testing.T) {
	t.Setenv(envTestHook, "hang")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := ReadFile(ctx, "testdata/type0-identity-h-and-gbk-euc-h.pdf", Options{})
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, model.ErrChildDied) {
		t.Fatalf("err = %v, want the context's error", err)
	}
}

func TestReadFileErrors(t *testing.T) {
	for _, tc := range []struct {
		path string
		want error
	}{
		{"testdata/malformed/readme.notpdf", model.ErrMalformed},
		{"testdata/malformed/truncated-objstm.pdf", model.ErrMalformed},
		{"testdata/image-only.pdf", model.ErrNoText},
	} {
		_, err := readChild(t, tc.path, Options{})
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.path, err, tc.want)
		}
		// The same in process: no panic leaves.
		_, err = ReadFileInProcess(tc.path)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s in process: err = %v, want %v", tc.path, err, tc.want)
		}
	}
}

func TestReadFileScanned(t *testing.T) {
	const path = "/work/shared/real/beijing-zhengwu-2026-budget-narrative-scanned.pdf"
	if _, err := os.Stat(path); err != nil {
		t.Skip(err)
	}
	_, err := readChild(t, path, Options{})
	if !errors.Is(err, model.ErrNoText) {
		t.Fatalf("err = %v, want ErrNoText", err)
	}
	for _, s := range []string{"8 pages", "OCR"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("message %q lacks %q", err, s)
		}
	}
}
