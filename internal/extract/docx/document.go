package docx

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// XML namespaces the reader recognizes.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// maxGrid bounds a gridSpan, gridBefore or gridAfter value as read, so
// that column arithmetic cannot overflow before the value is held against
// Limits.Cols (Word itself allows 63 columns).
const maxGrid = 1 << 30

// isWSpace reports whether space is a WordprocessingML namespace. An
// undeclared "w" prefix, which encoding/xml leaves as the space, counts too.
func isWSpace(space string) bool {
	return space == nsW || space == nsWStrict || space == "w"
}

// skipped lists the WordprocessingML elements whose whole subtree adds
// nothing to the text: properties (read separately where needed), tracked
// deletions and moves away, field codes, ruby guide text, and revision
// records holding earlier properties.
var skipped = map[string]bool{
	"rPr": true, "pPr": true, "tblPr": true, "tblPrEx": true, "trPr": true, "tcPr": true,
	"sectPr": true, "sdtPr": true, "sdtEndPr": true, "customXmlPr": true, "smartTagPr": true,
	"del": true, "moveFrom": true, "delText": true, "instrText": true, "delInstrText": true,
	"fldData": true, "fldChar": true, "rt": true, "altChunk": true, "sym": true,
	"pPrChange": true, "rPrChange": true, "tblPrChange": true, "trPrChange": true,
	"tcPrChange": true, "sectPrChange": true, "tblGridChange": true, "numberingChange": true,
}

// nameID stands for a local name the parser acts on; the parser compares
// these, not strings.
type nameID uint8

// Local names the parser acts on (WordprocessingML, markup compatibility).
const (
	nOther nameID = iota
	nDocument
	nBody
	nP
	nR
	nT
	nTab
	nPtab
	nBr
	nCr
	nNoBreakHyphen
	nTxbxContent
	nTbl
	nTr
	nTc
	nTcPr
	nTrPr
	nTblGrid
	nGridCol
	nGridSpan
	nVMerge
	nHMerge
	nTblHeader
	nGridBefore
	nGridAfter
	nDel
	nPPr
	nPStyle
	nRPr
	nVanish
	nSpecVanish
	nAlternateContent
	nChoice
	nFallback
	nSkippedFirst // the rest of skipped's names, from here on
)

// nameIDs maps the local names the parser acts on to their nameID; the
// names of skipped that are not among them get one from nSkippedFirst on.
var nameIDs = map[string]nameID{
	"document": nDocument, "body": nBody, "p": nP, "r": nR, "t": nT, "tab": nTab, "ptab": nPtab,
	"br": nBr, "cr": nCr, "noBreakHyphen": nNoBreakHyphen, "txbxContent": nTxbxContent, "tbl": nTbl,
	"tr": nTr, "tc": nTc, "tcPr": nTcPr, "trPr": nTrPr, "tblGrid": nTblGrid, "gridCol": nGridCol,
	"gridSpan": nGridSpan, "vMerge": nVMerge, "hMerge": nHMerge, "tblHeader": nTblHeader,
	"gridBefore": nGridBefore, "gridAfter": nGridAfter, "del": nDel, "pPr": nPPr, "pStyle": nPStyle,
	"rPr": nRPr, "vanish": nVanish, "specVanish": nSpecVanish, "AlternateContent": nAlternateContent,
	"Choice": nChoice, "Fallback": nFallback,
}

// isSkipped[id] reports whether the WordprocessingML element of that name
// is in skipped.
var isSkipped [256]bool

func init() {
	next := nSkippedFirst
	for name := range skipped {
		id, ok := nameIDs[name]
		if !ok {
			id = next
			nameIDs[name] = id
			next++
		}
		isSkipped[id] = true
	}
}

