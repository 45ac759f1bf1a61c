package normalize

import (
	"iter"
	"math"

	"github.com/budgetx/budgetx/internal/normalize/value"
	"github.com/budgetx/budgetx/model"
)

// gcell is one position of a rectangular grid.
type gcell struct {
	Text   string    // the text of the cell covering this position (vertical merges: the text above)
	Origin bool      // the covering cell starts here (top-left position of its row)
	VCont  bool      // covered by a vertical merge from the row above (text repeated from above)
	Span   int       // on origins: grid columns covered
	Col    int       // the grid column where the covering cell starts
	Pos    model.Pos // where the covering cell was read
	Indent float64   // points from the cell's left border to its text (PDF), 0 unknown
}

// grid is a table laid out on a rectangular grid: every row has exactly N
// positions.
type grid struct {
	N      int
	Rows   [][]gcell
	RowPos []model.Pos
	Header []bool // the reader flagged the row as a repeated header (DOCX tblHeader)
	// Known reports that spans came from the reader (DOCX, PDF); false when
	// they were inferred from the flattened text form.
	Known bool
	// Rejoined lists the rows (0-based, after rejoining) that were put back
	// together from two pieces of the flattened text form.
	Rejoined []int
}

// label returns the label-normalized text covering row r, column c.
func (g *grid) label(r, c int) string {
	if r < 0 || r >= len(g.Rows) || c < 0 || c >= g.N {
		return ""
	}
	return value.Label(g.Rows[r][c].Text)
}

// own returns the text of the cell that starts at (r, c), or "" when the
// position is covered by a span or by a vertical merge.
func (g *grid) own(r, c int) string {
	if r < 0 || r >= len(g.Rows) || c < 0 || c >= g.N {
		return ""
	}
	p := g.Rows[r][c]
	if !p.Origin || p.VCont {
		return ""
	}
	return p.Text
}

// origins yields the cells of row r as printed, the origin positions, and
// their index among them: for i, p := range g.origins(r). Nothing is
// copied: most readers of a row look at a few of its cells, many times.
func (g *grid) origins(r int) iter.Seq2[int, gcell] {
	return func(yield func(int, gcell) bool) {
		i := 0
		for _, p := range g.Rows[r] {
			if !p.Origin {
				continue
			}
			if !yield(i, p) {
				return
			}
			i++
		}
	}
}

// originList returns the cells of row r as printed, as a slice.
func (g *grid) originList(r int) []gcell {
	n := 0
	for _, p := range g.Rows[r] {
		if p.Origin {
			n++
		}
	}
	out := make([]gcell, 0, n)
	for _, p := range g.Rows[r] {
		if p.Origin {
			out = append(out, p)
		}
	}
	return out
}

// emptyRow returns a row of n empty single-column cells.
func emptyRow(n int, pos model.Pos) []gcell {
	row := make([]gcell, n)
	for c := range row {
		row[c] = gcell{Origin: true, Span: 1, Col: c, Pos: pos}
	}
	return row
}

// place lays a cell of text over row from column col for span columns.
func place(row []gcell, col, span int, text string, vcont bool, pos model.Pos) {
	if col < 0 || col >= len(row) {
		return
	}
	span = max(1, min(span, len(row)-col))
	for k := 0; k < span; k++ {
		row[col+k] = gcell{Text: text, Origin: k == 0, VCont: vcont, Col: col, Pos: pos}
	}
	row[col].Span = span
}

// gridCols returns the grid columns buildGrid lays t out on, without
// laying it out; sums too large for an int are math.MaxInt.
func gridCols(t *model.Table) int {
	n := 0
	if t.GridKnown {
		n = max(t.Cols, 0)
	}
	for _, r := range t.Rows {
		if !t.GridKnown {
			n = max(n, len(r.Cells))
			continue
		}
		for _, c := range r.Cells {
			if c.Col >= 0 {
				n = max(n, satAdd(c.Col, max(c.Span, 1)))
			}
		}
	}
	return n
}

