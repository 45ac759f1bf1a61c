package checks

import (
	"testing"

	"github.com/budgetx/budgetx/model"
)

const zcb = "部门预算支出总表"

// expenditure returns a small 支出总表 (figures of the seed's 类 208 and 210,
// 万元) with total and basic columns, after applying edit to its rows.
func expenditure(edit func(rows []model.Record)) []model.Record {
	e := func(n int, code, name string, level int, parent, amount string) model.Record {
		var p any
		if parent != "" {
			p = parent
		}
		return row(model.ExpenditureByFunction, zcb, n, "function_code", code, "function_name", name,
			"level", level, "parent_code", p, "is_total", false, "total_yuan", amount, "basic_yuan", amount)
	}
	rows := []model.Record{
		row(model.ExpenditureByFunction, zcb, 1, "function_name", "合计", "is_total", true,
			"total_yuan", "1611.45", "basic_yuan", "1611.45"),
		e(2, "208", "社会保障和就业支出", 1, "", "1271.03"),
		e(3, "20805", "行政事业单位养老支出", 2, "208", "1266.17"),
		e(4, "2080501", "行政单位离退休", 3, "20805", "515.32"),
		e(5, "2080505", "机关事业单位基本养老保险缴费支出", 3, "20805", "750.35"),
		e(6, "2080506", "机关事业单位职业年金缴费支出", 3, "20805", "0.50"),
		e(7, "20808", "抚恤", 2, "208", "4.86"),
		e(8, "2080801", "死亡抚恤", 3, "20808", "4.86"),
		e(9, "210", "卫生健康支出", 1, "", "340.42"),
		e(10, "21011", "行政事业单位医疗", 2, "210", "340.42"),
		e(11, "2101101", "行政单位医疗", 3, "21011", "211.68"),
		e(12, "2101103", "公务员医疗补助", 3, "21011", "128.74"),
	}
	if edit != nil {
		edit(rows)
	}
	return rows
}

// within are the checks within one table.
var within = []string{ClassSum, ClassTotal, RowTotal, ThreePublic}

// Checks run on the clean table: class_sum 5 parents × 2 columns set,
// class_total 2 columns, row_total 12 rows. The project and other columns
// are null everywhere: not run.
const expenditureChecks = 5*2 + 2 + 12

func TestClassSumClean(t *testing.T) {
	wantFailures(t, result(expenditure(nil), nil), []string{"-"}, within,
		model.CheckCounts{Run: expenditureChecks, Passed: expenditureChecks})
}

// TestClassSumDroppedDigit: 20805's total printed 1266.17 is read as 126.17.
// Its 类 no longer adds up, its 项 no longer add up to it, and its row total
// no longer equals its basic column.
func TestClassSumDroppedDigit(t *testing.T) {
	res := result(expenditure(func(rows []model.Record) {
		rows[2].Set("total_yuan", wan("126.17"))
	}), nil)
	wantFailures(t, res, []string{"-"}, within,
		model.CheckCounts{Run: expenditureChecks, Passed: expenditureChecks - 3, Mismatched: 3},
		"class_sum mismatch expenditure_by_function 2 total_yuan",
		"class_sum mismatch expenditure_by_function 3 total_yuan",
		"row_total mismatch expenditure_by_function 3 total_yuan")
	is := issueOf(t, res, ClassSum, "total_yuan")
	if is.Row != 2 || is.Expected != "12710300.00" || is.Found != "1310300.00" || is.Difference != "-11400000.00" {
		t.Errorf("类 208: row %d expected %s found %s difference %s", is.Row, is.Expected, is.Found, is.Difference)
	}
	want := "类 208 社会保障和就业支出, total_yuan: 131.03万元, the sum of its 2 款, vs 1271.03万元 printed in 部门预算支出总表"
	if is.Message != want {
		t.Errorf("message %q\nwant    %q", is.Message, want)
	}
	if is.Kind != model.IssueCheck || is.TableTitle != zcb || is.DocID != "doc" {
		t.Errorf("issue %+v", is)
	}
}