// lookupName returns the nameID of local, nOther if it has none. Most
// names are short: they are found by length and bytes, without hashing.
func lookupName(local []byte) nameID {
	switch len(local) {
	case 1:
		switch local[0] {
		case 'p':
			return nP
		case 'r':
			return nR
		case 't':
			return nT
		}
		return nameIDs[string(local)]
	case 2:
		switch string(local) {
		case "tc":
			return nTc
		case "tr":
			return nTr
		case "jc", "sz":
			return nOther
		}
	case 3:
		switch string(local) {
		case "pPr":
			return nPPr
		case "rPr":
			return nRPr
		case "tbl":
			return nTbl
		case "tcW":
			return nOther
		}
	case 4:
		switch string(local) {
		case "tcPr":
			return nTcPr
		case "trPr":
			return nTrPr
		case "szCs":
			return nOther
		}
	}
	return nameIDs[string(local)]
}

// elem is a start tag as the parser sees it: the class of its namespace
// and its name. Its attributes are the scanner's until the next token.
type elem struct {
	ns   uint8
	name nameID
}

// w reports whether e is the WordprocessingML element named n.
func (e elem) w(n nameID) bool { return e.ns == nsWord && e.name == n }

// mc reports whether e is the markup compatibility element named n.
func (e elem) mc(n nameID) bool { return e.ns == nsCompat && e.name == n }

// skipped reports whether e is a WordprocessingML element of skipped.
func (e elem) skipped() bool { return e.ns == nsWord && isSkipped[e.name] }

// tablePos is where in a table the parser is, for error messages.
type tablePos struct {
	n   int // 1-based table number, in the order tables start
	row int // 1-based row, 0 before the first row
	col int // 0-based grid column of the current cell, -1 outside a cell
}

// parser walks the token stream of a main document part.
type parser struct {
	file   string // the path as given, for errors
	part   string // the part's name in the zip, for errors
	lim    model.Limits
	s      *scanner
	depth  int        // element nesting depth
	tables int        // tables started so far
	cells  int        // grid positions of the tables read so far (Limits.Cells)
	stack  []tablePos // the tables being read, innermost last
	styles map[string]string
	free   freeList[paraState] // paraStates for the next paragraphs (newParaState)
	// cellSinks for the next cells (newCellSink)
	freeCells freeList[cellSink]
}

func newParser(file, part string, r io.Reader, lim model.Limits) *parser {
	return &parser{file: file, part: part, lim: lim, s: newScanner(r)}
}

// fail returns err as a *model.Error wrapping model.ErrMalformed, positioned
// in the innermost table being read. A part that decompresses to more than
// its limit is a limit crossed, not a malformed part.
func (p *parser) fail(err error) error {
	var big *tooLarge
	if errors.As(err, &big) {
		return p.at(fmt.Errorf("%w: %s decompresses to more than the limit of %d bytes", model.ErrLimit, p.part, big.limit))
	}
	return p.at(fmt.Errorf("%w: %s: %w", model.ErrMalformed, p.part, err))
}

// over returns the error of a limit crossed, positioned like fail's:
// "over a limit: " and the message format makes.
func (p *parser) over(format string, args ...any) error {
	return p.at(fmt.Errorf("%w: "+format, append([]any{model.ErrLimit}, args...)...))
}

// at returns err as a *model.Error positioned in the innermost table being
// read.
func (p *parser) at(err error) error {
	e := &model.Error{File: p.file, Err: err}
	if n := len(p.stack); n > 0 {
		tp := p.stack[n-1]
		e.Table = "table " + strconv.Itoa(tp.n)
		e.Row = tp.row
		if tp.col >= 0 {
			e.Column = tp.col + 1
		}
	}
	return e
}

// next reads the next token, keeping track of the element depth, and
// returns its kind. The end of input is an error: callers ask for a token
// only inside an element.
func (p *parser) next() (tokKind, error) {
	if err := p.s.next(); err != nil {
		if err == io.EOF {
			err = errors.New("unexpected end of part")
		}
		return 0, p.fail(err)
	}
	switch p.s.kind {
	case tokStart:
		if p.depth++; p.depth > maxElementDepth {
			return 0, p.fail(fmt.Errorf("elements nested deeper than %d", maxElementDepth))
		}
	case tokEnd:
		p.depth--
	}
	return p.s.kind, nil
}

// elem returns the start tag just read.
func (p *parser) elem() elem {
	ns := p.s.elemClass()
	if ns == nsOther {
		return elem{}
	}
	return elem{ns: ns, name: lookupName(p.s.local())}
}

