package pdf

import (
	"flag"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
)

// Debugging aids: go test -run TestDump -v ./extract/pdf -args -dump x.pdf -dumppage 3

var dumpFile = flag.String("dump", "", "PDF to dump glyph lines of")
var dumpPage = flag.Int("dumppage", 1, "page to dump")

func TestDump(t *testing.T) {
	if *dumpFile == "" {
		t.Skip("no -dump")
	}
	r, err := Open(*dumpFile)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	p, err := r.Page(*dumpPage)
	if err != nil {
		t.Log(err)
	}
	fmt.Printf("page %d %.1fx%.1f glyphs %d lines %d images %d\n", p.Number, p.Width, p.Height, len(p.Glyphs), len(p.Lines), p.Images)
	gs := append([]Glyph(nil), p.Glyphs...)
	sort.SliceStable(gs, func(i, j int) bool {
		if d := gs[i].Y - gs[j].Y; d > 2 || d < -2 {
			return gs[i].Y > gs[j].Y
		}
		return gs[i].X < gs[j].X
	})
	var b strings.Builder
	lastY := -1e9
	for _, g := range gs {
		if lastY-g.Y > 2 || g.Y-lastY > 2 {
			fmt.Fprintf(&b, "\n%6.1f %6.1f: ", g.Y, g.X)
			lastY = g.Y
		}
		b.WriteString(g.Text)
	}
	fmt.Println(b.String())
	for i, l := range p.Lines {
		if i < 40 {
			fmt.Printf("line %.1f,%.1f-%.1f,%.1f w%.2f\n", l.X0, l.Y0, l.X1, l.Y1, l.Width)
		}
	}
	for i, g := range p.Glyphs {
		if i < 10 {
			fmt.Printf("%q x%.1f y%.1f w%.2f fs%.1f %s\n", g.Text, g.X, g.Y, g.W, g.FontSize, g.Font)
		}
	}
}

func TestSummary(t *testing.T) {
	if *dumpFile == "" {
		t.Skip("no -dump")
	}
	r, err := Open(*dumpFile)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var b strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		p, err := r.Page(i)
		if err != nil {
			t.Log(err)
			continue
		}
		h, v := 0, 0
		for _, l := range p.Lines {
			if l.Horizontal(0.5) {
				h++
			} else if l.Vertical(0.5) {
				v++
			}
		}
		fmt.Fprintf(&b, "p%d:%d/%dh%dv ", i, len(p.Glyphs), h, v)
	}
	fmt.Println(b.String())
}

func TestDumpDoc(t *testing.T) {
	if *dumpFile == "" {
		t.Skip("no -dump")
	}
	doc, err := ReadFileInProcess(*dumpFile)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Print(dumpDoc(doc, *dumpPage))
}

// dumpDoc prints a document for reading and for goldens: "P<page>: text"
// for a paragraph, "T p<page> cols=N rows=N" and one line per row for a
// table, "H" before a header row, "^" for a continued vertical merge,
// "<n>" after a cell spanning n columns, "⏎" for a line break in a cell.
// page 0 prints every page.
func dumpDoc(doc *model.Document, page int) string {
	var b strings.Builder
	for _, bl := range doc.Blocks {
		if bl.Para != nil {
			if page == 0 || bl.Para.Pos.Page == page {
				fmt.Fprintf(&b, "P%d: %s\n", bl.Para.Pos.Page, bl.Para.Text)
			}
			continue
		}
		tb := bl.Table
		if page != 0 && tb.Pos.Page != page {
			continue
		}
		fmt.Fprintf(&b, "T p%d cols=%d rows=%d grid=%v\n", tb.Pos.Page, tb.Cols, len(tb.Rows), tb.GridKnown)
		for _, r := range tb.Rows {
			var cs []string
			for _, c := range r.Cells {
				s := strings.ReplaceAll(c.Text, "\n", "⏎")
				if c.VMerge == model.VMergeContinue {
					s = "^"
				}
				if c.Span > 1 {
					s = fmt.Sprintf("%s<%d>", s, c.Span)
				}
				cs = append(cs, s)
			}
			h := ""
			if r.Header {
				h = "H"
			}
			fmt.Fprintf(&b, "  %sp%d| %s\n", h, r.Pos.Page, strings.Join(cs, " | "))
		}
	}
	return b.String()
}

func TestDumpNoRules(t *testing.T) {
	if *dumpFile == "" {
		t.Skip("no -dump")
	}
	r, err := Open(*dumpFile)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	p, _ := r.Page(*dumpPage)
	p.Lines = nil
	for _, b := range layout([]*Page{p}) {
		if b.Para != nil {
			fmt.Println("P:", b.Para.Text)
			continue
		}
		for _, r := range b.Table.Rows {
			fmt.Println("R:", strings.ReplaceAll(rowTexts(r), "\n", "⏎"))
		}
	}
}