// TestClassSumRounding: one 项 one unit off (128.75 for 128.74) is rounding
// in a table printed in 万元, and a mismatch in one printed in 元.
func TestClassSumRounding(t *testing.T) {
	edit := func(rows []model.Record) {
		rows[11].Set("total_yuan", wan("128.75"))
		rows[11].Set("basic_yuan", wan("128.75"))
	}
	res := result(expenditure(edit), nil)
	wantFailures(t, res, []string{"-"}, within,
		model.CheckCounts{Run: expenditureChecks, Passed: expenditureChecks - 2, Rounding: 2},
		"class_sum rounding expenditure_by_function 10 total_yuan",
		"class_sum rounding expenditure_by_function 10 basic_yuan")
	is := issueOf(t, res, ClassSum, "basic_yuan")
	if is.Expected != "3404200.00" || is.Found != "3404300.00" || is.Difference != "100.00" {
		t.Errorf("expected %s found %s difference %s", is.Expected, is.Found, is.Difference)
	}

	res = result(expenditure(edit), map[string]string{zcb: "元"})
	wantFailures(t, res, []string{"-"}, within,
		model.CheckCounts{Run: expenditureChecks, Passed: expenditureChecks - 2, Mismatched: 2},
		"class_sum mismatch expenditure_by_function 10 total_yuan",
		"class_sum mismatch expenditure_by_function 10 basic_yuan")
}

// TestClassTotal: 合计 against the 类 rows; a 类 without 款 in the table is
// not checked against its (absent) children.
func TestClassTotal(t *testing.T) {
	rows := []model.Record{
		row(model.GeneralBudgetExpenditure, "一般公共预算支出表", 1, "function_name", "合计", "is_total", true,
			"total_yuan", "100.00", "basic_yuan", "60.00", "project_yuan", "40.00"),
		row(model.GeneralBudgetExpenditure, "一般公共预算支出表", 2, "function_code", "208", "level", 1, "is_total", false,
			"total_yuan", "70.00", "basic_yuan", "60.00", "project_yuan", "10.00"),
		row(model.GeneralBudgetExpenditure, "一般公共预算支出表", 3, "function_code", "211", "level", 1, "is_total", false,
			"total_yuan", "31.00", "basic_yuan", nil, "project_yuan", "31.00"),
	}
	// class_total: 3 columns, basic passes; row_total: 3 rows, all pass.
	res := result(rows, nil)
	wantFailures(t, res, []string{"-"}, within, model.CheckCounts{Run: 6, Passed: 4, Mismatched: 2},
		"class_total mismatch general_budget_expenditure 1 total_yuan",
		"class_total mismatch general_budget_expenditure 1 project_yuan")
	want := "合计, total_yuan: 101.00万元, the sum of the 2 类 rows, vs 100.00万元 printed in 一般公共预算支出表"
	if is := issueOf(t, res, ClassTotal, "total_yuan"); is.Message != want {
		t.Errorf("message %q\nwant    %q", is.Message, want)
	}
}

// TestEconomicClass: the basic-expenditure table by economic class (类/款)
// and its row total 人员经费 + 公用经费.
func TestEconomicClass(t *testing.T) {
	const title = "基本支出表"
	e := func(n int, code string, level int, parent any, total, personnel, public any) model.Record {
		return row(model.GeneralBudgetBasicExpenditure, title, n, "economic_code", code, "economic_name", code,
			"level", level, "parent_code", parent, "is_total", false,
			"total_yuan", total, "personnel_yuan", personnel, "public_operation_yuan", public)
	}
	rows := []model.Record{
		row(model.GeneralBudgetBasicExpenditure, title, 1, "economic_name", "合计", "is_total", true,
			"total_yuan", "6135.80", "personnel_yuan", "6135.80"),
		e(2, "301", 1, nil, "6135.80", "6135.80", nil),
		e(3, "30101", 2, "301", "2327.93", "2327.93", nil),
		e(4, "30102", 2, "301", "3807.87", "3807.87", "0.01"),
	}
	// class_sum 301: 3 columns (public_operation: expected null, found set);
	// class_total: 2 columns; row_total: 4 rows.
	wantFailures(t, result(rows, nil), []string{"-"}, within, model.CheckCounts{Run: 9, Passed: 7, Rounding: 2},
		"class_sum rounding general_budget_basic_expenditure 2 public_operation_yuan",
		"row_total rounding general_budget_basic_expenditure 4 total_yuan")
}