// skip consumes the rest of the element whose start was just read.
func (p *parser) skip() error {
	for depth := 1; depth > 0; {
		k, err := p.next()
		if err != nil {
			return err
		}
		switch k {
		case tokStart:
			depth++
		case tokEnd:
			depth--
		}
	}
	return nil
}

// children calls fn for each child element of the element whose start was
// just read, up to its end. fn must consume the child it is given.
func (p *parser) children(fn func(elem) error) error {
	for {
		k, err := p.next()
		if err != nil {
			return err
		}
		switch k {
		case tokStart:
			if err := fn(p.elem()); err != nil {
				return err
			}
		case tokEnd:
			return nil
		}
	}
}

// alternate reads an mc:AlternateContent through fn: the children of its
// first mc:Choice or mc:Fallback go to fn, the other branches are skipped, so
// that content offered in several forms is read once.
func (p *parser) alternate(fn func(elem) error) error {
	taken := false
	return p.children(func(se elem) error {
		if taken || !(se.mc(nChoice) || se.mc(nFallback)) {
			return p.skip()
		}
		taken = true
		return p.children(fn)
	})
}

// document reads the part up to the end of its root element into doc.
func (p *parser) document(doc *model.Document) error {
	for {
		err := p.s.next()
		if err == io.EOF {
			return p.fail(errors.New("no root element"))
		}
		if err != nil {
			return p.fail(err)
		}
		if p.s.kind != tokStart {
			continue
		}
		p.depth = 1
		if !p.elem().w(nDocument) {
			return p.fail(fmt.Errorf("root element is <%s>, not <w:document>", p.s.local()))
		}
		sink := &bodySink{doc: doc}
		return p.children(func(se elem) error {
			if se.w(nBody) {
				return p.blocks(sink)
			}
			return p.skip()
		})
	}
}

// A sink receives the paragraphs and tables of a block container (the body,
// a table cell, a text box) in order.
type sink interface {
	para(text, style string)
	// tables receives a table followed by the tables nested in it.
	tables(ts []*model.Table)
}

// bodySink appends blocks to a Document.
type bodySink struct{ doc *model.Document }

func (s *bodySink) para(text, style string) {
	if text == "" {
		return
	}
	s.doc.Blocks = append(s.doc.Blocks, model.Block{Para: &model.Paragraph{Text: text, Style: style}})
}

func (s *bodySink) tables(ts []*model.Table) {
	for _, t := range ts {
		s.doc.Blocks = append(s.doc.Blocks, model.Block{Table: t})
	}
}

// cellSink collects a table cell's paragraphs and nested tables.
type cellSink struct {
	paras  []string
	size   int  // the length of text(), kept as paragraphs come
	empty  int  // empty paragraphs since the last one with text
	any    bool // a paragraph with text came
	nested []*model.Table
}

func (s *cellSink) para(text, _ string) {
	s.paras = append(s.paras, text)
	switch {
	case text == "":
		s.empty++
		return
	case s.any:
		s.size += s.empty + 1 + len(text) // joined by "\n" to the last with text
	default:
		s.size, s.any = len(text), true // empty paragraphs before it are dropped
	}
	s.empty = 0
}

func (s *cellSink) tables(ts []*model.Table) {
	for _, t := range ts {
		t.Nested = true
		s.nested = append(s.nested, t)
	}
}

// text is the cell's paragraphs joined by "\n", empty ones at the ends left out.
func (s *cellSink) text() string {
	ps := s.paras
	for len(ps) > 0 && ps[0] == "" {
		ps = ps[1:]
	}
	for len(ps) > 0 && ps[len(ps)-1] == "" {
		ps = ps[:len(ps)-1]
	}
	return strings.Join(ps, "\n")
}

// bufSink holds what a text box yields until the paragraph anchoring it has
// been sent on; then replay sends it on in the same order.
type bufSink struct{ events []bufEvent }

type bufEvent struct {
	text, style string
	tables      []*model.Table // if non-nil, a tables event
}

func (s *bufSink) para(text, style string) {
	s.events = append(s.events, bufEvent{text: text, style: style})
}

func (s *bufSink) tables(ts []*model.Table) { s.events = append(s.events, bufEvent{tables: ts}) }

