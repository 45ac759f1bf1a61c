package docx

// The reader as it was before the scanner: the main part read through
// encoding/xml's Decoder.Token. It is kept, in the tests only, as the
// oracle of the scanner: TestScannerMatchesDecoder and FuzzScannerMatchesDecoder
// read documents both ways and want the same model or the same error.
// A change of what the reader reads is made in both.

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/budgetx/budgetx/model"
)

func refIsW(n xml.Name, local string) bool { return n.Local == local && isWSpace(n.Space) }

func refIsMC(n xml.Name, local string) bool {
	return n.Local == local && (n.Space == nsMC || n.Space == "mc")
}

// refParser walks the token stream of a main document part.
type refParser struct {
	file   string // the path as given, for errors
	part   string // the part's name in the zip, for errors
	lim    model.Limits
	d      *xml.Decoder
	depth  int        // element nesting depth
	tables int        // tables started so far
	cells  int        // grid positions of the tables read so far (Limits.Cells)
	stack  []tablePos // the tables being read, innermost last
}

func newRefParser(file, part string, r io.Reader, lim model.Limits) *refParser {
	return &refParser{file: file, part: part, lim: lim, d: xml.NewDecoder(r)}
}

// fail returns err as a *model.Error wrapping model.ErrMalformed, positioned
// in the innermost table being read. A part that decompresses to more than
// its limit is a limit crossed, not a malformed part.
func (p *refParser) fail(err error) error {
	var big *tooLarge
	if errors.As(err, &big) {
		return p.at(fmt.Errorf("%w: %s decompresses to more than the limit of %d bytes", model.ErrLimit, p.part, big.limit))
	}
	return p.at(fmt.Errorf("%w: %s: %w", model.ErrMalformed, p.part, err))
}

// over returns the error of a limit crossed, positioned like fail's:
// "over a limit: " and the message format makes.
func (p *refParser) over(format string, args ...any) error {
	return p.at(fmt.Errorf("%w: "+format, append([]any{model.ErrLimit}, args...)...))
}

