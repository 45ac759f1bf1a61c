package emit

// The Parquet files are read back with Apache Arrow's Go implementation, an
// implementation independent of the parquet-go that writes them, and every
// value is compared with the input records and with the JSON Lines files.

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/apache/arrow-go/v18/parquet/schema"
	"github.com/budgetx/budgetx/model"
	"github.com/shopspring/decimal"
)

// A canonical value, comparable across the three sources: nil, string,
// int64, bool, "M<StringFixed(2)>" for money, "D<String()>" for a decimal,
// and []any of [3]any{checkpoint, int64 month, pct} for a spend plan.

func canonModel(f model.Field, v any) any {
	switch x := v.(type) {
	case nil:
		if f.Kind == model.KindSpendPlan && !f.Optional {
			return []any{}
		}
		return nil
	case int:
		return int64(x)
	case decimal.Decimal:
		if f.Kind == model.KindMoney {
			return "M" + x.StringFixed(2)
		}
		return "D" + x.String()
	case []model.SpendPoint:
		out := []any{}
		for _, p := range x {
			var pct any
			if !p.PctNull {
				pct = "D" + p.Pct.String()
			}
			out = append(out, [3]any{p.Checkpoint, int64(p.Month), pct})
		}
		return out
	}
	return v
}

func commonModel(c *model.Common, f model.Field) any {
	cl, ok := commonCell(c, f)
	if !ok {
		panic(f.Name)
	}
	switch {
	case cl.null:
		return nil
	case f.Kind == model.KindInt:
		return cl.num
	}
	return cl.str
}

func canonJSON(t *testing.T, f model.Field, v any) any {
	switch x := v.(type) {
	case json.Number:
		switch f.Kind {
		case model.KindMoney:
			return "M" + string(x)
		case model.KindDecimal:
			return "D" + string(x)
		}
		n, err := x.Int64()
		if err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
		return n
	case []any:
		out := []any{}
		for _, e := range x {
			m := e.(map[string]any)
			if len(m) != 3 {
				t.Errorf("%s: point %v: want 3 keys", f.Name, m)
			}
			month, _ := m["month"].(json.Number).Int64()
			var pct any
			if n, ok := m["pct"].(json.Number); ok {
				pct = "D" + string(n)
			}
			out = append(out, [3]any{m["checkpoint"], month, pct})
		}
		return out
	}
	return v
}

func canonArrow(t *testing.T, f model.Field, a arrow.Array, i int) any {
	if a.IsNull(i) {
		return nil
	}
	switch a := a.(type) {
	case *array.String:
		return a.Value(i)
	case *array.Int64:
		return a.Value(i)
	case *array.Int32:
		return int64(a.Value(i))
	case *array.Boolean:
		return a.Value(i)
	case *array.Decimal128:
		typ := a.DataType().(*arrow.Decimal128Type)
		d := decimal.NewFromBigInt(new(big.Int).Set(a.Value(i).BigInt()), -typ.Scale)
		if typ.Scale == moneyScale {
			return "M" + d.StringFixed(2)
		}
		return "D" + d.String()
	case *array.List:
		st := a.ListValues().(*array.Struct)
		start, end := a.ValueOffsets(i)
		out := []any{}
		for j := int(start); j < int(end); j++ {
			out = append(out, [3]any{
				canonArrow(t, f, st.Field(0), j),
				canonArrow(t, f, st.Field(1), j),
				canonArrow(t, f, st.Field(2), j),
			})
		}
		return out
	}
	t.Errorf("%s: unexpected Arrow array %T", f.Name, a)
	return nil
}