func (s *bufSink) replay(to sink) {
	for _, e := range s.events {
		if e.tables != nil {
			to.tables(e.tables)
		} else {
			to.para(e.text, e.style)
		}
	}
}

// blocks reads the block-level children of the element whose start was just
// read (w:body, w:tc, w:txbxContent, w:sdtContent, ...) into s.
func (p *parser) blocks(s sink) error {
	return p.children(func(se elem) error { return p.block(se, s) })
}

// block reads one block-level element into s.
func (p *parser) block(se elem, s sink) error {
	switch {
	case se.w(nP):
		return p.paragraph(s)
	case se.w(nTbl):
		ts, err := p.table()
		if err != nil {
			return err
		}
		s.tables(ts)
		return nil
	case se.mc(nAlternateContent):
		return p.alternate(func(se elem) error { return p.block(se, s) })
	case se.skipped():
		return p.skip()
	default:
		// w:sdt, w:sdtContent, w:customXml, w:ins and the like wrap blocks.
		return p.blocks(s)
	}
}

// paraState is what a paragraph collects while its runs are read. The
// parser keeps those of paragraphs read (p.free) for the next ones: a
// document has tens of thousands of paragraphs, most of them in cells.
type paraState struct {
	text  []byte
	style string
	boxes bufSink // the contents of text boxes anchored in the paragraph
}

// paragraph reads a w:p and sends it, then its text boxes' contents, to s.
func (p *parser) paragraph(s sink) error {
	ps := p.newParaState()
	defer p.freeParaState(ps)
	err := p.children(func(se elem) error {
		if se.w(nPPr) {
			return p.paraProps(ps)
		}
		return p.inline(se, ps)
	})
	if err != nil {
		return err
	}
	if err := p.paraSize(ps.text); err != nil {
		return err
	}
	s.para(string(ps.text), ps.style)
	ps.boxes.replay(s)
	return nil
}

// newParaState returns an empty paraState: a free one if there is one.
func (p *parser) newParaState() *paraState { return p.free.get() }

// freeParaState empties ps and keeps it for the next paragraph. A text
// longer than maxKeptText is let go, not kept.
func (p *parser) freeParaState(ps *paraState) {
	if cap(ps.text) > maxKeptText {
		ps.text = nil
	}
	*ps = paraState{text: ps.text[:0]}
	p.free.put(ps)
}

// freeList keeps emptied values for reuse.
type freeList[T any] []*T

// get returns a kept value, or a new one.
func (f *freeList[T]) get() *T {
	n := len(*f)
	if n == 0 {
		return new(T)
	}
	v := (*f)[n-1]
	*f = (*f)[:n-1]
	return v
}

// put keeps v, emptied by the caller.
func (f *freeList[T]) put(v *T) { *f = append(*f, v) }

// maxKeptText is the largest buffer of paragraph text kept for the next
// paragraph.
const maxKeptText = 64 << 10

// paraSize fails once the paragraph text b is longer than
// Limits.ParaText.
func (p *parser) paraSize(b []byte) error {
	if len(b) <= p.lim.ParaText {
		return nil
	}
	return p.over("%d bytes of text in the paragraph starting %q, more than the limit of %d", len(b), head(string(b[:min(len(b), 256)])), p.lim.ParaText)
}

// head returns the first few characters of s, to name a paragraph in an
// error.
func head(s string) string {
	n := 0
	for i := range s {
		if n++; n > 20 {
			return s[:i] + "…"
		}
	}
	return s
}

// paraProps reads a paragraph's w:pPr for its style.
func (p *parser) paraProps(ps *paraState) error {
	return p.children(func(se elem) error {
		if se.w(nPStyle) {
			ps.style = p.intern(p.s.attr("val"))
		}
		return p.skip()
	})
}

// intern returns b as a string, the same string for the same bytes: a
// document uses a few styles many times.
func (p *parser) intern(b []byte) string {
	if s, ok := p.styles[string(b)]; ok {
		return s
	}
	if p.styles == nil {
		p.styles = map[string]string{}
	}
	s := string(b)
	p.styles[s] = s
	return s
}

