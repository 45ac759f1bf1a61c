package pdf

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/budgetx/budgetx/model"
)

// A textLine is glyphs on one baseline, left to right.
type textLine struct {
	glyphs []Glyph
	y      float64 // baseline, points
	x0, x1 float64 // left and right ends
	size   float64 // largest font size
}

func (l *textLine) text() string { return joinGlyphs(l.glyphs) }

// joinGlyphs joins glyphs of one line, left to right, putting a space where
// the gap between two glyphs is wider than a third of the font size and a
// Latin letter or digit stands on either side.
func joinGlyphs(gs []Glyph) string {
	var b strings.Builder
	n := 0
	for i := range gs {
		n += len(gs[i].Text) + 1
	}
	b.Grow(n)
	for i, g := range gs {
		if i > 0 {
			p := gs[i-1]
			gap := g.X - (p.X + p.W)
			size := math.Max(g.FontSize, p.FontSize)
			if gap > size*0.33 && (latin(lastRune(p.Text)) || latin(firstRune(g.Text))) {
				b.WriteByte(' ')
			} else if gap > size*1.5 {
				b.WriteByte(' ')
			}
		}
		b.WriteString(g.Text)
	}
	return b.String()
}

func latin(r rune) bool {
	return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

func lastRune(s string) rune {
	var last rune
	for _, r := range s {
		last = r
	}
	return last
}

// visible returns the page's glyphs that draw something inside the page,
// in no particular order.
func visible(p *Page) []Glyph { return visibleTo(make([]Glyph, 0, len(p.Glyphs)), p) }

// visibleTo is visible appending to out.
func visibleTo(out []Glyph, p *Page) []Glyph {
	for i := range p.Glyphs {
		if isVisible(p, &p.Glyphs[i]) {
			out = append(out, p.Glyphs[i])
		}
	}
	return out
}

// blank reports whether s is all white space: strings.TrimSpace(s) == "",
// which decodes far more than one rune of a glyph's text.
func blank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// isVisible reports whether glyph g of page p draws something inside it.
func isVisible(p *Page, g *Glyph) bool {
	if blank(g.Text) || g.FontSize <= 0 {
		return false
	}
	cx, cy := g.X+g.W/2, g.Y+g.FontSize*0.3
	return !(cx < 0 || cy < 0 || cx > p.Width || cy > p.Height)
}

// groupLines groups glyphs into lines, top to bottom. Glyphs whose
// baselines differ by less than 40% of their font size share a line.
func groupLines(gs []Glyph) []*textLine { return groupLinesWhere(gs, nil, nil, nil) }

// lineKey is a glyph's place in groupLinesWhere's sorts: key (its
// baseline, then its X) and i, its index in the input.
type lineKey struct {
	key float64
	i   int
}

// lineBuf holds what groupLinesWhere builds, to be reused: the sort keys,
// the lines' glyphs and the lines. The lines one call returns are valid
// until the next call with the same lineBuf.
type lineBuf struct {
	keys   []lineKey
	glyphs []Glyph
	at     [][2]int // each line's glyphs: a range of glyphs
	lines  []textLine
	ptrs   []*textLine
}

// groupLinesWhere is groupLines over the glyphs of gs that use accepts
// (nil: all of them), and builds only the lines whose baseline keep
// accepts (nil: all); which glyphs share a line is decided over all the
// glyphs used, as groupLines does. The glyphs are sorted by baseline,
// top to bottom, keeping their order in gs where baselines are equal,
// then each line by X, keeping that order where X is equal: what two
// stable sorts of the glyphs would give, done on 16-byte keys, with
// every line's glyphs in one array. It builds into lb (nil: new memory).
func groupLinesWhere(gs []Glyph, use func(*Glyph) bool, keep func(y float64) bool, lb *lineBuf) []*textLine {
	if lb == nil {
		lb = &lineBuf{}
	}
	keys := lb.keys[:0]
	for i := range gs {
		if use == nil || use(&gs[i]) {
			keys = append(keys, lineKey{gs[i].Y, i})
		}
	}
	lb.keys = keys
	if len(keys) == 0 {
		return nil
	}
	slices.SortFunc(keys, func(a, b lineKey) int {
		switch {
		case a.key > b.key:
			return -1
		case a.key < b.key:
			return 1
		}
		return cmp.Compare(a.i, b.i)
	})
	out := lb.glyphs[:0]
	if keep == nil && cap(out) < len(keys) {
		out = make([]Glyph, 0, len(keys))
	}
	lines, at := lb.lines[:0], lb.at[:0]
	start := 0
	first := &gs[keys[0].i]
	y, size := first.Y, first.FontSize
	for k := 1; k <= len(keys); k++ {
		var g *Glyph
		if k < len(keys) {
			g = &gs[keys[k].i]
			if math.Abs(y-g.Y) <= 0.4*math.Max(g.FontSize, size) {
				size = math.Max(size, g.FontSize)
				continue
			}
		}
		if keep == nil || keep(y) {
			run := keys[start:k]
			for j := range run {
				run[j].key = gs[run[j].i].X
			}
			slices.SortStableFunc(run, func(a, b lineKey) int {
				switch {
				case a.key < b.key:
					return -1
				case a.key > b.key:
					return 1
				}
				return 0
			})
			base := len(out)
			for _, r := range run {
				out = append(out, gs[r.i])
			}
			m := len(dedupe(out[base:]))
			out = out[:base+m]
			// the glyphs are sliced from out when it has stopped growing
			lines = append(lines, textLine{y: y, size: size})
			at = append(at, [2]int{base, base + m})
		}
		if g != nil {
			start = k
			y, size = g.Y, g.FontSize
		}
	}
	ptrs := lb.ptrs[:0]
	for i := range lines {
		l := &lines[i]
		l.glyphs = out[at[i][0]:at[i][1]:at[i][1]]
		last := l.glyphs[len(l.glyphs)-1]
		l.x0, l.x1 = l.glyphs[0].X, last.X+last.W
		ptrs = append(ptrs, l)
	}
	lb.glyphs, lb.at, lb.lines, lb.ptrs = out, at, lines, ptrs
	return ptrs
}

// dedupe drops a glyph drawn again at the same place (fake bold).
func dedupe(gs []Glyph) []Glyph {
	out := gs[:0]
	for i, g := range gs {
		if i > 0 {
			p := out[len(out)-1]
			if p.Text == g.Text && math.Abs(p.X-g.X) < 0.2*g.FontSize && math.Abs(p.Y-g.Y) < 0.2*g.FontSize {
				continue
			}
		}
		out = append(out, g)
	}
	return out
}

var pageNumberRE = regexp.MustCompile(`^[-—–－\s]*(第\s*)?[0-9０-９]+\s*(页)?(\s*/\s*[0-9]+|\s*共\s*[0-9]+\s*页)?[-—–－\s]*$`)

// layout turns the pages of one document into paragraphs and tables in
// reading order: tables from ruling lines (or, on pages without any, from
// text alignment under a 栏次 row), the rest of the text as paragraphs.
// Page numbers and running headers and footers are dropped; a table that
// goes on over a page break is one table. What crosses one of lim's
// limits is a *model.Error wrapping model.ErrLimit, placed by page and
// table (File is left to the caller).
func layout(pages []*Page, lim model.Limits) ([]model.Block, error) {
	return layoutWith(pages, lim, nil)
}

// layoutWith is layout, recording the tables' shapes in lay when it is
// not nil.
func layoutWith(pages []*Page, lim model.Limits, lay *Layout) ([]model.Block, error) {
	st := &layoutState{lim: lim.WithDefaults(), lay: lay}
	running := runningLines(pages)
	var items []placed
	for _, p := range pages {
		it, err := layoutPage(p, running, st)
		if err != nil {
			return nil, err
		}
		items = append(items, it...)
	}
	return joinTables(items, st)
}

// layoutState counts what the layout has built against the limits.
type layoutState struct {
	lim    model.Limits
	cells  int // grid positions of the tables so far
	tables int
	lay    *Layout // shapes are recorded here, when not nil

	// buffers reused from page to page: what they hold belongs to the
	// page being laid out
	vis, rest, cellGlyphs []Glyph
	at                    []*span
	pageLines, cellLines  lineBuf
}

// limitErr returns a limit error placed at page and table.
func limitErr(page int, table string, format string, args ...any) error {
	return &model.Error{Page: page, Table: table, Err: fmt.Errorf("%w: %s", model.ErrLimit, fmt.Sprintf(format, args...))}
}

// addCells counts a table of rows × cols grid positions, and the table
// (k, its number on the page, names it in an error).
func (st *layoutState) addCells(page, k int, rows, cols int) error {
	table := func() string { return fmt.Sprintf("table %d", k) }
	st.cells += rows * cols
	if st.cells > st.lim.Cells {
		return limitErr(page, table(), "the tables have %d grid positions (rows × columns) in all, more than the limit of %d", st.cells, st.lim.Cells)
	}
	if st.tables++; st.tables > st.lim.Tables {
		return limitErr(page, table(), "%d tables, more than the limit of %d", st.tables, st.lim.Tables)
	}
	return nil
}

// checkCell checks the text of the cell at row r, column c (0-based) of
// table k on page.
func (st *layoutState) checkCell(page, k, r, c int, text string) error {
	if len(text) > st.lim.CellText {
		e := limitErr(page, fmt.Sprintf("table %d", k), "%d bytes of text in a cell, more than the limit of %d", len(text), st.lim.CellText).(*model.Error)
		e.Row, e.Column = r+1, c+1
		return e
	}
	return nil
}

// marginKey identifies a line in the top or bottom margin across pages:
// its text with digits masked and its rounded baseline.
type marginKey struct {
	text string
	y    int
}

var digitsRE = regexp.MustCompile(`[0-9０-９]+`)

func marginKeyOf(p *Page, l *textLine) (marginKey, bool) {
	if l.y < p.Height*0.9 && l.y > p.Height*0.1 {
		return marginKey{}, false
	}
	return marginKey{digitsRE.ReplaceAllString(l.text(), "#"), int(math.Round(l.y / 4))}, true
}

// runningLines finds lines repeated in the margins of at least three pages
// and half the pages: running headers and footers.
func runningLines(pages []*Page) map[marginKey]bool {
	count := map[marginKey]int{}
	var lb lineBuf
	for _, p := range pages {
		seen := map[marginKey]bool{}
		use := func(g *Glyph) bool { return isVisible(p, g) }
		inMargin := func(y float64) bool { return !(y < p.Height*0.9 && y > p.Height*0.1) }
		for _, l := range groupLinesWhere(p.Glyphs, use, inMargin, &lb) {
			if k, ok := marginKeyOf(p, l); ok && !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	out := map[marginKey]bool{}
	for k, n := range count {
		if n >= 3 && 2*n >= len(pages) {
			out[k] = true
		}
	}
	return out
}

// placed is a block with the top of its box, for ordering on a page.
type placed struct {
	top   float64
	block model.Block
	grid  []float64 // column boundaries of a table, points
	page  int
	shape int // index of a table's shape in layoutState.lay, -1 if none
}

func layoutPage(p *Page, running map[marginKey]bool, st *layoutState) ([]placed, error) {
	st.vis = visibleTo(st.vis[:0], p)
	gs := st.vis
	tables, rest, err := findTables(p, gs, st)
	if err != nil {
		return nil, err
	}
	var items []placed
	for k, t := range tables {
		tb, err := t.build(p.Number, k+1, st)
		if err != nil {
			return nil, err
		}
		items = append(items, placed{top: t.top(), block: model.Block{Table: tb}, grid: t.xs, page: p.Number,
			shape: st.recordGrid(t, p.Number, "")})
	}
	lines := groupLinesWhere(rest, nil, nil, &st.pageLines)
	var kept []*textLine
	for _, l := range lines {
		txt := strings.TrimSpace(l.text())
		if k, ok := marginKeyOf(p, l); ok && (running[k] || pageNumberRE.MatchString(txt)) {
			continue
		}
		kept = append(kept, l)
	}
	if len(tables) == 0 {
		var found []placed
		found, kept, err = alignTables(kept, p.Number, st)
		if err != nil {
			return nil, err
		}
		items = append(items, found...)
	}
	paras, err := paragraphs(kept, p.Number, st)
	if err != nil {
		return nil, err
	}
	for _, para := range paras {
		items = append(items, placed{top: para.top, block: model.Block{Para: &model.Paragraph{Text: para.text, Pos: model.Pos{Page: p.Number}}}, page: p.Number, shape: -1})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].top > items[j].top })
	return items, nil
}

type para struct {
	text string
	top  float64
}

// paragraphs joins text lines into paragraphs: a line goes on the previous
// paragraph when it follows closely in the same size and the previous line
// ran to the right edge of the text. A paragraph of more text than the
// limit is an error.
func paragraphs(lines []*textLine, page int, st *layoutState) ([]para, error) {
	right := 0.0
	for _, l := range lines {
		right = math.Max(right, l.x1)
	}
	var out []para
	var b strings.Builder // the text of the last paragraph
	flush := func() error {
		if len(out) == 0 {
			return nil
		}
		if b.Len() > st.lim.ParaText {
			return limitErr(page, "", "a paragraph of %d bytes of text, more than the limit of %d", b.Len(), st.lim.ParaText)
		}
		out[len(out)-1].text = b.String()
		return nil
	}
	var prev *textLine
	for _, l := range lines {
		t := strings.TrimSpace(l.text())
		if t == "" {
			continue
		}
		if prev != nil && len(out) > 0 &&
			prev.y-l.y < 2.2*l.size && prev.y > l.y &&
			math.Abs(prev.size-l.size) < 0.5 &&
			prev.x1 > right-2*l.size && l.x0 <= prev.x0+0.5*l.size {
			if last, _ := utf8.DecodeLastRuneInString(b.String()); latin(last) && latin(firstRune(t)) {
				b.WriteByte(' ')
			}
			b.WriteString(t)
			if b.Len() > st.lim.ParaText {
				return nil, flush()
			}
		} else {
			if err := flush(); err != nil {
				return nil, err
			}
			b = strings.Builder{}
			b.WriteString(t)
			out = append(out, para{top: l.y + l.size})
		}
		prev = l
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, nil
}

// joinTables joins a table that ends its page to one that starts the next
// page on the same column boundaries, dropping a repeated header (marked
// Header on its first occurrence), and returns the blocks. Paragraphs
// between the two that repeat the first table's title lines (the
// paragraphs just above it) are dropped too.
func joinTables(items []placed, st *layoutState) ([]model.Block, error) {
	var out []model.Block
	var last *placed      // the last table
	var preamble []string // paragraphs just above the last table
	var pending []*placed // paragraphs since the last table
	var before []string   // paragraphs since the last table, any page
	flush := func() {
		for _, p := range pending {
			out = append(out, p.block)
		}
		pending = pending[:0]
	}
	for i := range items {
		it := &items[i]
		t := it.block.Table
		if t == nil {
			pending = append(pending, it)
			before = append(before, it.block.Para.Text)
			continue
		}
		if last != nil && it.page == last.page+1 && sameGrid(last.grid, it.grid) && repeats(pending, preamble, it.page) {
			prev := last.block.Table
			k := 0
			for k < len(t.Rows) && k < len(prev.Rows) && k < 6 && sameRow(t.Rows[k], prev.Rows[k]) {
				k++
			}
			if k == len(t.Rows) {
				k = 0 // all repeated: not a header
			}
			for j := 0; j < k; j++ {
				prev.Rows[j].Header = true
			}
			sh := st.shape(it.shape)
			if sh != nil {
				sh.Block = st.shape(last.shape).Block
				sh.Rows = make([]int, len(t.Rows))
				for j := range sh.Rows {
					sh.Rows[j] = -1
				}
			}
			if k < len(t.Rows) {
				lastRow := &prev.Rows[len(prev.Rows)-1]
				if splitRow(*lastRow, t.Rows[k]) {
					if sh != nil {
						sh.Rows[k] = len(prev.Rows) - 1
					}
					for i, c := range t.Rows[k].Cells {
						switch {
						case c.Text == "":
						case wrappedNumber(lastRow.Cells[i].Text, c.Text):
							lastRow.Cells[i].Text += c.Text
						default:
							lastRow.Cells[i].Text += "\n" + c.Text
						}
					}
					k++
				} else {
					continueMerges(*lastRow, &t.Rows[k])
				}
			}
			if sh != nil {
				for j := k; j < len(t.Rows); j++ {
					sh.Rows[j] = len(prev.Rows) + j - k
				}
			}
			prev.Rows = append(prev.Rows, t.Rows[k:]...)
			if len(prev.Rows) > st.lim.Rows {
				return nil, limitErr(it.page, "", "a table of %d rows (joined over pages %d–%d), more than the limit of %d",
					len(prev.Rows), prev.Pos.Page, it.page, st.lim.Rows)
			}
			last.page = it.page
			pending = pending[:0]
			before = before[:0]
			continue
		}
		flush()
		if sh := st.shape(it.shape); sh != nil {
			sh.Block = len(out)
			sh.Rows = make([]int, len(t.Rows))
			for j := range sh.Rows {
				sh.Rows[j] = j
			}
		}
		out = append(out, it.block)
		last = it
		preamble = before
		if len(preamble) > 4 {
			preamble = preamble[len(preamble)-4:]
		}
		before = nil
	}
	flush()
	return out, nil
}

// repeats reports whether every paragraph in ps is on page and repeats one
// of the texts in pre.
func repeats(ps []*placed, pre []string, page int) bool {
	for _, p := range ps {
		if p.page != page || !slices.Contains(pre, p.block.Para.Text) {
			return false
		}
	}
	return true
}

// continueMerges marks the empty cells of first, the first row carried
// over to a new page, that continue a vertically merged cell of last, the
// row above the page break, as VMergeContinue. A row whose first cell has
// text starts something new and is left alone.
func continueMerges(last model.Row, first *model.Row) {
	if len(first.Cells) == 0 || first.Cells[0].Text != "" {
		return
	}
	for i := range first.Cells {
		c := &first.Cells[i]
		if c.Text != "" || c.VMerge == model.VMergeContinue {
			continue
		}
		for _, a := range last.Cells {
			if a.Col == c.Col && a.Span == c.Span && a.VMerge != model.VMergeNone {
				c.VMerge = model.VMergeContinue
			}
		}
	}
}

var amountRE = regexp.MustCompile(`^[-+]?[0-9][0-9,]*(\.[0-9]+)?%?$`)

// splitRow reports whether first, the first row carried over to a new
// page, is the rest of last, a row the page break cut: the same cells,
// text only where last has text, and an amount in last where first is
// empty — or, where first prints digits under an amount of last, the rest
// of that amount, wrapped in a narrow column (12,437.3 | 6: its decimals
// cut short, the two together a number with two decimals).
func splitRow(last, first model.Row) bool {
	if len(last.Cells) != len(first.Cells) || len(first.Cells) == 0 {
		return false
	}
	text, cut, wrapped := false, false, false
	for i, c := range first.Cells {
		a := last.Cells[i]
		if a.Col != c.Col || a.Span != c.Span || c.VMerge != model.VMergeNone {
			return false
		}
		switch {
		case c.Text != "" && wrappedNumber(a.Text, c.Text):
			cut, wrapped = true, true
		case c.Text != "" && (a.Text == "" || amountRE.MatchString(c.Text)):
			return false
		case c.Text != "":
			text = true
		case amountRE.MatchString(a.Text):
			cut = true
		}
	}
	// Text in the first cell starts a new row, unless an amount of the
	// row above goes on in this one.
	return text && cut && (first.Cells[0].Text == "" || wrapped)
}

var cutDecimals = regexp.MustCompile(`^[-+]?[0-9][0-9,]*\.[0-9]?$|^[-+]?[0-9][0-9,]*$`)

// wrappedNumber reports whether rest, printed under head in the same
// cell, is the end of the amount head began: head's decimals are cut
// short, rest is digits, and together they are an amount with two
// decimals.
func wrappedNumber(head, rest string) bool {
	head, rest = strings.TrimSpace(head), strings.TrimSpace(rest)
	if head == "" || rest == "" || len(rest) > 3 || !cutDecimals.MatchString(head) {
		return false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	whole := head + rest
	dot := strings.IndexByte(whole, '.')
	return dot >= 0 && len(whole)-dot-1 == 2 && amountRE.MatchString(whole)
}

func firstOnPage(items []placed, i int) bool {
	return i == 0 || items[i-1].page != items[i].page
}

func sameGrid(a, b []float64) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 3 {
			return false
		}
	}
	return true
}

func sameRow(a, b model.Row) bool {
	if len(a.Cells) != len(b.Cells) {
		return false
	}
	nonEmpty := false
	for i := range a.Cells {
		x, y := a.Cells[i], b.Cells[i]
		if x.Text != y.Text || x.Col != y.Col || x.Span != y.Span {
			return false
		}
		if x.Text != "" {
			nonEmpty = true
		}
	}
	return nonEmpty
}
