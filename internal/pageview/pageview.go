// Package pageview gathers what budgetx read from one page of a PDF, for a
// picture of it (package pagesvg): the glyphs and ruling lines the page
// layer saw, the grid the layout built for each table (and the grids it
// refused), and what the normalizer made of each table's rows and columns
// — meta, header and data rows, and the role of every column (code, name,
// amount, other, unmapped).
//
// Open (and Build, Open and one View) parses the PDF: like every reader of
// an untrusted PDF it must run in a worker process (package pipeline does:
// its "page" task, pipeline.ReadPages), where a crash of the PDF library
// fails the request and not the caller. The View it returns is plain data,
// safe to draw anywhere.
//
// Coordinates are those of the page layer (package extract/pdf): points
// from the bottom-left corner of the page as displayed, Y up.
package pageview

import (
	"fmt"
	"sort"
	"strings"

	"github.com/budgetx/budgetx/internal/extract"
	"github.com/budgetx/budgetx/internal/extract/pdf"
	"github.com/budgetx/budgetx/internal/normalize"
	"github.com/budgetx/budgetx/model"
)

// A View is one page as budgetx read it.
type View struct {
	File          string
	Page          int     // 1-based
	Pages         int     // pages in the document
	Width, Height float64 // of the page as displayed, points
	Glyphs        []Glyph // every glyph the page draws, in content-stream order
	Lines         []pdf.Line
	Tables        []Table // top to bottom
}

// A Glyph is one character drawn: Text at baseline origin X, Y (points),
// W its advance and Size its font size (points).
type Glyph struct {
	Text    string
	X, Y, W float64
	Size    float64
	Dropped bool // blank, of no size, or outside the page: the layout never sees it
	InTable bool // inside a table's grid (not a paragraph)
}

// A Table is one table's grid on the page, with the normalizer's reading.
type Table struct {
	// Index is the table's number in the document (documents.jsonl
	// tables[].index), 0 for a grid the layout refused.
	Index     int
	Title     string
	Type      model.TableType
	NamedType model.TableType
	// Refused says why crossing ruling lines made no table ("too small",
	// "no text", "one cell"); "" for a table.
	Refused string
	Ruled   bool
	// Xs and Ys are the column and row boundaries, left to right and top
	// to bottom, points (see pdf.TableShape).
	Xs, Ys []float64
	Cells  []pdf.ShapeCell
	// Rows are the shape's rows, Columns the roles of its grid columns
	// (nil when the normalizer's grid is not the shape's: a continuation
	// of another width).
	Rows    []Row
	Columns []normalize.ColumnView
	Paths   [][]string // header path per column, as Columns
	// FirstPage and LastPage are the pages the table spans.
	FirstPage, LastPage int
	// Reads are the values read from this page's rows: shape row and
	// column, record row_no and field (Col -1 and Field "" for a record).
	Reads []normalize.CellRead
}

// RowKind is what the normalizer made of a row.
type RowKind string

// Row kinds.
const (
	RowMeta     RowKind = "meta"     // a title or a unit printed in the frame
	RowHeader   RowKind = "header"   // a header row
	RowRepeated RowKind = "repeated" // a header repeated on a new page, dropped
	RowNumbers  RowKind = "numbers"  // a 栏次 row (column numbers), between header and data
	RowData     RowKind = "data"
	RowNone     RowKind = "" // not in a normalized table (a refused grid)
)

// A Row is one row of a Table's shape.
type Row struct {
	Kind RowKind
	// GridRow is the row of the normalizer's grid (0-based), -1 if none.
	GridRow int
}

// A Cell names a cell as issues.jsonl does: the table's index
// (documents.jsonl), the record's row_no (Row) and the field or printed
// header label (Column). Row 0 is every row, Column "" every column;
// Table 0 matches any table.
type Cell struct {
	Table  int
	Row    int
	Column string
}

// A Request says which page to view: Page, or the page of table Table
// (1-based index). With Table, the page is the first page of the table
// that holds one of Focus, else the table's first page.
type Request struct {
	Page, Table int
	Focus       []Cell
}

