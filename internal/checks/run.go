package checks

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/budgetx/budgetx/internal/normalize/value"
	"github.com/budgetx/budgetx/model"
)

// Check names, as written in model.Issue.Check. They are part of the output
// contract: data teams filter issues.jsonl on them.
const (
	// ClassSum: a 类 row equals the sum of its 款 rows, a 款 row the sum of
	// its 项 rows (parent_code links them), in every money column.
	ClassSum = "class_sum"
	// ClassTotal: the 合计 row equals the sum of the level-1 (类) rows, in
	// every money column.
	ClassTotal = "class_total"
	// RowTotal: a row's total column equals the sum of its component columns.
	RowTotal = "row_total"
	// ThreePublic: 三公 subtotal = 因公出国 + 公务用车 + 公务接待; 公务用车 =
	// 购置 + 运行维护; 合计 = 小计; in every money column.
	ThreePublic = "three_public"
	// SummaryBalance: 部门预算收支总表 收入总计 = 支出总计.
	SummaryBalance = "summary_balance"
	// RevenueTotalVsSummary: 收入总表 合计 total = 收支总表 收入总计 (in a
	// final account, 本年收入合计 when printed: 收入决算表 has no 年初结转).
	RevenueTotalVsSummary = "revenue_total_vs_summary"
	// ExpenditureTotalVsSummary: 支出总表 合计 total = 收支总表 本年支出合计
	// (支出总计 when no 本年支出合计 is printed; they differ by 年终结转结余).
	ExpenditureTotalVsSummary = "expenditure_total_vs_summary"
	// SummaryClassVsExpenditure: each 收支总表 expenditure line by function
	// (八、社会保障和就业支出) = the 支出总表 类 row of the same name.
	SummaryClassVsExpenditure = "summary_class_vs_expenditure"
	// FiscalSummaryBalance: 财政拨款收支总表 收入总计 = 支出总计.
	FiscalSummaryBalance = "fiscal_summary_balance"
	// FiscalTotalVsGeneralBudget: 财政拨款收支总表 本年支出合计 (一般公共预算
	// column) = 一般公共预算财政拨款支出表 合计.
	FiscalTotalVsGeneralBudget = "fiscal_total_vs_general_budget"
	// FiscalClassVsGeneralBudget: each 财政拨款收支总表 expenditure line by
	// function (一般公共预算 column) = the 一般公共预算财政拨款支出表 类 row of
	// the same name.
	FiscalClassVsGeneralBudget = "fiscal_class_vs_general_budget"
	// BasicTotalVsGeneralBudget: 一般公共预算财政拨款基本支出表 合计 =
	// 一般公共预算财政拨款支出表 合计 基本支出.
	BasicTotalVsGeneralBudget = "basic_total_vs_general_budget"
	// ProjectBudgetSum: the sum of every project's budget_yuan = 支出总表 合计
	// 项目支出.
	ProjectBudgetSum = "project_budget_sum"
	// ProjectFunds: a project's budget_yuan = fiscal_funds_yuan + other_funds_yuan.
	ProjectFunds = "project_funds"
	// SpendPlanMonotonic: a project's cumulative spend plan never falls.
	SpendPlanMonotonic = "spend_plan_monotonic"
	// SpendPlanFinal: the last checkpoint of a spend plan with a value is 100.
	SpendPlanFinal = "spend_plan_final"
	// FixedAssetsPart: a 其中 row of the fixed-asset table (parent_label set)
	// never exceeds its parent row, in quantity and in value.
	FixedAssetsPart = "fixed_assets_part"
	// FixedAssetsTotal: the 资产总额 row equals the sum of the top-level rows,
	// when those rows include an 其他 (other) row and so claim to be complete.
	FixedAssetsTotal = "fixed_assets_total"
	// Narrative: a figure stated in the narrative equals the tables' figure.
	Narrative = "narrative"
	// Internal marks a fault inside the checks themselves (a recovered panic);
	// its Severity is model.SevError.
	Internal = "internal"
)

