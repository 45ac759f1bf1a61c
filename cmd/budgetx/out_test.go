package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/internal/emit"
)

// TestExtractIntoALockedOut: a run into an --out that another run is
// writing stops at once, exit 3, and says who holds it.
func TestExtractIntoALockedOut(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	w, err := emit.Create(out, emit.Formats{JSONL: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	code, _, errs := runCmd("extract", "-q", "--out", out, seed)
	want := "output directory " + out + " is in use by another budgetx run (pid " + strconv.Itoa(os.Getpid()) + ")"
	if code != exitAborted || !strings.Contains(errs, want) {
		t.Fatalf("exit %d, want %d, saying %q: %s", code, exitAborted, want, errs)
	}
}
