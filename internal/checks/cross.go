package checks

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/budgetx/budgetx/internal/normalize/value"
	"github.com/budgetx/budgetx/model"
)

// crossTables runs the checks that compare one table with another. Each
// uses the first table of each type the document prints; a check that needs
// a table the document does not have (or has empty) is skipped.
func (r *runner) crossTables() {
	r.balance(SummaryBalance, model.RevenueExpenditureSummary)
	r.balance(FiscalSummaryBalance, model.FiscalRevenueExpenditureSummary)
	r.totalVsSummary(RevenueTotalVsSummary, model.RevenueByFunction, "revenue")
	r.totalVsSummary(ExpenditureTotalVsSummary, model.ExpenditureByFunction, "expenditure")
	r.classLines(SummaryClassVsExpenditure, model.RevenueExpenditureSummary, "amount_yuan", model.ExpenditureByFunction)
	r.fiscalTotal()
	r.classLines(FiscalClassVsGeneralBudget, model.FiscalRevenueExpenditureSummary, "general_public_budget_yuan", model.GeneralBudgetExpenditure)
	r.basicTotal()
}

// summaryTotal returns the last row on side ("revenue", "expenditure") of a
// 收支总表 whose item contains 总计 (收入总计, 支出总计, 总计); failing that,
// the last whose item is the side's grand 合计 (收入合计, 支出合计: Jiangsu
// prints no 总计), or nil.
func summaryTotal(t *table, side string) *model.Record {
	var last, sum *model.Record
	for _, rec := range t.recs {
		if rec.String("side") != side {
			continue
		}
		switch l := value.Label(rec.String("item")); {
		case strings.Contains(l, "总计"):
			last = rec
		case l == "收入合计" || l == "支出合计" || l == "合计":
			sum = rec
		}
	}
	if last == nil {
		return sum
	}
	return last
}

// totalsOf returns the 合计 rows (is_total) of a classified table, and
// whether they are partial: most tables print one 合计 row, but a table
// printed in two halves side by side (the 决算 基本支出表: 人员经费 on the
// left, 公用经费 on the right) prints one per half, each the total of its
// half. Several 合计 rows that differ are taken as partial; identical ones
// (a 合计 row repeated) are not.
func totalsOf(t *table) (rows []*model.Record, partial bool) {
	for _, rec := range t.recs {
		if boolOf(rec, "is_total") {
			rows = append(rows, rec)
		}
	}
	for _, rec := range rows[min(1, len(rows)):] {
		for _, col := range moneyFields(t.typ) {
			a, b := moneyOf(rows[0], col), moneyOf(rec, col)
			if a.set != b.set || !a.v.Equal(b.v) {
				return rows, true
			}
		}
	}
	return rows, false
}

// totalOf returns the 合计 figure of column col of a classified table (the
// sum of the 合计 rows when they are partial, see totalsOf) and the first
// 合计 row, where it is reported; a nil row when the table has no 合计 row.
func totalOf(t *table, col string) (amt, *model.Record) {
	rows, partial := totalsOf(t)
	if len(rows) == 0 {
		return amt{}, nil
	}
	if partial {
		return sumOf(rows, col), rows[0]
	}
	return moneyOf(rows[0], col), rows[0]
}

// currentYearLine returns the line of a 收支总表 that a by-function table's
// 合计 equals. Expenditure: 本年支出合计 (支出总表 lists spending, never the
// 年终结转结余 that 支出总计 adds), or 支出总计 when no 本年支出合计 is
// printed. Revenue: 收入总计 in a budget (收入总表 has a 上年结转 column);
// 本年收入合计 in a final account (收入决算表 has none), or 收入总计 when it
// is not printed.
func (r *runner) currentYearLine(s *table, side string) *model.Record {
	word := "本年支出合计"
	if side == "revenue" {
		if r.res.Summary.DocKind != model.FinalAccount {
			return summaryTotal(s, side)
		}
		word = "本年收入合计"
	}
	for _, rec := range s.recs {
		if rec.String("side") == side && strings.Contains(value.Label(rec.String("item")), word) {
			return rec
		}
	}
	return summaryTotal(s, side)
}

var chineseOrd = regexp.MustCompile(`^[一二三四五六七八九十百]+[、.．]`)