// Run runs every check on res, one document's normalized result. It appends
// an Issue for each check that fails or is skipped, adds the counts to
// res.Summary.Checks (Run = passed + rounding + mismatched; skipped checks
// are counted in Skipped only) and adds the number of issues it appended to
// res.Summary.Issues. narrative is the document's body paragraphs in order;
// when it is nil, res.Narrative is used. A failed document (Status
// model.StatusFailed) is left alone. Run never panics; call it once per
// result.
func Run(res *model.Result, narrative []string) {
	if res == nil || res.Summary.Status == model.StatusFailed {
		return
	}
	r := run(res, narrative)
	res.Issues = append(res.Issues, r.issues...)
	c := &res.Summary.Checks
	c.Passed += r.counts.Passed
	c.Rounding += r.counts.Rounding
	c.Mismatched += r.counts.Mismatched
	c.Skipped += r.counts.Skipped
	c.Run += r.counts.Passed + r.counts.Rounding + r.counts.Mismatched
	res.Summary.Issues += len(r.issues)
}

// run runs every check on res without changing it and returns the runner
// holding the outcome.
func run(res *model.Result, narrative []string) (r *runner) {
	if narrative == nil {
		narrative = res.Narrative
	}
	r = newRunner(res)
	defer func() {
		if p := recover(); p != nil {
			r.issues = append(r.issues, r.issue(where{check: Internal}, model.SevError,
				fmt.Sprintf("internal error in checks (panic): %v; the remaining checks did not run", p)))
		}
	}()
	r.classSums()
	r.rowTotals()
	r.threePublic()
	r.crossTables()
	r.projects()
	r.fixedAssets()
	r.narrative(narrative)
	return r
}

// table is the records of one printed table: one table type and title.
type table struct {
	typ   model.TableType
	title string
	recs  []*model.Record
}

// runner holds one document's tables and the outcome of its checks.
type runner struct {
	res    *model.Result
	tables map[model.TableType][]*table // in document order
	counts model.CheckCounts
	issues []model.Issue
	// ran lists every check that ran or was skipped, passes included, in
	// order; the tests read it.
	ran []outcome
	// unmappedAmounts holds, per row of a typed table, the header of a
	// column with no field where the row prints a number (its cells are
	// in other_tables).
	unmappedAmounts map[rowKey]string
	// units is the printed unit by table title (unit), built on first use.
	units map[string]string
}

// rowKey is a row of a printed table: its title and row_no.
type rowKey struct {
	title string
	row   int
}

// outcome is one check that ran (or was skipped).
type outcome struct {
	where
	sev             model.Severity // "" for a pass
	expected, found string
}

func newRunner(res *model.Result) *runner {
	r := &runner{res: res, tables: map[model.TableType][]*table{}, unmappedAmounts: map[rowKey]string{}}
	byKey := map[[2]string]*table{}
	for i := range res.Records {
		rec := &res.Records[i]
		if rec.TableType == model.OtherTables {
			hp := rec.String("header_path")
			leaf := hp[strings.LastIndex(hp, "/")+1:]
			if v, ok := rec.Money("value"); ok && !v.IsZero() &&
				!strings.HasPrefix(strings.TrimSpace(leaf), "其中") { // a 其中 column is part of another, not an addend
				k := rowKey{rec.TableTitle, rec.RowNo}
				if r.unmappedAmounts[k] == "" {
					r.unmappedAmounts[k] = rec.String("header_path")
				}
			}
		}
		k := [2]string{string(rec.TableType), rec.TableTitle}
		t := byKey[k]
		if t == nil {
			t = &table{typ: rec.TableType, title: rec.TableTitle}
			byKey[k] = t
			r.tables[rec.TableType] = append(r.tables[rec.TableType], t)
		}
		t.recs = append(t.recs, rec)
	}
	return r
}

// printedName is the usual printed title of each table type, for messages
// about a table the document does not have.
var printedName = map[model.TableType]string{
	model.RevenueExpenditureSummary:       "部门预算收支总表",
	model.RevenueByFunction:               "部门预算收入总表",
	model.ExpenditureByFunction:           "部门预算支出总表",
	model.FiscalRevenueExpenditureSummary: "财政拨款收支总表",
	model.GeneralBudgetExpenditure:        "一般公共预算财政拨款支出表",
	model.GeneralBudgetBasicExpenditure:   "一般公共预算财政拨款基本支出表",
	model.GovernmentFundExpenditure:       "政府性基金预算财政拨款支出表",
	model.StateCapitalExpenditure:         "国有资本经营预算财政拨款支出表",
	model.ThreePublicExpenses:             "“三公”经费支出表",
	model.Projects:                        "项目绩效目标表",
	model.FixedAssets:                     "固定资产占用情况表",
	model.OperatingExpenses:               "机关运行经费支出表",
	model.FiscalAppropriationExpenditure:  "财政拨款支出表",
	model.BasicExpenditureByEconomic:      "基本支出表",
}

