package checks

import (
	"fmt"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// classification says how a table type's rows are classified: the field
// holding the code and the one holding the name.
type classification struct {
	code, name string
}

var function = classification{code: "function_code", name: "function_name"}

// classified are the table types whose rows carry a classification.
var classified = []struct {
	typ model.TableType
	classification
}{
	{model.RevenueByFunction, function},
	{model.ExpenditureByFunction, function},
	{model.GeneralBudgetExpenditure, function},
	{model.GovernmentFundExpenditure, function},
	{model.StateCapitalExpenditure, function},
	{model.GeneralBudgetBasicExpenditure, classification{code: "economic_code", name: "economic_name"}},
}

// levelName names classification level lvl (1 类, 2 款, 3 项).
func levelName(lvl int64) string {
	switch lvl {
	case 1:
		return "类"
	case 2:
		return "款"
	case 3:
		return "项"
	}
	return fmt.Sprintf("level-%d row", lvl)
}

// moneyFields returns the money fields of table type tt, in schema order.
func moneyFields(tt model.TableType) []string {
	var out []string
	for _, f := range model.TableFields[tt] {
		if f.Kind == model.KindMoney {
			out = append(out, f.Name)
		}
	}
	return out
}

// classSums runs ClassSum and ClassTotal on every classified table: every
// row with children (rows whose parent_code is its code) equals the sum of
// its children, and every 合计 row equals the sum of the level-1 rows, in
// every money column. A row without children in the table is not checked.
func (r *runner) classSums() {
	for _, c := range classified {
		for _, t := range r.tables[c.typ] {
			r.classSum(t, c.classification)
		}
	}
}

// classSum runs ClassSum and ClassTotal on table t, classified by c.
func (r *runner) classSum(t *table, c classification) {
	cols := moneyFields(t.typ)
	tol := r.tol(t.title)
	children := map[string][]*model.Record{}
	var level1 []*model.Record
	for _, rec := range t.recs {
		if boolOf(rec, "is_total") {
			continue
		}
		if p := rec.String("parent_code"); p != "" {
			children[p] = append(children[p], rec)
		}
		if intOf(rec, "level") == 1 {
			level1 = append(level1, rec)
		}
	}
	for _, rec := range t.recs {
		code := rec.String(c.code)
		kids := children[code]
		if code == "" || len(kids) == 0 || boolOf(rec, "is_total") {
			continue
		}
		lvl := intOf(rec, "level")
		for _, col := range cols {
			exp, found := moneyOf(rec, col), sumOf(kids, col)
			r.compare(at(ClassSum, t, rec, col), exp, found, tol, func() string {
				return fmt.Sprintf("%s %s %s, %s: %s, the sum of its %d %s, vs %s printed in %s",
					levelName(lvl), code, rec.String(c.name), col, r.showA(found, t.title),
					len(kids), levelName(lvl+1), r.showA(exp, t.title), t.title)
			})
		}
	}
	totals, partial := totalsOf(t)
	if len(level1) == 0 || len(totals) == 0 {
		return
	}
	what := "合计"
	if partial {
		// The 合计 rows of the halves of a two-sided table add up to the 类 rows.
		what = fmt.Sprintf("the %d 合计 rows together", len(totals))
		totals = totals[:1]
	}
	for _, rec := range totals {
		for _, col := range cols {
			exp, found := moneyOf(rec, col), sumOf(level1, col)
			if partial {
				exp, _ = totalOf(t, col)
			}
			r.compare(at(ClassTotal, t, rec, col), exp, found, tol, func() string {
				return fmt.Sprintf("%s, %s: %s, the sum of the %d 类 rows, vs %s printed in %s",
					what, col, r.showA(found, t.title), len(level1), r.showA(exp, t.title), t.title)
			})
		}
	}
}

// sumOf sums field name over recs, nulls as 0.
func sumOf(recs []*model.Record, name string) amt {
	var s amt
	for _, rec := range recs {
		s = add(s, moneyOf(rec, name))
	}
	return s
}

// rowTotal is one row-total rule: total = the sum of parts.
type rowTotal struct {
	total string
	parts []string
}

var (
	byFunctionTotal = []rowTotal{{"total_yuan", []string{"basic_yuan", "project_yuan"}}}
	bySourceTotal   = []rowTotal{{"amount_yuan", []string{"general_public_budget_yuan", "government_fund_yuan", "state_capital_yuan"}}}
)

// rowTotals are the row-total rules of each table type.
var rowTotals = map[model.TableType][]rowTotal{
	model.RevenueByFunction: {
		{"total_yuan", []string{"current_year_subtotal_yuan", "prior_year_carryover_yuan"}},
		{"current_year_subtotal_yuan", []string{"fiscal_appropriation_yuan", "fiscal_special_account_yuan",
			"business_income_yuan", "operating_income_yuan", "superior_subsidy_yuan",
			"subordinate_remittance_yuan", "other_income_yuan"}},
	},
	model.ExpenditureByFunction: {{"total_yuan", []string{"basic_yuan", "project_yuan", "operating_yuan",
		"remit_to_superior_yuan", "subsidy_to_subordinate_yuan"}}},
	model.GeneralBudgetExpenditure:      byFunctionTotal,
	model.GovernmentFundExpenditure:     byFunctionTotal,
	model.StateCapitalExpenditure:       byFunctionTotal,
	model.GeneralBudgetBasicExpenditure: {{"total_yuan", []string{"personnel_yuan", "public_operation_yuan"}}},
	model.ThreePublicExpenses:           {{"total_yuan", []string{"general_public_budget_yuan", "government_fund_yuan", "state_capital_yuan"}}},
	// Only the expenditure side of 财政拨款收支总表 prints the columns by
	// source of funds; the revenue side prints one amount.
	model.FiscalRevenueExpenditureSummary: bySourceTotal,
}

// rowTotals runs RowTotal on every row of every table with row-total rules,
// on the rows that print at least one of the parts. A rule is applied to a table only when some row other than 合计 prints
// both its total and one of its parts: a table that does not print those
// columns on its rows (the two-sided 决算 基本支出表, where each half prints
// one amount per row) is not held to it.
func (r *runner) rowTotals() {
	for _, tt := range model.TableTypes {
		rules := rowTotals[tt]
		for _, t := range r.tables[tt] {
			tol := r.tol(t.title)
			for _, rule := range rules {
				if !t.printsRowTotal(rule) {
					continue
				}
				for _, rec := range t.recs {
					if tt == model.FiscalRevenueExpenditureSummary && rec.String("side") != "expenditure" {
						continue
					}
					exp := moneyOf(rec, rule.total)
					var found amt
					for _, p := range rule.parts {
						found = add(found, moneyOf(rec, p))
					}
					if !found.set {
						// The row prints none of the parts (a 决算 基本支出表
						// prints one amount per row; only its 人员经费合计 and
						// 公用经费合计 rows name their part): nothing to add up.
						continue
					}
					r.compare(at(RowTotal, t, rec, rule.total), exp, found, tol, func() string {
						return fmt.Sprintf("%s, %s: %s, the sum of %s, vs %s printed in %s",
							rowLabel(rec), rule.total, r.showA(found, t.title), strings.Join(rule.parts, " + "),
							r.showA(exp, t.title), t.title)
					})
				}
			}
		}
	}
}

// rowLabel names a row for a message: its code and name, or its item.
func rowLabel(rec *model.Record) string {
	for _, f := range [][2]string{{"function_code", "function_name"}, {"economic_code", "economic_name"}} {
		if n := rec.String(f[1]); n != "" {
			if c := rec.String(f[0]); c != "" {
				return c + " " + n
			}
			return n
		}
	}
	for _, f := range []string{"item_label", "item", "project_name"} {
		if s := rec.String(f); s != "" {
			return s
		}
	}
	return fmt.Sprintf("row %d", rec.RowNo)
}

// printsRowTotal reports whether some non-合计 row of t prints both rule's
// total and one of its parts.
func (t *table) printsRowTotal(rule rowTotal) bool {
	for _, rec := range t.recs {
		if boolOf(rec, "is_total") || !moneyOf(rec, rule.total).set {
			continue
		}
		for _, p := range rule.parts {
			if moneyOf(rec, p).set {
				return true
			}
		}
	}
	return false
}