// inline reads one element of a paragraph's content into ps.
func (p *parser) inline(se elem, ps *paraState) error {
	if se.ns == nsWord {
		switch se.name {
		case nR:
			return p.run(ps)
		case nT:
			return p.chars(ps)
		case nTab, nPtab:
			ps.text = append(ps.text, '\t')
			return p.charDone(ps)
		case nBr, nCr:
			if string(p.s.attr("type")) != "page" {
				ps.text = append(ps.text, '\n')
			}
			return p.charDone(ps)
		case nNoBreakHyphen:
			ps.text = append(ps.text, '-')
			return p.charDone(ps)
		case nTxbxContent:
			return p.blocks(&ps.boxes)
		case nP, nTbl:
			// Not valid in a run; read as a text box would be.
			return p.block(se, &ps.boxes)
		}
		if isSkipped[se.name] {
			return p.skip()
		}
	}
	if se.mc(nAlternateContent) {
		return p.alternate(func(se elem) error { return p.inline(se, ps) })
	}
	// Runs, w:ins, w:hyperlink, w:smartTag, w:fldSimple, w:sdt, w:sdtContent,
	// w:drawing and the DrawingML and VML that lead to text boxes.
	return p.children(func(se elem) error { return p.inline(se, ps) })
}

// run reads a w:r into ps. A run whose properties hide it (w:vanish) is not
// printed and adds nothing.
func (p *parser) run(ps *paraState) error {
	hidden := false
	return p.children(func(se elem) error {
		switch {
		case se.w(nRPr):
			return p.children(func(se elem) error {
				if se.w(nVanish) || se.w(nSpecVanish) {
					hidden = hidden || onOff(p.s.attr("val"))
				}
				return p.skip()
			})
		case hidden:
			return p.skip()
		}
		return p.inline(se, ps)
	})
}

// charDone checks the size of the paragraph text of ps after a character
// was added, and consumes the rest of the element that added it.
func (p *parser) charDone(ps *paraState) error {
	if err := p.paraSize(ps.text); err != nil {
		return err
	}
	return p.skip()
}

// chars appends the character data of the element whose start was just read
// to the paragraph text of ps; child elements (not valid there) are skipped.
func (p *parser) chars(ps *paraState) error {
	for {
		k, err := p.next()
		if err != nil {
			return err
		}
		switch k {
		case tokText:
			ps.text = append(ps.text, p.s.text...)
			if err := p.paraSize(ps.text); err != nil {
				return err
			}
		case tokStart:
			if err := p.skip(); err != nil {
				return err
			}
		case tokEnd:
			return nil
		}
	}
}

// tableState is what a table collects while its rows are read.
type tableState struct {
	t       *model.Table
	grid    int  // w:gridCol count of the first w:tblGrid
	gotGrid bool // a w:tblGrid was read
	width   int  // widest row extent
	nested  []*model.Table
	// lastCells is the number of cells of the last row read
	lastCells int
}

// table reads a w:tbl and returns it followed by the tables nested in it.
func (p *parser) table() ([]*model.Table, error) {
	p.tables++
	p.stack = append(p.stack, tablePos{n: p.tables, col: -1})
	if p.tables > p.lim.Tables {
		return nil, p.over("%d tables, more than the limit of %d", p.tables, p.lim.Tables)
	}
	if len(p.stack) > p.lim.Nesting {
		return nil, p.over("a table nested %d deep, more than the limit of %d", len(p.stack), p.lim.Nesting)
	}
	ts := &tableState{t: &model.Table{GridKnown: true}}
	if err := p.children(func(se elem) error { return p.tableChild(se, ts) }); err != nil {
		return nil, err
	}
	ts.t.Cols = max(ts.grid, ts.width)
	if err := p.gridSize(ts); err != nil {
		return nil, err
	}
	p.cells += len(ts.t.Rows) * ts.t.Cols
	p.stack = p.stack[:len(p.stack)-1]
	return append([]*model.Table{ts.t}, ts.nested...), nil
}