// satAdd returns a+b for non-negative a and b, math.MaxInt if that
// overflows.
func satAdd(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

// buildGrid lays out t on a rectangular grid, from the reader's grid when it
// knows one and by inference for the flattened text form.
func buildGrid(t *model.Table) *grid {
	if t.GridKnown {
		return fromKnown(t)
	}
	return fromFlat(t)
}

func fromKnown(t *model.Table) *grid {
	n := gridCols(t)
	g := &grid{N: n, Known: true}
	for ri, r := range t.Rows {
		row := emptyRow(n, r.Pos)
		for _, c := range r.Cells {
			if c.Col < 0 || c.Col >= n {
				continue
			}
			text, vcont := c.Text, c.VMerge == model.VMergeContinue
			if vcont && ri > 0 && value.Label(text) == "" {
				text = g.Rows[ri-1][c.Col].Text
			}
			place(row, c.Col, max(c.Span, 1), text, vcont, c.Pos)
			row[c.Col].Indent = c.Indent
		}
		g.Rows = append(g.Rows, row)
		g.RowPos = append(g.RowPos, r.Pos)
		g.Header = append(g.Header, r.Header)
	}
	return g
}

// flatRow is a row of the flattened text form: its cells in order.
type flatRow struct {
	cells []model.Cell
	pos   model.Pos
}

// fromFlat rebuilds the grid of a table read from the flattened text form:
// it finds the column count, rejoins rows the flattening cut in two, and
// infers the spans of header cells from the rows below them.
func fromFlat(t *model.Table) *grid {
	rows := make([]flatRow, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = flatRow{cells: r.Cells, pos: r.Pos}
	}
	n, lanci := 0, -1
	for i, r := range rows {
		n = max(n, len(r.cells))
		if lanci < 0 && len(r.cells) > 1 && value.Label(r.cells[0].Text) == "栏次" {
			lanci = i
		}
	}
	if lanci >= 0 {
		n = len(rows[lanci].cells)
	}
	g := &grid{N: n}
	rows, g.Rejoined = rejoin(rows, n, lanci)

	// Lay out every row; rows narrower than n get spans inferred bottom-up
	// from the laid-out row below them.
	g.Rows = make([][]gcell, len(rows))
	for i := len(rows) - 1; i >= 0; i-- {
		r := rows[i]
		row := emptyRow(n, r.pos)
		var spans []int
		switch {
		case len(r.cells) >= n:
			spans = ones(len(r.cells))
		case len(r.cells) == 1:
			spans = []int{n}
		default:
			if i+1 < len(rows) {
				spans = inferSpans(len(r.cells), g.Rows[i+1])
			}
			if spans == nil {
				spans = ones(len(r.cells))
				spans[len(spans)-1] = n - len(r.cells) + 1
			}
		}
		col := 0
		for k, c := range r.cells {
			if col >= n {
				break
			}
			place(row, col, spans[k], c.Text, false, c.Pos)
			col += spans[k]
		}
		g.Rows[i] = row
	}
	for _, r := range rows {
		g.RowPos = append(g.RowPos, r.pos)
		g.Header = append(g.Header, false)
	}
	return g
}

func ones(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = 1
	}
	return s
}

// rejoin puts back together the rows the flattening cut in two: a row of
// k < n cells followed by a row of n-k cells is one row, in a table whose
// rows are then (nearly) all n cells wide. Tables whose widths vary by
// design (a project's top table) are left alone, and so are header rows
// (up to the 栏次 row).
func rejoin(rows []flatRow, n, lanci int) ([]flatRow, []int) {
	if n < 3 {
		return rows, nil
	}
	cut := func(i int) bool {
		return i > lanci && i > 0 && i+1 < len(rows) && len(rows[i].cells) < n &&
			len(rows[i].cells)+len(rows[i+1].cells) == n
	}
	whole := 0
	for i := 0; i < len(rows); i++ {
		switch {
		case len(rows[i].cells) == n:
			whole++
		case cut(i):
			whole += 2
			i++
		}
	}
	if whole*5 < len(rows)*4 { // under 80% of the rows would be whole
		return rows, nil
	}
	var out []flatRow
	var joined []int
	for i := 0; i < len(rows); i++ {
		if cut(i) {
			cells := append(append([]model.Cell(nil), rows[i].cells...), rows[i+1].cells...)
			joined = append(joined, len(out))
			out = append(out, flatRow{cells: cells, pos: rows[i].pos})
			i++
			continue
		}
		out = append(out, rows[i])
	}
	return out, joined
}

// unit is a run of grid columns under one cell of the row above.
type unit struct {
	first string // label of the first cell in the run
	cells []gcell
	width int
}

