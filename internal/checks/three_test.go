package checks

import (
	"testing"

	"github.com/budgetx/budgetx/model"
)

const sgb = "部门预算财政拨款“三公”经费支出表"

// threeRows returns the seed's 三公 table (万元) with the amounts given in
// order total, subtotal, overseas, vehicle, purchase, operation, reception
// in both the total and the general-budget column.
func threeRows(amounts ...any) []model.Record {
	items := []string{"total", "subtotal", "overseas_travel", "vehicle_total", "vehicle_purchase", "vehicle_operation", "official_reception"}
	var rows []model.Record
	for i, it := range items {
		if amounts[i] == "-" {
			continue // the row is not printed
		}
		rows = append(rows, row(model.ThreePublicExpenses, sgb, i+1, "item", it, "item_label", it,
			"total_yuan", amounts[i], "general_public_budget_yuan", amounts[i]))
	}
	return rows
}

func TestThreePublic(t *testing.T) {
	checks := []string{ThreePublic}
	// The seed: 77.18 = 0 + 62.92 + 14.26; 62.92 = 0 + 62.92. Three rules ×
	// two columns set; the fund and state-capital columns are null.
	wantFailures(t, result(threeRows("77.18", "77.18", nil, "62.92", nil, "62.92", "14.26"), nil), nil, checks,
		model.CheckCounts{Run: 6, Passed: 6})
	// 公用车运行维护费 misread as 6.29: both 公务用车 and the subtotal fail.
	res := result(threeRows("77.18", "77.18", nil, "62.92", nil, "6.29", "14.26"), nil)
	wantFailures(t, res, nil, checks, model.CheckCounts{Run: 6, Passed: 4, Mismatched: 2},
		"three_public mismatch three_public_expenses 4 total_yuan",
		"three_public mismatch three_public_expenses 4 general_public_budget_yuan")
	is := issueOf(t, res, ThreePublic, "total_yuan")
	if is.Expected != "629200.00" || is.Found != "62900.00" || is.Difference != "-566300.00" {
		t.Errorf("expected %s found %s difference %s", is.Expected, is.Found, is.Difference)
	}
	// 合计 one unit off 小计: rounding.
	wantFailures(t, result(threeRows("77.19", "77.18", nil, "62.92", nil, "62.92", "14.26"), nil), nil, checks,
		model.CheckCounts{Run: 6, Passed: 4, Rounding: 2},
		"three_public rounding three_public_expenses 1 total_yuan",
		"three_public rounding three_public_expenses 1 general_public_budget_yuan")
	// No 小计 row: 合计 is checked against the parts.
	wantFailures(t, result(threeRows("77.00", "-", nil, "62.92", nil, "62.92", "14.26"), nil), nil, checks,
		model.CheckCounts{Run: 4, Passed: 2, Mismatched: 2},
		"three_public mismatch three_public_expenses 1 total_yuan",
		"three_public mismatch three_public_expenses 1 general_public_budget_yuan")
}
