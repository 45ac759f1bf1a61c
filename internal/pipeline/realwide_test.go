package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
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
	checkRegions(t, out)
}

// checkRegions compares every document's city with the one the corpus's
// manifest says (its city column, 上海 for 上海市).
func checkRegions(t *testing.T, out string) {
	t.Helper()
	man, err := os.ReadFile(filepath.Join(realWide, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	city := map[string]string{}
	for _, l := range strings.Split(string(man), "\n")[1:] {
		if f := strings.Split(l, "\t"); len(f) > 1 {
			city[f[0]] = f[1]
		}
	}
	docs, err := os.ReadFile(filepath.Join(out, "documents.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range strings.Split(strings.TrimSpace(string(docs)), "\n") {
		var d struct {
			SourceFile string  `json:"source_file"`
			City       *string `json:"city"`
			Province   *string `json:"province"`
		}
		if err := json.Unmarshal([]byte(l), &d); err != nil {
			t.Fatal(err)
		}
		want, ok := city[filepath.Base(d.SourceFile)]
		if !ok {
			t.Errorf("%s is not in the manifest", d.SourceFile)
			continue
		}
		n++
		if d.City == nil || !strings.HasPrefix(*d.City, want) || d.Province == nil {
			t.Errorf("%s: city %v, province %v; the manifest says %s", d.SourceFile, d.City, d.Province, want)
		}
	}
	if n != 62 {
		t.Errorf("%d documents checked against the manifest, want 62", n)
	}
}
