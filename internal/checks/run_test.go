package checks

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/budgetx/budgetx/model"
)

// TestRunCounts: Run appends the check issues after the issues already
// there, adds to the summary's counts and issue count, and counts skipped
// checks apart from the ones that ran.
func TestRunCounts(t *testing.T) {
	res := result(expenditure(func(rows []model.Record) { rows[2].Set("total_yuan", wan("126.17")) }), nil)
	res.Issues = []model.Issue{{Kind: model.IssueRepair}}
	res.Summary.Issues = 1
	res.Summary.Checks = model.CheckCounts{Run: 1, Passed: 1}
	Run(res, []string{"2024年支出预算1611.45万元。"})
	c := res.Summary.Checks
	if c.Mismatched != 3 || c.Run != c.Passed+c.Rounding+c.Mismatched || c.Passed != 1+21+1 || c.Skipped == 0 {
		t.Errorf("counts %+v", c)
	}
	if res.Issues[0].Kind != model.IssueRepair || res.Summary.Issues != len(res.Issues) {
		t.Errorf("issues: %d in summary, %d written", res.Summary.Issues, len(res.Issues))
	}
	for _, is := range res.Issues[1:] {
		if is.Kind != model.IssueCheck || is.Check == "" || is.Message == "" || is.DocID != "doc" || is.SourceFile != "doc.txt" {
			t.Errorf("issue %+v", is)
		}
		if is.Severity != model.SevSkipped && (is.Expected == "" || is.Found == "" || is.Difference == "") {
			t.Errorf("issue without figures %+v", is)
		}
	}
}

// TestRunOddValues: values of the wrong type, missing fields and a nil
// result neither panic nor run checks on made-up figures.
func TestRunOddValues(t *testing.T) {
	Run(nil, nil)
	failed := &model.Result{Summary: model.DocSummary{Status: model.StatusFailed, Issues: 1},
		Issues: []model.Issue{{Kind: model.IssueDocError}}}
	Run(failed, nil)
	if len(failed.Issues) != 1 || failed.Summary.Issues != 1 || failed.Summary.Checks != (model.CheckCounts{}) {
		t.Errorf("a failed document was checked: %+v", failed.Summary)
	}
	odd := []model.Record{
		{Common: model.Common{TableType: model.ExpenditureByFunction, TableTitle: "t"}},
		{Common: model.Common{TableType: model.ExpenditureByFunction, TableTitle: "t"}, Values: map[string]any{
			"function_code": 208, "level": "1", "is_total": "yes", "total_yuan": 12.5, "parent_code": nil}},
		{Common: model.Common{TableType: model.Projects, TableTitle: "p"}, Values: map[string]any{
			"spend_plan": "10%", "budget_yuan": decimal.NewFromInt(1)}},
		{Common: model.Common{TableType: model.ThreePublicExpenses, TableTitle: "s"}, Values: map[string]any{"item": 7}},
		{Common: model.Common{TableType: model.FixedAssets, TableTitle: "f"}, Values: map[string]any{
			"item_label": "a", "parent_label": "a", "quantity": "x"}},
	}
	res := result(odd, map[string]string{"t": "千元"})
	Run(res, []string{"", "项目支出abc万元", "基本支出.5万元"})
	for _, is := range res.Issues {
		if is.Check == Internal {
			t.Errorf("internal error: %s", is.Message)
		}
	}
}

func TestShowIn(t *testing.T) {
	for _, c := range []struct{ yuan, unit, want string }{
		{"172296900", "万元", "17229.69万元"},
		{"1010000", "万元", "101.00万元"},
		{"123.4", "万元", "0.01234万元"},
		{"5.5", "元", "5.50元"},
		{"-11400000", "万元", "-1140.00万元"},
		{"1", "", "1.00元"},
	} {
		if got := showIn(decimal.RequireFromString(c.yuan), c.unit); got != c.want {
			t.Errorf("showIn(%s, %q) = %q, want %q", c.yuan, c.unit, got, c.want)
		}
	}
}