// at returns err as a *model.Error positioned in the innermost table being
// read.
func (p *refParser) at(err error) error {
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

// next returns the next token, keeping track of the element depth. The end
// of input is an error: callers ask for a token only inside an element.
func (p *refParser) next() (xml.Token, error) {
	t, err := p.d.Token()
	if err != nil {
		if err == io.EOF {
			err = errors.New("unexpected end of part")
		}
		return nil, p.fail(err)
	}
	switch t.(type) {
	case xml.StartElement:
		if p.depth++; p.depth > maxElementDepth {
			return nil, p.fail(fmt.Errorf("elements nested deeper than %d", maxElementDepth))
		}
	case xml.EndElement:
		p.depth--
	}
	return t, nil
}

// skip consumes the rest of the element whose start was just read.
func (p *refParser) skip() error {
	for depth := 1; depth > 0; {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch t.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// children calls fn for each child element of the element whose start was
// just read, up to its end. fn must consume the child it is given.
func (p *refParser) children(fn func(xml.StartElement) error) error {
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.StartElement:
			if err := fn(t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// alternate reads an mc:AlternateContent through fn: the children of its
// first mc:Choice or mc:Fallback go to fn, the other branches are skipped, so
// that content offered in several forms is read once.
func (p *refParser) alternate(fn func(xml.StartElement) error) error {
	taken := false
	return p.children(func(se xml.StartElement) error {
		if taken || !(refIsMC(se.Name, "Choice") || refIsMC(se.Name, "Fallback")) {
			return p.skip()
		}
		taken = true
		return p.children(fn)
	})
}

// document reads the part up to the end of its root element into doc.
func (p *refParser) document(doc *model.Document) error {
	for {
		t, err := p.d.Token()
		if err == io.EOF {
			return p.fail(errors.New("no root element"))
		}
		if err != nil {
			return p.fail(err)
		}
		se, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		p.depth = 1
		if !refIsW(se.Name, "document") {
			return p.fail(fmt.Errorf("root element is <%s>, not <w:document>", se.Name.Local))
		}
		sink := &bodySink{doc: doc}
		return p.children(func(se xml.StartElement) error {
			if refIsW(se.Name, "body") {
				return p.blocks(sink)
			}
			return p.skip()
		})
	}
}

// blocks reads the block-level children of the element whose start was just
// read (w:body, w:tc, w:txbxContent, w:sdtContent, ...) into s.
func (p *refParser) blocks(s sink) error {
	return p.children(func(se xml.StartElement) error { return p.block(se, s) })
}

// block reads one block-level element into s.
func (p *refParser) block(se xml.StartElement, s sink) error {
	switch {
	case refIsW(se.Name, "p"):
		return p.paragraph(s)
	case refIsW(se.Name, "tbl"):
		ts, err := p.table()
		if err != nil {
			return err
		}
		s.tables(ts)
		return nil
	case refIsMC(se.Name, "AlternateContent"):
		return p.alternate(func(se xml.StartElement) error { return p.block(se, s) })
	case isWSpace(se.Name.Space) && skipped[se.Name.Local]:
		return p.skip()
	default:
		// w:sdt, w:sdtContent, w:customXml, w:ins and the like wrap blocks.
		return p.blocks(s)
	}
}

// paragraph reads a w:p and sends it, then its text boxes' contents, to s.
func (p *refParser) paragraph(s sink) error {
	var ps refParaState
	err := p.children(func(se xml.StartElement) error {
		if refIsW(se.Name, "pPr") {
			return p.paraProps(&ps)
		}
		return p.inline(se, &ps)
	})
	if err != nil {
		return err
	}
	if err := p.paraSize(&ps.text); err != nil {
		return err
	}
	s.para(ps.text.String(), ps.style)
	ps.boxes.replay(s)
	return nil
}

// paraSize fails once the paragraph text in b is longer than
// Limits.ParaText.
func (p *refParser) paraSize(b *strings.Builder) error {
	if b.Len() <= p.lim.ParaText {
		return nil
	}
	return p.over("%d bytes of text in the paragraph starting %q, more than the limit of %d", b.Len(), head(b.String()), p.lim.ParaText)
}

// paraProps reads a paragraph's w:pPr for its style.
func (p *refParser) paraProps(ps *refParaState) error {
	return p.children(func(se xml.StartElement) error {
		if refIsW(se.Name, "pStyle") {
			ps.style = refAttr(se, "val")
		}
		return p.skip()
	})
}

// inline reads one element of a paragraph's content into ps.
func (p *refParser) inline(se xml.StartElement, ps *refParaState) error {
	if isWSpace(se.Name.Space) {
		switch se.Name.Local {
		case "r":
			return p.run(ps)
		case "t":
			return p.chars(&ps.text)
		case "tab", "ptab":
			ps.text.WriteByte('\t')
			return p.charDone(&ps.text)
		case "br", "cr":
			if refAttr(se, "type") != "page" {
				ps.text.WriteByte('\n')
			}
			return p.charDone(&ps.text)
		case "noBreakHyphen":
			ps.text.WriteByte('-')
			return p.charDone(&ps.text)
		case "txbxContent":
			return p.blocks(&ps.boxes)
		case "p", "tbl":
			// Not valid in a run; read as a text box would be.
			return p.block(se, &ps.boxes)
		}
		if skipped[se.Name.Local] {
			return p.skip()
		}
	}
	if refIsMC(se.Name, "AlternateContent") {
		return p.alternate(func(se xml.StartElement) error { return p.inline(se, ps) })
	}
	// Runs, w:ins, w:hyperlink, w:smartTag, w:fldSimple, w:sdt, w:sdtContent,
	// w:drawing and the DrawingML and VML that lead to text boxes.
	return p.children(func(se xml.StartElement) error { return p.inline(se, ps) })
}

// run reads a w:r into ps. A run whose properties hide it (w:vanish) is not
// printed and adds nothing.
func (p *refParser) run(ps *refParaState) error {
	hidden := false
	return p.children(func(se xml.StartElement) error {
		switch {
		case refIsW(se.Name, "rPr"):
			return p.children(func(se xml.StartElement) error {
				if refIsW(se.Name, "vanish") || refIsW(se.Name, "specVanish") {
					hidden = hidden || refOnOff(se)
				}
				return p.skip()
			})
		case hidden:
			return p.skip()
		}
		return p.inline(se, ps)
	})
}

// charDone checks the size of paragraph text b after a character was
// added, and consumes the rest of the element that added it.
func (p *refParser) charDone(b *strings.Builder) error {
	if err := p.paraSize(b); err != nil {
		return err
	}
	return p.skip()
}

// chars appends the character data of the element whose start was just read
// to b; child elements (not valid there) are skipped.
func (p *refParser) chars(b *strings.Builder) error {
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.CharData:
			b.Write(t)
			if err := p.paraSize(b); err != nil {
				return err
			}
		case xml.StartElement:
			if err := p.skip(); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// table reads a w:tbl and returns it followed by the tables nested in it.
func (p *refParser) table() ([]*model.Table, error) {
	p.tables++
	p.stack = append(p.stack, tablePos{n: p.tables, col: -1})
	if p.tables > p.lim.Tables {
		return nil, p.over("%d tables, more than the limit of %d", p.tables, p.lim.Tables)
	}
	if len(p.stack) > p.lim.Nesting {
		return nil, p.over("a table nested %d deep, more than the limit of %d", len(p.stack), p.lim.Nesting)
	}
	ts := &tableState{t: &model.Table{GridKnown: true}}
	if err := p.children(func(se xml.StartElement) error { return p.tableChild(se, ts) }); err != nil {
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
func (p *refParser) gridSize(ts *tableState) error {
	if n := len(ts.t.Rows) * max(ts.grid, ts.width); p.cells+n > p.lim.Cells {
		return p.over("%d grid positions (rows × grid columns, summed over the tables), more than the limit of %d", p.cells+n, p.lim.Cells)
	}
	return nil
}

// tableChild reads one child element of a w:tbl (or of a wrapper of rows).
func (p *refParser) tableChild(se xml.StartElement, ts *tableState) error {
	switch {
	case refIsW(se.Name, "tr"):
		return p.row(ts)
	case refIsW(se.Name, "tblGrid"):
		if ts.gotGrid {
			return p.skip()
		}
		ts.gotGrid = true
		return p.children(func(se xml.StartElement) error {
			if refIsW(se.Name, "gridCol") {
				if ts.grid++; ts.grid > p.lim.Cols {
					return p.over("%d grid columns (w:gridCol), more than the limit of %d", ts.grid, p.lim.Cols)
				}
			}
			return p.skip()
		})
	case refIsMC(se.Name, "AlternateContent"):
		return p.alternate(func(se xml.StartElement) error { return p.tableChild(se, ts) })
	case isWSpace(se.Name.Space) && skipped[se.Name.Local]:
		return p.skip()
	default:
		// Row-level w:sdt, w:sdtContent, w:customXml; bookmarks.
		return p.children(func(se xml.StartElement) error { return p.tableChild(se, ts) })
	}
}

// row reads a w:tr into ts.
func (p *refParser) row(ts *tableState) error {
	tp := &p.stack[len(p.stack)-1]
	tp.row++
	rs := &rowState{}
	if err := p.children(func(se xml.StartElement) error { return p.rowChild(se, rs, ts) }); err != nil {
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
	if len(rs.r.Cells) > 0 {
		ts.t.Rows = append(ts.t.Rows, rs.r)
		if len(ts.t.Rows) > p.lim.Rows {
			return p.over("%d rows, more than the limit of %d", len(ts.t.Rows), p.lim.Rows)
		}
	}
	return p.gridSize(ts)
}

// rowChild reads one child element of a w:tr (or of a wrapper of cells).
func (p *refParser) rowChild(se xml.StartElement, rs *rowState, ts *tableState) error {
	switch {
	case refIsW(se.Name, "tc"):
		return p.cell(rs, ts)
	case refIsW(se.Name, "trPr"):
		return p.children(func(se xml.StartElement) error {
			switch {
			case refIsW(se.Name, "tblHeader"):
				rs.r.Header = refOnOff(se)
			case refIsW(se.Name, "gridBefore"):
				if len(rs.r.Cells) == 0 {
					rs.col = refGridVal(se, 0)
					if rs.col > p.lim.Cols {
						return p.over("a row starting after %d grid columns (w:gridBefore), more than the limit of %d", rs.col, p.lim.Cols)
					}
				}
			case refIsW(se.Name, "gridAfter"):
				rs.after = refGridVal(se, 0)
				if rs.after > p.lim.Cols {
					return p.over("a row ending with %d empty grid columns (w:gridAfter), more than the limit of %d", rs.after, p.lim.Cols)
				}
			case refIsW(se.Name, "del"):
				rs.deleted = true
			}
			return p.skip()
		})
	case refIsMC(se.Name, "AlternateContent"):
		return p.alternate(func(se xml.StartElement) error { return p.rowChild(se, rs, ts) })
	case isWSpace(se.Name.Space) && skipped[se.Name.Local]:
		return p.skip()
	default:
		// Cell-level w:sdt, w:sdtContent, w:customXml; bookmarks.
		return p.children(func(se xml.StartElement) error { return p.rowChild(se, rs, ts) })
	}
}

// cell reads a w:tc into rs, and the tables nested in it into ts.
func (p *refParser) cell(rs *rowState, ts *tableState) error {
	p.stack[len(p.stack)-1].col = rs.col
	c := model.Cell{Col: rs.col, Span: 1}
	hmerge := hMergeNone
	var cs cellSink
	err := p.children(func(se xml.StartElement) error {
		if !refIsW(se.Name, "tcPr") {
			if err := p.block(se, &cs); err != nil {
				return err
			}
			return p.cellSize(cs.size)
		}
		return p.children(func(se xml.StartElement) error {
			switch {
			case refIsW(se.Name, "gridSpan"):
				c.Span = max(refGridVal(se, 1), 1)
				if c.Span > p.lim.Cols {
					return p.over("a cell spanning %d grid columns, more than the limit of %d", c.Span, p.lim.Cols)
				}
			case refIsW(se.Name, "vMerge"):
				c.VMerge = model.VMergeContinue
				if refAttr(se, "val") == "restart" {
					c.VMerge = model.VMergeRestart
				}
			case refIsW(se.Name, "hMerge"):
				hmerge = hMergeContinue
				if refAttr(se, "val") == "restart" {
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

// cellSize fails when n, the bytes of text in a cell, is more than
// Limits.CellText.
func (p *refParser) cellSize(n int) error {
	if n > p.lim.CellText {
		return p.over("%d bytes of text in a cell, more than the limit of %d", n, p.lim.CellText)
	}
	return nil
}

// onOff reads the w:val of an on/off property such as w:tblHeader: absent
// means on.
func refOnOff(se xml.StartElement) bool {
	switch refAttr(se, "val") {
	case "0", "false", "off":
		return false
	}
	return true
}

// gridVal reads the w:val of w:gridSpan, w:gridBefore or w:gridAfter, clamped
// to [0, maxGrid] (a number too large for an int is maxGrid); def if it is
// absent or not a number.
func refGridVal(se xml.StartElement, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(refAttr(se, "val")))
	if errors.Is(err, strconv.ErrRange) {
		if strings.HasPrefix(strings.TrimSpace(refAttr(se, "val")), "-") {
			return 0
		}
		return maxGrid
	}
	if err != nil {
		return def
	}
	return min(max(n, 0), maxGrid)
}

// refParaState is what a paragraph collects while its runs are read.
type refParaState struct {
	text  strings.Builder
	style string
	boxes bufSink // the contents of text boxes anchored in the paragraph
}

// refAttr is attr: the value of se's attribute named local in no
// namespace or in a WordprocessingML namespace, or "".
func refAttr(se xml.StartElement, local string) string { return attr(se, local) }
