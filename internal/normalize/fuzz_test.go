package normalize

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/budgetx/budgetx/internal/checks"
	"github.com/budgetx/budgetx/internal/extract/docx"
	"github.com/budgetx/budgetx/internal/extract/text"
	"github.com/budgetx/budgetx/model"
)

var update = flag.Bool("update", false, "rewrite the generated files in testdata/")

// fuzzLimits are small limits, so that the fuzzer reaches them.
var fuzzLimits = model.Limits{Tables: 12, Rows: 60, Cols: 24, Cells: 3000, CellText: 1024, ParaText: 4096, Nesting: 3}

// checkResult normalizes doc under fuzzLimits and runs the checks on the
// result: neither may panic or fail inside; the error, if any, is a
// positioned limit or empty error; every record has a known table type
// and only that type's fields; the counts add up.
func checkResult(t *testing.T, doc *model.Document) {
	t.Helper()
	res, err := NormalizeLimited(doc, fuzzLimits)
	if err != nil {
		var me *model.Error
		if res != nil || !errors.As(err, &me) || !(errors.Is(err, model.ErrLimit) || errors.Is(err, model.ErrEmpty)) {
			t.Fatalf("bad error: %v", err)
		}
		return
	}
	if res.Summary.Status == model.StatusFailed {
		t.Fatalf("normalize failed: %s", res.Summary.Error)
	}
	counts := map[model.TableType]int{}
	for _, r := range res.Records {
		fields, ok := model.TableFields[r.TableType]
		if !ok {
			t.Fatalf("record of unknown table type %q", r.TableType)
		}
		counts[r.TableType]++
		for name := range r.Values {
			known := false
			for _, f := range fields {
				known = known || f.Name == name
			}
			if !known {
				t.Fatalf("%s record with field %q", r.TableType, name)
			}
		}
	}
	for tt, n := range counts {
		if res.Summary.Records[tt] != n {
			t.Fatalf("summary says %d %s records, there are %d", res.Summary.Records[tt], tt, n)
		}
	}
	checks.Run(res, nil)
	if res.Summary.Issues != len(res.Issues) {
		t.Fatalf("summary says %d issues, there are %d", res.Summary.Issues, len(res.Issues))
	}
	for _, is := range res.Issues {
		if is.Check == checks.Internal {
			t.Fatalf("checks failed inside: %s", is.Message)
		}
	}
}

// FuzzNormalizeText feeds documents in the flattened text form, as the
// reader reads them, through normalize and the checks (checkResult).
// Seeded with slices of the seed document and the committed corpus
// (testdata/fuzz/FuzzNormalizeText).
func FuzzNormalizeText(f *testing.F) {
	seed, err := os.ReadFile(seedTxt)
	if err != nil {
		f.Fatal(err)
	}
	for _, cut := range [][2]int{{0, 9000}, {9000, 30000}, {100000, 140000}, {len(seed) - 20000, len(seed)}} {
		f.Add(seed[cut[0]:cut[1]])
	}
	f.Add([]byte("部门预算收入总表\n\t467局\n\t单位：万元\n\n\t栏次\n\t1\n\n\t合计\n\t1,2.3\n\n\t208\n\t１２\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := text.Read("fuzz.txt", data, fuzzLimits)
		if err != nil {
			return
		}
		checkResult(t, doc)
	})
}

