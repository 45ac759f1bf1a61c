package pdf

import (
	"flag"
	"fmt"
	"sort"
	"strings"
	"testing"
)

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
	for _, b := range doc.Blocks {
		if b.Para != nil {
			if *dumpPage == 0 || b.Para.Pos.Page == *dumpPage {
				fmt.Printf("P%d: %s\n", b.Para.Pos.Page, b.Para.Text)
			}
			continue
		}
		tb := b.Table
		if *dumpPage != 0 && tb.Pos.Page != *dumpPage {
			continue
		}
		fmt.Printf("T p%d cols=%d rows=%d\n", tb.Pos.Page, tb.Cols, len(tb.Rows))
		for _, r := range tb.Rows {
			var cs []string
			for _, c := range r.Cells {
				s := strings.ReplaceAll(c.Text, "\n", "⏎")
				if c.VMerge == 2 {
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
			fmt.Printf("  %sp%d| %s\n", h, r.Pos.Page, strings.Join(cs, " | "))
		}
	}
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
