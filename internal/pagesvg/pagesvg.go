// Package pagesvg draws how budgetx read a PDF page, as SVG: the page box,
// every glyph's box with its text, the ruling lines the page layer
// collected, the grid the layout built for each table (and the grids it
// refused, dashed, with the reason), each table's box with its number,
// title and recognized type, and the header rows coloured by the role the
// normalizer gave each column (code, name, amount, other, unmapped), with
// a legend. It is the picture of a page's model, in the manner of
// pdfplumber's visual debugging; nothing is rasterized, no font is
// embedded or fetched (the text names a list of CJK fonts a viewer may
// have, ending in sans-serif).
//
// Page, Table and Tables read the PDF in a worker process
// (pipeline.ReadPages), under Options.Limits: a corrupt PDF that crashes
// the PDF library fails the call with an error and leaves the caller
// running. Each call reads the whole document (a table's number and its
// header rows depend on the tables before it): Tables draws several
// tables of one document for the price of one reading. Draw and
// DrawTable draw a pageview.View the caller already has.
//
// # Coordinates
//
// The picture's user units are PDF points. PDF puts the origin at the
// bottom-left corner of the page, Y up; SVG at the top-left, Y down.
// The one flip is drawer.y: an SVG y is the page height minus the PDF
// y, so the viewBox of a whole page is "0 0 width height" (the legend is
// drawn below it, at y > height).
package pagesvg

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/budgetx/budgetx/internal/normalize"
	"github.com/budgetx/budgetx/internal/pageview"
	"github.com/budgetx/budgetx/internal/pipeline"
	"github.com/budgetx/budgetx/model"
)

// A Cell names a cell to highlight as issues.jsonl names it: the table's
// index (documents.jsonl tables[].index; 0 any table drawn), the record's
// row_no (issues.jsonl "row"; 0 every row) and the field or header label
// (issues.jsonl "column"; "" the whole row). See pageview.Table.Locate.
type Cell = pageview.Cell

// Options configure a picture. The zero value draws a whole page at 1.5
// CSS pixels a point under the default limits.
type Options struct {
	// Limits bound the reading of the PDF, as in budgetx extract (zero
	// fields: model.DefaultLimits).
	Limits model.Limits
	// Highlight marks cells: what a check blamed, say.
	Highlight []Cell
	// MaxWidth is the largest width of the picture in CSS pixels (its
	// width attribute); 0 means no limit. The picture is drawn at 1.5
	// pixels a point, smaller when that is wider than MaxWidth.
	MaxWidth float64
	// Margin is the space around a table's region (Table), in points;
	// 0 means 12.
	Margin float64
}

// Page draws page (1-based) of the PDF at path, with the cells of
// Options.Highlight that are on it. Errors are *model.Error
// with the file and the page: the PDF's own (damaged, encrypted, over a
// limit, a crash of the PDF library in the worker), or a page the
// document does not have.
func Page(ctx context.Context, path string, page int, opt Options) ([]byte, error) {
	if page < 1 {
		return nil, &model.Error{File: path, Page: page, Err: fmt.Errorf("no such page: pages count from 1")}
	}
	v, err := pipeline.ReadPage(ctx, path, pageview.Request{Page: page}, opt.Limits)
	if err != nil {
		return nil, placeErr(err, path, page, "")
	}
	return Draw(v, opt), nil
}

// Table draws the region of the page that holds table number tableIndex
// (1-based, in document order: documents.jsonl tables[].index), with
// Options.Margin around it, and returns the page drawn. A table that goes
// on over pages is drawn on one page: the first that holds one of the
// cells of Options.Highlight, else its first page (Page draws the others;
// pageview.Table.FirstPage and LastPage say which they are). Errors are
// *model.Error with the file, and the table when it is not in the
// document.
func Table(ctx context.Context, path string, tableIndex int, opt Options) (page int, svg []byte, err error) {
	pics, err := Tables(ctx, path, []int{tableIndex}, opt)
	if err != nil {
		return 0, nil, err
	}
	return pics[0].Page, pics[0].SVG, pics[0].Err
}

// A Picture is the picture of one table (Tables).
type Picture struct {
	Table int    // the table's index, as asked
	Page  int    // the page drawn, 0 when Err is set
	SVG   []byte // nil when Err is set
	Err   error  // why this table could not be drawn (it is not in the document)
}

