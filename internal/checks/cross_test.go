package checks

import (
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
)

const szb = "部门预算收支总表"

// summaryRows returns a 收支总表 (万元): revenue lines, then expenditure
// lines, as item, amount pairs.
func summaryRows(tt model.TableType, title string, revenue, expenditure []string) []model.Record {
	var rows []model.Record
	for i := 0; i+1 < len(revenue); i += 2 {
		rows = append(rows, row(tt, title, i/2+1, "side", "revenue", "item", revenue[i], "amount_yuan", amount(revenue[i+1])))
	}
	for i := 0; i+1 < len(expenditure); i += 2 {
		rows = append(rows, row(tt, title, i/2+1, "side", "expenditure", "item", expenditure[i],
			"amount_yuan", amount(expenditure[i+1]), "general_public_budget_yuan", amount(expenditure[i+1])))
	}
	return rows
}

// amount is nil for "", else s.
func amount(s string) any {
	if s == "" {
		return nil
	}
	return s
}

var (
	seedRevenue     = []string{"一、一般公共预算拨款收入", "21541.25", "五、单位资金", "627.00", "本年收入合计", "22168.25", "上年结转结余", "2238.22", "收入总计", "24406.47"}
	seedExpenditure = []string{"一、一般公共服务支出", "", "八、社会保障和就业支出", "1271.03", "十、卫生健康支出", "340.42",
		"十一、节能环保支出", "22356.31", "二十、住房保障支出", "438.71", "本年支出合计", "24406.47", "年终结转结余", "", "支出总计", "24406.47"}
)

// levelOne returns a classified table with a 合计 row and 类 rows, as code,
// name, total triples.
func levelOne(tt model.TableType, title, total string, classes ...string) []model.Record {
	rows := []model.Record{row(tt, title, 1, "function_name", "合计", "is_total", true, "total_yuan", total)}
	for i := 0; i+2 < len(classes); i += 3 {
		rows = append(rows, row(tt, title, len(rows)+1, "function_code", classes[i], "function_name", classes[i+1],
			"level", 1, "is_total", false, "total_yuan", classes[i+2]))
	}
	return rows
}

var seedClasses = []string{"208", "社会保障和就业支出", "1271.03", "210", "卫生健康支出", "340.42",
	"211", "节能环保支出", "22356.31", "221", "住房保障支出", "438.71"}

var summaryChecks = []string{SummaryBalance, RevenueTotalVsSummary, ExpenditureTotalVsSummary, SummaryClassVsExpenditure}

func TestSummaryChecks(t *testing.T) {
	rows := summaryRows(model.RevenueExpenditureSummary, szb, seedRevenue, seedExpenditure)
	rows = append(rows, levelOne(model.RevenueByFunction, "部门预算收入总表", "24406.47")...)
	rows = append(rows, levelOne(model.ExpenditureByFunction, zcb, "24406.47", seedClasses...)...)
	// balance 1, revenue total 1, expenditure total 1, 4 class lines with
	// a value (一般公共服务支出 is null with no row: not run).
	wantFailures(t, result(rows, nil), nil, summaryChecks, model.CheckCounts{Run: 7, Passed: 7})

	// 社会保障和就业支出 misread in the 支出总表; 收入总计 one unit off.
	rev := append([]string(nil), seedRevenue...)
	rev[9] = "24406.48"
	rows = summaryRows(model.RevenueExpenditureSummary, szb, rev, seedExpenditure)
	rows = append(rows, levelOne(model.RevenueByFunction, "部门预算收入总表", "24406.47")...)
	cl := append([]string(nil), seedClasses...)
	cl[2] = "127.03"
	rows = append(rows, levelOne(model.ExpenditureByFunction, zcb, "24406.47", cl...)...)
	res := result(rows, nil)
	wantFailures(t, res, nil, summaryChecks, model.CheckCounts{Run: 7, Passed: 4, Rounding: 2, Mismatched: 1},
		"summary_balance rounding revenue_expenditure_summary 8 amount_yuan",
		"revenue_total_vs_summary rounding revenue_by_function 1 total_yuan",
		"summary_class_vs_expenditure mismatch expenditure_by_function 2 total_yuan")
	is := issueOf(t, res, SummaryClassVsExpenditure, "")
	if !strings.Contains(is.Message, "127.03万元") || !strings.Contains(is.Message, "1271.03万元") {
		t.Errorf("message %q", is.Message)
	}
}

