package checks

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/budgetx/budgetx/model"
)

// plan builds a spend plan from percentages at 3, 6, 9 and 12月底; "" is blank.
func plan(pcts ...string) []model.SpendPoint {
	var out []model.SpendPoint
	for i, p := range pcts {
		sp := model.SpendPoint{Checkpoint: []string{"3月底", "6月底", "9月底", "12月底"}[i], Month: 3 * (i + 1)}
		if p == "" {
			sp.PctNull = true
		} else {
			sp.Pct = decimal.RequireFromString(p)
		}
		out = append(out, sp)
	}
	return out
}

func project(n int, budget, fiscal, other any, sp []model.SpendPoint) model.Record {
	title := "项目" + string(rune('A'+n)) + "绩效目标表"
	return row(model.Projects, title, 1, "project_code", "P"+string(rune('A'+n)), "project_name", title,
		"budget_yuan", budget, "fiscal_funds_yuan", fiscal, "other_funds_yuan", other, "spend_plan", sp)
}

func TestProjects(t *testing.T) {
	checks := []string{ProjectFunds, SpendPlanMonotonic, SpendPlanFinal}
	rows := []model.Record{
		project(0, "2.50", "2.50", nil, plan("", "", "100", "100")),
		project(1, "100.00", "60.00", "40.00", plan("10", "30", "60", "100")),
		project(2, "10.00", "10.00", nil, plan("", "", "", "")), // no value: the plan is not checked
	}
	// funds 3; monotonic 2 (project 0 has two values); final 2.
	wantFailures(t, result(rows, nil), nil, checks, model.CheckCounts{Run: 7, Passed: 7})

	rows = []model.Record{
		project(0, "2.50", "2.49", nil, plan("", "", "100", "100")),         // rounding
		project(1, "100.00", "60.00", "4.00", plan("10", "30", "20", "90")), // funds, a fall, ends at 90
	}
	res := result(rows, nil)
	wantFailures(t, res, nil, checks, model.CheckCounts{Run: 6, Passed: 2, Rounding: 1, Mismatched: 3},
		"project_funds rounding projects 1 budget_yuan",
		"project_funds mismatch projects 1 budget_yuan",
		"spend_plan_monotonic mismatch projects 1 spend_plan.9月底",
		"spend_plan_final mismatch projects 1 spend_plan.12月底")
	is := issueOf(t, res, SpendPlanMonotonic, "")
	if is.Expected != "30" || is.Found != "20" || is.Difference != "-10" ||
		is.Message != "project PB 项目B绩效目标表: the spend plan falls from 30% at 6月底 to 20% at 9月底" {
		t.Errorf("monotonic: %+v", is)
	}
	if is := issueOf(t, res, SpendPlanFinal, ""); is.Expected != "100" || is.Found != "90" {
		t.Errorf("final: %+v", is)
	}
}

func TestProjectBudgetSum(t *testing.T) {
	checks := []string{ProjectBudgetSum}
	total := func(project string) []model.Record {
		return []model.Record{row(model.ExpenditureByFunction, zcb, 1, "function_name", "合计", "is_total", true,
			"total_yuan", "24406.47", "basic_yuan", "7176.78", "project_yuan", project)}
	}
	projects := []model.Record{project(0, "17000.00", nil, nil, nil), project(1, "229.70", nil, nil, nil)}

	// The seed's case: the projects add up to 17229.70, the table prints 17229.69.
	res := result(append(total("17229.69"), projects...), nil)
	wantFailures(t, res, nil, checks, model.CheckCounts{Run: 1, Rounding: 1},
		"project_budget_sum rounding expenditure_by_function 1 project_yuan")
	is := issueOf(t, res, ProjectBudgetSum, "")
	if is.Message != "项目支出 17229.70万元 (sum of 2 projects) vs 17229.69万元 in 部门预算支出总表" ||
		is.Expected != "172296900.00" || is.Found != "172297000.00" || is.Difference != "100.00" {
		t.Errorf("%+v", is)
	}
	wantFailures(t, result(append(total("17229.70"), projects...), nil), nil, checks, model.CheckCounts{Run: 1, Passed: 1})
	wantFailures(t, result(append(total("1722.97"), projects...), nil), nil, checks, model.CheckCounts{Run: 1, Mismatched: 1},
		"project_budget_sum mismatch expenditure_by_function 1 project_yuan")

	// No project tables: skipped, with why.
	res = result(total("17229.69"), nil)
	wantFailures(t, res, nil, checks, model.CheckCounts{Skipped: 1},
		"project_budget_sum skipped expenditure_by_function 1 project_yuan")
	if is := issueOf(t, res, ProjectBudgetSum, ""); is.Message != "the document has no 项目绩效目标表 (projects)" {
		t.Errorf("message %q", is.Message)
	}
}
