package normalize

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/budgetx/budgetx/internal/extract/text"
	"github.com/budgetx/budgetx/internal/normalize/value"
	"github.com/budgetx/budgetx/model"
)

// TestControlCharactersReported: NUL bytes and other control characters
// in a text file neither send its tables to other_tables nor go unsaid:
// the records are those of the clean file, and one warning says what was
// removed and where.
func TestControlCharactersReported(t *testing.T) {
	seed, err := os.ReadFile(seedTxt)
	if err != nil {
		t.Fatal(err)
	}
	clean, err := text.Read("x.txt", seed, model.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	// NULs in the first title, in a cell's first line and in its second,
	// a form feed on a blank line.
	dirty := strings.Replace(string(seed), "部门预算收支总表", "部门预算\x00收支总表", 1)
	dirty = strings.Replace(dirty, "\t一、一般公共预算拨款收入", "\x00\t一、一般公共预算拨款收入\x00", 1)
	dirty = strings.Replace(dirty, "\n\n", "\n\x0c\n", 1)
	doc, err := text.Read("x.txt", []byte(dirty), model.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	doc.DocID = clean.DocID
	want, got := Normalize(clean), Normalize(doc)
	if !reflect.DeepEqual(got.Records, want.Records) {
		t.Errorf("records differ from the clean file's: %d vs %d", len(got.Records), len(want.Records))
	}
	if len(got.Issues) != len(want.Issues)+1 {
		t.Fatalf("%d issues, want %d and the warning", len(got.Issues), len(want.Issues))
	}
	is := got.Issues[0]
	if is.Kind != model.IssueStructure || is.Severity != model.SevWarning || is.Line == 0 ||
		!strings.Contains(is.Message, "control characters such as NUL") || !strings.Contains(is.Message, "removed from 2 lines") {
		t.Errorf("got %+v", is)
	}
	for _, r := range got.Records {
		for k, v := range r.Values {
			if s, ok := v.(string); ok && strings.ContainsAny(s, "\uFFFD\x00") {
				t.Errorf("%s %s = %q", r.TableType, k, s)
			}
		}
	}
}

// known builds a table of the DOCX kind: rows of cells given as
// "text@col+span", spans and columns exact.
func known(cols int, rows ...[]model.Cell) *model.Table {
	t := &model.Table{Cols: cols, GridKnown: true}
	for _, r := range rows {
		t.Rows = append(t.Rows, model.Row{Cells: r})
	}
	return t
}

func docOf(blocks ...any) *model.Document {
	doc := &model.Document{Path: "x.docx", DocID: "id", Format: model.FormatDOCX}
	for _, b := range blocks {
		switch b := b.(type) {
		case string:
			doc.Blocks = append(doc.Blocks, model.Block{Para: &model.Paragraph{Text: b}})
		case *model.Table:
			doc.Blocks = append(doc.Blocks, model.Block{Table: b})
		}
	}
	return doc
}

// TestGridLimits: normalize holds what it builds to the limits, whatever
// the reader let through, and fails the document before laying out a grid
// that would cross one.
func TestGridLimits(t *testing.T) {
	wide := make([]model.Cell, 200)
	for i := range wide {
		wide[i] = model.Cell{Text: "x", Col: i << 20, Span: 1 << 20}
	}
	rows := func(n, cols int, text string) [][]model.Cell {
		out := make([][]model.Cell, n)
		for i := range out {
			for c := 0; c < cols; c++ {
				out[i] = append(out[i], model.Cell{Text: text, Col: c, Span: 1})
			}
		}
		return out
	}
	tests := []struct {
		name string
		lim  model.Limits
		doc  *model.Document
		msg  string
	}{
		{"200 cells of a million columns", model.Limits{}, docOf("部门预算收支总表", known(2, wide)),
			`x.docx: table "table 1": over a limit: 209715200 grid columns, more than the limit of 1000`},
		{"a column past the end of int", model.Limits{}, docOf(known(1, []model.Cell{{Text: "x", Col: 1<<62 + 1<<61, Span: 1 << 62}})),
			"grid columns, more than the limit of 1000"},
		{"rows", model.Limits{Rows: 10}, docOf(known(2, rows(11, 2, "1")...)), `table "table 1": over a limit: 11 rows, more than the limit of 10`},
		{"grid positions", model.Limits{Cells: 100}, docOf(known(5, rows(10, 5, "1")...), "正文", known(5, rows(10, 5, "1")...), "正文", known(1, rows(1, 1, "1")...)),
			`table "table 3": over a limit: 101 grid positions`},
		{"rows once joined", model.Limits{Rows: 15}, docOf("部门预算收支总表", known(2, append(rows(1, 2, "项目"), rows(9, 2, "1.00")...)...),
			known(2, append(rows(1, 2, "项目"), rows(9, 2, "1.00")...)...)),
			`table "table 2": over a limit: 19 rows once joined with the table it continues, more than the limit of 15`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := NormalizeLimited(tt.doc, tt.lim)
			var me *model.Error
			if res != nil || !errors.As(err, &me) || !errors.Is(err, model.ErrLimit) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("got %v, %v; want an ErrLimit saying %q", res, err, tt.msg)
			}
		})
	}
	t.Run("Normalize fails the document", func(t *testing.T) {
		res := Normalize(docOf(known(2, wide)))
		if res.Summary.Status != model.StatusFailed || !strings.Contains(res.Summary.Error, "over a limit: 209715200 grid columns") {
			t.Errorf("got %+v", res.Summary)
		}
	})
	t.Run("at the limits", func(t *testing.T) {
		res, err := NormalizeLimited(docOf(known(5, rows(10, 5, "1")...), "正文", known(5, rows(10, 5, "1")...)), model.Limits{Cells: 100, Rows: 10, Cols: 5})
		if err != nil || res.Summary.Status == model.StatusFailed {
			t.Fatalf("%v %+v", err, res.Summary)
		}
	})
}

