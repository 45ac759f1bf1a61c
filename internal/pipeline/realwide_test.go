package pipeline

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/budgetx/budgetx/internal/corpus"
	"github.com/budgetx/budgetx/internal/emit"
)

// realWide is the development corpus of real disclosures beside the
// repository (62 PDFs from 11 cities; see fixtures/real-wide/README.md).
const realWide = "../shared/real-wide"

// TestRealWide reads every document of real-wide and compares the corpus
// report (budgetx corpus against the tables people read from the PDFs,
// fixtures/real-wide/expected.tsv) with the reviewed summary
// fixtures/real-wide/summary.tsv: a document that loses a table, a total,
// its department or a check shows as a diff. Run with -update to rewrite
// the summary, then read the diff before committing.
func TestRealWide(t *testing.T) {
	t.Chdir("../..")
	files, err := filepath.Glob(filepath.Join(realWide, "*.pdf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("the real-wide corpus is missing at %s (it sits beside the repository, as ../shared does for CI): %v", realWide, err)
	}
	out := t.TempDir()
	cfg := Config{Out: out, Formats: emit.Formats{JSONL: true}}
	if _, err := Run(context.Background(), files, cfg); err != nil {
		t.Fatal(err)
	}
	ex, err := corpus.ReadExpectations("fixtures/real-wide/expected.tsv")
	if err != nil {
		t.Fatal(err)
	}
	run, err := corpus.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := corpus.Write(&got, run.Report(ex)); err != nil {
		t.Fatal(err)
	}
	const golden = "fixtures/real-wide/summary.tsv"
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v; run go test ./pipeline -run TestRealWide -update and review", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("the corpus report of real-wide differs from %s: %s", golden, firstDiff(got.Bytes(), want))
	}
}
