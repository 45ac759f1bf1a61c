// Command pdfdump shows what budgetx's PDF page layer reads from a page:
// the glyphs (text, position, advance, size, font) and the ruling lines,
// or a per-page count of both. It is a developer's tool for the reader in
// extract/pdf; `budgetx inspect --model FILE` shows the tables built from
// them.
//
//	go run ./extract/pdf/pdfdump [-page N] [-summary] FILE.pdf
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/budgetx/budgetx/internal/extract/pdf"
)

func main() {
	page := flag.Int("page", 1, "the 1-based page to dump")
	summary := flag.Bool("summary", false, "count glyphs and horizontal/vertical lines on every page instead")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: pdfdump [-page N] [-summary] FILE.pdf")
		os.Exit(2)
	}
	r, err := pdf.Open(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "pdfdump:", err)
		os.Exit(1)
	}
	defer r.Close()
	if *summary {
		for i := 1; i <= r.NumPage(); i++ {
			p, err := r.Page(i)
			if err != nil {
				fmt.Printf("page %d: %v\n", i, err)
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
			fmt.Printf("page %d: %d glyphs, %d horizontal and %d vertical lines, %d images\n", i, len(p.Glyphs), h, v, p.Images)
		}
		return
	}
	p, err := r.Page(*page)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pdfdump:", err)
		os.Exit(1)
	}
	fmt.Printf("page %d: %.1f × %.1f points, %d glyphs, %d lines, %d images\n", p.Number, p.Width, p.Height, len(p.Glyphs), len(p.Lines), p.Images)
	gs := append([]pdf.Glyph(nil), p.Glyphs...)
	sort.SliceStable(gs, func(i, j int) bool { // top to bottom, then left to right
		if d := gs[i].Y - gs[j].Y; d > 2 || d < -2 {
			return gs[i].Y > gs[j].Y
		}
		return gs[i].X < gs[j].X
	})
	var line strings.Builder
	lastY := 1e9
	for _, g := range gs {
		if d := lastY - g.Y; d > 2 || d < -2 {
			if line.Len() > 0 {
				fmt.Println(line.String())
				line.Reset()
			}
			fmt.Fprintf(&line, "y%6.1f:", g.Y)
			lastY = g.Y
		}
		fmt.Fprintf(&line, " %s@%.1f", g.Text, g.X)
	}
	if line.Len() > 0 {
		fmt.Println(line.String())
	}
	for _, l := range p.Lines {
		fmt.Printf("line (%.1f,%.1f)-(%.1f,%.1f) w%.2f\n", l.X0, l.Y0, l.X1, l.Y1, l.Width)
	}
}
