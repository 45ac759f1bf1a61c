package budgetx_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/budgetx/budgetx"
	"github.com/budgetx/budgetx/model"
)

// Extract a department's budget from its flattened text form, and read
// its identity, its checks and one figure of its expenditure table.
func Example() {
	res, err := budgetx.Extract(context.Background(), "fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt")
	if err != nil {
		log.Fatal(err)
	}
	s := res.Summary
	fmt.Println(s.DepartmentName, s.FiscalYear, s.DocKind, s.Region.City, s.Status)
	fmt.Printf("%d tables, %d records, %d checks run, %d mismatched\n",
		len(s.Tables), len(res.Records), s.Checks.Run, s.Checks.Mismatched)
	for _, r := range res.Records {
		if r.TableType == model.ExpenditureByFunction && r.Values["is_total"] == true {
			total, _ := r.Money("total_yuan")
			fmt.Printf("%s: total %s yuan\n", r.TableTitle, total.StringFixed(2))
		}
	}
	// Output:
	// 衡水市生态环境局 2024 budget 衡水市 ok
	// 210 tables, 1098 records, 657 checks run, 2 mismatched
	// 部门预算支出总表: total 244064700.00 yuan
}

// A document that cannot be read is an error that names it, and says
// its class.
func ExampleExtract_error() {
	_, err := budgetx.Extract(context.Background(), "testdata/failing/truncated-objstm.pdf")
	var e *budgetx.Error
	fmt.Println(errors.As(err, &e), e.File)
	fmt.Println(errors.Is(err, budgetx.ErrMalformed), model.ErrorClass(err))
	// Output:
	// true testdata/failing/truncated-objstm.pdf
	// true malformed
}