// TestRevenueRowTotals: 合计 = 本年收入小计 + 上年结转; 小计 = its sources.
func TestRevenueRowTotals(t *testing.T) {
	const title = "部门预算收入总表"
	rows := []model.Record{
		row(model.RevenueByFunction, title, 1, "function_name", "合计", "is_total", true,
			"total_yuan", "24406.47", "current_year_subtotal_yuan", "22168.25",
			"fiscal_appropriation_yuan", "21541.25", "operating_income_yuan", "627.00",
			"prior_year_carryover_yuan", "2238.22"),
		row(model.RevenueByFunction, title, 2, "function_code", "211", "level", 1, "is_total", false,
			"total_yuan", "22356.31", "current_year_subtotal_yuan", "20118.09",
			"fiscal_appropriation_yuan", "19491.09", "other_income_yuan", "672.00",
			"prior_year_carryover_yuan", "2238.22"),
	}
	// row_total: 2 rules × 2 rows; class_total: 6 columns set (the 合计 is
	// not the sum of the one 类 here, and other_income differs).
	res := result(rows, nil)
	Run(res, []string{"-"})
	rowTotal := failures(res, RowTotal)
	if len(rowTotal) != 1 || rowTotal[0] != "row_total mismatch revenue_by_function 2 current_year_subtotal_yuan" {
		t.Errorf("row_total failures %q", rowTotal)
	}
}

// TestTwoSidedTotals: a 决算 基本支出表 printed in two halves has a 合计 row
// per half. The 合计 rows together equal the 类 rows, and the table's 合计
// for the other tables is their sum.
func TestTwoSidedTotals(t *testing.T) {
	const title = "一般公共预算财政拨款基本支出决算表"
	e := func(n int, code string, personnel, public any) model.Record {
		total := personnel
		if total == nil {
			total = public
		}
		return row(model.GeneralBudgetBasicExpenditure, title, n, "economic_code", code, "economic_name", code,
			"level", 1, "is_total", false, "total_yuan", total, "personnel_yuan", personnel, "public_operation_yuan", public)
	}
	rows := []model.Record{
		e(1, "301", "649.20", nil),
		row(model.GeneralBudgetBasicExpenditure, title, 27, "economic_name", "合计", "is_total", true,
			"total_yuan", "649.20", "personnel_yuan", "649.20"),
		e(28, "302", nil, "94.65"),
		e(29, "310", nil, "2.54"),
		row(model.GeneralBudgetBasicExpenditure, title, 81, "economic_name", "合计", "is_total", true,
			"total_yuan", "97.19", "public_operation_yuan", "97.19"),
		row(model.GeneralBudgetExpenditure, ybz, 1, "function_name", "合计", "is_total", true,
			"total_yuan", "746.39", "basic_yuan", "746.39"),
	}
	// class_total: 3 columns at the first 合计 row; row_total: 5 rows;
	// basic_total_vs_general_budget: 1.
	wantFailures(t, result(rows, nil), nil, []string{ClassTotal, RowTotal, BasicTotalVsGeneralBudget},
		model.CheckCounts{Run: 9, Passed: 9})

	rows[4].Set("public_operation_yuan", wan("97.20"))
	res := result(rows, nil)
	wantFailures(t, res, nil, []string{ClassTotal, RowTotal, BasicTotalVsGeneralBudget},
		model.CheckCounts{Run: 9, Passed: 7, Rounding: 2},
		"row_total rounding general_budget_basic_expenditure 81 total_yuan",
		"class_total rounding general_budget_basic_expenditure 27 public_operation_yuan")
	want := "the 2 合计 rows together, public_operation_yuan: 97.19万元, the sum of the 3 类 rows, vs 97.20万元 printed in " + title
	if is := issueOf(t, res, ClassTotal, ""); is.Message != want {
		t.Errorf("message %q\nwant    %q", is.Message, want)
	}
}

// TestRowTotalNotPrinted: a table whose rows print their amount in the
// total column only (the parts only on 合计) is not held to the row totals.
func TestRowTotalNotPrinted(t *testing.T) {
	const title = "基本支出决算表"
	rows := []model.Record{
		row(model.GeneralBudgetBasicExpenditure, title, 1, "economic_name", "合计", "is_total", true,
			"total_yuan", "2152.26", "personnel_yuan", "2152.26"),
		row(model.GeneralBudgetBasicExpenditure, title, 2, "economic_code", "301", "level", 1, "is_total", false,
			"total_yuan", "2082.85"),
	}
	wantFailures(t, result(rows, nil), nil, []string{RowTotal}, model.CheckCounts{})
}