// Build reads the PDF whose bytes are data under lim and returns the view
// of the page req asks for: Open, then Doc.View. Build never panics, but
// the PDF library may crash the process: run it in a worker.
func Build(path string, data []byte, lim model.Limits, req Request) (*View, error) {
	d, err := Open(path, data, lim)
	if err != nil {
		return nil, err
	}
	return d.View(req)
}

// A Doc is a PDF read for pictures of its pages: its layout and the
// normalizer's reading of its tables.
type Doc struct {
	path string
	ix   *index
}

// Open reads the PDF whose bytes are data under lim, as a run reads it.
// Errors are *model.Error naming the file (and the page, when one is
// concerned): the reader's (a damaged PDF, a limit crossed), the
// normalizer's (a limit crossed), or a file that is no PDF
// (model.ErrUnsupported). Open never panics, but the PDF library may
// crash the process: run it in a worker.
func Open(path string, data []byte, lim model.Limits) (d *Doc, err error) {
	defer func() {
		if p := recover(); p != nil {
			d, err = nil, &model.Error{File: path, Err: fmt.Errorf("internal error reading the document for a picture: %v", p)}
		}
	}()
	if f := extract.FormatFor(path, data); f != model.FormatPDF {
		what := string(f)
		if what == "" {
			what = "not a document budgetx reads"
		}
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: pictures are of PDF pages, and this is %s", model.ErrUnsupported, what)}
	}
	doc, lay, err := pdf.ReadLayout(path, data, lim)
	if err != nil {
		return nil, err
	}
	_, views, err := normalize.Explain(doc, lim)
	if err != nil {
		return nil, err
	}
	return &Doc{path: path, ix: newIndex(views, lay)}, nil
}

// Pages returns the number of pages of d, and Tables its tables.
func (d *Doc) Pages() int  { return len(d.ix.lay.Pages) }
func (d *Doc) Tables() int { return len(d.ix.views) }

// View returns the view of the page req asks for. Errors are
// *model.Error naming the file and the page or table: one the document
// does not have.
func (d *Doc) View(req Request) (v *View, err error) {
	defer func() {
		if p := recover(); p != nil {
			v, err = nil, &model.Error{File: d.path, Page: req.Page, Err: fmt.Errorf("internal error drawing the page: %v", p)}
		}
	}()
	page := req.Page
	switch {
	case req.Table < 0:
		return nil, &model.Error{File: d.path, Table: fmt.Sprintf("table %d", req.Table), Err: fmt.Errorf("no such table: tables count from 1")}
	case req.Table > d.Tables():
		return nil, &model.Error{File: d.path, Table: fmt.Sprintf("table %d", req.Table),
			Err: fmt.Errorf("no such table: the document has %d tables", d.Tables())}
	case req.Table > 0:
		page = d.ix.tablePage(req.Table, req.Focus)
	}
	if page < 1 || page > d.Pages() {
		return nil, &model.Error{File: d.path, Page: page, Err: fmt.Errorf("no such page: the document has %d pages", d.Pages())}
	}
	return d.ix.view(d.path, d.ix.lay.Pages[page-1], d.Pages()), nil
}

// index relates the layout's shapes to the normalizer's tables.
type index struct {
	views []normalize.TableView
	lay   *pdf.Layout
	// at maps a row of a table block to its table (index into views)
	// and grid row.
	at map[normalize.RowSource]gridRow
	// pages[t] are the pages of table t+1, ascending.
	pages [][]int
}

type gridRow struct{ table, row int }

func newIndex(views []normalize.TableView, lay *pdf.Layout) *index {
	ix := &index{views: views, lay: lay, at: map[normalize.RowSource]gridRow{}, pages: make([][]int, len(views))}
	for t, v := range views {
		for r, src := range v.Rows {
			ix.at[src] = gridRow{t, r}
		}
	}
	for _, s := range lay.Tables {
		if t := ix.tableOf(s); t >= 0 {
			if ps := ix.pages[t]; len(ps) == 0 || ps[len(ps)-1] != s.Page {
				ix.pages[t] = append(ps, s.Page)
			}
		}
	}
	for _, ps := range ix.pages {
		sort.Ints(ps)
	}
	return ix
}

