package pdf

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// A word is a run of glyphs on one line with no wide gap inside.
type word struct {
	text   string
	x0, x1 float64
}

func (w word) center() float64 { return (w.x0 + w.x1) / 2 }

// words splits a line where two glyphs are further apart than 0.8 of the
// font size.
func words(l *textLine) []word {
	var out []word
	start := 0
	for i := 1; i <= len(l.glyphs); i++ {
		if i < len(l.glyphs) {
			g, p := l.glyphs[i], l.glyphs[i-1]
			if !(g.X-(p.X+p.W) > 0.8*math.Max(g.FontSize, p.FontSize)) {
				continue
			}
		}
		cur := l.glyphs[start:i]
		last := cur[len(cur)-1]
		out = append(out, word{joinGlyphs(cur), cur[0].X, last.X + last.W})
		start = i
	}
	return out
}

var colNumberRE = regexp.MustCompile(`^[0-9]+$`)

// alignColumn is a column of a table found by alignment: the 栏次 label
// (a label column) or one column number (a data column).
type alignColumn struct {
	center float64
	label  bool
}

// anchorColumns reads a 栏次 line: "栏次" and then one number per column,
// possibly several times over ("栏次 1 栏次 2" for a two-sided table).
func anchorColumns(l *textLine) []alignColumn {
	ws := words(l)
	var cols []alignColumn
	nums := 0
	for i := 0; i < len(ws); i++ {
		t := strings.ReplaceAll(ws[i].text, " ", "")
		switch {
		case t == "栏次":
			cols = append(cols, alignColumn{ws[i].center(), true})
		case t == "栏" && i+1 < len(ws) && strings.TrimSpace(ws[i+1].text) == "次":
			cols = append(cols, alignColumn{(ws[i].x0 + ws[i+1].x1) / 2, true})
			i++
		case colNumberRE.MatchString(t):
			cols = append(cols, alignColumn{ws[i].center(), false})
			nums++
		default:
			return nil
		}
	}
	if len(cols) < 2 || !cols[0].label || nums < 1 {
		return nil
	}
	return cols
}

// column returns the column of a word: a label column whose center the
// word covers (labels are long and left-aligned), else the nearest.
func column(cols []alignColumn, w word) int {
	for i, c := range cols {
		if c.label && w.x0 <= c.center && c.center <= w.x1 {
			return i
		}
	}
	best, d := 0, math.Inf(1)
	for i, c := range cols {
		if dd := math.Abs(c.center - w.center()); dd < d {
			best, d = i, dd
		}
	}
	return best
}

var codeRE = regexp.MustCompile(`^[0-9]{3,}$`)

// alignRow makes one row of lines, top to bottom. In a data column and in
// a header row the lines are joined with "\n"; in a label column of a
// body row a classification code comes first and the label's wrapped
// lines are joined without a break.
func alignRow(cols []alignColumn, lines []*textLine, page int, header bool) model.Row {
	cells := make([]model.Cell, len(cols))
	for i := range cells {
		cells[i] = model.Cell{Col: i, Span: 1, Pos: model.Pos{Page: page}}
	}
	codes := make([]string, len(cols))
	for _, l := range lines {
		parts := make([]string, len(cols))
		for _, w := range words(l) {
			c := column(cols, w)
			if !header && cols[c].label && codeRE.MatchString(w.text) && codes[c] == "" {
				codes[c] = w.text
				continue
			}
			if parts[c] != "" {
				parts[c] += " "
			}
			parts[c] += w.text
		}
		for i, p := range parts {
			switch {
			case p == "":
			case cells[i].Text == "":
				cells[i].Text = p
			case !header && cols[i].label && !latin(lastRune(cells[i].Text)) && !latin(firstRune(p)):
				cells[i].Text += p
			default:
				cells[i].Text += "\n" + p
			}
		}
	}
	for i, c := range codes {
		if c != "" {
			cells[i].Text = strings.TrimSpace(c + " " + cells[i].Text)
		}
	}
	return model.Row{Cells: cells, Pos: model.Pos{Page: page}}
}

// hasData reports whether a line puts a word in a data column.
func hasData(cols []alignColumn, l *textLine) bool {
	for _, w := range words(l) {
		if !cols[column(cols, w)].label {
			return true
		}
	}
	return false
}

// paragraphLike reports whether one word of the line covers the centers
// of two columns: running text, not a table row.
func paragraphLike(cols []alignColumn, l *textLine) bool {
	for _, w := range words(l) {
		n := 0
		for _, c := range cols {
			if w.x0 < c.center && c.center < w.x1 {
				n++
			}
		}
		if n >= 2 {
			return true
		}
	}
	return false
}

