package pdf

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/budgetx/budgetx/model"
)

// Tolerances for table geometry, in points.
const (
	segTol  = 1.5 // segments this close on the cross axis are one rule
	joinTol = 2.0 // a rule reaches another when its end is this close
	minCell = 4.0 // rows and columns thinner than this are drawing artefacts
)

// seg is an axis-aligned rule: at pos on the cross axis, from a to b.
type seg struct{ pos, a, b float64 }

// mergeSegs joins rules on the same line that touch or overlap.
func mergeSegs(ss []seg) []seg {
	sort.Slice(ss, func(i, j int) bool {
		if ss[i].pos != ss[j].pos {
			return ss[i].pos < ss[j].pos
		}
		return ss[i].a < ss[j].a
	})
	var out []seg
	for i := 0; i < len(ss); {
		// a cluster of rules at about the same pos
		j := i + 1
		for j < len(ss) && ss[j].pos-ss[j-1].pos <= segTol {
			j++
		}
		cl := append([]seg(nil), ss[i:j]...)
		pos := 0.0
		for _, s := range cl {
			pos += s.pos
		}
		pos /= float64(len(cl))
		sort.Slice(cl, func(a, b int) bool { return cl[a].a < cl[b].a })
		cur := seg{pos, cl[0].a, cl[0].b}
		for _, s := range cl[1:] {
			if s.a <= cur.b+joinTol {
				cur.b = math.Max(cur.b, s.b)
				continue
			}
			out = append(out, cur)
			cur = seg{pos, s.a, s.b}
		}
		out = append(out, cur)
		i = j
	}
	return out
}

// rulings splits a page's lines into horizontal and vertical rules.
func rulings(p *Page) (hs, vs []seg) {
	for _, l := range p.Lines {
		switch {
		case l.Horizontal(1) && math.Abs(l.X1-l.X0) >= 1:
			hs = append(hs, seg{(l.Y0 + l.Y1) / 2, math.Min(l.X0, l.X1), math.Max(l.X0, l.X1)})
		case l.Vertical(1) && math.Abs(l.Y1-l.Y0) >= 1:
			vs = append(vs, seg{(l.X0 + l.X1) / 2, math.Min(l.Y0, l.Y1), math.Max(l.Y0, l.Y1)})
		}
	}
	return mergeSegs(hs), mergeSegs(vs)
}

func crosses(h, v seg) bool {
	return v.pos >= h.a-joinTol && v.pos <= h.b+joinTol && h.pos >= v.a-joinTol && h.pos <= v.b+joinTol
}

// A grid is one ruled table on a page.
type grid struct {
	xs     []float64 // column boundaries, left to right
	ys     []float64 // row boundaries, top to bottom
	hs, vs []seg
	rects  []*span
	owner  [][]*span // [row][col]

	vsAt, hsAt [][]seg // rules by boundary (index)
}

// span is a cell of the grid: rows r0..r1-1, columns c0..c1-1.
type span struct {
	r0, r1, c0, c1 int
	glyphs         []Glyph
	n              int // glyphs placed in it (findTables)
}

func (g *grid) top() float64 { return g.ys[0] }

func (g *grid) contains(x, y float64) bool {
	return x >= g.xs[0]-1 && x <= g.xs[len(g.xs)-1]+1 && y <= g.ys[0]+1 && y >= g.ys[len(g.ys)-1]-1
}

// cluster returns the distinct values of vs, those within tol averaged.
func cluster(vs []float64, tol float64) []float64 {
	sort.Float64s(vs)
	var out []float64
	for i := 0; i < len(vs); {
		j, sum := i+1, vs[i] // at least one value, so that a NaN cannot stop the walk
		for j < len(vs) && vs[j]-vs[i] <= tol {
			sum += vs[j]
			j++
		}
		out = append(out, sum/float64(j-i))
		i = j
	}
	return out
}

