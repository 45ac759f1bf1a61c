package report

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// record is a record as written, its numbers kept as printed in JSON
// (json.Number): amounts never pass through a float.
type record map[string]any

func (r record) str(k string) string {
	switch v := r[k].(type) {
	case string:
		return v
	case json.Number:
		return string(v)
	}
	return ""
}

func (r record) int(k string) int {
	n, ok := r[k].(json.Number)
	if !ok {
		return 0
	}
	i, err := n.Int64()
	if err != nil {
		return 0
	}
	return int(i)
}

func (r record) bool(k string) bool {
	b, _ := r[k].(bool)
	return b
}

// docData is a document with its records and issues sorted to its tables.
type docData struct {
	doc      *Doc
	tables   []*tableData
	issues   []*Issue // not about one of its tables
	leftover []record // records that match no table of documents.jsonl
}

// tableData is one table of a document as it came out.
type tableData struct {
	t      Table
	typed  []record // records of its type (none for an other_tables table)
	other  []record // its cells in other_tables: the whole table, or the columns with no field
	issues []*Issue
}

// mismatches counts the table's check mismatches.
func (t *tableData) mismatches() int {
	n := 0
	for _, is := range t.issues {
		if is.Kind == string(model.IssueCheck) && is.Severity == string(model.SevMismatch) {
			n++
		}
	}
	return n
}

// unmapped reports whether the table has a column budgetx could not name.
func (t *tableData) unmapped() bool {
	for _, is := range t.issues {
		if is.Kind == string(model.IssueUnmapped) {
			return true
		}
	}
	return false
}

type groupKey struct{ typ, title string }

// assemble decodes a document's record lines and gives each record and
// issue its table. Records come in the order emit wrote them, table by
// table: the records of a (type, title) go to the tables of that type and
// title in order (a new table where row_no starts again), and the cells in
// other_tables of a title fill, in order, the tables of that title whose
// record count (documents.jsonl counts both) is not yet reached.
func assemble(d *Doc, lines [][]byte, issues []*Issue) *docData {
	dd := &docData{doc: d}
	queues := map[groupKey][]record{}
	var order []groupKey
	for _, b := range lines {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var r record
		if dec.Decode(&r) != nil {
			continue
		}
		k := groupKey{r.str("table_type"), r.str("table_title")}
		if _, ok := queues[k]; !ok {
			order = append(order, k)
		}
		queues[k] = append(queues[k], r)
	}
	sameGroup := map[groupKey]int{}
	for _, t := range d.Tables {
		if t.TableType != string(model.OtherTables) {
			sameGroup[groupKey{t.TableType, t.Title}]++
		}
	}
	for _, t := range d.Tables {
		td := &tableData{t: t}
		dd.tables = append(dd.tables, td)
		if t.TableType != string(model.OtherTables) {
			k := groupKey{t.TableType, t.Title}
			q := queues[k]
			n := len(q)
			if sameGroup[k] > 1 {
				n = firstRun(q)
			}
			sameGroup[k]--
			td.typed, queues[k] = q[:n], q[n:]
		}
		need := t.Records - len(td.typed)
		ok := groupKey{string(model.OtherTables), t.Title}
		if q := queues[ok]; need > 0 && len(q) > 0 {
			need = min(need, len(q))
			td.other, queues[ok] = q[:need], q[need:]
		}
	}
	for _, k := range order {
		dd.leftover = append(dd.leftover, queues[k]...)
	}
	for _, is := range issues {
		if t := dd.tableOf(is); t != nil {
			t.issues = append(t.issues, is)
		} else {
			dd.issues = append(dd.issues, is)
		}
	}
	return dd
}

// firstRun is the length of q's first run of records whose row_no does not
// go back.
func firstRun(q []record) int {
	for i := 1; i < len(q); i++ {
		if q[i].int("row_no") < q[i-1].int("row_no") {
			return i
		}
	}
	return len(q)
}

// tableOf is the table an issue is about: one with its title (and its
// type, when one has it), the last one starting on or before its page
// when several do; nil when the issue names no table of the document.
func (dd *docData) tableOf(is *Issue) *tableData {
	if is.TableTitle == "" {
		return nil
	}
	var cands []*tableData
	for _, t := range dd.tables {
		if t.t.Title == is.TableTitle && t.t.TableType == is.TableType {
			cands = append(cands, t)
		}
	}
	if len(cands) == 0 {
		for _, t := range dd.tables {
			if t.t.Title == is.TableTitle {
				cands = append(cands, t)
			}
		}
	}
	if len(cands) == 0 {
		return nil
	}
	best := cands[0]
	if is.Page > 0 {
		for _, t := range cands[1:] {
			if t.t.Page > 0 && t.t.Page <= is.Page {
				best = t
			}
		}
	}
	return best
}

// cellField is the field of a record an issue's column names: the field
// itself, or the part before "." (spend_plan.12月底).
func cellField(column string) string {
	if i := strings.IndexByte(column, '.'); i > 0 {
		return column[:i]
	}
	return column
}