// TestSummaryClassNames: a 类 row with no line in the summary, and a line
// with no row, are mismatches.
func TestSummaryClassNames(t *testing.T) {
	exp := []string{"八、社会保障和就业支出", "1271.03", "十、卫生健康支出", "340.42", "二十五、其他支出", "1.00", "支出总计", "1612.45"}
	rows := summaryRows(model.RevenueExpenditureSummary, szb, []string{"收入总计", "1612.45"}, exp)
	rows = append(rows, levelOne(model.ExpenditureByFunction, zcb, "1612.45",
		"208", "社会保障和就业支出", "1271.03", "210", "卫生健康支出", "340.42", "221", "住房保障支出", "1.00")...)
	wantFailures(t, result(rows, nil), nil, []string{SummaryClassVsExpenditure}, model.CheckCounts{Run: 4, Passed: 2, Mismatched: 2},
		"summary_class_vs_expenditure mismatch revenue_expenditure_summary 3 amount_yuan",
		"summary_class_vs_expenditure mismatch expenditure_by_function 4 total_yuan")
}

// TestCrossSkipped: a missing table, a table empty by declaration, and a
// summary that does not list expenditure by function are skipped, with why.
func TestCrossSkipped(t *testing.T) {
	rows := levelOne(model.ExpenditureByFunction, zcb, "24406.47", seedClasses...)
	res := result(rows, nil)
	res.Summary.Tables = append(res.Summary.Tables, model.TableSummary{TableType: model.RevenueExpenditureSummary,
		Title: szb, Unit: "万元", EmptyDeclared: true, Note: "注：本表无数据，空表列示。"})
	wantFailures(t, res, nil, summaryChecks, model.CheckCounts{Skipped: 4},
		"summary_balance skipped revenue_expenditure_summary 0 ",
		"revenue_total_vs_summary skipped revenue_by_function 0 ",
		"expenditure_total_vs_summary skipped expenditure_by_function 0 total_yuan",
		"summary_class_vs_expenditure skipped expenditure_by_function 0 total_yuan")
	if is := issueOf(t, res, SummaryBalance, ""); is.Message != "部门预算收支总表 (revenue_expenditure_summary) is empty by declaration: 注：本表无数据，空表列示。" {
		t.Errorf("message %q", is.Message)
	}
	if is := issueOf(t, res, RevenueTotalVsSummary, ""); is.Message != "the document has no 部门预算收入总表 (revenue_by_function)" {
		t.Errorf("message %q", is.Message)
	}

	rows = summaryRows(model.RevenueExpenditureSummary, szb, nil, []string{"一、基本支出", "7176.78", "二、项目支出", "17229.69", "支出总计", "24406.47"})
	rows = append(rows, levelOne(model.ExpenditureByFunction, zcb, "24406.47", seedClasses...)...)
	res = result(rows, nil)
	wantFailures(t, res, nil, []string{SummaryClassVsExpenditure}, model.CheckCounts{Skipped: 1},
		"summary_class_vs_expenditure skipped expenditure_by_function 0 total_yuan")
}

const czb = "部门预算财政拨款收支总表"
const ybz = "部门预算一般公共预算财政拨款支出表"
const jbz = "部门预算一般公共预算财政拨款基本支出表"