// findTables builds the ruled tables of a page and hands each its glyphs;
// it returns the glyphs that fall in no table. A table over the limits
// (rows, columns, grid positions, tables) is an error.
func findTables(p *Page, gs []Glyph, st *layoutState) ([]*grid, []Glyph, error) {
	hs, vs := rulings(p)
	if len(hs) < 2 || len(vs) < 2 {
		return nil, gs, nil
	}
	// connected components of crossing rules
	n := len(hs) + len(vs)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	// vs is sorted by position (mergeSegs): the rules that may cross h
	// are those between its ends.
	for i, h := range hs {
		j := sort.Search(len(vs), func(j int) bool { return vs[j].pos >= h.a-joinTol })
		for ; j < len(vs) && vs[j].pos <= h.b+joinTol; j++ {
			if crosses(h, vs[j]) {
				parent[find(i)] = find(len(hs) + j)
			}
		}
	}
	comps := map[int]*grid{}
	var order []int
	for i := 0; i < n; i++ {
		r := find(i)
		g := comps[r]
		if g == nil {
			g = &grid{}
			comps[r] = g
			order = append(order, r)
		}
		if i < len(hs) {
			g.hs = append(g.hs, hs[i])
		} else {
			g.vs = append(g.vs, vs[i-len(hs)])
		}
	}
	var tables []*grid
	for _, r := range order {
		g := comps[r]
		if len(g.hs) < 2 || len(g.vs) < 2 {
			continue
		}
		ok, err := g.layout(p.Number, len(tables)+1, st)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			tables = append(tables, g)
		} else if len(g.xs) > 1 && len(g.ys) > 1 {
			st.recordGrid(g, p.Number, "too small")
		}
	}
	// each glyph goes to the cell under its middle, in the first table
	// that has it; the cells' glyphs share one array
	var rest []Glyph
	if len(tables) > 0 {
		at := slices.Grow(st.at[:0], len(gs))[:len(gs)]
		clear(at)
		st.at = at
		in := 0
		for i := range gs {
			gl := &gs[i]
			cx, cy := gl.X+gl.W/2, gl.Y+gl.FontSize*0.3
			for _, t := range tables {
				if t.contains(cx, cy) {
					at[i] = t.spanAt(cx, cy)
					at[i].n++
					in++
					break
				}
			}
		}
		all := slices.Grow(st.cellGlyphs[:0], in)
		st.cellGlyphs = all
		for _, t := range tables {
			for _, s := range t.rects {
				s.glyphs = all[len(all) : len(all) : len(all)+s.n]
				all = all[:len(all)+s.n]
			}
		}
		if in < len(gs) {
			rest = slices.Grow(st.rest[:0], len(gs)-in)
		}
		for i, s := range at {
			if s != nil {
				s.glyphs = append(s.glyphs, gs[i])
			} else {
				rest = append(rest, gs[i])
			}
		}
		if cap(rest) > cap(st.rest) {
			st.rest = rest[:0]
		}
	} else {
		rest = gs
	}
	// A grid of one cell is a box drawn around text, not a table; a grid
	// with no text at all is a drawing (or the empty tail of a table).
	var out []*grid
	for _, t := range tables {
		empty := true
		for _, s := range t.rects {
			if len(s.glyphs) > 0 {
				empty = false
			}
		}
		if empty {
			st.recordGrid(t, p.Number, "no text")
			continue
		}
		if len(t.rects) <= 1 {
			for _, s := range t.rects {
				rest = append(rest, s.glyphs...)
			}
			st.recordGrid(t, p.Number, "one cell")
			continue
		}
		out = append(out, t)
	}
	return out, rest, nil
}

// layout finds the grid's boundaries and its cells; false if it is no
// table. A grid over the limits is an error (page and k, the table's
// number on the page, place it).
func (g *grid) layout(page, k int, st *layoutState) (bool, error) {
	var xs, ys []float64
	minX, maxX, minY, maxY := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, v := range g.vs {
		xs = append(xs, v.pos)
		minY, maxY = math.Min(minY, v.a), math.Max(maxY, v.b)
	}
	for _, h := range g.hs {
		ys = append(ys, h.pos)
		minX, maxX = math.Min(minX, h.a), math.Max(maxX, h.b)
	}
	// open sides: the rules' ends are boundaries too
	xs = append(xs, minX, maxX)
	ys = append(ys, minY, maxY)
	g.xs = cluster(xs, minCell)
	ys = cluster(ys, minCell)
	for i, j := 0, len(ys)-1; i < j; i, j = i+1, j-1 {
		ys[i], ys[j] = ys[j], ys[i]
	}
	g.ys = ys
	R, C := len(g.ys)-1, len(g.xs)-1
	if R < 1 || C < 1 || g.xs[C]-g.xs[0] < 10 || g.ys[0]-g.ys[R] < 10 {
		return false, nil
	}
	table := func() string { return fmt.Sprintf("table %d", k) }
	switch {
	case C > st.lim.Cols:
		return false, limitErr(page, table(), "ruling lines make a table of %d columns, more than the limit of %d", C, st.lim.Cols)
	case R > st.lim.Rows:
		return false, limitErr(page, table(), "ruling lines make a table of %d rows, more than the limit of %d", R, st.lim.Rows)
	}
	if err := st.addCells(page, k, R, C); err != nil {
		return false, err
	}
	g.index()
	g.owner = make([][]*span, R)
	for r := range g.owner {
		g.owner[r] = make([]*span, C)
	}
	for r := 0; r < R; r++ {
		for c := 0; c < C; c++ {
			if g.owner[r][c] != nil {
				continue
			}
			s := &span{r0: r, r1: r + 1, c0: c, c1: c + 1}
			for s.c1 < C && !g.vAt(s.c1, r) {
				s.c1++
			}
			// extend down while no rule closes the cell below
		down:
			for s.r1 < R {
				for cc := s.c0; cc < s.c1; cc++ {
					if g.hAt(s.r1, cc) || g.owner[s.r1][cc] != nil {
						break down
					}
				}
				// the cell's side rules must stay open inside it
				for cc := s.c0 + 1; cc < s.c1; cc++ {
					if g.vAt(cc, s.r1) {
						break down
					}
				}
				s.r1++
			}
			for rr := s.r0; rr < s.r1; rr++ {
				for cc := s.c0; cc < s.c1; cc++ {
					g.owner[rr][cc] = s
				}
			}
			g.rects = append(g.rects, s)
		}
	}
	return true, nil
}