// groupRows groups the lines under a 栏次 line into rows: each line with
// data is a row, and a line with only label text joins the nearest such
// line within 1.5 line heights (a label wrapped around a vertically
// centered row), else it is a row of its own.
func groupRows(cols []alignColumn, lines []*textLine) [][]*textLine {
	data := make([]bool, len(lines))
	for i, l := range lines {
		data[i] = hasData(cols, l)
	}
	owner := make([]int, len(lines))
	for i, l := range lines {
		owner[i] = i
		if data[i] {
			continue
		}
		best, d := -1, 1.5*l.size
		for j := max(0, i-2); j < len(lines) && j <= i+2; j++ {
			if data[j] && math.Abs(lines[j].y-l.y) < d {
				best, d = j, math.Abs(lines[j].y-l.y)
			}
		}
		if best >= 0 {
			owner[i] = best
		}
	}
	var rows [][]*textLine
	index := map[int]int{}
	for i, l := range lines {
		o := owner[i]
		k, ok := index[o]
		if !ok {
			k = len(rows)
			index[o] = k
			rows = append(rows, nil)
		}
		rows[k] = append(rows[k], l)
	}
	return rows
}

// alignTables finds tables without ruling lines on a page: a 栏次 line
// gives the columns, the lines just above it (up to ten, stopping at a
// unit line or a wide gap) are the header labels, and the lines below that
// follow closely are the rows. Such tables have GridKnown false and one
// cell per column. It returns the tables and the lines left over.
func alignTables(lines []*textLine, page int, st *layoutState) ([]placed, []*textLine, error) {
	var out []placed
	var rest []*textLine
	for i := 0; i < len(lines); i++ {
		cols := anchorColumns(lines[i])
		if cols == nil {
			rest = append(rest, lines[i])
			continue
		}
		a := lines[i]
		// header lines: just above, closely spaced, not a unit line
		h := len(rest)
		for h > 0 && len(rest)-h < 10 {
			l, below := rest[h-1], a
			if h < len(rest) {
				below = rest[h]
			}
			if l.y-below.y > 4*l.size || unitRE.MatchString(l.text()) {
				break
			}
			h--
		}
		header := rest[h:]
		rest = rest[:h]
		t := &model.Table{Cols: len(cols), Pos: model.Pos{Page: page}}
		var rowLines [][]*textLine // each row's lines, for its shape
		if len(header) > 0 {
			t.Rows = append(t.Rows, alignRow(cols, header, page, true))
			rowLines = append(rowLines, header)
		}
		t.Rows = append(t.Rows, alignRow(cols, []*textLine{a}, page, true))
		rowLines = append(rowLines, []*textLine{a})
		prev := a
		j := i + 1
		for ; j < len(lines); j++ {
			l := lines[j]
			txt := strings.TrimSpace(l.text())
			if prev.y-l.y > 3*l.size || paragraphLike(cols, l) || strings.HasPrefix(txt, "注") || strings.HasPrefix(txt, "备注") {
				break
			}
			prev = l
		}
		for _, g := range groupRows(cols, lines[i+1:j]) {
			t.Rows = append(t.Rows, alignRow(cols, g, page, false))
			rowLines = append(rowLines, g)
		}
		k := len(out) + 1
		if len(t.Rows) > st.lim.Rows {
			return nil, nil, limitErr(page, fmt.Sprintf("table %d", k), "a table of %d rows, more than the limit of %d", len(t.Rows), st.lim.Rows)
		}
		if t.Cols > st.lim.Cols {
			return nil, nil, limitErr(page, fmt.Sprintf("table %d", k), "a 栏次 row makes a table of %d columns, more than the limit of %d", t.Cols, st.lim.Cols)
		}
		if err := st.addCells(page, k, len(t.Rows), t.Cols); err != nil {
			return nil, nil, err
		}
		for r, row := range t.Rows {
			for c, cell := range row.Cells {
				if err := st.checkCell(page, k, r, c, cell.Text); err != nil {
					return nil, nil, err
				}
			}
		}
		i = j - 1
		top := a.y + a.size
		if len(header) > 0 {
			top = header[0].y + header[0].size
		}
		grid := make([]float64, len(cols))
		for k, c := range cols {
			grid[k] = c.center
		}
		shape := -1
		if st.lay != nil {
			shape = st.record(alignShape(page, cols, rowLines))
		}
		out = append(out, placed{top: top, block: model.Block{Table: t}, grid: grid, page: page, shape: shape})
	}
	return out, rest, nil
}

// unitRE matches a unit line ("单位：万元"), which stands above a header.
var unitRE = regexp.MustCompile(`单位\s*[:：]`)
