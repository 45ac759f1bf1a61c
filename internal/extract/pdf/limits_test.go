package pdf

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
)

// docOf returns a document of one page per content, each on a page of
// w × h points with /F1 (Helvetica); objects from 10 on are the pages and
// their contents.
func docOf(w, h float64, contents ...string) []byte {
	o := map[int]string{1: "<< /Type /Catalog /Pages 2 0 R >>", 5: helvetica}
	var kids []string
	for i, c := range contents {
		n := 10 + 2*i
		kids = append(kids, fmt.Sprintf("%d 0 R", n))
		o[n] = fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents %d 0 R /Resources << /Font << /F1 5 0 R >> >> >>", w, h, n+1)
		o[n+1] = stream("", c)
	}
	o[2] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(contents))
	return classic(o)
}

// ruled draws a ruled table of rows × cols cells of cw × rh points from
// (x0, top) down, with text(r, c) in each cell at 8 points.
func ruled(rows, cols int, x0, top, cw, rh float64, text func(r, c int) string) string {
	var b strings.Builder
	b.WriteString("0.5 w ")
	for r := 0; r <= rows; r++ {
		y := top - float64(r)*rh
		fmt.Fprintf(&b, "%g %g m %g %g l S ", x0, y, x0+float64(cols)*cw, y)
	}
	for c := 0; c <= cols; c++ {
		x := x0 + float64(c)*cw
		fmt.Fprintf(&b, "%g %g m %g %g l S ", x, top, x, top-float64(rows)*rh)
	}
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			if t := text(r, c); t != "" {
				fmt.Fprintf(&b, "BT /F1 8 Tf %g %g Td (%s) Tj ET ", x0+float64(c)*cw+1, top-float64(r+1)*rh+2, t)
			}
		}
	}
	return b.String()
}

func cellName(r, c int) string { return fmt.Sprintf("R%dC%d", r, c) }

// wantLimit checks a limit error: class, words, page and table.
func wantLimit(t *testing.T, name string, err error, page int, table string, words ...string) {
	t.Helper()
	wantErr(t, name, err, model.ErrLimit, words...)
	var me *model.Error
	if errors.As(err, &me) && (me.Page != page || me.Table != table) {
		t.Errorf("%s: at page %d table %q, want page %d table %q: %v", name, me.Page, me.Table, page, table, err)
	}
}