// tableOf returns the table (index into views) that shape s's rows went
// to, or -1.
func (ix *index) tableOf(s pdf.TableShape) int {
	if s.Block < 0 {
		return -1
	}
	for _, r := range s.Rows {
		if g, ok := ix.at[normalize.RowSource{Block: s.Block, Row: r}]; ok && r >= 0 {
			return g.table
		}
	}
	return -1
}

// tablePage returns the page to show of table number no: the first of
// its pages holding one of focus, else its first page; its Page as the
// normalizer knew it when no shape was found.
func (ix *index) tablePage(no int, focus []Cell) int {
	t := no - 1
	if len(ix.pages[t]) == 0 {
		return ix.views[t].Page
	}
	for _, p := range ix.pages[t] {
		for _, s := range ix.lay.Tables {
			if s.Page != p || ix.tableOf(s) != t {
				continue
			}
			tb := ix.table(s)
			for _, f := range focus {
				if (f.Table == 0 || f.Table == no) && len(tb.Locate(f)) > 0 {
					return p
				}
			}
		}
	}
	return ix.pages[t][0]
}

// view returns the view of page p.
func (ix *index) view(path string, p *pdf.Page, pages int) *View {
	v := &View{File: path, Page: p.Number, Pages: pages, Width: p.Width, Height: p.Height, Lines: p.Lines}
	for _, s := range ix.lay.Tables {
		if s.Page == p.Number {
			v.Tables = append(v.Tables, ix.table(s))
		}
	}
	sort.SliceStable(v.Tables, func(i, j int) bool { return top(v.Tables[i]) > top(v.Tables[j]) })
	v.Glyphs = make([]Glyph, 0, len(p.Glyphs))
	for _, g := range p.Glyphs {
		gl := Glyph{Text: g.Text, X: g.X, Y: g.Y, W: g.W, Size: g.FontSize}
		cx, cy := g.X+g.W/2, g.Y+g.FontSize*0.3
		gl.Dropped = strings.TrimSpace(g.Text) == "" || g.FontSize <= 0 || cx < 0 || cy < 0 || cx > p.Width || cy > p.Height
		for _, t := range v.Tables {
			if t.Refused == "" && t.contains(cx, cy) {
				gl.InTable = true
			}
		}
		v.Glyphs = append(v.Glyphs, gl)
	}
	return v
}

func top(t Table) float64 {
	if len(t.Ys) == 0 {
		return 0
	}
	return t.Ys[0]
}

// contains reports whether the point x, y (points) lies in t's grid.
func (t Table) contains(x, y float64) bool {
	if len(t.Xs) < 2 || len(t.Ys) < 2 {
		return false
	}
	return x >= t.Xs[0]-1 && x <= t.Xs[len(t.Xs)-1]+1 && y <= t.Ys[0]+1 && y >= t.Ys[len(t.Ys)-1]-1
}

