package emit

// What the writers hold in memory does not grow with what they are given:
// measured by their own accounts (Writer.Buffered, pqWriter.buffered,
// lineSorter.held), never by timing or by the process's memory.

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/budgetx/budgetx/model"
	"github.com/parquet-go/parquet-go"
	"github.com/shopspring/decimal"
)

// noise returns n letters that compress badly.
func noise(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + rng.IntN(26))
	}
	return string(b)
}

// bulkResult is a document with n other_tables records of incompressible
// text, and a few institutions.
func bulkResult(rng *rand.Rand, doc, n int) *model.Result {
	res := &model.Result{Summary: model.DocSummary{DocID: fmt.Sprintf("%064x", doc+1), SourceFile: fmt.Sprintf("in/%d.pdf", doc),
		Format: model.FormatPDF, Status: model.StatusOK, FiscalYear: 2024, DocKind: model.Budget}}
	for i := range n {
		tt := model.OtherTables
		vals := map[string]any{"column_index": int64(i % 9), "text": noise(rng, 60), "value": decimal.New(int64(i), -2)}
		if i%50 == 0 {
			tt = model.Institutions
			vals = map[string]any{"unit_name": noise(rng, 30)}
		}
		res.Records = append(res.Records, model.Record{
			Common: model.Common{DocID: res.Summary.DocID, SourceFile: res.Summary.SourceFile, FiscalYear: 2024, DocKind: model.Budget,
				TableType: tt, TableTitle: "表", RowNo: i + 1},
			Values: vals,
		})
	}
	return res
}