// TestLimits: each limit of model.Limits that the PDF reader checks fails
// a document just over it, with a positioned error, and passes the
// document at it.
func TestLimits(t *testing.T) {
	five := docOf(595, 842, helloContent, helloContent, helloContent, helloContent, helloContent)
	_, err := readGuarded(t, "pages", five, model.Limits{Pages: 4})
	wantLimit(t, "pages", err, 0, "", "the page tree has more than the limit of 4 pages (its /Count says 5)")
	lying := []byte(strings.Replace(string(five), "/Count 5", "/Count 1", 1))
	_, err = readGuarded(t, "pages, /Count lies low", lying, model.Limits{Pages: 4})
	wantLimit(t, "pages, /Count lies low", err, 0, "", "the page tree has more than the limit of 4 pages (its /Count says 1)")
	lying = []byte(strings.Replace(string(five), "/Count 5", "/Count 9", 1))
	if doc, err := readGuarded(t, "pages, /Count lies high", lying, model.Limits{Pages: 5}); err != nil || doc.Pages != 5 {
		t.Errorf("pages, /Count lies high: %v", err)
	}
	if doc, err := readGuarded(t, "pages at the limit", five, model.Limits{Pages: 5}); err != nil || doc.Pages != 5 {
		t.Errorf("pages at the limit: %v", err)
	}

	_, err = readGuarded(t, "input", five, model.Limits{InputBytes: 100})
	wantLimit(t, "input", err, 0, "", "input bytes", "more than the limit of 100")

	// decompressed parts: a content stream, a flate bomb, joined content
	// streams, a ToUnicode CMap, a form
	long := helloContent + strings.Repeat(" ", 2000)
	_, err = readGuarded(t, "content", docOf(595, 842, long), model.Limits{PartBytes: 1000})
	wantLimit(t, "content", err, 1, "", "content stream (11 0 R) decompresses to more than the limit of 1000 bytes")
	o := onePage(helloContent, "")
	o[4] = stream("/Filter /FlateDecode", flate(helloContent+strings.Repeat("0 0 m ", 1<<20)))
	_, err = readGuarded(t, "flate bomb", classic(o), model.Limits{PartBytes: 1 << 20})
	wantLimit(t, "flate bomb", err, 1, "", "content stream (4 0 R) decompresses to more than the limit of 1048576 bytes")
	o = onePage(helloContent, "")
	o[3] = strings.Replace(o[3], "/Contents 4 0 R", "/Contents [4 0 R 6 0 R]", 1)
	o[6] = stream("", strings.Repeat(" ", 990))
	_, err = readGuarded(t, "contents", classic(o), model.Limits{PartBytes: 1000})
	wantLimit(t, "contents", err, 1, "", "the content streams decompress to more than the limit of 1000 bytes")
	o = onePage("BT /F1 12 Tf 72 720 Td <00480049> Tj ET", "")
	o[5] = type0("/Identity-H", "/ToUnicode 6 0 R")
	o[6] = stream("", cmapBody+strings.Repeat(" ", 1000))
	_, err = readGuarded(t, "cmap", classic(o), model.Limits{PartBytes: 1000})
	wantLimit(t, "cmap", err, 1, "", "font /F1 (SimSun): ToUnicode CMap (6 0 R) decompresses to more than the limit of 1000 bytes")
	o = onePage("/Fm1 Do "+helloContent, "/XObject << /Fm1 6 0 R >>")
	o[6] = stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842]", long)
	_, err = readGuarded(t, "form", classic(o), model.Limits{PartBytes: 1000})
	wantLimit(t, "form", err, 1, "", "form XObject /Fm1 (6 0 R) decompresses to more than the limit of 1000 bytes")

	// what the layout builds
	wide := docOf(3000, 600, ruled(2, 80, 10, 500, 30, 20, cellName))
	_, err = readGuarded(t, "columns", wide, model.Limits{Cols: 79})
	wantLimit(t, "columns", err, 1, "table 1", "ruling lines make a table of 80 columns, more than the limit of 79")
	if _, err := readGuarded(t, "columns at the limit", wide, model.Limits{Cols: 80}); err != nil {
		t.Errorf("columns at the limit: %v", err)
	}
	tall := docOf(600, 3000, ruled(90, 2, 10, 2900, 100, 20, cellName))
	_, err = readGuarded(t, "rows", tall, model.Limits{Rows: 89})
	wantLimit(t, "rows", err, 1, "table 1", "ruling lines make a table of 90 rows, more than the limit of 89")
	square := docOf(842, 842, ruled(20, 20, 10, 800, 40, 30, cellName))
	_, err = readGuarded(t, "cells", square, model.Limits{Cells: 399})
	wantLimit(t, "cells", err, 1, "table 1", "the tables have 400 grid positions (rows × columns) in all, more than the limit of 399")
	if _, err := readGuarded(t, "cells at the limit", square, model.Limits{Cells: 400}); err != nil {
		t.Errorf("cells at the limit: %v", err)
	}
	two := docOf(842, 842, ruled(2, 2, 10, 800, 60, 20, cellName)+ruled(2, 2, 10, 400, 60, 20, cellName))
	_, err = readGuarded(t, "tables", two, model.Limits{Tables: 1})
	wantLimit(t, "tables", err, 1, "table 2", "2 tables, more than the limit of 1")
	joined := docOf(842, 842,
		ruled(3, 2, 10, 800, 60, 20, cellName),
		ruled(3, 2, 10, 800, 60, 20, func(r, c int) string { return fmt.Sprintf("P2R%dC%d", r, c) }))
	_, err = readGuarded(t, "joined rows", joined, model.Limits{Rows: 5})
	wantLimit(t, "joined rows", err, 2, "", "a table of 6 rows (joined over pages 1–2), more than the limit of 5")

	text := strings.Repeat("A", 300)
	cell := docOf(3000, 600, ruled(2, 2, 10, 500, 1400, 20, func(r, c int) string {
		if r == 1 && c == 1 {
			return text
		}
		return "x"
	}))
	_, err = readGuarded(t, "cell text", cell, model.Limits{CellText: 299})
	wantLimit(t, "cell text", err, 1, "table 1", "300 bytes of text in a cell, more than the limit of 299")
	var me *model.Error
	if errors.As(err, &me) && (me.Row != 2 || me.Column != 2) {
		t.Errorf("cell text: at row %d column %d, want 2 2", me.Row, me.Column)
	}
	para := docOf(3000, 600, "BT /F1 8 Tf 10 500 Td ("+text+") Tj ET")
	_, err = readGuarded(t, "paragraph", para, model.Limits{ParaText: 299})
	wantLimit(t, "paragraph", err, 1, "", "a paragraph of 300 bytes of text, more than the limit of 299")
	if _, err := readGuarded(t, "paragraph at the limit", para, model.Limits{ParaText: 300}); err != nil {
		t.Errorf("paragraph at the limit: %v", err)
	}

	// the time limit is checked as the pages are read
	_, err = readGuarded(t, "time", five, model.Limits{Time: 1})
	wantLimit(t, "time", err, 1, "", "reading took longer than the time limit of 1ns")
}

