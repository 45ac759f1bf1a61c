package emit

import (
	"fmt"
	"sync"

	"github.com/budgetx/budgetx/model"
)

// table is the output layout of one table type: its fields in contract
// order and, for Parquet, its row type. Tables are built once per process.
type table struct {
	typ     model.TableType
	fields  []model.Field  // model.Fields(typ)
	ncommon int            // fields[:ncommon] are model.CommonFields
	index   map[string]int // own field name → position in fields
	pq      *pqLayout
}

var (
	tablesOnce sync.Once
	tablesByT  map[model.TableType]*table
	tablesErr  error
)

// tables returns the layout of every table type of model.TableTypes.
func tables() (map[model.TableType]*table, error) {
	tablesOnce.Do(func() {
		tablesByT, tablesErr = buildTables()
	})
	return tablesByT, tablesErr
}

func buildTables() (map[model.TableType]*table, error) {
	var probe model.Common
	for _, f := range model.CommonFields {
		if _, ok := commonCell(&probe, f); !ok {
			return nil, fmt.Errorf("emit: common field %s has no source in model.Common", f.Name)
		}
	}
	out := make(map[model.TableType]*table, len(model.TableTypes))
	for _, tt := range model.TableTypes {
		t := &table{
			typ:     tt,
			fields:  model.Fields(tt),
			ncommon: len(model.CommonFields),
			index:   make(map[string]int),
		}
		for i, f := range t.fields[t.ncommon:] {
			t.index[f.Name] = t.ncommon + i
		}
		pq, err := newPQLayout(t)
		if err != nil {
			return nil, fmt.Errorf("emit: parquet schema of %s: %w", tt, err)
		}
		t.pq = pq
		out[tt] = t
	}
	return out, nil
}

// cells validates r and appends its values to dst in field order.
func (t *table) cells(r *model.Record, dst []cell) ([]cell, error) {
	for _, f := range t.fields[:t.ncommon] {
		c, _ := commonCell(&r.Common, f)
		dst = append(dst, c)
	}
	present := 0 // names of r.Values that are fields
	for _, f := range t.fields[t.ncommon:] {
		v, ok := r.Values[f.Name]
		if ok {
			present++
		}
		c, err := convert(f, v)
		if err != nil {
			return nil, newFieldError(r, f.Name, valueText(v), err)
		}
		dst = append(dst, c)
	}
	if present != len(r.Values) {
		for name := range r.Values {
			if _, ok := t.index[name]; !ok {
				return nil, newFieldError(r, name, "", ErrUnknownField)
			}
		}
	}
	return dst, nil
}

func newFieldError(r *model.Record, field, value string, err error) *FieldError {
	return &FieldError{
		DocID:      r.DocID,
		SourceFile: r.SourceFile,
		TableType:  r.TableType,
		TableTitle: r.TableTitle,
		Row:        r.RowNo,
		Field:      field,
		Value:      value,
		Err:        err,
	}
}
