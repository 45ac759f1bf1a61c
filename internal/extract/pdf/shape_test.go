package pdf

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/budgetx/budgetx/model"
)

// TestReadLayout: ReadLayout returns the document Read returns, and its
// shapes account for every row of every table: each shape row of a
// table names a row of its block (or -1, a repeated header), each row
// of a table block comes from some shape row, and the grids are
// consistent (boundaries ordered, cells inside).
func TestReadLayout(t *testing.T) {
	files, _ := filepath.Glob("../../../fixtures/real/*.pdf")
	files = append(files, "../../../fixtures/pdf/hebei-hengshui-sthjj-2024-budget-split-table.pdf", sample)
	if len(files) < 3 {
		t.Fatalf("no fixtures: %v", files)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := Read(f, data, model.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			doc, lay, err := ReadLayout(f, data, model.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if got, w := doc.Dump(0), want.Dump(0); got != w {
				t.Fatalf("ReadLayout's document differs from Read's")
			}
			if len(lay.Pages) != doc.Pages {
				t.Errorf("%d pages in the layout, %d in the document", len(lay.Pages), doc.Pages)
			}
			covered := map[[2]int]bool{}
			tables := 0
			for i, s := range lay.Tables {
				if len(s.Xs) < 2 || len(s.Ys) < 2 {
					t.Fatalf("shape %d: %d × %d boundaries", i, len(s.Xs), len(s.Ys))
				}
				for k := 1; k < len(s.Xs); k++ {
					if s.Xs[k] <= s.Xs[k-1] {
						t.Errorf("shape %d (page %d): Xs not increasing: %v", i, s.Page, s.Xs)
					}
				}
				for k := 1; k < len(s.Ys); k++ {
					if s.Ys[k] >= s.Ys[k-1] {
						t.Errorf("shape %d (page %d): Ys not decreasing: %v", i, s.Page, s.Ys)
					}
				}
				for _, c := range s.Cells {
					if c.R0 < 0 || c.R1 > len(s.Ys)-1 || c.C0 < 0 || c.C1 > len(s.Xs)-1 || c.R0 >= c.R1 || c.C0 >= c.C1 {
						t.Errorf("shape %d: cell %+v outside %d × %d", i, c, len(s.Ys)-1, len(s.Xs)-1)
					}
				}
				if s.Refused != "" {
					if s.Block != -1 {
						t.Errorf("refused shape %d has block %d", i, s.Block)
					}
					continue
				}
				if s.Block < 0 || s.Block >= len(doc.Blocks) || doc.Blocks[s.Block].Table == nil {
					t.Fatalf("shape %d (page %d): block %d is no table", i, s.Page, s.Block)
				}
				tb := doc.Blocks[s.Block].Table
				if len(s.Rows) != len(s.Ys)-1 {
					t.Errorf("shape %d: %d rows mapped, %d in the grid", i, len(s.Rows), len(s.Ys)-1)
				}
				for _, r := range s.Rows {
					if r < -1 || r >= len(tb.Rows) {
						t.Errorf("shape %d: row %d of a table of %d", i, r, len(tb.Rows))
					}
					if r >= 0 {
						covered[[2]int{s.Block, r}] = true
						if p := tb.Rows[r].Pos.Page; p > s.Page {
							t.Errorf("shape %d on page %d made row %d, read on page %d", i, s.Page, r, p)
						}
					}
				}
			}
			for b, bl := range doc.Blocks {
				if bl.Table == nil {
					continue
				}
				tables++
				for r := range bl.Table.Rows {
					if !covered[[2]int{b, r}] {
						t.Errorf("block %d (page %d): row %d comes from no shape", b, bl.Table.Pos.Page, r)
					}
				}
			}
			if tables == 0 {
				t.Errorf("no tables")
			}
		})
	}
}

// TestAlignShape: a table aligned under its 栏次 row (Foshan's 收入决算表
// with its rules taken away) has a shape of its 8 columns and 12 rows,
// boundaries ordered, every glyph of its rows inside.
func TestAlignShape(t *testing.T) {
	r, err := Open(realFile(t, "foshan-guidao-2019-final-account.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.Page(8)
	if err != nil {
		t.Fatal(err)
	}
	p.Lines = nil
	lay := &Layout{}
	blocks, err := layoutWith([]*Page{p}, model.Limits{}, lay)
	if err != nil {
		t.Fatal(err)
	}
	if len(lay.Tables) != 1 {
		t.Fatalf("%d shapes, want 1", len(lay.Tables))
	}
	s := lay.Tables[0]
	if s.Ruled || s.Refused != "" || len(s.Xs) != 9 || len(s.Ys) != 13 || len(s.Cells) != 8*12 {
		t.Fatalf("shape: ruled %v refused %q, %d × %d boundaries, %d cells", s.Ruled, s.Refused, len(s.Xs), len(s.Ys), len(s.Cells))
	}
	for k := 1; k < len(s.Xs); k++ {
		if s.Xs[k] <= s.Xs[k-1] {
			t.Errorf("Xs not increasing: %v", s.Xs)
		}
	}
	for k := 1; k < len(s.Ys); k++ {
		if s.Ys[k] >= s.Ys[k-1] {
			t.Errorf("Ys not decreasing: %v", s.Ys)
		}
	}
	if b := blocks[s.Block]; b.Table == nil || len(s.Rows) != 12 || s.Rows[11] != 11 {
		t.Errorf("block %d, rows %v", s.Block, s.Rows)
	}
	// the amount 1668.14 of the 合计 row (row 3) lies in row 3, column 2
	found := false
	for _, g := range p.Glyphs {
		cx, cy := g.X+g.W/2, g.Y+g.FontSize*0.3
		if cx > s.Xs[1] && cx < s.Xs[2] && cy < s.Ys[2] && cy > s.Ys[3] && g.Text == "6" {
			found = true
		}
	}
	if !found {
		t.Error("no glyph of 1668.14 in row 3, column 2")
	}
}