// gridSize fails once the grid positions of the tables read so far and of
// ts (its rows times its widest extent yet) are more than Limits.Cells:
// what laying the table out on its grid will cost, whatever the input
// spelled out.
func (p *parser) gridSize(ts *tableState) error {
	if n := len(ts.t.Rows) * max(ts.grid, ts.width); p.cells+n > p.lim.Cells {
		return p.over("%d grid positions (rows × grid columns, summed over the tables), more than the limit of %d", p.cells+n, p.lim.Cells)
	}
	return nil
}

// tableChild reads one child element of a w:tbl (or of a wrapper of rows).
func (p *parser) tableChild(se elem, ts *tableState) error {
	switch {
	case se.w(nTr):
		return p.row(ts)
	case se.w(nTblGrid):
		if ts.gotGrid {
			return p.skip()
		}
		ts.gotGrid = true
		return p.children(func(se elem) error {
			if se.w(nGridCol) {
				if ts.grid++; ts.grid > p.lim.Cols {
					return p.over("%d grid columns (w:gridCol), more than the limit of %d", ts.grid, p.lim.Cols)
				}
			}
			return p.skip()
		})
	case se.mc(nAlternateContent):
		return p.alternate(func(se elem) error { return p.tableChild(se, ts) })
	case se.skipped():
		return p.skip()
	default:
		// Row-level w:sdt, w:sdtContent, w:customXml; bookmarks.
		return p.children(func(se elem) error { return p.tableChild(se, ts) })
	}
}

// rowState is what a row collects while its cells are read.
type rowState struct {
	r       model.Row
	col     int  // grid column where the next cell starts
	after   int  // w:gridAfter
	deleted bool // a tracked deletion of the row (w:trPr/w:del)
}

// row reads a w:tr into ts.
func (p *parser) row(ts *tableState) error {
	tp := &p.stack[len(p.stack)-1]
	tp.row++
	rs := &rowState{}
	// as many cells as the row before, or as the grid has columns: one
	// allocation for most rows, instead of one per doubling
	if n := cmp.Or(ts.lastCells, min(ts.grid, 64)); n > 0 {
		rs.r.Cells = make([]model.Cell, 0, n)
	}
	if err := p.children(func(se elem) error { return p.rowChild(se, rs, ts) }); err != nil {
		return err
	}
	p.stack[len(p.stack)-1].col = -1
	if rs.deleted {
		return nil
	}
	if rs.col+rs.after > p.lim.Cols {
		return p.over("a row spanning %d grid columns (w:gridAfter %d included), more than the limit of %d", rs.col+rs.after, rs.after, p.lim.Cols)
	}
	ts.width = max(ts.width, rs.col+rs.after)
	ts.lastCells = len(rs.r.Cells)
	if len(rs.r.Cells) > 0 {
		ts.t.Rows = append(ts.t.Rows, rs.r)
		if len(ts.t.Rows) > p.lim.Rows {
			return p.over("%d rows, more than the limit of %d", len(ts.t.Rows), p.lim.Rows)
		}
	}
	return p.gridSize(ts)
}

// rowChild reads one child element of a w:tr (or of a wrapper of cells).
func (p *parser) rowChild(se elem, rs *rowState, ts *tableState) error {
	switch {
	case se.w(nTc):
		return p.cell(rs, ts)
	case se.w(nTrPr):
		return p.children(func(se elem) error {
			switch {
			case se.w(nTblHeader):
				rs.r.Header = onOff(p.s.attr("val"))
			case se.w(nGridBefore):
				if len(rs.r.Cells) == 0 {
					rs.col = gridVal(p.s.attr("val"), 0)
					if rs.col > p.lim.Cols {
						return p.over("a row starting after %d grid columns (w:gridBefore), more than the limit of %d", rs.col, p.lim.Cols)
					}
				}
			case se.w(nGridAfter):
				rs.after = gridVal(p.s.attr("val"), 0)
				if rs.after > p.lim.Cols {
					return p.over("a row ending with %d empty grid columns (w:gridAfter), more than the limit of %d", rs.after, p.lim.Cols)
				}
			case se.w(nDel):
				rs.deleted = true
			}
			return p.skip()
		})
	case se.mc(nAlternateContent):
		return p.alternate(func(se elem) error { return p.rowChild(se, rs, ts) })
	case se.skipped():
		return p.skip()
	default:
		// Cell-level w:sdt, w:sdtContent, w:customXml; bookmarks.
		return p.children(func(se elem) error { return p.rowChild(se, rs, ts) })
	}
}