// TestBounds: the page layer's own bounds (operators, glyphs, ruling
// lines, form nesting) fail the page with model.ErrLimit instead of
// dropping what is over.
func TestBounds(t *testing.T) {
	nested := onePage("/Fm1 Do "+helloContent, "/XObject << /Fm1 6 0 R >>")
	nested[6] = stream("/Type /XObject /Subtype /Form /Resources << /XObject << /Fm2 7 0 R >> >>", "/Fm2 Do")
	nested[7] = stream("/Type /XObject /Subtype /Form /Resources << /XObject << /Fm3 8 0 R >> >>", "/Fm3 Do")
	nested[8] = stream("/Type /XObject /Subtype /Form", "0 0 m 10 0 l S")
	for _, c := range []struct {
		name  string
		data  []byte
		set   func(b *bounds)
		words string
	}{
		{"operators", goodPDF(), func(b *bounds) { b.ops = 5 }, "more than 5 operators on the page"},
		{"document operators", docOf(595, 842, helloContent, helloContent), func(b *bounds) { b.docOps = 12 }, "more than 12 operators in the document"},
		{"glyphs", goodPDF(), func(b *bounds) { b.glyphs = 4 }, "more than 4 glyphs on the page"},
		{"lines", docOf(595, 842, ruled(2, 2, 10, 800, 60, 20, cellName)), func(b *bounds) { b.lines = 5 }, "more than 5 ruling lines on the page"},
		{"forms", classic(nested), func(b *bounds) { b.formDepth = 2 }, "form XObjects nested more than 2 deep"},
	} {
		r, err := OpenBytes(c.name, c.data, model.Limits{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		c.set(&r.b)
		var last error
		for i := 1; i <= r.NumPage() && last == nil; i++ {
			var p *Page
			p, last = r.Page(i)
			if last != nil && p != nil {
				t.Errorf("%s: a page over a bound comes back with the error", c.name)
			}
		}
		wantErr(t, c.name, last, model.ErrLimit, c.words)
	}
}

// TestStructureBounds: cross-reference tables that would make the library
// allocate without bound, and absurd page boxes, fail at once.
func TestStructureBounds(t *testing.T) {
	good := string(goodPDF())
	huge := strings.Replace(good, "xref\n0 6\n", "xref\n4000000000 1\n0000000000 00000 n \n0 6\n", 1)
	_, err := readGuarded(t, "object number", []byte(huge), model.Limits{})
	wantErr(t, "object number", err, model.ErrLimit, "the cross-reference table numbers object 4000000000")

	o := onePage(helloContent, "")
	page := o[3]
	delete(o, 3)
	c := newCraft("%PDF-1.7").objs(o)
	c.obj(6, objStm(map[int]string{3: page}, ""))
	xs := string(c.finish(c.xrefStream(9, map[int]xent{3: {2, 6, 0}}, "/Root 1 0 R")))
	if doc, err := readGuarded(t, "xref stream", []byte(xs), model.Limits{}); err != nil {
		t.Errorf("xref stream: %v", err)
	} else {
		wantHello(t, "xref stream", doc, nil)
	}
	_, err = readGuarded(t, "xref stream size", []byte(strings.Replace(xs, "/Size 10 ", "/Size 999999999999 ", 1)), model.Limits{})
	wantErr(t, "xref stream size", err, model.ErrLimit, "the cross-reference table numbers object 999999999998")
	pred := strings.Replace(xs, "/W [1 4 2]", "/W [1 4 2] /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 999999999999 >>", 1)
	_, err = readGuarded(t, "xref stream columns", []byte(pred), model.Limits{})
	wantErr(t, "xref stream columns", err, model.ErrMalformed, "/Columns 999999999999 is out of range")

	wide := strings.Replace(xs, "/W [1 4 2]", "/W [1 999999999999 2]", 1)
	_, err = readGuarded(t, "xref stream widths", []byte(wide), model.Limits{})
	wantErr(t, "xref stream widths", err, model.ErrMalformed, "a field of 999999999999 bytes")

	// object streams: their decoded size, their predictor's row
	objstm := func(dict, data string) []byte {
		o := onePage(helloContent, "")
		delete(o, 3)
		c := newCraft("%PDF-1.7").objs(o)
		c.obj(6, stream(fmt.Sprintf("/Type /ObjStm /N 1 /First 4 %s", dict), data))
		return c.finish(c.xrefStream(9, map[int]xent{3: {2, 6, 0}}, "/Root 1 0 R"))
	}
	big := flate("3 0 " + onePage(helloContent, "")[3] + strings.Repeat(" ", 5000))
	_, err = readGuarded(t, "object stream size", objstm("/Filter /FlateDecode", big), model.Limits{PartBytes: 4096})
	wantErr(t, "object stream size", err, model.ErrLimit, "object stream 6 0 R decompresses to more than the limit of 4096 bytes")
	if doc, err := readGuarded(t, "object stream size at the limit", objstm("/Filter /FlateDecode", big), model.Limits{PartBytes: 8192}); err != nil {
		t.Errorf("object stream within the limit: %v", err)
	} else {
		wantHello(t, "object stream within the limit", doc, nil)
	}
	_, err = readGuarded(t, "object stream columns", objstm("/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 999999999999 >>", big), model.Limits{})
	wantErr(t, "object stream columns", err, model.ErrMalformed, "object stream 6 0 R: /Columns 999999999999 is out of range")

	o = onePage(helloContent, "")
	o[4] = stream("/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 999999999999 >>", flate(helloContent))
	_, err = readGuarded(t, "content stream columns", classic(o), model.Limits{})
	wantErr(t, "content stream columns", err, model.ErrLimit, "page 1", "/Columns 999999999999, more than the limit of 1048576")

	o = onePage(helloContent, "")
	o[3] = strings.Replace(o[3], "[0 0 595 842]", "[0 0 1000000000000 842]", 1)
	_, err = readGuarded(t, "page box", classic(o), model.Limits{})
	wantErr(t, "page box", err, model.ErrMalformed, "page 1", "larger than 144000 points")
}
