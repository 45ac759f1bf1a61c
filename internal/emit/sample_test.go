package emit

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/budgetx/budgetx/model"
	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// Values each Kind takes in the sample records, record k taking variant
// k mod len. Optional fields take the null variant first; required fields
// skip it.
var (
	stringVariants = []any{
		nil,
		"",
		"一般公共服务支出",
		"含\"引号\"、\\反斜杠、\n换行\t制表 <b>&amp;</b>",
		"emoji 😀, U+2028 \u2028 and U+0001 \x01",
		"2080101 行政运行",
	}
	intVariants   = []any{nil, int64(0), int64(1), int64(-7), int64(2026), 3}
	boolVariants  = []any{nil, false, true}
	moneyVariants = []any{
		nil,
		dec("0"),
		dec("0.00"),
		dec("-1234.5"),
		dec("244064700.00"),
		dec("9999999999999999.99"), // the largest DECIMAL(18,2)
		dec("-0.01"),
		dec("21541.250"), // a third decimal that is zero is not a third decimal
		dec("1E+6"),
	}
	decimalVariants = []any{
		nil,
		dec("0"),
		dec("95"),
		dec("-0.000001"),
		dec("999999999999.999999"), // the largest DECIMAL(18,6)
		dec("1.50"),
		dec("1E+3"),
	}
	planVariants = []any{
		nil,
		[]model.SpendPoint{},
		[]model.SpendPoint{
			{Checkpoint: "3月底", Month: 3, Pct: dec("25")},
			{Checkpoint: "6月底", Month: 6, PctNull: true},
			{Checkpoint: "9月底", Month: 9, Pct: dec("62.5")},
			{Checkpoint: "12月底", Month: 12, Pct: dec("100")},
		},
		[]model.SpendPoint{{Checkpoint: "“年底”\n", Month: 12, Pct: dec("0")}},
	}
)

func variants(k model.Kind) []any {
	switch k {
	case model.KindString:
		return stringVariants
	case model.KindInt:
		return intVariants
	case model.KindBool:
		return boolVariants
	case model.KindMoney:
		return moneyVariants
	case model.KindDecimal:
		return decimalVariants
	case model.KindSpendPlan:
		return planVariants
	}
	panic(fmt.Sprint("no variants for kind ", k))
}

// sampleRecord returns record k of table type t of the sample document doc.
func sampleRecord(doc int, t model.TableType, k int) model.Record {
	r := model.Record{Common: model.Common{
		DocID:      fmt.Sprintf("%064x", doc+1),
		SourceFile: fmt.Sprintf("in/部门预算-%d.pdf", doc),
		FiscalYear: 2024 + doc,
		DocKind:    model.Budget,
		TableType:  t,
		TableTitle: "2024年部门“预算”表 " + string(t),
		RowNo:      k + 1,
	}}
	if k%2 == 1 {
		r.DepartmentCode = "467"
		r.DepartmentName = "衡水市生态环境局"
		r.SourcePage = k + 10
		r.DocKind = model.FinalAccount
	}
	for i, f := range model.TableFields[t] {
		vs := variants(f.Kind)
		if !f.Optional && f.Kind != model.KindSpendPlan {
			vs = vs[1:]
		}
		v := vs[(k+i)%len(vs)]
		if v != nil {
			r.Set(f.Name, v)
		}
	}
	return r
}

// samplePerType is the number of sample records of each table type: enough
// for every field to take every variant.
const samplePerType = 9

// sampleResults returns two documents holding samplePerType records of every
// table type between them, in an interleaved order, with issues.
func sampleResults() []*model.Result {
	var out []*model.Result
	for doc := range 2 {
		res := &model.Result{Summary: model.DocSummary{
			DocID:      fmt.Sprintf("%064x", doc+1),
			SourceFile: fmt.Sprintf("in/部门预算-%d.pdf", doc),
			Format:     model.FormatPDF,
			Status:     model.StatusOK,
			FiscalYear: 2024 + doc,
			DocKind:    model.Budget,
			Pages:      12,
			Records:    map[model.TableType]int{},
		}}
		for k := doc; k < samplePerType; k += 2 {
			for _, t := range model.TableTypes {
				r := sampleRecord(doc, t, k)
				res.Records = append(res.Records, r)
				res.Summary.Records[t]++
			}
		}
		res.Issues = []model.Issue{{
			Kind: model.IssueRepair, Severity: model.SevInfo, TableType: model.Projects,
			TableTitle: "项目支出绩效目标表", Page: 3, Row: 2, Column: "spend_plan",
			Raw: "10000%", Repaired: "100", Rule: "pct_doubled",
		}}
		out = append(out, res)
	}
	return out
}

// writeSample writes the sample documents to a new directory.
func writeSample(t *testing.T, f Formats) (string, []*model.Result) {
	t.Helper()
	dir := t.TempDir()
	w, err := Create(dir, f)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	results := sampleResults()
	for _, res := range results {
		if err := w.WriteResult(res); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, results
}

// recordsOf returns the records of type tt in results, in output order.
func recordsOf(results []*model.Result, tt model.TableType) []model.Record {
	var out []model.Record
	for _, res := range results {
		for _, r := range res.Records {
			if r.TableType == tt {
				out = append(out, r)
			}
		}
	}
	return out
}

// sharedDir finds the shared material (spec, tools): a directory named
// shared in the package directory or any directory above it. In the
// workspace and in CI it sits beside the repository root.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		cand := filepath.Join(dir, "shared")
		if _, err := os.Stat(filepath.Join(cand, "tools", "contract-check")); err == nil {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func TestSampleCoversEveryVariant(t *testing.T) {
	// Every field of every table type takes every variant of its kind in
	// samplePerType records (the variants lists are at most that long).
	for _, tt := range model.TableTypes {
		for _, f := range model.TableFields[tt] {
			if n := len(variants(f.Kind)); n > samplePerType {
				t.Errorf("%s.%s: %d variants, %d records", tt, f.Name, n, samplePerType)
			}
		}
	}
	kinds := map[model.Kind]bool{}
	for _, tt := range model.TableTypes {
		for _, f := range model.Fields(tt) {
			kinds[f.Kind] = true
		}
	}
	for _, k := range []model.Kind{model.KindString, model.KindInt, model.KindBool, model.KindMoney, model.KindDecimal, model.KindSpendPlan} {
		if !kinds[k] {
			t.Errorf("no field of kind %s in the contract", kindName(k))
		}
	}
}