// table returns the Table of shape s.
func (ix *index) table(s pdf.TableShape) Table {
	tb := Table{Refused: s.Refused, Ruled: s.Ruled, Xs: s.Xs, Ys: s.Ys, Cells: s.Cells, FirstPage: s.Page, LastPage: s.Page}
	tb.Rows = make([]Row, len(s.Ys)-1)
	for r := range tb.Rows {
		tb.Rows[r] = Row{GridRow: -1}
	}
	t := ix.tableOf(s)
	if t < 0 {
		if s.Refused == "" {
			tb.Refused = "no rows" // a table the normalizer skipped (no row)
		}
		return tb
	}
	v := ix.views[t]
	tb.Index, tb.Title, tb.Type, tb.NamedType = v.Index, v.Title, v.Type, v.NamedType
	if ps := ix.pages[t]; len(ps) > 0 {
		tb.FirstPage, tb.LastPage = ps[0], ps[len(ps)-1]
	}
	shapeRow := map[int]int{} // grid row → shape row
	for r := range tb.Rows {
		if r >= len(s.Rows) || s.Rows[r] < 0 {
			tb.Rows[r].Kind = RowRepeated
			continue
		}
		g, ok := ix.at[normalize.RowSource{Block: s.Block, Row: s.Rows[r]}]
		if !ok || g.table != t {
			// dropped by the normalizer: a header repeated on a new page
			tb.Rows[r].Kind = RowRepeated
			continue
		}
		tb.Rows[r].GridRow = g.row
		if _, dup := shapeRow[g.row]; !dup {
			shapeRow[g.row] = r
		}
		switch {
		case g.row < v.MetaRows:
			tb.Rows[r].Kind = RowMeta
		case g.row >= v.HeaderStart && g.row < v.HeaderEnd:
			tb.Rows[r].Kind = RowHeader
		case g.row >= v.HeaderEnd && g.row < v.DataStart:
			tb.Rows[r].Kind = RowNumbers
		default:
			tb.Rows[r].Kind = RowData
		}
	}
	if v.Cols == len(s.Xs)-1 {
		tb.Columns, tb.Paths = v.Columns, v.Paths
	}
	for _, rd := range v.Reads {
		if r, ok := shapeRow[rd.Row]; ok {
			rd.Row = r
			tb.Reads = append(tb.Reads, rd)
		}
	}
	return tb
}

// A CellRef is a position of a Table's grid: shape row and column,
// 0-based; Col -1 is the whole row, Row -1 the whole column.
type CellRef struct{ Row, Col int }

// Locate returns the positions of t that cell c names on this page: the
// cell the normalizer read the field from for that row_no; else the
// row's cells in the columns that hold the field (a code, a name) or
// print the header path c.Column; the whole row when the column is not
// found; the whole column when c.Row is 0. Nothing when c is about
// another table or its row is not on this page.
func (t Table) Locate(c Cell) []CellRef {
	if t.Index == 0 || c.Table != 0 && c.Table != t.Index {
		return nil
	}
	cols := t.columnsOf(c.Column)
	if c.Row == 0 {
		var out []CellRef
		for _, col := range cols {
			out = append(out, CellRef{-1, col})
		}
		return out
	}
	var out []CellRef
	seen := map[CellRef]bool{}
	add := func(ref CellRef) {
		if !seen[ref] {
			seen[ref] = true
			out = append(out, ref)
		}
	}
	for _, rd := range t.Reads {
		if rd.RowNo == c.Row && rd.Col >= 0 && rd.Field == c.Column && c.Column != "" {
			add(CellRef{rd.Row, rd.Col})
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, rd := range t.Reads {
		if rd.RowNo != c.Row || rd.Col >= 0 {
			continue
		}
		if len(cols) == 0 {
			add(CellRef{rd.Row, -1})
		}
		for _, col := range cols {
			add(CellRef{rd.Row, col})
		}
	}
	return out
}

// columnsOf returns the grid columns that hold field (or print the header
// path) name: by the fields read from them, the header path, or, for a
// code or name field, the columns of that role.
func (t Table) columnsOf(name string) []int {
	if name == "" {
		return nil
	}
	var out []int
	for c, cv := range t.Columns {
		for _, f := range cv.Fields {
			if f == name {
				out = append(out, c)
				break
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	for c, p := range t.Paths {
		if strings.Join(p, " / ") == name {
			out = append(out, c)
		}
	}
	if len(out) > 0 {
		return out
	}
	want := normalize.RoleNone
	switch {
	case strings.HasSuffix(name, "_code"):
		want = normalize.RoleCode
	case strings.HasSuffix(name, "_name") || name == "item" || name == "item_label":
		want = normalize.RoleName
	}
	if want == normalize.RoleNone {
		return nil
	}
	for c, cv := range t.Columns {
		if cv.Role == want {
			out = append(out, c)
		}
	}
	return out
}
