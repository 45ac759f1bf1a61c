package emit

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLockInProcess: a second Create on a directory that a Writer of the
// same process holds fails at once with ErrLocked naming the holder; the
// lock is free again after Close, and after Abort.
func TestLockInProcess(t *testing.T) {
	for _, end := range []string{"close", "abort"} {
		t.Run(end, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			w, err := Create(dir, both)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Abort()
			_, err = Create(dir, Formats{JSONL: true})
			if !errors.Is(err, ErrLocked) {
				t.Fatalf("second Create: %v, want ErrLocked", err)
			}
			want := "output directory " + dir + " is in use by another budgetx run (pid " + strconv.Itoa(os.Getpid()) + ")"
			if !strings.Contains(err.Error(), want) {
				t.Errorf("second Create: %q, want it to say %q", err, want)
			}
			// The refused Create touched nothing of the first run's.
			if err := w.WriteResult(sampleResults()[0]); err != nil {
				t.Fatal(err)
			}
			if end == "close" {
				if err := w.Close(); err != nil {
					t.Fatal(err)
				}
			} else {
				w.Abort()
			}
			if _, err := os.Lstat(filepath.Join(dir, LockFile)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("after %s: lock file: %v, want it removed", end, err)
			}
			w2, err := Create(dir, both)
			if err != nil {
				t.Fatalf("Create after %s: %v", end, err)
			}
			w2.Abort()
		})
	}
}