// Tables draws the regions of several tables of the PDF at path as
// Table does, reading the PDF once, in one worker: pictures[i] is that of
// tables[i]. err is the document's error (it could not be read: every
// table fails with it); a table the document does not have fails alone,
// in its Picture's Err. Options.Highlight applies to every table (a Cell
// with Table 0 to each; give Cell.Table to mark one table's cells only).
func Tables(ctx context.Context, path string, tables []int, opt Options) (pictures []Picture, err error) {
	pictures = make([]Picture, len(tables))
	var reqs []pageview.Request
	var asked []int // the pictures asked of the worker
	for i, n := range tables {
		pictures[i].Table = n
		if n < 1 {
			pictures[i].Err = &model.Error{File: path, Table: "table " + strconv.Itoa(n), Err: errors.New("no such table: tables count from 1")}
			continue
		}
		reqs = append(reqs, pageview.Request{Table: n, Focus: opt.Highlight})
		asked = append(asked, i)
	}
	if len(reqs) == 0 {
		return pictures, nil
	}
	where := ""
	if len(tables) == 1 {
		where = "table " + strconv.Itoa(tables[0])
	}
	views, errs, err := pipeline.ReadPages(ctx, path, reqs, opt.Limits)
	if err != nil {
		return nil, placeErr(err, path, 0, where)
	}
	for k, i := range asked {
		n := tables[i]
		if errs[k] != nil {
			pictures[i].Err = placeErr(errs[k], path, 0, "table "+strconv.Itoa(n))
			continue
		}
		svg, err := DrawTable(views[k], n, opt)
		if err != nil {
			pictures[i].Err = err
			continue
		}
		pictures[i].Page, pictures[i].SVG = views[k].Page, svg
	}
	return pictures, nil
}

// placeErr makes err a *model.Error naming path, and page or table where
// it names neither.
func placeErr(err error, path string, page int, table string) error {
	var me *model.Error
	if !errors.As(err, &me) {
		return &model.Error{File: path, Page: page, Table: table, Err: err}
	}
	if me.Page == 0 && me.Table == "" {
		cp := *me
		cp.Page, cp.Table = page, table
		return &cp
	}
	return err
}

// Draw draws a whole page.
func Draw(v *pageview.View, opt Options) []byte {
	d := newDrawer(v, opt, box{0, 0, v.Width, v.Height})
	return d.draw(nil)
}

// DrawTable draws the region of v's page that holds table number index,
// with opt.Margin around it. An error names a table not on the page.
func DrawTable(v *pageview.View, index int, opt Options) ([]byte, error) {
	region := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	var only []int
	for i, t := range v.Tables {
		if t.Index != index || len(t.Xs) < 2 || len(t.Ys) < 2 {
			continue
		}
		only = append(only, i)
		region.x0, region.x1 = math.Min(region.x0, t.Xs[0]), math.Max(region.x1, t.Xs[len(t.Xs)-1])
		region.y0, region.y1 = math.Min(region.y0, t.Ys[len(t.Ys)-1]), math.Max(region.y1, t.Ys[0])
	}
	if len(only) == 0 {
		return nil, &model.Error{File: v.File, Page: v.Page, Table: "table " + strconv.Itoa(index), Err: errors.New("the table is not drawn on this page")}
	}
	m := opt.Margin
	if m <= 0 {
		m = 12
	}
	// room above for the table's label and the title printed over it
	region = box{math.Max(region.x0-m, 0), math.Max(region.y0-m-labelBelow, 0), math.Min(region.x1+m, v.Width), math.Min(region.y1+m+labelRoom, v.Height)}
	d := newDrawer(v, opt, region)
	return d.draw(only), nil
}

// labelRoom is the room kept above a table for the title and unit
// printed over it, points.
const labelRoom = 56

// labelBelow is the room under a table for its label, points.
const labelBelow = 14

// box is a rectangle in PDF coordinates (points, Y up).
type box struct{ x0, y0, x1, y1 float64 }

func (b box) overlaps(o box) bool {
	return b.x0 <= o.x1 && o.x0 <= b.x1 && b.y0 <= o.y1 && o.y0 <= b.y1
}

