package pagesvg

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/internal/extract/pdf"
	"github.com/budgetx/budgetx/internal/normalize"
	"github.com/budgetx/budgetx/internal/pageview"
	"github.com/budgetx/budgetx/model"
)

const (
	seedPDF     = "../../fixtures/pdf/hebei-hengshui-sthjj-2024-budget.pdf"
	plantedPDF  = "../../fixtures/pdf/hebei-hengshui-sthjj-2024-budget-planted.pdf"
	jiangsuPDF  = "../../fixtures/real/jiangsu-jianchayuan-2019-budget.pdf"
	overflowPDF = "../../testdata/failing/stack-overflow-objstm.pdf"
)

// wellFormed parses svg with encoding/xml to its end and returns the
// number of elements of each name with each class.
func wellFormed(t *testing.T, svg []byte) map[string]int {
	t.Helper()
	count := map[string]int{}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	root := true
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root && (se.Name.Local != "svg" || se.Name.Space != "http://www.w3.org/2000/svg") {
				t.Fatalf("root element %v", se.Name)
			}
			root = false
			count[se.Name.Local]++
			for _, a := range se.Attr {
				if a.Name.Local == "class" {
					count[se.Name.Local+"."+a.Value]++
				}
			}
		}
	}
	return count
}

// tableIndexes returns the data-index of the table boxes of svg.
func tableIndexes(svg []byte) []int {
	var out []int
	for _, m := range regexp.MustCompile(`class="table" data-index="(\d+)"`).FindAllSubmatch(svg, -1) {
		n, _ := strconv.Atoi(string(m[1]))
		out = append(out, n)
	}
	return out
}