// gridWords are the texts the grid fuzzer puts in cells and paragraphs:
// titles, header labels, codes, amounts in their printed forms; then the
// texts of the seed DOCX's first tables (fixtureVocabulary), so that its
// tables can be described (gridDesc).
var gridWords = []string{
	"", "合计", "项目", "科目编码", "科目名称", "功能分类科目", "经济分类科目", "201", "20101", "2010101", "301", "30101",
	"一般公共服务支出", "工资福利支出", "1,234.56", "12.5", "0.00", "-", "（12.00）", "１２", "部门预算收支总表",
	"部门预算收入总表", "部门预算支出总表", "“三公”经费支出预算表", "一般公共预算财政拨款基本支出表", "项目支出绩效目标表", "单位：万元",
	"预算年度：2024", "467衡水市生态环境局", "本年收入", "财政拨款", "基本支出", "项目支出", "人员经费", "公用经费",
	"栏次", "1", "2", "3", "收入", "支出", "因公出国（境）费", "公务接待费", "一级指标", "二级指标", "指标值",
	"1.行政运行\n2.一般行政", "（一）", "其中：", "注：本部门无政府性基金预算，空表列示。", "2024年部门预算",
}

// fixtureTables are the seed DOCX's tables the grid seeds describe: up to
// 8 grid columns, their first 12 rows.
var fixtureTables = []int{1, 2, 3, 5, 7}

// vocabulary returns gridWords and the texts of fixtureTables of the seed
// DOCX, at most 256 in all.
func vocabulary(t testing.TB) []string {
	doc, err := docx.ReadFile(seedDocx)
	if err != nil {
		t.Fatal(err)
	}
	words := slices.Clone(gridWords)
	seen := map[string]bool{}
	for _, w := range words {
		seen[w] = true
	}
	for _, tb := range tablesOf(doc, fixtureTables) {
		for _, r := range tb.Rows {
			for _, c := range r.Cells {
				if !seen[c.Text] && len(words) < 256 {
					seen[c.Text] = true
					words = append(words, c.Text)
				}
			}
		}
	}
	return words
}

// tablesOf returns the tables numbered nos (from 1) of doc, cut to 12 rows.
func tablesOf(doc *model.Document, nos []int) []*model.Table {
	var out []*model.Table
	k := 0
	for _, b := range doc.Blocks {
		if b.Table == nil {
			continue
		}
		if k++; slices.Contains(nos, k) && b.Table.Cols <= 8 {
			t := *b.Table
			t.Rows = t.Rows[:min(len(t.Rows), 12)]
			out = append(out, &t)
		}
	}
	return out
}

// gridDoc builds a document of DOCX-shaped tables (grid known, spans,
// vertical merges, gridBefore, header rows, nesting) and paragraphs from
// a short description, each byte choosing the next thing (gridDesc writes
// one), with texts from words.
func gridDoc(desc []byte, words []string) *model.Document {
	i := 0
	next := func() int {
		if i >= len(desc) {
			return 0
		}
		i++
		return int(desc[i-1])
	}
	word := func() string { return words[next()%len(words)] }
	doc := &model.Document{Path: "fuzz.docx", DocID: "fuzz", Format: model.FormatDOCX}
	for len(doc.Blocks) < 8 && i < len(desc) {
		k := next()
		if k%3 == 0 {
			doc.Blocks = append(doc.Blocks, model.Block{Para: &model.Paragraph{Text: word()}})
			continue
		}
		cols, rows := 1+next()%8, 1+next()%12
		t := &model.Table{Cols: cols, GridKnown: true}
		// a table nested in the one before it
		t.Nested = k%3 == 2 && len(doc.Blocks) > 0 && doc.Blocks[len(doc.Blocks)-1].Table != nil
		for r := 0; r < rows && i < len(desc); r++ {
			row := model.Row{Header: next()%5 == 0}
			col := 0
			if next()%6 == 0 {
				col = 1 // w:gridBefore
			}
			for col < cols && i < len(desc) {
				c := model.Cell{Col: col, Span: 1 + next()%3*(next()%2), Text: word()}
				switch next() % 4 {
				case 1:
					c.VMerge = model.VMergeRestart
				case 2:
					c.VMerge, c.Text = model.VMergeContinue, ""
				}
				row.Cells = append(row.Cells, c)
				col += c.Span
			}
			t.Cols = max(t.Cols, col)
			if len(row.Cells) > 0 {
				t.Rows = append(t.Rows, row)
			}
		}
		doc.Blocks = append(doc.Blocks, model.Block{Table: t})
	}
	return doc
}