// drawer writes one picture.
type drawer struct {
	v      *pageview.View
	opt    Options
	region box     // what is shown, PDF coordinates
	lf     float64 // the legend's font size, points
	b      bytes.Buffer
}

func newDrawer(v *pageview.View, opt Options, region box) *drawer {
	return &drawer{v: v, opt: opt, region: region}
}

// y turns a PDF y (up from the bottom of the page) into an SVG y (down
// from the top): the one place the axis flips.
func (d *drawer) y(pdfY float64) float64 { return d.v.Height - pdfY }

// Colours of the picture.
var roleColour = map[normalize.ColumnRole]string{
	normalize.RoleCode:     "#4e79a7",
	normalize.RoleName:     "#59a14f",
	normalize.RoleAmount:   "#f28e2b",
	normalize.RoleOther:    "#b07aa1",
	normalize.RoleUnmapped: "#8c8c8c",
	normalize.RoleNone:     "#e8d36a",
}

const (
	colourMeta      = "#76b7b2"
	colourNumbers   = "#d7d7d7"
	colourRule      = "#e15759"
	colourGrid      = "#1f4e9e"
	colourRefused   = "#ff7f0e"
	colourGlyphBox  = "#c4c4c4"
	colourText      = "#222222"
	colourHighlight = "#d62728"
)

// fontFamily is the font list of the text: CJK fonts common on Linux,
// macOS and Windows, then the generic family.
const fontFamily = `'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','PingFang SC','Hiragino Sans GB','Microsoft YaHei','SimSun','WenQuanYi Micro Hei',sans-serif`

// legendItem is one entry of the legend.
type legendItem struct {
	kind   string // "fill", "line", "dash", "box"
	colour string
	label  string
}

var legend = []legendItem{
	{"fill", roleColour[normalize.RoleCode], "header: code"},
	{"fill", roleColour[normalize.RoleName], "header: name"},
	{"fill", roleColour[normalize.RoleAmount], "header: amount"},
	{"fill", roleColour[normalize.RoleOther], "header: unit / other"},
	{"fill", roleColour[normalize.RoleUnmapped], "header: unmapped (other_tables)"},
	{"fill", roleColour[normalize.RoleNone], "header: no role"},
	{"fill", colourMeta, "meta row (title, unit)"},
	{"fill", colourNumbers, "栏次 row / repeated header"},
	{"line", colourRule, "ruling line"},
	{"box", colourGrid, "table grid"},
	{"dash", colourRefused, "refused grid"},
	{"box", colourGlyphBox, "glyph box"},
	{"hl", colourHighlight, "highlighted cell"},
}

func (d *drawer) draw(only []int) []byte {
	r := d.region
	vbX, vbY, vbW, vbH := r.x0, d.y(r.y1), r.x1-r.x0, r.y1-r.y0
	d.lf = math.Max(6, math.Min(14, vbW/110))
	legendLines := d.legendLayout(vbW)
	legendH := float64(len(legendLines))*d.lf*1.6 + d.lf
	totalH := vbH + legendH
	scale := 1.5
	if d.opt.MaxWidth > 0 && vbW*scale > d.opt.MaxWidth {
		scale = d.opt.MaxWidth / vbW
	}
	title := fmt.Sprintf("%s, page %d of %d", d.v.File, d.v.Page, d.v.Pages)
	fmt.Fprintf(&d.b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="%s %s %s %s" width="%s" height="%s" font-family="%s">`+"\n",
		num(vbX), num(vbY), num(vbW), num(totalH), num(vbW*scale), num(totalH*scale), esc(fontFamily))
	fmt.Fprintf(&d.b, "<title>%s</title>\n", esc(title))
	fmt.Fprintf(&d.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="#ffffff"/>`+"\n", num(vbX), num(vbY), num(vbW), num(totalH))
	// the page box
	fmt.Fprintf(&d.b, `<rect class="page" x="0" y="0" width="%s" height="%s" fill="#ffffff" stroke="#555555" stroke-width="0.8"/>`+"\n",
		num(d.v.Width), num(d.v.Height))
	tables := d.v.Tables
	if only != nil {
		tables = nil
		for _, i := range only {
			tables = append(tables, d.v.Tables[i])
		}
	}
	for _, t := range tables {
		d.rowFills(t)
	}
	d.glyphs()
	d.rules()
	for _, t := range tables {
		d.grid(t)
	}
	for _, t := range tables {
		d.highlights(t)
	}
	for _, t := range tables {
		d.label(t)
	}
	d.legend(vbX, vbY+vbH, legendLines)
	d.b.WriteString("</svg>\n")
	return d.b.Bytes()
}