// TestPage draws pages of the seed and of a real document in a worker:
// well-formed SVG with the expected table boxes, the header rows coloured
// by role, the legend, the text.
func TestPage(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		file   string
		page   int
		tables []int  // indexes of the table boxes
		roles  string // classes of header fills that must be present
		text   string
	}{
		{seedPDF, 1, []int{1}, "role-name role-amount role-other row-meta row-numbers", "部门预算收支总表"},
		{seedPDF, 4, []int{2}, "role-code role-name role-amount role-other", "行政事业单位养老支出"},
		{seedPDF, 2, []int{1}, "row-repeated", "十五、资源勘探工业信息等支出"}, // the 收支总表 goes on, its header repeated
		{seedPDF, 104, []int{124, 125, 126}, "", "机动车污染监管平台运维"},
		{jiangsuPDF, 15, []int{2, 3}, "role-name role-amount role-unmapped", "收入预算总表"},
	}
	for _, c := range cases {
		svg, err := Page(ctx, c.file, c.page, Options{})
		if err != nil {
			t.Fatalf("%s page %d: %v", c.file, c.page, err)
		}
		count := wellFormed(t, svg)
		if got := tableIndexes(svg); !equal(got, c.tables) {
			t.Errorf("%s page %d: table boxes %v, want %v", c.file, c.page, got, c.tables)
		}
		for _, r := range strings.Fields(c.roles) {
			if count["rect."+r] == 0 {
				t.Errorf("%s page %d: no %s fill", c.file, c.page, r)
			}
		}
		if count["g.legend"] != 1 || count["path.rules"] != 1 || count["path.glyph-boxes"] != 1 || count["rect.page"] != 1 {
			t.Errorf("%s page %d: legend, rules, glyph boxes, page box: %v", c.file, c.page, count)
		}
		if !bytes.Contains(svg, []byte(c.text)) {
			t.Errorf("%s page %d: the text lacks %q", c.file, c.page, c.text)
		}
		if !bytes.Contains(svg, []byte(`font-family="&apos;Noto Sans CJK SC&apos;`)) || !bytes.Contains(svg, []byte(`sans-serif"`)) {
			t.Errorf("no CJK font list")
		}
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestTable draws a table's region on its page: its box only, a viewBox
// smaller than the page, the cell a check blamed highlighted — on the
// page that holds it.
func TestTable(t *testing.T) {
	ctx := context.Background()
	page, svg, err := Table(ctx, plantedPDF, 2, Options{Highlight: []Cell{{Table: 2, Row: 2, Column: "total_yuan"}}, MaxWidth: 600})
	if err != nil {
		t.Fatal(err)
	}
	if page != 4 {
		t.Errorf("drawn on page %d, want 4", page)
	}
	count := wellFormed(t, svg)
	if got := tableIndexes(svg); !equal(got, []int{2}) {
		t.Errorf("table boxes %v", got)
	}
	if count["rect.highlight"] != 1 {
		t.Errorf("%d highlights, want 1", count["rect.highlight"])
	}
	m := regexp.MustCompile(`viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)" width="([\d.]+)"`).FindSubmatch(svg)
	if m == nil {
		t.Fatalf("no viewBox: %.300s", svg)
	}
	w, _ := strconv.ParseFloat(string(m[3]), 64)
	px, _ := strconv.ParseFloat(string(m[5]), 64)
	pm := regexp.MustCompile(`class="page" x="0" y="0" width="([\d.]+)" height="([\d.]+)"`).FindSubmatch(svg)
	if pm == nil {
		t.Fatal("no page box")
	}
	pw, _ := strconv.ParseFloat(string(pm[1]), 64)
	if w <= 0 || w >= pw || px > 600 {
		t.Errorf("viewBox width %g (page %g), picture %g px (max 600)", w, pw, px)
	}
	// A table over pages 4–7, a row of it on page 6: drawn on page 6.
	page, svg, err = Table(ctx, seedPDF, 2, Options{Highlight: []Cell{{Table: 2, Row: 30}}})
	if err != nil {
		t.Fatal(err)
	}
	if count := wellFormed(t, svg); page == 4 || count["rect.highlight"] != 1 {
		t.Errorf("row 30 of table 2: page %d, %d highlights", page, count["rect.highlight"])
	}
}

// TestTables draws several tables reading the PDF once; a table the
// document does not have fails alone.
func TestTables(t *testing.T) {
	pics, err := Tables(context.Background(), seedPDF, []int{1, 2, 500, 0, 124}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		page int
		err  string
	}{{1, ""}, {4, ""}, {0, `table "table 500": no such table: the document has 210 tables`}, {0, `table "table 0": no such table: tables count from 1`}, {103, ""}}
	for i, w := range want {
		p := pics[i]
		if p.Page != w.page || (p.Err == nil) != (w.err == "") || p.Err != nil && !strings.Contains(p.Err.Error(), w.err) {
			t.Errorf("picture %d (table %d): page %d, err %v; want page %d, %q", i, p.Table, p.Page, p.Err, w.page, w.err)
			continue
		}
		if p.Err == nil {
			wellFormed(t, p.SVG)
			if got := tableIndexes(p.SVG); !equal(got, []int{p.Table}) {
				t.Errorf("picture of table %d has table boxes %v", p.Table, got)
			}
		}
	}
}

// TestErrors: a corrupt PDF (it overflowed the PDF library's stack), a
// page or table out of range, a file that is not there: positioned
// errors, and the caller goes on. The worker's limits apply.
func TestErrors(t *testing.T) {
	ctx := context.Background()
	_, err := Page(ctx, overflowPDF, 1, Options{})
	var me *model.Error
	if !errors.As(err, &me) || me.File != overflowPDF || me.Page != 1 || !errors.Is(err, model.ErrMalformed) {
		t.Errorf("stack-overflow PDF: %v", err)
	}
	_, _, err = Table(ctx, overflowPDF, 1, Options{})
	if !errors.As(err, &me) || me.File != overflowPDF || me.Table != "table 1" || !errors.Is(err, model.ErrMalformed) {
		t.Errorf("stack-overflow PDF, table 1: %v", err)
	}
	_, err = Page(ctx, seedPDF, 999, Options{})
	if !errors.As(err, &me) || me.File != seedPDF || me.Page != 999 || !strings.Contains(err.Error(), "page 999: no such page: the document has 163 pages") {
		t.Errorf("page 999: %v", err)
	}
	_, err = Page(ctx, seedPDF, 0, Options{})
	if !errors.As(err, &me) || me.Page != 0 || !strings.Contains(err.Error(), "no such page") {
		t.Errorf("page 0: %v", err)
	}
	_, _, err = Table(ctx, seedPDF, 211, Options{})
	if !errors.As(err, &me) || me.Table != "table 211" || !strings.Contains(err.Error(), "the document has 210 tables") {
		t.Errorf("table 211: %v", err)
	}
	_, err = Page(ctx, "no/such.pdf", 1, Options{})
	if !errors.As(err, &me) || me.File != "no/such.pdf" || !errors.Is(err, model.ErrIO) {
		t.Errorf("a missing file: %v", err)
	}
	// 16 MiB is less than reading the seed's 163 pages needs: the worker
	// is killed at its memory limit, which only a worker process can be.
	_, err = Page(ctx, seedPDF, 1, Options{Limits: model.Limits{Memory: 16 << 20}})
	if !errors.Is(err, model.ErrLimit) || !strings.Contains(err.Error(), "memory") {
		t.Errorf("a 1 MiB memory limit: %v", err)
	}
}

// TestDrawHostileText: text that XML cannot carry (control characters,
// markup, quotes) and coordinates that are not numbers still make
// well-formed SVG.
func TestDrawHostileText(t *testing.T) {
	v := &pageview.View{File: `a&b<"c">.pdf`, Page: 1, Pages: 1, Width: 200, Height: 100,
		Glyphs: []pageview.Glyph{
			{Text: "<&>\"'\x00\x01\x1b\uFFFE", X: 10, Y: 50, W: 40, Size: 10},
			{Text: "\xff\xfe", X: 60, Y: 50, W: 10, Size: 10},
			{Text: "x", X: nan(), Y: 50, W: 10, Size: 10},
		},
		Tables: []pageview.Table{{Index: 1, Title: "</svg>&", Type: model.OtherTables, Ruled: true,
			Xs: []float64{5, 100, 190}, Ys: []float64{90, 60, 10}, Cells: nil,
			Rows:    []pageview.Row{{Kind: pageview.RowHeader}, {Kind: pageview.RowData}},
			Columns: []normalize.ColumnView{{Role: normalize.RoleName}, {Role: normalize.RoleAmount}}}},
	}
	svg := Draw(v, Options{Highlight: []Cell{{Table: 1, Row: 1, Column: "x"}}})
	count := wellFormed(t, svg)
	if count["rect.table"] != 1 || count["rect.role-name"] != 1 || count["rect.role-amount"] != 1 {
		t.Errorf("%v", count)
	}
	if bytes.Contains(svg, []byte("NaN")) {
		t.Error("NaN written")
	}
}

func nan() float64 {
	z := 0.0
	return z / z
}

// FuzzDraw draws views of arbitrary text, coordinates and grids (cells
// and rows that do not fit the boundaries, roles unknown): no panic, and
// always well-formed XML.
func FuzzDraw(f *testing.F) {
	f.Add("收支总表", 10.0, 50.0, 9.0, 9.0, 5.0, 90.0, 3, 2, 1, "total_yuan")
	f.Add("<&\x00>", -1e9, 1e308, -3.0, 0.0, 100.0, -5.0, 0, 0, -1, "")
	f.Add("\xff", 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 40, -3, 7, "科目名称 / 合计")
	f.Fuzz(func(t *testing.T, text string, x, y, w, size, x0, y0 float64, rows, cols, row int, column string) {
		rows, cols = rows%50, cols%50
		v := &pageview.View{File: text, Page: 1, Pages: 1, Width: 300, Height: 200,
			Glyphs: []pageview.Glyph{{Text: text, X: x, Y: y, W: w, Size: size}}}
		tb := pageview.Table{Index: 1, Title: text, Type: model.TableType(text), Ruled: rows%2 == 0}
		for c := 0; c <= cols; c++ {
			tb.Xs = append(tb.Xs, x0+float64(c)*10)
			tb.Columns = append(tb.Columns, normalize.ColumnView{Role: normalize.ColumnRole(text), Fields: []string{column}})
		}
		for r := 0; r <= rows; r++ {
			tb.Ys = append(tb.Ys, y0-float64(r)*8)
			tb.Rows = append(tb.Rows, pageview.Row{Kind: pageview.RowKind([]string{"header", "meta", "data", "numbers", "repeated"}[(r+len(text))%5]), GridRow: r})
			tb.Reads = append(tb.Reads, normalize.CellRead{Row: r + row, Col: r - 1, RowNo: row, Field: column})
			tb.Cells = append(tb.Cells, pdf.ShapeCell{R0: r, R1: r + row, C0: 0, C1: cols + row})
		}
		v.Tables = []pageview.Table{tb, {Refused: text, Xs: tb.Xs, Ys: tb.Ys}}
		opt := Options{Highlight: []Cell{{Table: 1, Row: row, Column: column}, {Row: 0, Column: column}}, MaxWidth: x}
		wellFormed(t, Draw(v, opt))
		if svg, err := DrawTable(v, 1, opt); err == nil {
			wellFormed(t, svg)
		}
	})
}