// first returns the first table of type tt with records. When there is none
// it returns nil and the reason, for a skipped check: the table is missing,
// empty by declaration, or has no rows.
func (r *runner) first(tt model.TableType) (*table, string) {
	if ts := r.tables[tt]; len(ts) > 0 {
		return ts[0], ""
	}
	name := printedName[tt]
	for _, ts := range r.res.Summary.Tables {
		if ts.TableType != tt {
			continue
		}
		if ts.EmptyDeclared {
			note := ts.Note
			if note == "" {
				note = "注：无……空表列示"
			}
			return nil, fmt.Sprintf("%s (%s) is empty by declaration: %s", ts.Title, tt, note)
		}
		return nil, fmt.Sprintf("%s (%s) has no rows", ts.Title, tt)
	}
	return nil, fmt.Sprintf("the document has no %s (%s)", name, tt)
}

// unit returns the printed unit of the table titled title ("万元", "元"),
// 万元 when the summary does not say: the first known unit printed with a
// table of that title. Every check asks for it, so the summary's tables
// are indexed once (scanning them on each call made a document of 200,000
// small tables run for minutes).
func (r *runner) unit(title string) string {
	if r.units == nil {
		r.units = map[string]string{}
		for _, ts := range r.res.Summary.Tables {
			if _, seen := r.units[ts.Title]; seen || ts.Unit == "" {
				continue
			}
			if _, ok := value.UnitFactor(ts.Unit); ok {
				r.units[ts.Title] = ts.Unit
			}
		}
	}
	if u, ok := r.units[title]; ok {
		return u
	}
	return "万元"
}

// tol returns one unit of the last printed digit of the table titled title,
// in yuan: amounts are printed with two decimals, so 0.01 of the printed
// unit (100 yuan for 万元, 0.01 yuan for 元).
func (r *runner) tol(title string) decimal.Decimal {
	f, _ := value.UnitFactor(r.unit(title))
	return f.Shift(-2)
}

// tolOf returns the larger tolerance of the tables titled titles.
func (r *runner) tolOf(titles ...string) decimal.Decimal {
	t := decimal.Zero
	for _, s := range titles {
		if u := r.tol(s); u.GreaterThan(t) {
			t = u
		}
	}
	return t
}

// show writes yuan amount d in the printed unit of the table titled title:
// "17229.69万元".
func (r *runner) show(d decimal.Decimal, title string) string {
	return showIn(d, r.unit(title))
}

// showA writes a in the printed unit of the table titled title, or "blank"
// when a is null.
func (r *runner) showA(a amt, title string) string {
	if !a.set {
		return "blank"
	}
	return r.show(a.v, title)
}

// showIn writes yuan amount d in unit, with at least two decimals and as
// many more as it takes to be exact.
func showIn(d decimal.Decimal, unit string) string {
	f, ok := value.UnitFactor(unit)
	if !ok {
		unit, f = "元", decimal.NewFromInt(1)
	}
	return minFixed(d.Div(f), 2) + unit
}

// minFixed writes d with at least n decimals, more when d needs them.
func minFixed(d decimal.Decimal, n int32) string {
	if d.Exponent() >= -n {
		return d.StringFixed(n)
	}
	s := d.String()
	if i := strings.IndexByte(s, '.'); i < 0 || int32(len(s)-i-1) < n {
		return d.StringFixed(n)
	}
	return s
}

// exact writes d for Issue.Expected/Found/Difference: yuan with two
// decimals, or more decimals when d has them.
func exact(d decimal.Decimal) string { return minFixed(d, 2) }

// amt is a figure that may be null.
type amt struct {
	v   decimal.Decimal
	set bool
}

func some(d decimal.Decimal) amt { return amt{d, true} }

// moneyOf returns field name of rec; null when rec is nil or the field is.
func moneyOf(rec *model.Record, name string) amt {
	if rec == nil {
		return amt{}
	}
	d, ok := rec.Money(name)
	return amt{d, ok}
}

// add sums xs, nulls as 0; the sum is null only when every x is.
func add(xs ...amt) amt {
	var s amt
	for _, x := range xs {
		if x.set {
			s.v = s.v.Add(x.v)
			s.set = true
		}
	}
	return s
}

// where says which check an outcome is and what it is about: the table,
// row and column of the figure that was checked.
type where struct {
	check  string
	typ    model.TableType
	title  string
	rec    *model.Record // the row, or nil
	column string
	plain  bool // the figures are not money: write them as they are
}