// cellBox returns the box of rows [r0, r1) and columns [c0, c1) of t.
func cellBox(t pageview.Table, r0, r1, c0, c1 int) box {
	return box{t.Xs[c0], t.Ys[r1], t.Xs[c1], t.Ys[r0]}
}

// rect writes a rectangle of PDF box b with attributes attrs.
func (d *drawer) rect(b box, attrs string) {
	fmt.Fprintf(&d.b, `<rect x="%s" y="%s" width="%s" height="%s" %s/>`+"\n",
		num(b.x0), num(d.y(b.y1)), num(b.x1-b.x0), num(b.y1-b.y0), attrs)
}

// rowFills colours the meta, header and 栏次 rows of t: a header row
// column by column, by the column's role.
func (d *drawer) rowFills(t pageview.Table) {
	if t.Refused != "" || len(t.Xs) < 2 {
		return
	}
	cols := len(t.Xs) - 1
	for r, row := range t.Rows {
		if r+1 >= len(t.Ys) {
			break
		}
		switch row.Kind {
		case pageview.RowMeta:
			d.rect(cellBox(t, r, r+1, 0, cols), `class="row-meta" fill="`+colourMeta+`" fill-opacity="0.35"`)
		case pageview.RowNumbers, pageview.RowRepeated:
			d.rect(cellBox(t, r, r+1, 0, cols), `class="row-`+esc(string(row.Kind))+`" fill="`+colourNumbers+`" fill-opacity="0.5"`)
		case pageview.RowHeader:
			for c := 0; c < cols; c++ {
				role := normalize.RoleNone
				if c < len(t.Columns) {
					role = t.Columns[c].Role
				}
				colour, ok := roleColour[role]
				if !ok {
					role, colour = normalize.RoleNone, roleColour[normalize.RoleNone]
				}
				d.rect(cellBox(t, r, r+1, c, c+1), fmt.Sprintf(`class="role-%s" fill="%s" fill-opacity="0.45"`, roleName(role), colour))
			}
		}
	}
}

func roleName(r normalize.ColumnRole) string {
	if r == normalize.RoleNone {
		return "none"
	}
	return string(r)
}

// glyphs draws each glyph's box and its text. Glyphs that follow each
// other on one baseline in one size, each starting where the one before
// ends, are one text element stretched (textLength) over their boxes, so
// that the text stands where the PDF printed it whatever font the viewer
// substitutes.
func (d *drawer) glyphs() {
	var boxes strings.Builder
	type run struct {
		x0, x1, y, size float64
		text            strings.Builder
	}
	var runs []*run
	var cur *run
	for _, g := range d.v.Glyphs {
		if g.Dropped || !finite(g.X, g.Y, g.W, g.Size) {
			continue
		}
		w := g.W
		if w <= 0 {
			w = g.Size / 2
		}
		gb := box{g.X, g.Y - 0.2*g.Size, g.X + w, g.Y + 0.8*g.Size}
		if !gb.overlaps(d.region) {
			continue
		}
		fmt.Fprintf(&boxes, "M%s %sh%sv%sh%sz", num(gb.x0), num(d.y(gb.y1)), num(w), num(g.Size), num(-w))
		if cur == nil || cur.y != g.Y || cur.size != g.Size || math.Abs(g.X-cur.x1) > 0.3*g.Size {
			cur = &run{x0: g.X, y: g.Y, size: g.Size}
			runs = append(runs, cur)
		}
		cur.x1 = g.X + w
		cur.text.WriteString(g.Text)
	}
	if boxes.Len() > 0 {
		fmt.Fprintf(&d.b, `<path class="glyph-boxes" d="%s" fill="none" stroke="%s" stroke-width="0.3"/>`+"\n", boxes.String(), colourGlyphBox)
	}
	fmt.Fprintf(&d.b, `<g class="text" fill="%s">`+"\n", colourText)
	for _, r := range runs {
		t := strings.TrimSpace(r.text.String())
		if t == "" {
			continue
		}
		fmt.Fprintf(&d.b, `<text x="%s" y="%s" font-size="%s" textLength="%s" lengthAdjust="spacingAndGlyphs">%s</text>`+"\n",
			num(r.x0), num(d.y(r.y)), num(r.size), num(r.x1-r.x0), esc(t))
	}
	d.b.WriteString("</g>\n")
}