// hMerge states of an old-style horizontally merged cell.
const (
	hMergeNone = iota
	hMergeRestart
	hMergeContinue
)

// cell reads a w:tc into rs, and the tables nested in it into ts.
func (p *parser) cell(rs *rowState, ts *tableState) error {
	p.stack[len(p.stack)-1].col = rs.col
	c := model.Cell{Col: rs.col, Span: 1}
	hmerge := hMergeNone
	cs := p.newCellSink()
	defer p.freeCellSink(cs)
	err := p.children(func(se elem) error {
		if !se.w(nTcPr) {
			if err := p.block(se, cs); err != nil {
				return err
			}
			return p.cellSize(cs.size)
		}
		return p.children(func(se elem) error {
			switch {
			case se.w(nGridSpan):
				c.Span = max(gridVal(p.s.attr("val"), 1), 1)
				if c.Span > p.lim.Cols {
					return p.over("a cell spanning %d grid columns, more than the limit of %d", c.Span, p.lim.Cols)
				}
			case se.w(nVMerge):
				c.VMerge = model.VMergeContinue
				if string(p.s.attr("val")) == "restart" {
					c.VMerge = model.VMergeRestart
				}
			case se.w(nHMerge):
				hmerge = hMergeContinue
				if string(p.s.attr("val")) == "restart" {
					hmerge = hMergeRestart
				}
			}
			return p.skip()
		})
	})
	if err != nil {
		return err
	}
	c.Text = cs.text()
	if rs.col+c.Span > p.lim.Cols {
		return p.over("a row spanning %d grid columns, more than the limit of %d", rs.col+c.Span, p.lim.Cols)
	}
	rs.col += c.Span
	ts.nested = append(ts.nested, cs.nested...)
	if n := len(rs.r.Cells); hmerge == hMergeContinue && n > 0 {
		prev := &rs.r.Cells[n-1]
		prev.Span += c.Span
		switch {
		case c.Text == "":
		case prev.Text == "":
			prev.Text = c.Text
		default:
			if err := p.cellSize(len(prev.Text) + 1 + len(c.Text)); err != nil {
				return err
			}
			prev.Text += "\n" + c.Text
		}
	} else {
		rs.r.Cells = append(rs.r.Cells, c)
	}
	p.stack[len(p.stack)-1].col = -1
	return nil
}

// newCellSink returns an empty cellSink: a free one if there is one.
func (p *parser) newCellSink() *cellSink { return p.freeCells.get() }

// freeCellSink empties cs and keeps it for the next cell.
func (p *parser) freeCellSink(cs *cellSink) {
	clear(cs.paras) // let the texts go
	*cs = cellSink{paras: cs.paras[:0]}
	p.freeCells.put(cs)
}

// cellSize fails when n, the bytes of text in a cell, is more than
// Limits.CellText.
func (p *parser) cellSize(n int) error {
	if n > p.lim.CellText {
		return p.over("%d bytes of text in a cell, more than the limit of %d", n, p.lim.CellText)
	}
	return nil
}

// onOff reads val, the w:val of an on/off property such as w:tblHeader:
// absent (nil) means on.
func onOff(val []byte) bool {
	switch string(val) {
	case "0", "false", "off":
		return false
	}
	return true
}

// gridVal reads val, the w:val of w:gridSpan, w:gridBefore or w:gridAfter,
// clamped to [0, maxGrid] (a number too large for an int is maxGrid); def
// if it is absent or not a number.
func gridVal(val []byte, def int) int {
	if n, ok := smallUint(val); ok {
		return n
	}
	v := strings.TrimSpace(string(val))
	n, err := strconv.Atoi(v)
	if errors.Is(err, strconv.ErrRange) {
		if strings.HasPrefix(v, "-") {
			return 0
		}
		return maxGrid
	}
	if err != nil {
		return def
	}
	return min(max(n, 0), maxGrid)
}

// smallUint reads b if it is 1 to 9 decimal digits (below maxGrid), the
// common case of gridVal.
func smallUint(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
