package model

import (
	"encoding/gob"

	"github.com/shopspring/decimal"
)

// The Go types a Record's Values hold, registered for encoding/gob, for a
// caller that gob-encodes records (budgetx itself moves them, from a worker
// to the main process and through a dataset's staging, in AppendRecords'
// form).
func init() {
	gob.Register(decimal.Decimal{})
	gob.Register([]SpendPoint{})
	gob.Register(int64(0))
	gob.Register("")
	gob.Register(false)
}

// DocKind says whether a document is a budget or a final account.
type DocKind string

// Document kinds.
const (
	Budget       DocKind = "budget"        // 部门预算
	FinalAccount DocKind = "final_account" // 部门决算
)

// Common holds the fields every record carries (CommonFields).
type Common struct {
	DocID          string
	SourceFile     string
	DepartmentCode string // "" means null
	DepartmentName string // "" means null
	FiscalYear     int
	DocKind        DocKind
	TableType      TableType
	TableTitle     string
	RowNo          int
	SourcePage     int // 0 means null
	Region             // of the document's department
}

// Region is where a document's department sits, "" where unknown: the
// province, the prefecture-level city (a municipality is its own city),
// the county-level unit, and the level of the department itself: central,
// provincial, city or county.
type Region struct {
	Province   string
	City       string
	County     string
	AdminLevel string
}

// Record is one output row. Values holds the table type's own fields by
// name; a missing name or a nil value is null. The Go type of each value is
// given by its Field's Kind: string, int64, bool, decimal.Decimal (money in
// yuan, or a plain decimal), or []SpendPoint. A money value is the printed
// figure times its unit and keeps the exponent of the printed form
// (2946.25 万元 is 29462500.00 with exponent -2; 943865000 元 has exponent
// 0): the checks read from it the last digit the figure was printed with.
type Record struct {
	Common
	Values map[string]any
}

// Set sets field name to v; a nil v leaves it null.
func (r *Record) Set(name string, v any) {
	if r.Values == nil {
		r.Values = make(map[string]any)
	}
	r.Values[name] = v
}

// Money returns the money (or decimal) field name and whether it is set.
func (r *Record) Money(name string) (decimal.Decimal, bool) {
	d, ok := r.Values[name].(decimal.Decimal)
	return d, ok
}

// String returns the string field name, or "" when null.
func (r *Record) String(name string) string {
	s, _ := r.Values[name].(string)
	return s
}

// SpendPoint is one checkpoint of a project's spending plan: by the end of
// Month, Pct percent of the budget is spent (cumulative, percentage points).
type SpendPoint struct {
	Checkpoint string          // as printed: "3月底"
	Month      int             // 1..12
	Pct        decimal.Decimal // percentage points; 100 is all of it
	PctNull    bool            // the cell was blank
}