func TestFiscalAndBasic(t *testing.T) {
	checks := []string{FiscalSummaryBalance, FiscalTotalVsGeneralBudget, FiscalClassVsGeneralBudget, BasicTotalVsGeneralBudget}
	rows := summaryRows(model.FiscalRevenueExpenditureSummary, czb,
		[]string{"一、一般公共预算拨款", "21541.25", "本年收入合计", "21541.25", "年初财政拨款结转和结余", "2238.22", "收入总计", "23779.47"},
		[]string{"八、社会保障和就业支出", "1271.03", "十、卫生健康支出", "340.42", "十一、节能环保支出", "21729.31",
			"二十、住房保障支出", "438.71", "本年支出合计", "23779.47", "支出总计", "23779.47"})
	rows = append(rows, levelOne(model.GeneralBudgetExpenditure, ybz, "23779.47", "208", "社会保障和就业支出", "1271.03",
		"210", "卫生健康支出", "340.42", "211", "节能环保支出", "21729.31", "221", "住房保障支出", "438.71")...)
	rows[len(rows)-5].Set("basic_yuan", wan("7176.78"))
	rows = append(rows, row(model.GeneralBudgetBasicExpenditure, jbz, 1, "economic_name", "合计", "is_total", true,
		"total_yuan", "7176.78", "personnel_yuan", "6638.43", "public_operation_yuan", "538.35"))
	wantFailures(t, result(rows, nil), nil, checks, model.CheckCounts{Run: 7, Passed: 7})

	// The basic-expenditure table's 合计 with a digit dropped.
	rows[len(rows)-1].Set("total_yuan", wan("717.78"))
	wantFailures(t, result(rows, nil), nil, checks, model.CheckCounts{Run: 7, Passed: 6, Mismatched: 1},
		"basic_total_vs_general_budget mismatch general_budget_basic_expenditure 1 total_yuan")
}

// TestCurrentYearLines: 支出总表 合计 is compared with 本年支出合计, which
// leaves out the 年终结转结余 that 支出总计 adds; in a final account 收入决算表
// 合计 is compared with 本年收入合计.
func TestCurrentYearLines(t *testing.T) {
	checks := []string{SummaryBalance, RevenueTotalVsSummary, ExpenditureTotalVsSummary}
	rows := summaryRows(model.RevenueExpenditureSummary, "收入支出决算总表",
		[]string{"一、财政拨款收入", "2940.05", "本年收入合计", "2940.05", "年初结转和结余", "55.34", "总计", "2995.39"},
		[]string{"八、社会保障和就业支出", "2940.05", "本年支出合计", "2940.05", "年末结转和结余", "55.34", "总计", "2995.39"})
	rows = append(rows, levelOne(model.RevenueByFunction, "收入决算表", "2940.05")...)
	rows = append(rows, levelOne(model.ExpenditureByFunction, "支出决算表", "2940.05")...)
	res := result(rows, nil)
	res.Summary.DocKind = model.FinalAccount
	wantFailures(t, res, nil, checks, model.CheckCounts{Run: 3, Passed: 3})

	// In a budget, 收入总表 合计 includes 上年结转: it is compared with 收入总计.
	res = result(rows, nil)
	wantFailures(t, res, nil, checks, model.CheckCounts{Run: 3, Passed: 2, Mismatched: 1},
		"revenue_total_vs_summary mismatch revenue_by_function 1 total_yuan")
}

// TestFiscalNoGeneralBudgetColumn: a 财政拨款收支总表 that prints no 一般公共预算
// column cannot be compared with the general-budget table.
func TestFiscalNoGeneralBudgetColumn(t *testing.T) {
	rows := []model.Record{
		row(model.FiscalRevenueExpenditureSummary, czb, 1, "side", "expenditure", "item", "一、教育支出", "amount_yuan", "12.23"),
		row(model.FiscalRevenueExpenditureSummary, czb, 2, "side", "expenditure", "item", "本年支出合计", "amount_yuan", "12.23"),
	}
	rows = append(rows, levelOne(model.GeneralBudgetExpenditure, ybz, "12.23", "205", "教育支出", "12.23")...)
	wantFailures(t, result(rows, nil), nil, []string{FiscalTotalVsGeneralBudget, FiscalClassVsGeneralBudget},
		model.CheckCounts{Skipped: 2},
		"fiscal_total_vs_general_budget skipped general_budget_expenditure 0 total_yuan",
		"fiscal_class_vs_general_budget skipped general_budget_expenditure 0 total_yuan")
}