// TestSpanTextShared: the text of a cell spanning many columns (and of the
// cells merged into it from above) is unwrapped once and shared by the
// positions it covers, not copied into each: a 2 KB cell over 1000
// columns and 1000 rows cost gigabytes.
func TestSpanTextShared(t *testing.T) {
	text := strings.Repeat("项目说明\n", 400)
	tb := known(50, []model.Cell{{Text: text, Col: 0, Span: 50}}, []model.Cell{{Col: 0, Span: 50, VMerge: model.VMergeContinue}},
		[]model.Cell{{Text: text, Col: 0, Span: 25}, {Text: text, Col: 25, Span: 25}})
	g := buildGrid(tb)
	g.unwrapCells()
	first := unsafe.StringData(g.Rows[0][0].Text)
	if g.Rows[0][0].Text != value.Unwrap(text) {
		t.Fatalf("not unwrapped: %q", g.Rows[0][0].Text[:40])
	}
	for r, row := range g.Rows {
		for c, p := range row {
			if unsafe.StringData(p.Text) != first {
				t.Fatalf("row %d column %d holds its own copy of the text", r, c)
			}
		}
	}
}

// TestNothingInIt: a document with no table is ok and says it found no
// tables, rather than ok with nothing in it. (The readers fail a document
// with neither text nor a table as empty; the PDF reader's pages may still
// lay out to nothing.)
func TestNothingInIt(t *testing.T) {
	for _, tt := range []struct {
		doc  *model.Document
		what string
	}{
		{docOf("2024年部门预算", "一、部门职责"), "text but no table"},
		{docOf(), "neither text nor a table"},
		{docOf(" ", &model.Table{}), "neither text nor a table"},
	} {
		res, err := NormalizeLimited(tt.doc, model.Limits{})
		if err != nil || res.Summary.Status != model.StatusOK || len(res.Records) != 0 {
			t.Fatalf("%v %+v", err, res)
		}
		found := false
		for _, is := range res.Issues {
			found = found || is.Kind == model.IssueStructure && is.Severity == model.SevWarning &&
				is.Message == "no tables found: the document has "+tt.what+", so it yields no record"
		}
		if !found {
			t.Errorf("no 'no tables found' warning (%s) in %+v", tt.what, res.Issues)
		}
	}
}