// rules draws the ruling lines the page layer collected.
func (d *drawer) rules() {
	var p strings.Builder
	for _, l := range d.v.Lines {
		if !finite(l.X0, l.Y0, l.X1, l.Y1) {
			continue
		}
		lb := box{math.Min(l.X0, l.X1), math.Min(l.Y0, l.Y1), math.Max(l.X0, l.X1), math.Max(l.Y0, l.Y1)}
		if !lb.overlaps(d.region) {
			continue
		}
		fmt.Fprintf(&p, "M%s %sL%s %s", num(l.X0), num(d.y(l.Y0)), num(l.X1), num(d.y(l.Y1)))
	}
	if p.Len() > 0 {
		fmt.Fprintf(&d.b, `<path class="rules" d="%s" fill="none" stroke="%s" stroke-width="2.4" stroke-opacity="0.45" stroke-linecap="square"/>`+"\n", p.String(), colourRule)
	}
}

// grid draws t's cells and its box.
func (d *drawer) grid(t pageview.Table) {
	if len(t.Xs) < 2 || len(t.Ys) < 2 {
		return
	}
	var p strings.Builder
	for _, c := range t.Cells {
		if c.R0 < 0 || c.C0 < 0 || c.R1 >= len(t.Ys) || c.C1 >= len(t.Xs) || c.R0 >= c.R1 || c.C0 >= c.C1 {
			continue
		}
		b := cellBox(t, c.R0, c.R1, c.C0, c.C1)
		fmt.Fprintf(&p, "M%s %sH%sV%sH%sz", num(b.x0), num(d.y(b.y1)), num(b.x1), num(d.y(b.y0)), num(b.x0))
	}
	all := cellBox(t, 0, len(t.Ys)-1, 0, len(t.Xs)-1)
	if t.Refused != "" {
		fmt.Fprintf(&d.b, `<path class="refused-cells" d="%s" fill="none" stroke="%s" stroke-width="0.6" stroke-dasharray="3 2"/>`+"\n", p.String(), colourRefused)
		d.rect(all, `class="refused" fill="none" stroke="`+colourRefused+`" stroke-width="1.2" stroke-dasharray="4 3"`)
		return
	}
	fmt.Fprintf(&d.b, `<path class="cells" d="%s" fill="none" stroke="%s" stroke-width="0.5"/>`+"\n", p.String(), colourGrid)
	d.rect(all, fmt.Sprintf(`class="table" data-index="%d" fill="none" stroke="%s" stroke-width="1.6"`, t.Index, colourGrid))
}