// gridDesc writes the description gridDoc reads back as paras, then each
// table with its title before it; texts not in words are left blank.
func gridDesc(titles []string, tables []*model.Table, words []string) []byte {
	idx := func(s string) byte {
		if k := slices.Index(words, s); k >= 0 {
			return byte(k)
		}
		return 0
	}
	var d []byte
	for k, t := range tables {
		d = append(d, 0, idx(titles[k]), 1, byte(t.Cols-1), byte(len(t.Rows)-1))
		for _, r := range t.Rows {
			header, before := byte(1), byte(1)
			if r.Header {
				header = 0
			}
			col := 0
			if len(r.Cells) > 0 && r.Cells[0].Col == 1 {
				before, col = 0, 1
			}
			d = append(d, header, before)
			for _, c := range r.Cells {
				span := min(max(c.Span, 1), 3)
				d = append(d, byte(span-1), byte(min(span-1, 1)), idx(c.Text), byte(c.VMerge))
				col += span
			}
			for ; col < t.Cols; col++ {
				d = append(d, 0, 0, 0, 0) // a blank cell to the row's end
			}
		}
	}
	return d
}

// FuzzNormalizeGrid feeds DOCX-shaped documents (gridDoc) through
// normalize and the checks (checkResult). Seeded with the committed corpus
// (testdata/fuzz/FuzzNormalizeGrid): the seed DOCX's first tables.
func FuzzNormalizeGrid(f *testing.F) {
	words := vocabulary(f)
	for _, seed := range gridSeeds(f, words) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, desc []byte) {
		checkResult(t, gridDoc(desc, words))
	})
}

// gridSeeds describe the seed DOCX's first tables, each under its printed
// title, alone and two at a time.
func gridSeeds(t testing.TB, words []string) [][]byte {
	doc, err := docx.ReadFile(seedDocx)
	if err != nil {
		t.Fatal(err)
	}
	titles := []string{"部门预算收支总表", "部门预算收入总表", "部门预算收入总表", "部门预算支出总表", "“三公”经费支出预算表", "项目支出绩效目标表"}
	tables := tablesOf(doc, fixtureTables)
	var out [][]byte
	for k := range tables {
		out = append(out, gridDesc(titles[k:k+1], tables[k:k+1], words))
	}
	return append(out, gridDesc(titles[:2], tables[:2], words))
}

// fuzzCorpus is the committed seed corpus of the two targets, rewritten by
// go test -run TestFuzzCorpus -update: the seed's first tables in the text
// form, and the grid seeds.
func fuzzCorpus(t testing.TB) map[string][]byte {
	seed, err := os.ReadFile(seedTxt)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for i, cut := range [][2]int{{0, 2500}, {9000, 11000}, {len(seed) - 2000, len(seed)}} {
		s := seed[cut[0]:cut[1]]
		s = s[bytes.IndexByte(s, '\n')+1 : bytes.LastIndexByte(s, '\n')+1] // whole lines
		out[filepath.Join("FuzzNormalizeText", fmt.Sprintf("seed-%d", i+1))] = s
	}
	for i, g := range gridSeeds(t, vocabulary(t)) {
		out[filepath.Join("FuzzNormalizeGrid", fmt.Sprintf("grid-%d", i+1))] = g
	}
	return out
}

func TestFuzzCorpus(t *testing.T) {
	for name, data := range fuzzCorpus(t) {
		path := filepath.Join("testdata", "fuzz", name)
		want := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test -run TestFuzzCorpus -update writes it)", err)
		}
		if string(got) != want {
			t.Errorf("%s is not what fuzzCorpus makes (go test -run TestFuzzCorpus -update)", path)
		}
		if len(got) > 50<<10 {
			t.Errorf("%s: %d bytes; keep the seeds small", path, len(got))
		}
	}
}
