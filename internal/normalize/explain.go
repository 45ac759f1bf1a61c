package normalize

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// A TableView is how the normalizer read one table of a document: where
// its rows came from, which rows were meta, header and data, and what each
// column held. It is for pictures of a page (package pageview) and for a
// person asking why a table landed where it did; the records are in the
// Result that comes with it.
type TableView struct {
	Index     int             // 1-based order in the document, as DocSummary.Tables[i].Index
	Title     string          // as in DocSummary.Tables
	Type      model.TableType // the type it was recognized as (other_tables after a fallback)
	NamedType model.TableType // the type the title alone names, or ""
	Page      int             // first page (PDF), 0 otherwise
	Unit      string          // the unit printed with it, or ""
	Cols      int             // grid columns
	// Rows [0, MetaRows) are meta lines (a title or a unit inside the
	// frame), [HeaderStart, HeaderEnd) the header, and data starts at
	// DataStart (a 栏次 row may stand between).
	MetaRows, HeaderStart, HeaderEnd, DataStart int
	Paths                                       [][]string   // the header path of each column
	Columns                                     []ColumnView // what each column held
	// Rows says, for each row of the grid, where it was read: the table
	// block of the document and its row. A table continued from the one
	// before it (its header repeated) has rows from several blocks.
	Rows []RowSource
	// Reads are the values read from the grid: one per record (Col -1,
	// Field "") with its row_no, and one per number read (amounts,
	// quantities) with its field, as issues.jsonl names rows and columns.
	Reads []CellRead
}

// A ColumnRole is what the normalizer made of a column.
type ColumnRole string

// Column roles. A column that none of them fits (unlabelled, a spacer) has
// RoleNone.
const (
	RoleNone     ColumnRole = ""
	RoleCode     ColumnRole = "code"     // a classification code (科目编码, 类 | 款 | 项)
	RoleName     ColumnRole = "name"     // a row's name or item (科目名称, 项目)
	RoleAmount   ColumnRole = "amount"   // money, a field in yuan
	RoleOther    ColumnRole = "other"    // a unit, a unit code, a row number, a text or count field
	RoleUnmapped ColumnRole = "unmapped" // no field: its cells went to other_tables (or were another year's)
)

// A ColumnView is what one column held: its role and the fields it gave.
type ColumnView struct {
	Role   ColumnRole
	Fields []string // record fields, in the order first read ("other_tables" for an unmapped column)
}

// A RowSource is where a grid row was read: Block is the index in
// Document.Blocks of the table, Row the row of that table (0-based).
type RowSource struct{ Block, Row int }

// A CellRead is a value the normalizer read: grid row and column (0-based;
// Col -1 for a record made from the row), the record's row_no, and the
// field ("" for a record).
type CellRead struct {
	Row, Col, RowNo int
	Field           string
}

// trace is what is recorded of a table while it is normalized, when
// Explain asks for it.
type trace struct {
	src   []RowSource
	roles map[int][]roleField
	reads []CellRead
}

type roleField struct {
	role  ColumnRole
	field string
}

// role records that column c of pt holds field in role.
func (pt *ptable) role(c int, role ColumnRole, field string) {
	if pt.tr == nil || c < 0 {
		return
	}
	if pt.tr.roles == nil {
		pt.tr.roles = map[int][]roleField{}
	}
	for _, rf := range pt.tr.roles[c] {
		if rf == (roleField{role, field}) {
			return
		}
	}
	pt.tr.roles[c] = append(pt.tr.roles[c], roleField{role, field})
}

// read records a value read at (r, c) of pt for record row rowNo.
func (pt *ptable) read(r, c, rowNo int, field string) {
	if pt.tr == nil {
		return
	}
	pt.tr.reads = append(pt.tr.reads, CellRead{r, c, rowNo, field})
}

// resetTrace forgets what was read of pt (it falls back to other_tables
// and is read again).
func (pt *ptable) resetTrace() {
	if pt.tr != nil {
		pt.tr.roles, pt.tr.reads = nil, nil
	}
}

// traceRows records that rows [from, to) of table block b became rows of
// pt's grid.
func (pt *ptable) traceRows(b, from, to int) {
	if pt.tr == nil {
		return
	}
	for r := from; r < to; r++ {
		pt.tr.src = append(pt.tr.src, RowSource{b, r})
	}
}

// rolePriority orders the roles a column may be given more than once
// (a column mapped by two passes): the first present wins.
var rolePriority = []ColumnRole{RoleAmount, RoleCode, RoleName, RoleOther, RoleUnmapped}

// view returns the TableView of pt.
func (pt *ptable) view() TableView {
	v := TableView{Index: pt.idx, Title: pt.title, Type: pt.typ, Page: pt.pos.Page, Cols: pt.g.N,
		MetaRows: pt.metaRows, HeaderStart: pt.hdrStart, HeaderEnd: pt.hdrEnd, DataStart: pt.dataStart, Paths: pt.paths}
	if pt.summary != nil {
		v.NamedType, v.Unit = pt.summary.NamedType, pt.summary.Unit
	}
	v.Columns = make([]ColumnView, pt.g.N)
	if pt.tr == nil {
		return v
	}
	v.Rows, v.Reads = pt.tr.src, pt.tr.reads
	for c := range v.Columns {
		rfs := pt.tr.roles[c]
		for _, rf := range rfs {
			if rf.field != "" && !containsString(v.Columns[c].Fields, rf.field) {
				v.Columns[c].Fields = append(v.Columns[c].Fields, rf.field)
			}
		}
	best:
		for _, want := range rolePriority {
			for _, rf := range rfs {
				if rf.role == want {
					v.Columns[c].Role = want
					break best
				}
			}
		}
	}
	return v
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// amountRole is the role of a number read into field: money in yuan, or
// another number (a quantity).
func amountRole(field string) ColumnRole {
	if strings.HasSuffix(field, "_yuan") {
		return RoleAmount
	}
	return RoleOther
}

// fieldRole is the role of a column mapped to field: money, a name, a
// code, or another field.
func fieldRole(field string) ColumnRole {
	switch {
	case strings.HasSuffix(field, "_yuan"):
		return RoleAmount
	case strings.HasSuffix(field, "_name") || field == "item":
		return RoleName
	case strings.HasSuffix(field, "_code"):
		return RoleCode
	}
	return RoleOther
}

// Explain normalizes doc under lim (as NormalizeLimited) and returns,
// with the result, how it read each table, in document order. A document
// that fails to normalize (over a limit, an internal fault) is an error.
func Explain(doc *model.Document, lim model.Limits) (*model.Result, []TableView, error) {
	res, n, err := normalize(doc, lim, true)
	if err != nil {
		return nil, nil, err
	}
	if res.Summary.Status == model.StatusFailed || n == nil {
		msg := "normalizing failed"
		if res.Summary.Error != "" {
			msg = res.Summary.Error
		}
		return nil, nil, &model.Error{File: doc.Path, Err: errors.New(msg)}
	}
	views := make([]TableView, 0, len(n.tables))
	for _, pt := range n.tables {
		views = append(views, pt.view())
	}
	sort.SliceStable(views, func(i, j int) bool { return views[i].Index < views[j].Index })
	for i, v := range views {
		if v.Index != i+1 {
			return nil, nil, &model.Error{File: doc.Path, Err: fmt.Errorf("internal error: table %d numbered %d", i+1, v.Index)}
		}
	}
	return res, views, nil
}
