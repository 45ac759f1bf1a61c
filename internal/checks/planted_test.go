package checks

import (
	"fmt"
	"sort"
	"testing"

	"github.com/budgetx/budgetx/internal/extract/docx"
	"github.com/budgetx/budgetx/internal/normalize"
	"github.com/budgetx/budgetx/model"
)

// fixtureFailures runs normalize and the checks on a DOCX fixture and returns its
// failed checks as "check severity table_type row column".
func fixtureFailures(t *testing.T, path string) map[string]int {
	t.Helper()
	doc, err := docx.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res := normalize.Normalize(doc)
	Run(res, res.Narrative)
	out := map[string]int{}
	for _, is := range res.Issues {
		if is.Kind == model.IssueCheck && is.Severity != model.SevSkipped {
			out[fmt.Sprintf("%s %s %s %d %s", is.Check, is.Severity, is.TableType, is.Row, is.Column)]++
		}
	}
	return out
}

// TestPlantedErrors: the planted fixture is the seed DOCX with six numbers
// changed (fixtures/README.md lists them); the checks must report exactly
// the failures those changes cause, on top of the seed's own, and nothing
// else.
func TestPlantedErrors(t *testing.T) {
	base := fixtureFailures(t, "../../fixtures/docx/hebei-hengshui-sthjj-2024-budget.docx")
	planted := fixtureFailures(t, "../../fixtures/docx/hebei-hengshui-sthjj-2024-budget-planted.docx")
	want := []string{
		"summary_balance mismatch revenue_expenditure_summary 34 amount_yuan",
		"narrative mismatch revenue_expenditure_summary 34 amount_yuan",
		"class_sum mismatch revenue_by_function 2 total_yuan",
		"class_sum mismatch revenue_by_function 3 total_yuan",
		"row_total mismatch revenue_by_function 3 total_yuan",
		"class_sum mismatch expenditure_by_function 23 total_yuan",
		"row_total mismatch expenditure_by_function 25 total_yuan",
		"three_public mismatch three_public_expenses 2 general_public_budget_yuan",
		"row_total mismatch three_public_expenses 7 total_yuan",
		"project_funds mismatch projects 18 budget_yuan",
		"spend_plan_monotonic mismatch projects 78 spend_plan.10月底",
	}
	got := map[string]int{}
	for k, n := range planted {
		if d := n - base[k]; d > 0 {
			got[k] = d
		}
	}
	for k, n := range base {
		if planted[k] < n {
			t.Errorf("a failure of the seed itself went missing: %s", k)
		}
	}
	for _, w := range want {
		if got[w] != 1 {
			t.Errorf("planted error not reported once: %s (got %d)", w, got[w])
		}
		delete(got, w)
	}
	var extra []string
	for k := range got {
		extra = append(extra, k)
	}
	sort.Strings(extra)
	for _, k := range extra {
		t.Errorf("reported but not planted: %s", k)
	}
}