// balance runs check on the first table of type tt (a 收支总表): its 收入总计
// equals its 支出总计.
func (r *runner) balance(check string, tt model.TableType) {
	t, why := r.first(tt)
	if t == nil {
		r.skip(where{check: check, typ: tt}, why)
		return
	}
	rev, exp := summaryTotal(t, "revenue"), summaryTotal(t, "expenditure")
	switch {
	case rev == nil:
		r.skip(at(check, t, nil, "amount_yuan"), fmt.Sprintf("no 收入总计 line on the revenue side of %s", t.title))
		return
	case exp == nil:
		r.skip(at(check, t, nil, "amount_yuan"), fmt.Sprintf("no 支出总计 line on the expenditure side of %s", t.title))
		return
	}
	want, got := moneyOf(rev, "amount_yuan"), moneyOf(exp, "amount_yuan")
	r.compare(at(check, t, exp, "amount_yuan"), want, got, r.tol(t.title), func() string {
		return fmt.Sprintf("%s %s vs %s %s in %s", exp.String("item"), r.showA(got, t.title),
			rev.String("item"), r.showA(want, t.title), t.title)
	})
}

// totalVsSummary runs check: the 合计 total_yuan of the first table of type
// tt equals the line on side of 部门预算收支总表 that currentYearLine picks.
func (r *runner) totalVsSummary(check string, tt model.TableType, side string) {
	t, s, ok := r.both(check, tt, model.RevenueExpenditureSummary)
	if !ok {
		return
	}
	got, total := totalOf(t, "total_yuan")
	line := r.currentYearLine(s, side)
	switch {
	case total == nil:
		r.skip(at(check, t, nil, "total_yuan"), fmt.Sprintf("no 合计 row in %s", t.title))
		return
	case line == nil:
		r.skip(at(check, t, nil, "total_yuan"), fmt.Sprintf("no 总计 line on the %s side of %s", side, s.title))
		return
	}
	want := moneyOf(line, "amount_yuan")
	r.compare(at(check, t, total, "total_yuan"), want, got, r.tolOf(t.title, s.title), func() string {
		return fmt.Sprintf("合计 %s in %s vs %s %s in %s", r.showA(got, t.title), t.title,
			line.String("item"), r.showA(want, s.title), s.title)
	})
}

// classLines runs check: each expenditure line by function of the first
// table of type st (a 收支总表: 八、社会保障和就业支出), in column col,
// equals total_yuan of the 类 row of the same name (ordinals stripped) in
// the first table of type tt; and each 类 row of that table has such a line.
// A line that is null with no row is not run. When no line names a 类 of
// the table the summary does not list expenditure by function, and the
// check is skipped.
func (r *runner) classLines(check string, st model.TableType, col string, tt model.TableType) {
	t, s, ok := r.both(check, tt, st)
	if !ok {
		return
	}
	if col != "amount_yuan" && !s.hasValue(col) {
		r.skip(at(check, t, nil, "total_yuan"), fmt.Sprintf("%s prints no %s column", s.title, col))
		return
	}
	// A 类 printed once per 预算单位 is the sum of its rows.
	rows := map[string]*model.Record{}
	sums := map[string]amt{}
	counts := map[string]int{}
	var order []*model.Record
	for _, rec := range t.recs {
		if intOf(rec, "level") == 1 && !boolOf(rec, "is_total") {
			name := value.StripOrdinal(rec.String("function_name"))
			if rows[name] == nil {
				rows[name] = rec
				order = append(order, rec)
			}
			sums[name] = add(sums[name], moneyOf(rec, "total_yuan"))
			counts[name]++
		}
	}
	var lines []*model.Record
	matched := map[*model.Record]bool{}
	for _, rec := range s.recs {
		if rec.String("side") != "expenditure" || !chineseOrd.MatchString(value.Label(rec.String("item"))) {
			continue
		}
		lines = append(lines, rec)
		if row := rows[value.StripOrdinal(rec.String("item"))]; row != nil {
			matched[row] = true
		}
	}
	if len(matched) == 0 {
		r.skip(at(check, t, nil, "total_yuan"), fmt.Sprintf(
			"none of the %d expenditure lines of %s names a 类 row of %s (the summary does not list expenditure by function)",
			len(lines), s.title, t.title))
		return
	}
	tol := r.tolOf(t.title, s.title)
	for _, line := range lines {
		name := value.StripOrdinal(line.String("item"))
		row := rows[name]
		want, got := moneyOf(line, col), sums[name]
		w := at(check, t, row, "total_yuan")
		if row == nil {
			w = at(check, s, line, col)
		}
		r.compare(w, want, got, sumTol(tol, counts[name]), func() string {
			if row == nil {
				return fmt.Sprintf("%s prints %s (%s) but %s has no 类 row named %s",
					s.title, r.showA(want, s.title), line.String("item"), t.title, name)
			}
			return fmt.Sprintf("类 %s %s: %s in %s vs %s %s (%s) in %s",
				row.String("function_code"), name, r.showA(got, t.title), t.title,
				line.String("item"), r.showA(want, s.title), col, s.title)
		})
	}
	for _, row := range order {
		if matched[row] {
			continue
		}
		got := moneyOf(row, "total_yuan")
		r.compare(at(check, t, row, "total_yuan"), amt{}, got, tol, func() string {
			return fmt.Sprintf("类 %s %s prints %s in %s but %s has no expenditure line of that name",
				row.String("function_code"), row.String("function_name"), r.showA(got, t.title), t.title, s.title)
		})
	}
}

