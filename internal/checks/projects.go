package checks

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/budgetx/budgetx/model"
)

var hundred = decimal.NewFromInt(100)

// projects runs ProjectBudgetSum on the document and ProjectFunds,
// SpendPlanMonotonic and SpendPlanFinal on every project.
func (r *runner) projects() {
	r.projectSum()
	for _, t := range r.tables[model.Projects] {
		for _, rec := range t.recs {
			r.projectFunds(t, rec)
			r.spendPlan(t, rec)
		}
	}
}

// projectSum runs ProjectBudgetSum: the sum of every project's budget_yuan
// equals project_yuan of the 合计 row of 部门预算支出总表. The tolerance is
// one unit of the 支出总表's last printed digit, however many projects.
func (r *runner) projectSum() {
	const check = ProjectBudgetSum
	e, why := r.first(model.ExpenditureByFunction)
	if e == nil {
		r.skip(where{check: check, typ: model.ExpenditureByFunction, column: "project_yuan"}, why)
		return
	}
	want, total := totalOf(e, "project_yuan")
	if total == nil {
		r.skip(at(check, e, nil, "project_yuan"), fmt.Sprintf("no 合计 row in %s", e.title))
		return
	}
	if _, pwhy := r.first(model.Projects); pwhy != "" {
		r.skip(at(check, e, total, "project_yuan"), pwhy)
		return
	}
	var got amt
	n := 0
	for _, t := range r.tables[model.Projects] {
		for _, rec := range t.recs {
			got = add(got, moneyOf(rec, "budget_yuan"))
			n++
		}
	}
	r.compare(at(check, e, total, "project_yuan"), want, got, r.tol(e.title), func() string {
		return fmt.Sprintf("项目支出 %s (sum of %d projects) vs %s in %s",
			r.showA(got, e.title), n, r.showA(want, e.title), e.title)
	})
}

// projectFunds runs ProjectFunds: budget_yuan = fiscal_funds_yuan + other_funds_yuan.
func (r *runner) projectFunds(t *table, rec *model.Record) {
	want := moneyOf(rec, "budget_yuan")
	got := add(moneyOf(rec, "fiscal_funds_yuan"), moneyOf(rec, "other_funds_yuan"))
	r.compare(at(ProjectFunds, t, rec, "budget_yuan"), want, got, r.tol(t.title), func() string {
		return fmt.Sprintf("project %s %s: 财政资金 + 其他资金 = %s vs 项目资金总额 %s",
			rec.String("project_code"), rec.String("project_name"), r.showA(got, t.title), r.showA(want, t.title))
	})
}

// spendPlan runs SpendPlanMonotonic (once per project with two or more
// checkpoints holding a value: no value is below the one before it; the
// first fall is reported) and SpendPlanFinal (once per project with a
// value: the last value is 100). Blank checkpoints are passed over.
// Percentages are compared exactly.
func (r *runner) spendPlan(t *table, rec *model.Record) {
	plan, _ := rec.Values["spend_plan"].([]model.SpendPoint)
	var pts []model.SpendPoint
	for _, p := range plan {
		if !p.PctNull {
			pts = append(pts, p)
		}
	}
	if len(pts) == 0 {
		return
	}
	proj := rec.String("project_code") + " " + rec.String("project_name")
	if len(pts) >= 2 {
		fell := -1
		for i := 1; i < len(pts); i++ {
			if pts[i].Pct.LessThan(pts[i-1].Pct) {
				fell = i
				break
			}
		}
		w := at(SpendPlanMonotonic, t, rec, "spend_plan")
		if fell < 0 {
			r.counts.Passed++
			r.ran = append(r.ran, outcome{where: w})
		} else {
			prev, cur := pts[fell-1], pts[fell]
			r.counts.Mismatched++
			w.column = "spend_plan." + cur.Checkpoint
			r.fail(w, model.SevMismatch,
				fmt.Sprintf("project %s: the spend plan falls from %s%% at %s to %s%% at %s",
					proj, prev.Pct, prev.Checkpoint, cur.Pct, cur.Checkpoint),
				prev.Pct.String(), cur.Pct.String(), cur.Pct.Sub(prev.Pct).String())
		}
	}
	last := pts[len(pts)-1]
	w := at(SpendPlanFinal, t, rec, "spend_plan."+last.Checkpoint)
	w.plain = true
	r.compare(w, some(hundred), some(last.Pct), decimal.Zero,
		func() string {
			return fmt.Sprintf("project %s: the spend plan ends at %s%% at %s, not 100%%", proj, last.Pct, last.Checkpoint)
		})
}
