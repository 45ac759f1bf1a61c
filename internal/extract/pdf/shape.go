package pdf

import (
	"math"

	"github.com/budgetx/budgetx/model"
)

// A Layout is what ReadLayout saw on the way from the pages to the
// document: every page as read and the place of every table the layout
// built or refused. It is for pictures of a page (package pageview), not
// for data: Read builds the same document without it.
type Layout struct {
	Pages  []*Page      // every page, in order (Pages[i].Number == i+1)
	Tables []TableShape // page by page
}

// A TableShape is one table as the layout found it on one page: its grid
// in page coordinates, and where its rows went in the document. A table
// that goes on over a page break has a shape per page.
type TableShape struct {
	Page int // 1-based
	// Ruled: built from ruling lines. Else aligned under a 栏次 row
	// (model.Table.GridKnown false): Xs are then halfway between the
	// column centers and Ys between the rows' lines.
	Ruled bool
	// Xs are the column boundaries, left to right, and Ys the row
	// boundaries, top to bottom (decreasing), in points from the
	// bottom-left corner of the page, Y up: column c lies between Xs[c]
	// and Xs[c+1], row r between Ys[r] and Ys[r+1].
	Xs, Ys []float64
	// Cells are the cells of the grid, spans included, row by row.
	Cells []ShapeCell
	// Block is the index in Document.Blocks of the table the shape's rows
	// went to, -1 when the layout refused the grid (Refused says why).
	Block int
	// Rows holds, for each row of the shape, the row of that table it
	// became; -1 for a header row repeated from the page before (dropped).
	// Two rows may give the same: a row the page break cut is joined.
	Rows []int
	// Refused says why ruling lines that cross did not make a table:
	// "too small", "no text", "one cell". "" for a table.
	Refused string
}

// A ShapeCell is one cell of a TableShape's grid: rows [R0, R1) and
// columns [C0, C1).
type ShapeCell struct{ R0, R1, C0, C1 int }

// ReadLayout reads the PDF like Read, and returns with the document the
// layout it was built from. The document is the one Read returns. Like
// Read, it must run where a crash of the PDF library can do no harm.
func ReadLayout(path string, data []byte, lim model.Limits) (*model.Document, *Layout, error) {
	lay := &Layout{}
	doc, err := read(path, data, lim, lay)
	if err != nil {
		return nil, nil, err
	}
	return doc, lay, nil
}

// record adds a shape to the layout being recorded and returns its
// index, or -1 when none is.
func (st *layoutState) record(s TableShape) int {
	if st.lay == nil {
		return -1
	}
	st.lay.Tables = append(st.lay.Tables, s)
	return len(st.lay.Tables) - 1
}

// recordGrid records the shape of grid g on page (refused says why it is
// no table, "" if it is one) and returns its index, or -1 when no layout
// is recorded (the grid is not copied then).
func (st *layoutState) recordGrid(g *grid, page int, refused string) int {
	if st.lay == nil {
		return -1
	}
	return st.record(g.shapeOf(page, refused))
}

// shape returns the shape of index i, or nil.
func (st *layoutState) shape(i int) *TableShape {
	if st.lay == nil || i < 0 {
		return nil
	}
	return &st.lay.Tables[i]
}

// shapeOf returns the shape of a ruled grid on page (refused says why it
// is no table, "" if it is one).
func (g *grid) shapeOf(page int, refused string) TableShape {
	s := TableShape{Page: page, Ruled: true, Xs: append([]float64(nil), g.xs...), Ys: append([]float64(nil), g.ys...),
		Block: -1, Refused: refused}
	for _, sp := range g.rects {
		s.Cells = append(s.Cells, ShapeCell{sp.r0, sp.r1, sp.c0, sp.c1})
	}
	if len(s.Cells) == 0 && len(s.Xs) > 1 && len(s.Ys) > 1 {
		s.Cells = []ShapeCell{{0, len(s.Ys) - 1, 0, len(s.Xs) - 1}}
	}
	return s
}

// alignShape returns the shape of a table aligned under a 栏次 row: its
// columns' centers and its rows' lines.
func alignShape(page int, cols []alignColumn, rows [][]*textLine) TableShape {
	s := TableShape{Page: page, Block: -1}
	left, right := math.Inf(1), math.Inf(-1)
	var tops, bottoms []float64
	for _, row := range rows {
		top, bottom := math.Inf(-1), math.Inf(1)
		for _, l := range row {
			left, right = math.Min(left, l.x0), math.Max(right, l.x1)
			top, bottom = math.Max(top, l.y+0.9*l.size), math.Min(bottom, l.y-0.3*l.size)
		}
		tops, bottoms = append(tops, top), append(bottoms, bottom)
	}
	if len(rows) == 0 || math.IsInf(left, 0) {
		return s
	}
	s.Xs = append(s.Xs, math.Min(left, cols[0].center)-2)
	for i := 1; i < len(cols); i++ {
		s.Xs = append(s.Xs, (cols[i-1].center+cols[i].center)/2)
	}
	s.Xs = append(s.Xs, math.Max(right, cols[len(cols)-1].center)+2)
	s.Ys = append(s.Ys, tops[0]+1)
	for i := 1; i <= len(rows); i++ {
		y := bottoms[len(rows)-1] - 1
		if i < len(rows) {
			y = (bottoms[i-1] + tops[i]) / 2
		}
		// rows whose lines interleave (a label wrapped around a
		// centered row) still get rows of some height
		s.Ys = append(s.Ys, math.Min(y, s.Ys[i-1]-1))
	}
	for r := range rows {
		for c := range cols {
			s.Cells = append(s.Cells, ShapeCell{r, r + 1, c, c + 1})
		}
	}
	return s
}