// inferSpans infers the spans of a header row of k cells from the row laid
// out below it: a blank cell below is the vertical continuation of the
// label above it (one unit); a run of labelled cells below sits under one
// spanning label. When that gives too few units, runs are split where a
// label repeats (two-sided tables: 项目 … 项目) and then before 合计/小计
// following a name column. nil means the row could not be inferred.
func inferSpans(k int, below []gcell) []int {
	var units []unit
	var cur *unit
	for _, p := range below {
		if !p.Origin {
			if cur != nil {
				cur.width++
			} else if len(units) > 0 {
				units[len(units)-1].width++
			}
			continue
		}
		l := value.Label(p.Text)
		if l == "" {
			units = append(units, unit{cells: []gcell{p}, width: 1})
			cur = nil
			continue
		}
		if cur == nil {
			units = append(units, unit{first: l})
			cur = &units[len(units)-1]
		}
		cur.cells = append(cur.cells, p)
		cur.width++
	}
	if len(units) < k {
		units = splitUnits(units, k, func(u unit, i int) bool { return value.Label(u.cells[i].Text) == u.first })
	}
	if len(units) < k {
		units = splitUnits(units, k, func(u unit, i int) bool {
			l, prev := value.Label(u.cells[i].Text), value.Label(u.cells[i-1].Text)
			return (l == "合计" || l == "小计") && (prev == "科目名称" || prev == "项目" || prev == "功能分类科目名称")
		})
	}
	if len(units) != k {
		return nil
	}
	spans := make([]int, k)
	for i, u := range units {
		spans[i] = u.width
	}
	return spans
}

// splitUnits splits units before cells where at(u, i) holds (i > 0), until
// there are k units.
func splitUnits(units []unit, k int, at func(u unit, i int) bool) []unit {
	var out []unit
	for ui, u := range units {
		start := 0
		for i := 1; i < len(u.cells); i++ {
			if len(out)+(len(units)-ui) >= k {
				break
			}
			if at(u, i) {
				out = append(out, sub(u, start, i))
				start = i
			}
		}
		out = append(out, sub(u, start, len(u.cells)))
	}
	return out
}

func sub(u unit, from, to int) unit {
	s := unit{first: value.Label(u.cells[from].Text), cells: u.cells[from:to]}
	for _, c := range s.cells {
		s.width += max(c.Span, 1)
	}
	return s
}

// appendRows appends rows [from:] of o to g. When o is narrower than g,
// each row's cells keep their order and spans, and the last cell of the
// row stretches to g's width.
// When o is wider, g is first widened the same way.
func (g *grid) appendRows(o *grid, from int) {
	if o.N > g.N {
		for r := range g.Rows {
			g.Rows[r] = relayout(g, r, o.N)
		}
		g.N = o.N
	}
	for r := from; r < len(o.Rows); r++ {
		row := o.Rows[r]
		if o.N != g.N {
			row = relayout(o, r, g.N)
		}
		g.Rows = append(g.Rows, row)
		g.RowPos = append(g.RowPos, o.RowPos[r])
		g.Header = append(g.Header, o.Header[r])
	}
}

// relayout lays row r of g out on n columns: its cells keep their order
// and spans, and the last one stretches to the width.
func relayout(g *grid, r, n int) []gcell {
	nr := emptyRow(n, g.RowPos[r])
	cells := g.originList(r)
	col := 0
	for i, p := range cells {
		span := max(p.Span, 1)
		if i == len(cells)-1 {
			span = n - col
		}
		place(nr, col, span, p.Text, p.VCont, p.Pos)
		nr[col].Indent = p.Indent
		col += span
		if col >= n {
			break
		}
	}
	return nr
}

// unwrapCells applies value.Unwrap to every position of g. A cell's text
// is unwrapped once and shared by the positions it covers: a position
// holding the same text as the one to its left (a span) or above it (a
// vertical merge) takes that one's result, so the memory this costs
// follows the cells, not the positions.
func (g *grid) unwrapCells() {
	above := make([]string, g.N) // the row above, as it was before unwrapping
	cur := make([]string, g.N)
	for r, row := range g.Rows {
		for c := range row {
			raw := row[c].Text
			cur[c] = raw
			switch {
			case c > 0 && raw == cur[c-1]:
				row[c].Text = row[c-1].Text
			case r > 0 && raw == above[c]:
				row[c].Text = g.Rows[r-1][c].Text
			default:
				row[c].Text = value.Unwrap(raw)
			}
		}
		above, cur = cur, above
	}
}