// both returns the first tables of types a and b for check, or records
// the check as skipped (and why) when either is missing or empty.
func (r *runner) both(check string, a, b model.TableType) (*table, *table, bool) {
	ta, why := r.first(a)
	if ta == nil {
		r.skip(where{check: check, typ: a}, why)
		return nil, nil, false
	}
	tb, why := r.first(b)
	if tb == nil {
		r.skip(at(check, ta, nil, "total_yuan"), why)
		return nil, nil, false
	}
	return ta, tb, true
}

// fiscalTotal runs FiscalTotalVsGeneralBudget: 财政拨款收支总表 本年支出合计
// (一般公共预算 column; 支出总计 when no 本年支出合计 line is printed) equals
// 一般公共预算财政拨款支出表 合计.
func (r *runner) fiscalTotal() {
	const check = FiscalTotalVsGeneralBudget
	t, s, ok := r.both(check, model.GeneralBudgetExpenditure, model.FiscalRevenueExpenditureSummary)
	if !ok {
		return
	}
	switch {
	case !s.hasValue("general_public_budget_yuan"):
		r.skip(at(check, t, nil, "total_yuan"), fmt.Sprintf("%s prints no 一般公共预算 column", s.title))
		return
	}
	line := r.currentYearLine(s, "expenditure")
	got, total := totalOf(t, "total_yuan")
	switch {
	case line == nil:
		r.skip(at(check, t, nil, "total_yuan"), fmt.Sprintf("no 本年支出合计 or 支出总计 line in %s", s.title))
		return
	case total == nil:
		r.skip(at(check, t, nil, "total_yuan"), fmt.Sprintf("no 合计 row in %s", t.title))
		return
	}
	want := moneyOf(line, "general_public_budget_yuan")
	r.compare(at(check, t, total, "total_yuan"), want, got, r.tolOf(t.title, s.title), func() string {
		return fmt.Sprintf("合计 %s in %s vs %s %s (一般公共预算) in %s", r.showA(got, t.title), t.title,
			line.String("item"), r.showA(want, s.title), s.title)
	})
}

// basicTotal runs BasicTotalVsGeneralBudget: 一般公共预算财政拨款基本支出表
// 合计 equals 一般公共预算财政拨款支出表 合计 基本支出.
func (r *runner) basicTotal() {
	const check = BasicTotalVsGeneralBudget
	b, g, ok := r.both(check, model.GeneralBudgetBasicExpenditure, model.GeneralBudgetExpenditure)
	if !ok {
		return
	}
	got, bt := totalOf(b, "total_yuan")
	want, gt := totalOf(g, "basic_yuan")
	switch {
	case bt == nil:
		r.skip(at(check, b, nil, "total_yuan"), fmt.Sprintf("no 合计 row in %s", b.title))
		return
	case gt == nil:
		r.skip(at(check, b, nil, "total_yuan"), fmt.Sprintf("no 合计 row in %s", g.title))
		return
	case !g.hasValue("basic_yuan"):
		r.skip(at(check, b, nil, "total_yuan"), fmt.Sprintf("%s prints no 基本支出 column", g.title))
		return
	}
	r.compare(at(check, b, bt, "total_yuan"), want, got, r.tolOf(b.title, g.title), func() string {
		return fmt.Sprintf("合计 %s in %s vs 基本支出 %s in %s", r.showA(got, b.title), b.title,
			r.showA(want, g.title), g.title)
	})
}