// readJSONL returns the objects of a JSON Lines file, numbers as json.Number.
func readJSONL(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	for dec.More() {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// checkColumnTypes checks the physical and logical type and the repetition
// of every column of a table type's Parquet file.
func checkColumnTypes(t *testing.T, tt model.TableType, rdr *file.Reader) {
	t.Helper()
	sc := rdr.MetaData().Schema
	fields := model.Fields(tt)
	root := sc.Root()
	if root.NumFields() != len(fields) {
		t.Fatalf("%s: %d top-level fields, want %d", tt, root.NumFields(), len(fields))
	}
	for i, f := range fields {
		n := root.Field(i)
		if n.Name() != f.Name {
			t.Errorf("%s: field %d is %s, want %s (contract order)", tt, i, n.Name(), f.Name)
		}
		wantRep := parquet.Repetitions.Required
		if f.Optional {
			wantRep = parquet.Repetitions.Optional
		}
		if n.RepetitionType() != wantRep {
			t.Errorf("%s.%s: repetition %v, want %v", tt, f.Name, n.RepetitionType(), wantRep)
		}
	}
	byName := map[string]model.Field{}
	for _, f := range fields {
		byName[f.Name] = f
	}
	decimalOf := func(c *schema.Column) string {
		if d, ok := c.LogicalType().(schema.DecimalLogicalType); ok {
			return fmt.Sprintf("DECIMAL(%d,%d)", d.Precision(), d.Scale())
		}
		return c.LogicalType().String()
	}
	for j := range sc.NumColumns() {
		c := sc.Column(j)
		path := c.ColumnPath().String()
		f := byName[c.ColumnPath()[0]]
		got := fmt.Sprintf("%s %s", c.PhysicalType(), decimalOf(c))
		var want string
		switch f.Kind {
		case model.KindString:
			want = "BYTE_ARRAY String"
		case model.KindInt:
			want = "INT64 " + decimalOf(c) // no logical type required
			if lt, ok := c.LogicalType().(*schema.IntLogicalType); ok && (lt.BitWidth() != 64 || !lt.IsSigned()) {
				want = "INT64 Int(bitWidth=64, isSigned=true)"
			}
		case model.KindBool:
			want = "BOOLEAN " + decimalOf(c)
		case model.KindMoney:
			want = "INT64 DECIMAL(18,2)"
		case model.KindDecimal:
			want = "INT64 DECIMAL(18,6)"
		case model.KindSpendPlan:
			want = map[string]string{
				"spend_plan.list.element.checkpoint": "BYTE_ARRAY String",
				"spend_plan.list.element.month":      "INT32 " + decimalOf(c),
				"spend_plan.list.element.pct":        "INT64 DECIMAL(18,6)",
			}[path]
			if c.MaxRepetitionLevel() != 1 {
				t.Errorf("%s: %s: max repetition level %d, want 1", tt, path, c.MaxRepetitionLevel())
			}
		}
		if got != want {
			t.Errorf("%s: column %s: %s, want %s", tt, path, got, want)
		}
	}
	for g := range rdr.NumRowGroups() {
		rg := rdr.MetaData().RowGroup(g)
		for j := range sc.NumColumns() {
			cc, err := rg.ColumnChunk(j)
			if err != nil {
				t.Fatal(err)
			}
			if cc.Compression() != compress.Codecs.Zstd {
				t.Errorf("%s: row group %d column %s: compression %v, want zstd", tt, g, sc.Column(j).ColumnPath(), cc.Compression())
			}
		}
	}
}

// readParquet returns the columns of a Parquet file read with Arrow, one
// array per field (the chunks concatenated).
func readParquet(t *testing.T, path string, tt model.TableType) ([]arrow.Array, int) {
	t.Helper()
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	checkColumnTypes(t, tt, rdr)
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	cols := make([]arrow.Array, tbl.NumCols())
	for i := range cols {
		chunks := tbl.Column(i).Data().Chunks()
		if len(chunks) == 0 {
			cols[i] = array.MakeArrayOfNull(memory.DefaultAllocator, tbl.Column(i).DataType(), 0)
			continue
		}
		if cols[i], err = array.Concatenate(chunks, memory.DefaultAllocator); err != nil {
			t.Fatal(err)
		}
	}
	return cols, int(tbl.NumRows())
}

func TestParquetReadBack(t *testing.T) {
	dir, results := writeSample(t, both)
	empty := t.TempDir()
	w, err := Create(empty, both)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range model.TableTypes {
		t.Run(string(tt), func(t *testing.T) {
			fields := model.Fields(tt)
			recs := recordsOf(results, tt)
			lines := readJSONL(t, filepath.Join(dir, string(tt)+".jsonl"))
			cols, n := readParquet(t, filepath.Join(dir, string(tt)+".parquet"), tt)
			if n != len(recs) || len(lines) != len(recs) {
				t.Fatalf("%d Parquet rows, %d JSON lines, want %d", n, len(lines), len(recs))
			}
			if len(cols) != len(fields) {
				t.Fatalf("%d Arrow columns, want %d", len(cols), len(fields))
			}
			nulls, values := 0, 0
			for i := range recs {
				for j, f := range fields {
					var want any
					if j < len(model.CommonFields) {
						want = commonModel(&recs[i].Common, f)
					} else {
						want = canonModel(f, recs[i].Values[f.Name])
					}
					jv, ok := lines[i][f.Name]
					if !ok {
						t.Errorf("row %d: JSON lacks %s", i, f.Name)
					}
					fromJSON := canonJSON(t, f, jv)
					fromPQ := canonArrow(t, f, cols[j], i)
					if !reflect.DeepEqual(fromJSON, want) {
						t.Errorf("row %d %s: JSON %#v, want %#v", i, f.Name, fromJSON, want)
					}
					if !reflect.DeepEqual(fromPQ, want) {
						t.Errorf("row %d %s: Parquet %#v, want %#v", i, f.Name, fromPQ, want)
					}
					if want == nil {
						nulls++
					} else {
						values++
					}
				}
			}
			if nulls == 0 || values == 0 {
				t.Errorf("%d nulls and %d values compared: the sample lacks one", nulls, values)
			}

			// The same table type with no records: the full schema, no rows.
			cols, n = readParquet(t, filepath.Join(empty, string(tt)+".parquet"), tt)
			if n != 0 || len(cols) != len(fields) {
				t.Errorf("empty run: %d rows, %d columns; want 0 rows, %d columns", n, len(cols), len(fields))
			}
		})
	}
}

func TestParquetRowGroups(t *testing.T) {
	dir := t.TempDir()
	w, err := Create(dir, Formats{Parquet: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	const rows = rowGroupRows + 1000
	res := &model.Result{Records: make([]model.Record, rows)}
	for i := range res.Records {
		res.Records[i] = model.Record{
			Common: model.Common{DocID: "d", SourceFile: "a.pdf", FiscalYear: 2024, DocKind: model.Budget,
				TableType: model.OtherTables, TableTitle: "其他", RowNo: i + 1},
			Values: map[string]any{"column_index": int64(i % 7), "value": decimal.New(int64(i), -2)},
		}
	}
	if err := w.WriteResult(res); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rdr, err := file.OpenParquetFile(filepath.Join(dir, "other_tables.parquet"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	if rdr.NumRows() != rows || rdr.NumRowGroups() != 2 {
		t.Errorf("%d rows in %d row groups, want %d in 2", rdr.NumRows(), rdr.NumRowGroups(), rows)
	}
	if got := rdr.MetaData().RowGroup(0).NumRows(); got != rowGroupRows {
		t.Errorf("first row group: %d rows, want %d", got, rowGroupRows)
	}
}
