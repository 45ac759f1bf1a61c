package model

import (
	"fmt"
	"strings"
)

// Dump renders the document model for a person to read and for golden
// files: "P<page>: text" for a paragraph; "T p<page> cols=N rows=N
// grid=bool" and one line per row for a table, "H" before a header row,
// "^" for a continued vertical merge, "<n>" after a cell spanning n
// columns, "⏎" for a line break inside a cell. page 0 renders every page;
// otherwise only the blocks that start on that page.
func (d *Document) Dump(page int) string {
	var b strings.Builder
	for _, bl := range d.Blocks {
		if bl.Para != nil {
			if page == 0 || bl.Para.Pos.Page == page {
				fmt.Fprintf(&b, "P%d: %s\n", bl.Para.Pos.Page, bl.Para.Text)
			}
			continue
		}
		tb := bl.Table
		if tb == nil || page != 0 && tb.Pos.Page != page {
			continue
		}
		fmt.Fprintf(&b, "T p%d cols=%d rows=%d grid=%v\n", tb.Pos.Page, tb.Cols, len(tb.Rows), tb.GridKnown)
		for _, r := range tb.Rows {
			var cs []string
			for _, c := range r.Cells {
				s := strings.ReplaceAll(c.Text, "\n", "⏎")
				if c.VMerge == VMergeContinue {
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