// text writes d for Issue.Expected/Found/Difference.
func (w where) text(d decimal.Decimal) string {
	if w.plain {
		return d.String()
	}
	return exact(d)
}

func at(check string, t *table, rec *model.Record, column string) where {
	w := where{check: check, rec: rec, column: column}
	if t != nil {
		w.typ, w.title = t.typ, t.title
	}
	return w
}

// issue builds a check issue at w.
func (r *runner) issue(w where, sev model.Severity, msg string) model.Issue {
	s := r.res.Summary
	is := model.Issue{
		DocID: s.DocID, SourceFile: s.SourceFile, Kind: model.IssueCheck, Severity: sev,
		TableType: w.typ, TableTitle: w.title, Column: w.column, Check: w.check, Message: msg,
	}
	if w.rec != nil {
		is.Row, is.Page = w.rec.RowNo, w.rec.SourcePage
	}
	return is
}

// compare runs one equality check: found against expected. It is not run
// when both are null. A zero difference passes; a difference of at most tol
// in absolute value is rounding; a larger one is a mismatch. msg builds the
// message and is called only for a failure.
func (r *runner) compare(w where, expected, found amt, tol decimal.Decimal, msg func() string) {
	if !expected.set && !found.set {
		return
	}
	diff := found.v.Sub(expected.v)
	if !w.plain && w.title != "" {
		// One unit of the last digit a figure was printed with, when it
		// was printed coarser than the usual two decimals (480544221.6元,
		// 943865000元; see model.Record).
		f, _ := value.UnitFactor(r.unit(w.title))
		for _, a := range []amt{expected, found} {
			if e := a.v.Exponent(); a.set && e > -2 {
				if u := f.Shift(e); u.GreaterThan(tol) {
					tol = u
				}
			}
		}
	}
	var sev model.Severity
	switch {
	case diff.IsZero():
		r.counts.Passed++
		r.ran = append(r.ran, outcome{w, "", w.text(expected.v), w.text(found.v)})
		return
	case diff.Abs().LessThanOrEqual(tol):
		r.counts.Rounding++
		sev = model.SevRounding
	default:
		r.counts.Mismatched++
		sev = model.SevMismatch
	}
	r.fail(w, sev, msg(), w.text(expected.v), w.text(found.v), w.text(diff))
}

// fail records a failed check.
func (r *runner) fail(w where, sev model.Severity, msg, expected, found, diff string) {
	is := r.issue(w, sev, msg)
	is.Expected, is.Found, is.Difference = expected, found, diff
	r.issues = append(r.issues, is)
	r.ran = append(r.ran, outcome{w, sev, expected, found})
}

// atMost runs one inequality check: found must not exceed limit. It is not
// run unless both are set. An excess of at most tol is rounding; a larger
// one is a mismatch.
func (r *runner) atMost(w where, limit, found amt, tol decimal.Decimal, msg func() string) {
	if !limit.set || !found.set {
		return
	}
	if found.v.LessThanOrEqual(limit.v) {
		r.counts.Passed++
		r.ran = append(r.ran, outcome{w, "", w.text(limit.v), w.text(found.v)})
		return
	}
	diff := found.v.Sub(limit.v)
	sev := model.SevMismatch
	if diff.LessThanOrEqual(tol) {
		sev = model.SevRounding
		r.counts.Rounding++
	} else {
		r.counts.Mismatched++
	}
	r.fail(w, sev, msg(), w.text(limit.v), w.text(found.v), w.text(diff))
}

// skip records a check that cannot run, and why.
func (r *runner) skip(w where, why string) {
	r.counts.Skipped++
	r.issues = append(r.issues, r.issue(w, model.SevSkipped, why))
	r.ran = append(r.ran, outcome{where: w, sev: model.SevSkipped})
}

// intOf returns int field name of rec, 0 when null.
func intOf(rec *model.Record, name string) int64 {
	switch v := rec.Values[name].(type) {
	case int64:
		return v
	case int:
		return int64(v)
	}
	return 0
}

// boolOf returns bool field name of rec, false when null.
func boolOf(rec *model.Record, name string) bool {
	b, _ := rec.Values[name].(bool)
	return b
}

// hasValue reports whether any record of t has a value in one of fields.
func (t *table) hasValue(fields ...string) bool {
	for _, rec := range t.recs {
		for _, f := range fields {
			if v, ok := rec.Values[f]; ok && v != nil {
				return true
			}
		}
	}
	return false
}