// index files the rules by the boundary they stand on: vsAt[k] holds the
// vertical rules within minCell of xs[k], hsAt[k] the horizontal ones
// within minCell of ys[k].
func (g *grid) index() {
	near := func(ss []seg, bounds []float64) [][]seg {
		out := make([][]seg, len(bounds))
		for _, s := range ss {
			for k, b := range bounds {
				if math.Abs(s.pos-b) <= minCell {
					out[k] = append(out[k], s)
				}
			}
		}
		return out
	}
	g.vsAt = near(g.vs, g.xs)
	g.hsAt = near(g.hs, g.ys)
}

// vAt reports whether a vertical rule at boundary xs[k] crosses the
// middle of row r.
func (g *grid) vAt(k, r int) bool {
	mid := (g.ys[r] + g.ys[r+1]) / 2
	for _, v := range g.vsAt[k] {
		if v.a-joinTol <= mid && mid <= v.b+joinTol {
			return true
		}
	}
	return false
}

// hAt reports whether a horizontal rule at boundary ys[k] crosses the
// middle of column c.
func (g *grid) hAt(k, c int) bool {
	mid := (g.xs[c] + g.xs[c+1]) / 2
	for _, h := range g.hsAt[k] {
		if h.a-joinTol <= mid && mid <= h.b+joinTol {
			return true
		}
	}
	return false
}

// spanAt returns the cell under the point cx, cy (inside the grid).
func (g *grid) spanAt(cx, cy float64) *span {
	c := sort.SearchFloat64s(g.xs, cx) - 1
	c = max(0, min(c, len(g.xs)-2))
	// ys falls: the row is the first whose lower boundary is below cy
	r := sort.Search(len(g.ys)-2, func(r int) bool { return cy >= g.ys[r+1] })
	return g.owner[r][c]
}

// build turns the grid into a model.Table; page is the 1-based page and
// k the table's number on it. A cell with more text than the limit is an
// error.
func (g *grid) build(page, k int, st *layoutState) (*model.Table, error) {
	pos := model.Pos{Page: page}
	t := &model.Table{Cols: len(g.xs) - 1, GridKnown: true, Pos: pos}
	for r := range g.owner {
		row := model.Row{Pos: pos}
		for c := 0; c < len(g.owner[r]); {
			s := g.owner[r][c]
			cell := model.Cell{Col: s.c0, Span: s.c1 - s.c0, Pos: pos}
			switch {
			case s.r0 != r:
				cell.VMerge = model.VMergeContinue
			default:
				lines := groupLinesWhere(s.glyphs, nil, nil, &st.cellLines)
				cell.Text = linesText(lines)
				if err := st.checkCell(page, k, r, c, cell.Text); err != nil {
					return nil, err
				}
				cell.Indent = linesIndent(lines, g.xs[s.c0])
				if s.r1-s.r0 > 1 {
					cell.VMerge = model.VMergeRestart
				}
			}
			row.Cells = append(row.Cells, cell)
			c = s.c1
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// linesText joins a cell's lines (groupLines) with "\n", or with nothing
// where a number was broken over two lines of a narrow column.
func linesText(lines []*textLine) string {
	var b strings.Builder
	for i, l := range lines {
		t := strings.TrimSpace(l.text())
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(b.String())
			if !(numeric(prev) && numeric(firstRune(t))) {
				b.WriteByte('\n')
			}
		}
		b.WriteString(t)
	}
	return b.String()
}

func numeric(r rune) bool {
	return unicode.IsDigit(r) || r == ',' || r == '.' || r == '，'
}

// linesIndent returns how far the first of a cell's lines (groupLines)
// starts from the cell's left border x, in points (0 for an empty cell).
func linesIndent(lines []*textLine, x float64) float64 {
	if len(lines) == 0 {
		return 0
	}
	return math.Max(0, lines[0].x0-x)
}
