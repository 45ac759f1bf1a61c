package checks

import (
	"slices"
	"testing"

	"github.com/budgetx/budgetx/model"
)

// narrativeTables returns the tables the seed's narrative figures refer to.
func narrativeTables() []model.Record {
	rows := summaryRows(model.RevenueExpenditureSummary, szb, seedRevenue, seedExpenditure)
	rows = append(rows, row(model.ExpenditureByFunction, zcb, 1, "function_name", "合计", "is_total", true,
		"total_yuan", "24406.47", "basic_yuan", "7176.78", "project_yuan", "17229.69"))
	rows = append(rows, row(model.GeneralBudgetBasicExpenditure, jbz, 1, "economic_name", "合计", "is_total", true,
		"total_yuan", "7176.78", "personnel_yuan", "6638.43", "public_operation_yuan", "538.35"))
	rows = append(rows, row(model.OperatingExpenses, "一般公共预算机关运行经费支出预算表", 1, "economic_name", "合计",
		"is_total", true, "total_yuan", "538.35"))
	return append(rows, threeRows("77.18", "77.18", nil, "62.92", nil, "62.92", "14.26")...)
}

func TestNarrative(t *testing.T) {
	checks := []string{Narrative}
	paras := []string{
		"反映本部门当年全部收入。2024年预算收入24406.47万元，其中：一般公共预算收入21541.25万元，单位资金收入627.00万元，上年结转结余2238.22万元。",
		"2024年支出预算24406.47万元，其中基本支出7176.78万元，包括人员经费6638.43万元和日常公用经费538.35万元；项目支出17229.69万元，主要为……",
		// The change from 2023 is not a total; 85.31 follows 基本支出减少, not 基本支出.
		"2024年预算收支安排24406.47万元，较2023年预算减少6927.24万元，其中：基本支出减少85.31万元。",
		"2024年，我部门机关运行经费共计安排538.35万元。",
		"2024年，我部门财政拨款“三公”经费预算安排77.18万元，其中因公出国（境）费0.00万元；公务用车购置及运维费62.92万元（其中：公务用车购置费为0.00万元，公务用车运维费62.92万元)；公务接待费14.26万元。与2023年相比减少21.59万元。公务接待费较上年减少5.77万元。",
	}
	// 预算收入, 一般公共预算收入, 单位资金, 上年结转, 预算支出, 基本支出,
	// 人员经费, 公用经费, 项目支出, 预算收支, 机关运行经费, and six 三公 figures.
	wantFailures(t, result(narrativeTables(), nil), paras, checks, model.CheckCounts{Run: 17, Passed: 17})

	// Figures about another year are not taken; a table figure that differs is.
	paras = []string{
		"2023年预算收入30000.00万元。",
		"2023年基本支出7262.09万元。上年项目支出24071.62万元。",
		"2024年基本支出7176.87万元，项目支出17229.70万元，人员经费66,384,300元。",
	}
	res := result(narrativeTables(), nil)
	wantFailures(t, res, paras, checks, model.CheckCounts{Run: 3, Passed: 1, Rounding: 1, Mismatched: 1},
		"narrative mismatch expenditure_by_function 1 basic_yuan",
		"narrative rounding expenditure_by_function 1 project_yuan")
	is := issueOf(t, res, Narrative, "basic_yuan")
	if is.Message != `narrative "基本支出7176.87万元" vs 7176.78万元 (合计, basic_yuan) in 部门预算支出总表` ||
		is.Expected != "71767800.00" || is.Found != "71768700.00" || is.Difference != "900.00" {
		t.Errorf("%+v", is)
	}
}

// TestNarrativeUnits: a figure in 元 is converted; the tolerance is one unit
// of the coarser of the two printed figures.
func TestNarrativeUnits(t *testing.T) {
	checks := []string{Narrative}
	// 538万元 is printed to the 万元: 5383500 is within one unit of it.
	paras := []string{"人员经费66384300.00元，日常公用经费538万元。"}
	wantFailures(t, result(narrativeTables(), nil), paras, checks, model.CheckCounts{Run: 2, Passed: 1, Rounding: 1},
		"narrative rounding general_budget_basic_expenditure 1 public_operation_yuan")
}

// TestNarrativeSkipped: no paragraphs at all, and a figure whose table the
// document lacks, are skipped with why.
func TestNarrativeSkipped(t *testing.T) {
	checks := []string{Narrative}
	res := result(narrativeTables(), nil)
	wantFailures(t, res, []string{}, checks, model.CheckCounts{Skipped: 1}, "narrative skipped  0 ")

	res = result(summaryRows(model.RevenueExpenditureSummary, szb, seedRevenue, seedExpenditure), nil)
	wantFailures(t, res, []string{"“三公”经费预算安排77.18万元。2024年预算收入24406.47万元。"}, checks,
		model.CheckCounts{Run: 1, Passed: 1, Skipped: 1},
		"narrative skipped three_public_expenses 0 total_yuan")
	if is := issueOf(t, res, Narrative, ""); is.Message != `narrative "“三公”经费预算安排77.18万元" (“三公”经费) not compared: the document has no “三公”经费支出表 (three_public_expenses)` {
		t.Errorf("message %q", is.Message)
	}
}

// TestNarrativeFirstMatch: the first statement of a figure is the one
// compared; a later one (a project's own 项目支出) is not.
func TestNarrativeFirstMatch(t *testing.T) {
	paras := []string{"其中项目支出预算17229.69万元。", "本项目支出50.00万元，用于监测。"}
	wantFailures(t, result(narrativeTables(), nil), paras, []string{Narrative}, model.CheckCounts{Run: 1, Passed: 1})
}

// TestNarrativeWording: other publishers' wording is found ("预算数为",
// "公务用车购置及运行费"), and 上年结转 counts only where the paragraph is
// about revenue, not in a project's own funding.
func TestNarrativeWording(t *testing.T) {
	paras := []string{
		"2024年，该项目批复的年初预算数为1018.00万元，其中当年财政拨款898.00万元，上年结转120.00万元。",
		"2024年“三公”经费预算数为77.18万元，比2023年预算持平。其中：公务用车购置及运行费62.92万元。",
	}
	res := result(narrativeTables(), nil)
	r := run(res, paras)
	var found []string
	for _, o := range r.ran {
		if o.check == Narrative {
			found = append(found, string(o.sev)+o.found)
		}
	}
	if want := []string{"771800.00", "629200.00"}; !slices.Equal(found, want) {
		t.Errorf("narrative figures compared %q, want %q (passed)", found, want)
	}
}

// TestNarrativeKind: in a final account a 三公 figure called 预算 is the
// budget, not the outturn the table holds; 决算 is taken.
func TestNarrativeKind(t *testing.T) {
	paras := []string{"2024年“三公”经费财政拨款支出预算为76.43万元；“三公”经费财政拨款支出决算为77.18万元。"}
	res := result(narrativeTables(), nil)
	res.Summary.DocKind = model.FinalAccount
	r := run(res, paras)
	var found []string
	for _, o := range r.ran {
		if o.check == Narrative {
			found = append(found, string(o.sev)+o.found)
		}
	}
	if want := []string{"771800.00"}; !slices.Equal(found, want) {
		t.Errorf("narrative figures compared %q, want %q (passed)", found, want)
	}
}
