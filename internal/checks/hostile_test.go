package checks

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/budgetx/budgetx/internal/extract/text"
	"github.com/budgetx/budgetx/internal/normalize"
	"github.com/budgetx/budgetx/model"
)

// manyTables is a text-form document of n tiny tables, each under its own
// number and title.
func manyTables(n int) []byte {
	var b strings.Builder
	b.WriteString("2024年部门预算\n")
	for i := range n {
		fmt.Fprintf(&b, "表%d\n部门预算表%d\n\t项目\n\t金额\n\n\t合计\n\t%d.00\n\n", i, i, i)
	}
	return []byte(b.String())
}

// longTable is a text-form document of one 支出总表: a unit row, a header
// row and n class rows.
func longTable(n int) []byte {
	var b strings.Builder
	b.WriteString("2024年部门预算\n部门预算支出总表\n\t单位：万元\n\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n")
	for i := range n {
		fmt.Fprintf(&b, "\t2%02d\n\t支出%d\n\t%d.00\n\t1.00\n\t%d.00\n\n", i%100, i, i+1, i)
	}
	return []byte(b.String())
}

// readNormalizeCheck runs data through the stages a run does, under the
// default limits.
func readNormalizeCheck(t testing.TB, data []byte) *model.Result {
	doc, err := text.Read("x.txt", data, model.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := normalize.NormalizeLimited(doc, model.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	Run(res, nil)
	return res
}

// hangGuard fails t if f has not returned within d: a guard against a
// quadratic path coming back, not a timing.
func hangGuard(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v", d)
	}
}

// TestManyTables: a document of many small tables is read, normalized and
// checked in time proportional to its tables (200,000 ran past 400 s in
// the checks). 10,000 here; BenchmarkManyTables measures 50,000.
func TestManyTables(t *testing.T) {
	hangGuard(t, 60*time.Second, func() {
		res := readNormalizeCheck(t, manyTables(10_000))
		if len(res.Summary.Tables) != 10_000 {
			t.Errorf("%d tables", len(res.Summary.Tables))
		}
	})
}

// TestLongTable: one table of many rows. 50,000 here; BenchmarkLongTable
// measures 200,000 (the row limit, header included).
func TestLongTable(t *testing.T) {
	hangGuard(t, 60*time.Second, func() {
		res := readNormalizeCheck(t, longTable(50_000))
		if res.Summary.Records[model.ExpenditureByFunction] != 50_000 {
			t.Errorf("records %v", res.Summary.Records)
		}
	})
}

func BenchmarkManyTables(b *testing.B) {
	data := manyTables(50_000)
	for b.Loop() {
		readNormalizeCheck(b, data)
	}
}

func BenchmarkLongTable(b *testing.B) {
	data := longTable(199_998)
	for b.Loop() {
		readNormalizeCheck(b, data)
	}
}
