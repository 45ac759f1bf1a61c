package emit

import (
	"fmt"
	"io"
	"reflect"
	"unsafe"

	"github.com/budgetx/budgetx/model"
	"github.com/parquet-go/parquet-go"
)

// pqLayout is the Parquet form of a table type: a Go struct type built with
// reflect, one field per contract field in contract order, whose tags give the
// column types; and the schema derived from it.
type pqLayout struct {
	row    reflect.Type // struct type
	point  reflect.Type // struct type of a spend plan element
	schema *parquet.Schema
}

// The Go types of the columns. Decimals are int64 holding the unscaled value.
var (
	typString  = reflect.TypeFor[string]()
	typInt64   = reflect.TypeFor[int64]()
	typInt32   = reflect.TypeFor[int32]()
	typBool    = reflect.TypeFor[bool]()
	typPointer = reflect.StructOf([]reflect.StructField{
		{Name: "Checkpoint", Type: typString, Tag: `parquet:"checkpoint"`},
		{Name: "Month", Type: typInt32, Tag: `parquet:"month"`},
		{Name: "Pct", Type: reflect.PointerTo(typInt64), Tag: reflect.StructTag(fmt.Sprintf(`parquet:"pct,optional,decimal(%d:%d)"`, decimalScale, precision))},
	})
)

// newPQLayout builds the row type and schema of t. parquet.SchemaOf panics on
// a tag it does not accept; that is returned as an error.
func newPQLayout(t *table) (lay *pqLayout, err error) {
	defer func() {
		if r := recover(); r != nil {
			lay, err = nil, fmt.Errorf("%v", r)
		}
	}()
	fields := make([]reflect.StructField, len(t.fields))
	for i, f := range t.fields {
		var typ reflect.Type
		tag := f.Name
		switch f.Kind {
		case model.KindString:
			typ = typString
		case model.KindInt:
			typ = typInt64
		case model.KindBool:
			typ = typBool
		case model.KindMoney:
			typ = typInt64
			tag += fmt.Sprintf(",decimal(%d:%d)", moneyScale, precision)
		case model.KindDecimal:
			typ = typInt64
			tag += fmt.Sprintf(",decimal(%d:%d)", decimalScale, precision)
		case model.KindSpendPlan:
			typ = reflect.SliceOf(typPointer)
			tag += ",list"
		default:
			return nil, fmt.Errorf("field %s: %w: %s", f.Name, ErrType, kindName(f.Kind))
		}
		if f.Optional {
			tag += ",optional"
			if f.Kind != model.KindSpendPlan {
				typ = reflect.PointerTo(typ)
			}
		}
		fields[i] = reflect.StructField{
			Name: fmt.Sprintf("F%d", i),
			Type: typ,
			Tag:  reflect.StructTag(`parquet:"` + tag + `"`),
		}
	}
	row := reflect.StructOf(fields)
	schema := parquet.NewSchema(string(t.typ), parquet.SchemaOf(reflect.New(row).Interface()))
	return &pqLayout{row: row, point: typPointer, schema: schema}, nil
}

// pqSink streams the rows of one table type into a Parquet file.
type pqSink struct {
	t       *table
	w       *pqWriter
	row     reflect.Value   // *struct of t.pq.row, reused for every row
	scratch []reflect.Value // per optional scalar field: a pointer to its storage
	flat    bool            // no spend plan: a column per field (directRow)
	rows    []parquet.Row   // one row, built by directRow
}

func newPQSink(t *table, out io.Writer, opts ...parquet.WriterOption) (*pqSink, error) {
	w, err := newPQWriter(out, t.pq.schema, opts...)
	if err != nil {
		return nil, err
	}
	s := &pqSink{
		t:       t,
		w:       w,
		row:     reflect.New(t.pq.row),
		scratch: make([]reflect.Value, len(t.fields)),
	}
	s.flat = true
	for i, f := range t.fields {
		if f.Optional && f.Kind != model.KindSpendPlan {
			s.scratch[i] = reflect.New(t.pq.row.Field(i).Type.Elem())
		}
		if f.Kind == model.KindSpendPlan {
			s.flat = false
		}
	}
	s.rows = make([]parquet.Row, 1)
	return s, nil
}

// write appends one row.
func (s *pqSink) write(cells []cell) error {
	if s.flat {
		s.rows[0] = directRow(s.t, cells, s.rows[0][:0])
		return s.w.writeRows(s.rows)
	}
	return s.w.write(s.structRow(cells))
}

// structRow sets the sink's row struct to cells, and returns it.
func (s *pqSink) structRow(cells []cell) any {
	row := s.row.Elem()
	for i, f := range s.t.fields {
		c := &cells[i]
		fv := row.Field(i)
		if f.Kind == model.KindSpendPlan {
			s.setPlan(fv, c)
			continue
		}
		if f.Optional {
			if c.null {
				fv.SetZero()
				continue
			}
			fv.Set(s.scratch[i])
			fv = fv.Elem()
		}
		switch f.Kind {
		case model.KindString:
			fv.SetString(c.str)
		case model.KindBool:
			fv.SetBool(c.num != 0)
		default: // KindInt, KindMoney, KindDecimal
			fv.SetInt(c.num)
		}
	}
	return s.row.Interface()
}

// directRow appends to row the Parquet values of cells, a row of t, which
// has no spend plan: field i is column i, optional (definition level 1
// when present) or required. It is what the schema's Deconstruct makes of
// the row's struct (TestDirectRow), without reflection; strings are not
// copied (the writer copies them into its pages).
func directRow(t *table, cells []cell, row parquet.Row) parquet.Row {
	for i, f := range t.fields {
		c := &cells[i]
		def := 0
		if f.Optional {
			if c.null {
				row = append(row, parquet.Value{}.Level(0, 0, i))
				continue
			}
			def = 1
		}
		var v parquet.Value
		switch f.Kind {
		case model.KindString:
			v = parquet.ByteArrayValue(unsafe.Slice(unsafe.StringData(c.str), len(c.str)))
		case model.KindBool:
			v = parquet.BooleanValue(c.num != 0)
		default: // KindInt, KindMoney, KindDecimal
			v = parquet.Int64Value(c.num)
		}
		row = append(row, v.Level(0, def, i))
	}
	return row
}

// setPlan sets the spend plan field fv to c's points.
func (s *pqSink) setPlan(fv reflect.Value, c *cell) {
	if c.null {
		fv.SetZero()
		return
	}
	n := len(c.plan)
	if fv.Cap() < n || fv.IsNil() {
		fv.Set(reflect.MakeSlice(fv.Type(), n, max(n, 4)))
	} else {
		fv.SetLen(n)
	}
	for j, p := range c.plan {
		e := fv.Index(j)
		e.Field(0).SetString(p.checkpoint)
		e.Field(1).SetInt(int64(p.month))
		if p.pctNull {
			e.Field(2).SetZero()
		} else {
			pct := p.pct
			e.Field(2).Set(reflect.ValueOf(&pct))
		}
	}
}

// buffered returns the bytes the sink holds in memory (see pqWriter).
func (s *pqSink) buffered() int64 { return s.w.buffered() }

// flush writes the current row group to the file.
func (s *pqSink) flush() error { return s.w.flush() }

// close writes the footer.
func (s *pqSink) close() error { return s.w.close() }