// label writes a table's number, title and type under its box (above
// it stand the title and the unit the PDF prints).
func (d *drawer) label(t pageview.Table) {
	if len(t.Xs) < 2 || len(t.Ys) < 2 {
		return
	}
	var text, colour string
	if t.Refused != "" {
		text, colour = "refused: "+t.Refused, colourRefused
	} else {
		typ := string(t.Type)
		if t.NamedType != "" && t.NamedType != t.Type {
			typ += " (title names " + string(t.NamedType) + ")"
		}
		text = fmt.Sprintf("#%d %s → %s", t.Index, t.Title, typ)
		if t.FirstPage != t.LastPage {
			text += fmt.Sprintf(", pages %d–%d", t.FirstPage, t.LastPage)
		}
		colour = colourGrid
		if !t.Ruled {
			text += " (aligned under 栏次, no rules)"
		}
	}
	size := math.Max(8, d.lf)
	x, y := t.Xs[0], d.y(t.Ys[len(t.Ys)-1])
	fmt.Fprintf(&d.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="#ffffff" fill-opacity="0.85"/>`+"\n",
		num(x), num(y+1), num(textWidth(text, size)+4), num(size+2))
	fmt.Fprintf(&d.b, `<text class="label" x="%s" y="%s" font-size="%s" font-weight="bold" fill="%s">%s</text>`+"\n",
		num(x+2), num(y+size), num(size), colour, esc(text))
}

// highlights marks the cells of opt.Highlight that lie in t.
func (d *drawer) highlights(t pageview.Table) {
	if t.Refused != "" || len(t.Xs) < 2 || len(t.Ys) < 2 {
		return
	}
	cols, rows := len(t.Xs)-1, len(t.Ys)-1
	seen := map[pageview.CellRef]bool{}
	for _, h := range d.opt.Highlight {
		for _, ref := range t.Locate(h) {
			if seen[ref] {
				continue
			}
			seen[ref] = true
			r0, r1, c0, c1 := ref.Row, ref.Row+1, ref.Col, ref.Col+1
			if ref.Row < 0 {
				r0, r1 = 0, rows
			}
			if ref.Col < 0 {
				c0, c1 = 0, cols
			}
			if r0 < 0 || c0 < 0 || r1 > rows || c1 > cols {
				continue
			}
			d.rect(cellBox(t, r0, r1, c0, c1), fmt.Sprintf(`class="highlight" data-table="%d" fill="%s" fill-opacity="0.2" stroke="%s" stroke-width="1.5"`,
				t.Index, colourHighlight, colourHighlight))
		}
	}
}

// legendLayout splits the legend into lines that fit width (points).
func (d *drawer) legendLayout(width float64) [][]legendItem {
	var lines [][]legendItem
	var cur []legendItem
	x := d.lf / 2
	for _, it := range legend {
		w := d.itemWidth(it)
		if len(cur) > 0 && x+w > width {
			lines = append(lines, cur)
			cur, x = nil, d.lf/2
		}
		cur = append(cur, it)
		x += w
	}
	if len(cur) > 0 {
		lines = append(lines, cur)
	}
	return lines
}

// itemWidth is a legend entry's width, points: its swatch and its label
// (CJK characters are as wide as the font, others about half).
func (d *drawer) itemWidth(it legendItem) float64 {
	return 3*d.lf + textWidth(it.label, d.lf)
}

// textWidth estimates the width of s in a font of size points: CJK
// characters are as wide as the font, others about half as wide.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		if r >= 0x2E80 {
			w += size
		} else {
			w += size * 0.58
		}
	}
	return w
}

// legend writes the legend below the picture, from x, top (SVG
// coordinates of its top-left corner).
func (d *drawer) legend(x, top float64, lines [][]legendItem) {
	f := d.lf
	sw, sh := num(1.4*f), num(f)
	fmt.Fprintf(&d.b, `<g class="legend" font-size="%s" fill="#333333">`+"\n", num(f))
	for i, line := range lines {
		y := top + f/2 + float64(i)*f*1.6
		lx := x + f/2
		for _, it := range line {
			sx, sy := num(lx), num(y)
			switch it.kind {
			case "fill":
				fmt.Fprintf(&d.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" fill-opacity="0.6"/>`, sx, sy, sw, sh, it.colour)
			case "line":
				fmt.Fprintf(&d.b, `<path d="M%s %sh%s" stroke="%s" stroke-width="2.4" stroke-opacity="0.45"/>`, sx, num(y+f/2), sw, it.colour)
			case "dash":
				fmt.Fprintf(&d.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="%s" stroke-dasharray="2 1"/>`, sx, sy, sw, sh, it.colour)
			case "box":
				fmt.Fprintf(&d.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="%s"/>`, sx, sy, sw, sh, it.colour)
			case "hl":
				fmt.Fprintf(&d.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" fill-opacity="0.2" stroke="%s"/>`, sx, sy, sw, sh, it.colour, it.colour)
			}
			fmt.Fprintf(&d.b, `<text x="%s" y="%s">%s</text>`+"\n", num(lx+1.9*f), num(y+0.85*f), esc(it.label))
			lx += d.itemWidth(it)
		}
	}
	d.b.WriteString("</g>\n")
}

// num formats a coordinate with at most two decimals.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e7 {
			return false
		}
	}
	return true
}

// esc escapes s for XML text and attribute values; characters XML does
// not allow become U+FFFD.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&apos;")
		case r == '\n' || r == '\t' || r == '\r':
			b.WriteString(" ")
		case r < 0x20 || r >= 0xD800 && r <= 0xDFFF || r == 0xFFFE || r == 0xFFFF || r > 0x10FFFF:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
