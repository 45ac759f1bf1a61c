package pageview

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/internal/extract/pdf"
	"github.com/budgetx/budgetx/internal/normalize"
	"github.com/budgetx/budgetx/model"
)

const (
	seedPDF    = "../../fixtures/pdf/hebei-hengshui-sthjj-2024-budget.pdf"
	plantedPDF = "../../fixtures/pdf/hebei-hengshui-sthjj-2024-budget-planted.pdf"
)

// goldenTable is a table of documents.jsonl.
type goldenTable struct {
	Index int    `json:"index"`
	Type  string `json:"table_type"`
	Title string `json:"title"`
	Page  int    `json:"page"`
}

func goldenTables(t *testing.T, pdfPath string) []goldenTable {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../../fixtures/golden", filepath.Base(pdfPath), "documents.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Tables []goldenTable `json:"tables"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return d.Tables
}

// indexOf reads path in process (the fixtures are trusted) and returns
// its index.
func indexOf(t *testing.T, path string) *index {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, lay, err := pdf.ReadLayout(path, data, model.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	_, views, err := normalize.Explain(doc, model.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return newIndex(views, lay)
}

// TestNumbering: the tables of the pictures are numbered, titled, typed
// and placed as documents.jsonl does it, on every real PDF of the
// fixtures; each table is drawn on its first page.
func TestNumbering(t *testing.T) {
	files, _ := filepath.Glob("../../fixtures/real/*.pdf")
	files = append(files, seedPDF)
	if len(files) < 5 {
		t.Fatalf("no fixtures: %v", files)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			want := goldenTables(t, f)
			ix := indexOf(t, f)
			if len(ix.views) != len(want) {
				t.Fatalf("%d tables, documents.jsonl has %d", len(ix.views), len(want))
			}
			drawn := map[int]bool{}
			for _, s := range ix.lay.Tables {
				if s.Refused != "" {
					continue
				}
				tb := ix.table(s)
				if tb.Index == 0 {
					t.Errorf("page %d: a table of no index (%s)", s.Page, tb.Refused)
					continue
				}
				drawn[tb.Index] = true
				w := want[tb.Index-1]
				if tb.Title != w.Title || string(tb.Type) != w.Type || tb.FirstPage != w.Page {
					t.Errorf("page %d: table %d %q %s from page %d; documents.jsonl: %q %s page %d",
						s.Page, tb.Index, tb.Title, tb.Type, tb.FirstPage, w.Title, w.Type, w.Page)
				}
			}
			for _, w := range want {
				if !drawn[w.Index] {
					t.Errorf("table %d %q is drawn on no page", w.Index, w.Title)
				}
				if p := ix.tablePage(w.Index, nil); p != w.Page {
					t.Errorf("table %d is drawn on page %d, documents.jsonl says %d", w.Index, p, w.Page)
				}
			}
		})
	}
}

// TestRows: the seed's 收入总表 (table 2, page 4) has its meta row, two
// header rows and its 栏次 row where the normalizer found them, and the
// roles of its columns.
func TestRows(t *testing.T) {
	data, err := os.ReadFile(seedPDF)
	if err != nil {
		t.Fatal(err)
	}
	v, err := Build(seedPDF, data, model.Limits{}, Request{Table: 2})
	if err != nil {
		t.Fatal(err)
	}
	if v.Page != 4 || v.Pages != 163 {
		t.Fatalf("table 2 on page %d of %d, want 4 of 163", v.Page, v.Pages)
	}
	if len(v.Tables) != 1 {
		t.Fatalf("%d tables on page 4, want 1", len(v.Tables))
	}
	tb := v.Tables[0]
	var kinds []string
	for _, r := range tb.Rows[:5] {
		kinds = append(kinds, string(r.Kind))
	}
	if got := strings.Join(kinds, " "); got != "meta header header numbers data" {
		t.Errorf("rows: %s", got)
	}
	roles := map[int]normalize.ColumnRole{0: normalize.RoleOther, 1: normalize.RoleCode, 2: normalize.RoleName, 3: normalize.RoleAmount}
	for c, r := range roles {
		if tb.Columns[c].Role != r {
			t.Errorf("column %d: %q, want %q", c+1, tb.Columns[c].Role, r)
		}
	}
	glyphs, inTable := 0, 0
	for _, g := range v.Glyphs {
		if !g.Dropped {
			glyphs++
			if g.InTable {
				inTable++
			}
		}
	}
	if glyphs == 0 || inTable == 0 || inTable == glyphs {
		t.Errorf("%d glyphs, %d in the table: the title is outside it", glyphs, inTable)
	}
	if len(v.Lines) == 0 {
		t.Error("no ruling lines")
	}
}

// TestLocate: the cell a check blamed (issues.jsonl of the planted
// fixture: 部门预算收入总表, row 2, total_yuan, page 4) is the cell that
// prints 1271.03; a column names its cells in every row; an unknown
// column gives the row.
func TestLocate(t *testing.T) {
	data, err := os.ReadFile(plantedPDF)
	if err != nil {
		t.Fatal(err)
	}
	v, err := Build(plantedPDF, data, model.Limits{}, Request{Table: 2, Focus: []Cell{{Table: 2, Row: 2, Column: "total_yuan"}}})
	if err != nil {
		t.Fatal(err)
	}
	if v.Page != 4 {
		t.Fatalf("page %d, want 4", v.Page)
	}
	tb := v.Tables[0]
	refs := tb.Locate(Cell{Table: 2, Row: 2, Column: "total_yuan"})
	if len(refs) != 1 {
		t.Fatalf("located %v, want one cell", refs)
	}
	if got := textIn(v, tb, refs[0]); got != "1271.03" {
		t.Errorf("the cell prints %q, want 1271.03", got)
	}
	if refs := tb.Locate(Cell{Table: 3, Row: 2, Column: "total_yuan"}); len(refs) != 0 {
		t.Errorf("another table's cell located: %v", refs)
	}
	if refs := tb.Locate(Cell{Row: 2, Column: "function_name"}); len(refs) != 1 || textIn(v, tb, refs[0]) != "社会保障和就业支出" {
		t.Errorf("function_name of row 2: %v", refs)
	}
	if refs := tb.Locate(Cell{Row: 2, Column: "no_such_field"}); len(refs) != 1 || refs[0].Col != -1 {
		t.Errorf("an unknown column: %v, want the row", refs)
	}
	if refs := tb.Locate(Cell{Column: "total_yuan"}); len(refs) != 1 || refs[0] != (CellRef{-1, 3}) {
		t.Errorf("the column total_yuan: %v", refs)
	}
}

// textIn returns the text of the glyphs whose centers lie in cell ref.
func textIn(v *View, tb Table, ref CellRef) string {
	x0, x1, y0, y1 := tb.Xs[ref.Col], tb.Xs[ref.Col+1], tb.Ys[ref.Row+1], tb.Ys[ref.Row]
	var b strings.Builder
	for _, g := range v.Glyphs {
		cx, cy := g.X+g.W/2, g.Y+g.Size*0.3
		if !g.Dropped && cx > x0 && cx < x1 && cy > y0 && cy < y1 {
			b.WriteString(g.Text)
		}
	}
	return b.String()
}

// TestBuildErrors: a page or a table the document does not have, and a
// file that is no PDF, are positioned errors.
func TestBuildErrors(t *testing.T) {
	data, err := os.ReadFile(seedPDF)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		req        Request
		page       int
		table, msg string
	}{
		{Request{Page: 164}, 164, "", "no such page: the document has 163 pages"},
		{Request{Page: 0}, 0, "", "no such page"},
		{Request{Table: 500}, 0, "table 500", "no such table: the document has 210 tables"},
	}
	for _, c := range cases {
		_, err := Build(seedPDF, data, model.Limits{}, c.req)
		var me *model.Error
		if !errors.As(err, &me) || me.File != seedPDF || me.Page != c.page || me.Table != c.table || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%+v: %v", c.req, err)
		}
	}
	_, err = Build("x.docx", []byte("PK\x03\x04 not much"), model.Limits{}, Request{Page: 1})
	if !errors.Is(err, model.ErrUnsupported) || !strings.Contains(err.Error(), "x.docx") {
		t.Errorf("a DOCX: %v", err)
	}
}
