package checks

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

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
	{model.GeneralBudgetBasicExpenditure, economic},
	{model.FiscalAppropriationExpenditure, function},
	{model.FiscalAppropriationBasicExpenditure, economic},
	{model.GeneralBudgetExpenditureByEconomic, economic},
	{model.GeneralBudgetBasicExpenditureByFunction, function},
	{model.BasicExpenditureByEconomic, economic},
	{model.OperatingExpenses, economic},
}

var economic = classification{code: "economic_code", name: "economic_name"}

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

// classSum runs ClassSum and ClassTotal on table t, classified by c. A
// table that prints its classification once per 预算单位 (its unit rows
// named, or its codes starting over) is checked block by block: a row's
// children are the rows under it in its own block.
func (r *runner) classSum(t *table, c classification) {
	cols := moneyFields(t.typ)
	tol := r.tol(t.title)
	type key struct {
		block int
		code  string
	}
	children := map[key][]*model.Record{}
	blockOf := map[*model.Record]int{}
	var level1 []*model.Record
	block, unit, seen, prevCode := 0, "", map[string]bool{}, ""
	for _, rec := range t.recs {
		if boolOf(rec, "is_total") {
			continue
		}
		if u := rec.String("unit_name"); u != unit {
			block, unit, seen = block+1, u, map[string]bool{}
		}
		if code := rec.String(c.code); code != "" {
			// A code printed again after others starts the next unit's
			// block; printed again right below itself, it is the same
			// class crossed with a second classification.
			if seen[code] && code != prevCode {
				block, seen = block+1, map[string]bool{}
			}
			seen[code] = true
			prevCode = code
		}
		blockOf[rec] = block
		if intOf(rec, "level") == 1 {
			level1 = append(level1, rec)
		}
	}
	// A row's parent is the row of its parent code in its block; when the
	// block does not print that code (3010201 under 301, no 30102 row), the
	// nearest code it does print.
	printed := map[key]bool{}
	for _, rec := range t.recs {
		if code := rec.String(c.code); code != "" && !boolOf(rec, "is_total") {
			printed[key{blockOf[rec], code}] = true
		}
	}
	for _, rec := range t.recs {
		p := rec.String("parent_code")
		if p == "" || boolOf(rec, "is_total") {
			continue
		}
		b := blockOf[rec]
		for len(p) > 3 && !printed[key{b, p}] {
			p = p[:len(p)-2]
		}
		children[key{b, p}] = append(children[key{b, p}], rec)
	}
	// A row printed by name only (no code) whose level its indentation
	// gave belongs to the nearest row above it, in its block, one level
	// up; that row's children are keyed by its position.
	var stack []*model.Record // the last row seen at each level
	byRow := map[*model.Record][]*model.Record{}
	prevBlock := -1
	for _, rec := range t.recs {
		lvl := int(intOf(rec, "level"))
		if boolOf(rec, "is_total") || lvl == 0 {
			continue
		}
		if b := blockOf[rec]; b != prevBlock {
			stack, prevBlock = nil, b
		}
		for len(stack) >= lvl {
			stack = stack[:len(stack)-1]
		}
		if rec.String(c.code) == "" && lvl >= 2 && len(stack) == lvl-1 {
			parent := stack[lvl-2]
			byRow[parent] = append(byRow[parent], rec)
		}
		for len(stack) < lvl-1 {
			stack = append(stack, nil)
		}
		stack = append(stack, rec)
	}
	for _, rec := range t.recs {
		code := rec.String(c.code)
		kids := children[key{blockOf[rec], code}]
		if code == "" {
			kids = nil
		}
		kids = append(kids, byRow[rec]...)
		if len(kids) == 0 || boolOf(rec, "is_total") {
			continue
		}
		lvl := intOf(rec, "level")
		for _, col := range cols {
			exp, found := moneyOf(rec, col), sumOf(kids, col)
			r.compare(at(ClassSum, t, rec, col), exp, found, sumTol(tol, len(kids)), func() string {
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
			r.compare(at(ClassTotal, t, rec, col), exp, found, sumTol(tol, len(level1)), func() string {
				return fmt.Sprintf("%s, %s: %s, the sum of the %d 类 rows, vs %s printed in %s",
					what, col, r.showA(found, t.title), len(level1), r.showA(exp, t.title), t.title)
			})
		}
	}
}

// sumTol is the tolerance of a sum of n printed figures, each rounded to
// one unit of its last digit (tol): half a unit each, at least one unit.
// A total of 84 类 rows printed in 万元 from amounts kept in 元 may be off
// by 0.04 万元 with every figure right (本套报表金额单位转换时可能存在尾数误差).
func sumTol(tol decimal.Decimal, n int) decimal.Decimal {
	return tol.Mul(decimal.NewFromInt(int64(max(1, (n+1)/2))))
}

// sumOf sums field name over recs, nulls as 0.
func sumOf(recs []*model.Record, name string) amt {
	var s amt
	for _, rec := range recs {
		s = add(s, moneyOf(rec, name))
	}
	return s
}

// part is a money column of a row-total rule: a column printed on its
// own, and (when of is set) the sum of the columns it breaks down into.
// A part a table does not print is the sum of its own parts.
type part struct {
	field string
	of    []part
}

func leafs(fields ...string) []part {
	out := make([]part, len(fields))
	for i, f := range fields {
		out[i] = part{field: f}
	}
	return out
}

var (
	fiscalBySource = part{"fiscal_appropriation_yuan", leafs("general_public_budget_yuan", "government_fund_yuan", "state_capital_yuan")}
	unitFunds      = part{"unit_funds_yuan", leafs("business_income_yuan", "operating_income_yuan", "superior_subsidy_yuan",
		"subordinate_remittance_yuan", "other_income_yuan")}
	carryover = part{"prior_year_carryover_yuan", leafs("carryover_general_public_budget_yuan", "carryover_government_fund_yuan",
		"carryover_state_capital_yuan", "carryover_fiscal_special_account_yuan", "carryover_unit_funds_yuan")}
	// bySources breaks a total down by the source of its funds.
	bySources    = part{"total_yuan", []part{fiscalBySource, {field: "fiscal_special_account_yuan"}, unitFunds, carryover}}
	basicProject = part{"total_yuan", []part{{"basic_yuan", leafs("personnel_yuan", "public_operation_yuan")}, {field: "project_yuan"}}}
	personnelOp  = part{"total_yuan", leafs("personnel_yuan", "public_operation_yuan")}
)

// rowTotals are the row-total rules of each table type: each rule's total
// equals the sum of its parts, at every level a row prints.
var rowTotals = map[model.TableType][]part{
	model.RevenueByFunction: {{"total_yuan", []part{
		{"current_year_subtotal_yuan", []part{fiscalBySource, {field: "fiscal_special_account_yuan"}, unitFunds}},
		carryover}}},
	model.ExpenditureByFunction: {{"total_yuan", []part{{"basic_yuan", leafs("personnel_yuan", "public_operation_yuan")},
		{field: "project_yuan"}, {field: "operating_yuan"}, {field: "remit_to_superior_yuan"}, {field: "subsidy_to_subordinate_yuan"}}},
		bySources},
	model.GeneralBudgetExpenditure:  {basicProject},
	model.GovernmentFundExpenditure: {basicProject},
	model.StateCapitalExpenditure:   {basicProject},
	model.FiscalAppropriationExpenditure: {{"total_yuan", []part{{"basic_yuan", leafs("personnel_yuan", "public_operation_yuan")},
		{field: "project_yuan"}}}, {"total_yuan", leafs("general_public_budget_yuan", "government_fund_yuan", "state_capital_yuan")}},
	model.GeneralBudgetBasicExpenditure:           {personnelOp},
	model.FiscalAppropriationBasicExpenditure:     {personnelOp},
	model.GeneralBudgetBasicExpenditureByFunction: {personnelOp},
	model.GeneralBudgetExpenditureByEconomic:      {basicProject},
	model.BasicExpenditureByEconomic:              {bySources},
	model.ProjectExpenditure:                      {bySources},
	model.ThreePublicExpenses:                     {{"total_yuan", leafs("general_public_budget_yuan", "government_fund_yuan", "state_capital_yuan")}},
	// Only the expenditure side of 财政拨款收支总表 prints the columns by
	// source of funds; the revenue side prints one amount.
	model.FiscalRevenueExpenditureSummary: {{"amount_yuan", leafs("general_public_budget_yuan", "government_fund_yuan", "state_capital_yuan")}},
}

// value returns p's amount on rec: its own column when printed, else the
// sum of its parts (null when none is printed).
func (p part) value(rec *model.Record) amt {
	if a := moneyOf(rec, p.field); a.set {
		return a
	}
	var s amt
	for _, q := range p.of {
		s = add(s, q.value(rec))
	}
	return s
}

// sumOfParts returns the sum of p's parts on rec (null when none is
// printed).
func (p part) sumOfParts(rec *model.Record) amt {
	var s amt
	for _, q := range p.of {
		s = add(s, q.value(rec))
	}
	return s
}

func (p part) names() string {
	var out []string
	for _, q := range p.of {
		out = append(out, q.field)
	}
	return strings.Join(out, " + ")
}

// rowTotals runs RowTotal on every row of every table with row-total
// rules: at each level of a rule that a row prints, the column equals the
// sum of its parts. A level is checked in a table only when some row other
// than 合计 prints both its column and one of its parts: a table that does
// not print those columns on its rows (the two-sided 决算 基本支出表, where
// each half prints one amount per row) is not held to it.
func (r *runner) rowTotals() {
	for _, tt := range model.TableTypes {
		for _, t := range r.tables[tt] {
			tol := r.tol(t.title)
			seen := map[string]bool{}
			for _, rule := range rowTotals[tt] {
				r.rowTotal(t, rule, tol, seen)
			}
		}
	}
}

// rowTotal checks level p of a rule on t, then the levels below it. seen
// holds the levels already checked (a column two rules break down alike).
func (r *runner) rowTotal(t *table, p part, tol decimal.Decimal, seen map[string]bool) {
	if len(p.of) == 0 {
		return
	}
	key := p.field + "=" + p.names()
	if !seen[key] && t.printsRowTotal(p) {
		seen[key] = true
		for _, rec := range t.recs {
			if t.typ == model.FiscalRevenueExpenditureSummary && rec.String("side") != "expenditure" {
				continue
			}
			exp := moneyOf(rec, p.field)
			found := p.sumOfParts(rec)
			if !found.set {
				// The row prints none of the parts (a 决算 基本支出表 prints
				// one amount per row; only its 人员经费合计 and 公用经费合计
				// rows name their part): nothing to add up.
				continue
			}
			stol := sumTol(tol, len(p.of))
			if h := r.unmappedAmounts[rowKey{t.title, rec.RowNo}]; h != "" && exp.set &&
				found.v.Sub(exp.v).Abs().GreaterThan(stol) {
				// The row prints amounts in a column with no field: its
				// total may count them.
				r.skip(at(RowTotal, t, rec, p.field), fmt.Sprintf("%s, %s: %s, the sum of %s, vs %s printed in %s; "+
					"the row also prints amounts under %s, which has no field and may be part of the total",
					rowLabel(rec), p.field, r.showA(found, t.title), p.names(), r.showA(exp, t.title), t.title, h))
				continue
			}
			r.compare(at(RowTotal, t, rec, p.field), exp, found, stol, func() string {
				return fmt.Sprintf("%s, %s: %s, the sum of %s, vs %s printed in %s",
					rowLabel(rec), p.field, r.showA(found, t.title), p.names(),
					r.showA(exp, t.title), t.title)
			})
		}
	}
	for _, q := range p.of {
		r.rowTotal(t, q, tol, seen)
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

// printsRowTotal reports whether some non-合计 row of t prints both p's
// column and one of its parts.
func (t *table) printsRowTotal(p part) bool {
	for _, rec := range t.recs {
		if boolOf(rec, "is_total") || !moneyOf(rec, p.field).set {
			continue
		}
		if p.sumOfParts(rec).set {
			return true
		}
	}
	return false
}