// The Parquet files of a flat output hold at most the Writer's budget
// between two documents, however many records were written; the rows all
// reach the files, in row groups flushed as the budget asks.
func TestWriterBufferedBound(t *testing.T) {
	dir := t.TempDir()
	w, err := Create(dir, Formats{Parquet: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	w.budget = 256 << 10
	rng := rand.New(rand.NewPCG(1, 2))
	var top int64
	rows := map[model.TableType]int{}
	for doc := range 60 {
		res := bulkResult(rng, doc, 500)
		for _, r := range res.Records {
			rows[r.TableType]++
		}
		if err := w.WriteResult(res); err != nil {
			t.Fatal(err)
		}
		b := w.Buffered()
		if b > w.budget {
			t.Fatalf("after document %d: %d bytes buffered, budget %d", doc, b, w.budget)
		}
		top = max(top, b)
	}
	if top < w.budget/2 {
		t.Errorf("at most %d bytes buffered: the test never came near the budget of %d", top, w.budget)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for tt, n := range rows {
		rdr, err := file.OpenParquetFile(filepath.Join(dir, string(tt)+".parquet"), false)
		if err != nil {
			t.Fatal(err)
		}
		if int(rdr.NumRows()) != n {
			t.Errorf("%s: %d rows, want %d", tt, rdr.NumRows(), n)
		}
		if tt == model.OtherTables && rdr.NumRowGroups() < 4 {
			t.Errorf("%s: %d row groups: the budget flushed none", tt, rdr.NumRowGroups())
		}
		rdr.Close()
	}
}

// A Parquet writer flushes its row group when it holds its limit: what it
// holds stays near the limit (a look every sizeEvery rows), whatever the
// number of rows.
func TestParquetRowGroupBySize(t *testing.T) {
	tabs, err := tables()
	if err != nil {
		t.Fatal(err)
	}
	tab := tabs[model.OtherTables]
	var out bytes.Buffer
	s, err := newPQSink(tab, &out)
	if err != nil {
		t.Fatal(err)
	}
	s.w.limit = 64 << 10
	rng := rand.New(rand.NewPCG(3, 4))
	res := bulkResult(rng, 0, 20000)
	var cells []cell
	n := 0
	for i := range res.Records {
		r := &res.Records[i]
		if r.TableType != model.OtherTables {
			continue
		}
		if cells, err = tab.cells(r, cells[:0]); err != nil {
			t.Fatal(err)
		}
		if err := s.write(cells); err != nil {
			t.Fatal(err)
		}
		n++
		// sizeEvery rows of 60 incompressible letters and a few numbers
		if b := s.buffered(); b > s.w.limit+sizeEvery*200 {
			t.Fatalf("row %d: %d bytes buffered, limit %d", n, b, s.w.limit)
		}
	}
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "o.parquet")
	os.WriteFile(p, out.Bytes(), 0o644)
	rdr, err := file.OpenParquetFile(p, false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	if int(rdr.NumRows()) != n || rdr.NumRowGroups() < 10 {
		t.Errorf("%d rows in %d row groups; want %d rows, in row groups of about 64 KiB", rdr.NumRows(), rdr.NumRowGroups(), n)
	}
}

// The sorter holds at most a chunk, sorts stably across its runs (also
// when it merges them in steps), and leaves no file behind.
func TestLineSorter(t *testing.T) {
	defer func(m int) { maxRuns = m }(maxRuns)
	maxRuns = 3
	dir := t.TempDir()
	const chunk = 2 << 10
	s := newLineSorter(dir, chunk)
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 3000
	for i := range n {
		key := string(rune('a' + rng.IntN(20)))
		if err := s.add(key, fmt.Appendf(nil, "%s %06d", key, i)); err != nil {
			t.Fatal(err)
		}
		if s.held() > chunk+100 {
			t.Fatalf("line %d: %d bytes held, chunk %d", i, s.held(), chunk)
		}
	}
	if len(s.runs) < 2*maxRuns {
		t.Fatalf("%d runs: the test does not merge in steps", len(s.runs))
	}
	var got []string
	if err := s.each(func(b []byte) error { got = append(got, string(b)); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("%d lines back, want %d", len(got), n)
	}
	for i := 1; i < n; i++ {
		if got[i-1] >= got[i] { // key, then the order added: both in the text
			t.Fatalf("line %d %q after %q", i, got[i], got[i-1])
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("%d files left behind", len(ents))
	}
}

// The index of a dataset is the same, line for line, whether it is sorted
// in memory or on disk in many runs.
func TestWriteIndexOnDisk(t *testing.T) {
	write := func(chunk int) (string, string) {
		defer func(c int) { sortChunk = c }(sortChunk)
		sortChunk = chunk
		dir := t.TempDir()
		ds, err := Open(dir, dsOpts)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(7, 8))
		for b := range 6 {
			var rs []*model.Result
			for d := range 5 {
				doc := (b*5 + d) * 7 % 30 // the batches do not come in source order
				res := bulkResult(rng, doc, 20)
				for k := range 4 {
					res.Issues = append(res.Issues, model.Issue{Kind: model.IssueRepair, Severity: model.SevInfo,
						Raw: fmt.Sprintf("%d-%d", doc, k), Message: noise(rng, 40)})
				}
				rs = append(rs, res)
			}
			writeBatch(t, ds, rs...)
		}
		if err := ds.Close(); err != nil {
			t.Fatal(err)
		}
		if ents, _ := filepath.Glob(filepath.Join(dir, stateDir, ".sort-*")); len(ents) > 0 {
			t.Errorf("sort runs left behind: %v", ents)
		}
		docs, _ := os.ReadFile(filepath.Join(dir, DocumentsFile))
		iss, _ := os.ReadFile(filepath.Join(dir, IssuesFile))
		return string(docs), string(iss)
	}
	memDocs, memIss := write(64 << 20)
	diskDocs, diskIss := write(512)
	if strings.Count(memIss, "\n") != 120 || strings.Count(memDocs, "\n") != 30 {
		t.Fatalf("%d documents lines, %d issues lines; want 30 and 120", strings.Count(memDocs, "\n"), strings.Count(memIss, "\n"))
	}
	if memDocs != diskDocs {
		t.Error("documents.jsonl differs when sorted on disk")
	}
	if memIss != diskIss {
		t.Error("issues.jsonl differs when sorted on disk")
	}
}

// The parts a merge copies are written with budgetx's schema of their
// table type (and so with the shared codec), found from the file's.
func TestOwnSchema(t *testing.T) {
	dir, results := writeSample(t, Formats{Parquet: true})
	tabs, err := tables()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range model.TableTypes {
		if len(recordsOf(results, tt)) == 0 {
			continue
		}
		f, err := os.Open(filepath.Join(dir, string(tt)+".parquet"))
		if err != nil {
			t.Fatal(err)
		}
		st, _ := f.Stat()
		pf, err := parquet.OpenFile(f, st.Size())
		if err != nil {
			t.Fatal(err)
		}
		if got := ownSchema(pf.Schema()); got != tabs[tt].pq.schema {
			t.Errorf("%s: ownSchema gives %v", tt, got)
		}
		f.Close()
	}
	if got := ownSchema(parquet.SchemaOf(struct{ A string }{})); got != nil {
		t.Errorf("a schema of no table type: %v", got)
	}
}
