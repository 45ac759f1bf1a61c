package checks

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/normalize/value"
)

// figure is a figure the narrative states: a pattern that finds it in a
// paragraph and the table figure it must equal.
type figure struct {
	// name says what the figure is, for messages.
	name string
	// pattern matches the words that introduce the figure. "{Y}" stands for
	// a year, which must be the fiscal year, so a figure about another year
	// is not taken. The amount and its unit must follow the match directly
	// (numberRE).
	pattern string
	// context, when set, must match the paragraph before the figure: a
	// figure's words that also name other things (上年结转 of one project)
	// count only in the paragraph about the department's revenue.
	context string
	// targets are the table figures it must equal, in order of preference:
	// the first whose table and row the document has is used.
	targets []target
}

// target is one table figure: a row picked from the first table of a type,
// and a column.
type target struct {
	typ    model.TableType
	row    string                       // the row, for messages: "收入总计", "合计"
	pick   func(t *table) *model.Record // nil: the 合计 of column (totalOf)
	column string
}

// numberRE is the amount that follows a figure's words: digits with an
// optional thousands separator and decimals, then the unit.
const numberRE = `(?P<n>[0-9][0-9,]*(?:\.[0-9]+)?)(?P<u>亿元|百万元|万元|千元|元)`

// yearGroup replaces "{Y}" in a figure's pattern.
const yearGroup = `(?P<y>\d{4})`

// filler replaces "{F}" in a figure's pattern: the words that may stand
// between an item and its amount ("预算安排", "支出决算", "预算数为", "共计").
// A figure the filler calls 预算 in a final account (the year's budget, not
// what was spent), or 决算 in a budget (a past year's outturn), is not taken.
const filler = `(?:支出)?(?P<f>预算|决算)?数?(?:共计|合计)?(?:安排)?(?:为|是)?`

// contextREs are the compiled contexts of figures (nil for none).
var contextREs = func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(figures))
	for i, f := range figures {
		if f.context != "" {
			out[i] = regexp.MustCompile(f.context)
		}
	}
	return out
}()

// figureREs are the compiled patterns of figures, in the same order.
var figureREs = func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(figures))
	for i, f := range figures {
		p := strings.NewReplacer("{Y}", yearGroup, "{F}", filler).Replace(f.pattern)
		out[i] = regexp.MustCompile(p + numberRE)
	}
	return out
}()

// Row pickers.
var (
	summaryRevenueTotal     = func(t *table) *model.Record { return summaryTotal(t, "revenue") }
	summaryExpenditureTotal = func(t *table) *model.Record { return summaryTotal(t, "expenditure") }
)

// summaryLine picks the first line on side whose item, ordinal stripped,
// contains word.
func summaryLine(side, word string) func(t *table) *model.Record {
	return func(t *table) *model.Record {
		for _, rec := range t.recs {
			if rec.String("side") == side && strings.Contains(value.StripOrdinal(rec.String("item")), word) {
				return rec
			}
		}
		return nil
	}
}

// threeItem picks the 三公 row of item: of the amounts the document
// reports (决算数 in a final account, 预算数 in a budget) where the table
// prints both.
func threeItem(item string) func(t *table) *model.Record {
	return func(t *table) *model.Record {
		var any *model.Record
		for _, rec := range t.recs {
			if rec.String("item") != item {
				continue
			}
			basis := rec.String("amount_basis")
			if basis == "" || basis == "final" && rec.DocKind == model.FinalAccount || basis == "budget" && rec.DocKind == model.Budget {
				return rec
			}
			if any == nil {
				any = rec
			}
		}
		return any
	}
}

// assetsTotalRow picks the fixed-asset table's total row (资产总额).
func assetsTotalRow(t *table) *model.Record {
	for _, rec := range t.recs {
		l := value.StripOrdinal(rec.String("item_label"))
		if rec.String("parent_label") == "" && (strings.Contains(l, "总额") || strings.Contains(l, "合计") || strings.Contains(l, "总计")) {
			return rec
		}
	}
	return nil
}

func summaryT(row string, pick func(*table) *model.Record) target {
	return target{model.RevenueExpenditureSummary, row, pick, "amount_yuan"}
}

func totalT(tt model.TableType, column string) target {
	return target{tt, "合计", nil, column}
}

func threeT(item, row string) target {
	return target{model.ThreePublicExpenses, row, threeItem(item), "total_yuan"}
}

// figures are the narrative figures checked, with the table figure each must
// equal. The patterns are matched on the paragraph with full-width forms
// folded ("（" → "(", "，" → ",") and whitespace removed. Each figure is
// taken from its first match in the narrative whose clause (the text back to
// the previous 。,;:() ) names no other year and no 上年/去年: so in the seed
// "2024年预算收支安排24406.47万元，较2023年预算减少6927.24万元" yields
// 24406.47 (this year's total) and never the change from 2023, and
// "公务接待费较上年减少5.77万元" is not a 公务接待费 figure (the amount must
// follow the words directly).
var figures = []figure{
	// "2024年预算收入24406.47万元": the year's total revenue, carry-over included.
	{"预算收入", `{Y}年(?:部门)?(?:预算收入|收入预算)(?:总计|合计|总额)?(?:为|共计)?`, "",
		[]target{summaryT("收入总计", summaryRevenueTotal), totalT(model.RevenueByFunction, "total_yuan")}},
	// "2024年支出预算24406.47万元".
	{"预算支出", `{Y}年(?:部门)?(?:预算支出|支出预算)(?:总计|合计|总额)?(?:为|共计)?`, "",
		[]target{summaryT("支出总计", summaryExpenditureTotal), totalT(model.ExpenditureByFunction, "total_yuan")}},
	// "2024年预算收支安排24406.47万元" (not the "较2023年预算减少…" after it).
	{"预算收支", `{Y}年(?:部门)?预算收支(?:安排|总额|总计|规模)?(?:为|共计)?`, "",
		[]target{summaryT("收入总计", summaryRevenueTotal), totalT(model.RevenueByFunction, "total_yuan")}},
	// "一般公共预算收入21541.25万元".
	{"一般公共预算收入", `一般公共预算(?:拨款)?收入(?:为)?`, "",
		[]target{summaryT("一般公共预算拨款收入", summaryLine("revenue", "一般公共预算"))}},
	// "基金预算收入0.00万元".
	{"政府性基金预算收入", `(?:政府性)?基金预算(?:拨款)?收入(?:为)?`, "",
		[]target{summaryT("政府性基金预算拨款收入", summaryLine("revenue", "政府性基金"))}},
	// "国有资本经营预算收入0.00万元".
	{"国有资本经营预算收入", `国有资本经营预算(?:拨款)?收入(?:为)?`, "",
		[]target{summaryT("国有资本经营预算拨款收入", summaryLine("revenue", "国有资本经营"))}},
	// "财政专户核拨收入0.00万元".
	{"财政专户收入", `财政专户(?:核拨|管理资金)?收入(?:为)?`, "",
		[]target{summaryT("财政专户管理资金收入", summaryLine("revenue", "财政专户")),
			totalT(model.RevenueByFunction, "fiscal_special_account_yuan")}},
	// "单位资金收入627.00万元".
	{"单位资金收入", `单位资金(?:收入)?(?:为)?`, "",
		[]target{summaryT("单位资金", summaryLine("revenue", "单位资金"))}},
	// "上年结转结余2238.22万元".
	{"上年结转结余", `上年结转(?:结余)?(?:资金|收入)?(?:为)?`, `收入`,
		[]target{summaryT("上年结转结余", summaryLine("revenue", "上年结转")),
			totalT(model.RevenueByFunction, "prior_year_carryover_yuan")}},
	// "其中基本支出7176.78万元".
	{"基本支出", `基本支出(?:预算)?(?:为|安排)?`, "",
		[]target{totalT(model.ExpenditureByFunction, "basic_yuan"), totalT(model.GeneralBudgetExpenditure, "basic_yuan"),
			totalT(model.FiscalAppropriationExpenditure, "basic_yuan"), totalT(model.GeneralBudgetBasicExpenditure, "total_yuan")}},
	// "包括人员经费6638.43万元".
	{"人员经费", `人员经费(?:预算)?(?:为|安排)?`, "",
		[]target{totalT(model.GeneralBudgetBasicExpenditure, "personnel_yuan"),
			totalT(model.FiscalAppropriationBasicExpenditure, "personnel_yuan"), totalT(model.GeneralBudgetExpenditure, "personnel_yuan"),
			totalT(model.ExpenditureByFunction, "personnel_yuan")}},
	// "日常公用经费538.35万元".
	{"公用经费", `(?:日常)?公用经费(?:预算)?(?:为|安排)?`, "",
		[]target{totalT(model.GeneralBudgetBasicExpenditure, "public_operation_yuan"),
			totalT(model.FiscalAppropriationBasicExpenditure, "public_operation_yuan"),
			totalT(model.GeneralBudgetExpenditure, "public_operation_yuan"), totalT(model.ExpenditureByFunction, "public_operation_yuan")}},
	// "项目支出17229.69万元".
	{"项目支出", `项目支出(?:预算)?(?:为|安排)?`, "",
		[]target{totalT(model.ExpenditureByFunction, "project_yuan"), totalT(model.GeneralBudgetExpenditure, "project_yuan"),
			totalT(model.FiscalAppropriationExpenditure, "project_yuan")}},
	// "机关运行经费共计安排538.35万元": compared with a table that prints
	// 机关运行经费 (its own table, or a column of the 三公 table). It is the
	// 公用经费 of administrative units only, so a department's 公用经费 (its
	// 事业单位 included) is no figure to compare it with.
	{"机关运行经费", `机关运行经费{F}`, "",
		[]target{totalT(model.OperatingExpenses, "total_yuan"), threeT("operating_expenses", "机关运行经费")}},
	// "“三公”经费预算安排77.18万元".
	{"“三公”经费", `[“"]?三公[”"]?经费(?:财政拨款)?{F}`, "",
		[]target{threeT("subtotal", "“三公”经费小计"), threeT("total", "合计")}},
	// "因公出国（境）费0.00万元".
	{"因公出国（境）费", `因公出国\(境\)(?:经)?费{F}`, "",
		[]target{threeT("overseas_travel", "因公出国（境）费")}},
	// "公务用车购置及运维费62.92万元".
	{"公务用车购置及运行维护费", `公务用车购置及运行?维?护?费{F}`, "",
		[]target{threeT("vehicle_total", "公务用车购置及运行维护费")}},
	// "公务用车购置费为0.00万元".
	{"公务用车购置费", `公务用车购置费{F}`, "",
		[]target{threeT("vehicle_purchase", "公务用车购置费")}},
	// "公务用车运维费62.92万元".
	{"公务用车运行维护费", `公务用车运行?维?护?费{F}`, "",
		[]target{threeT("vehicle_operation", "公务用车运行维护费")}},
	// "公务接待费14.26万元".
	{"公务接待费", `公务接待费{F}`, "",
		[]target{threeT("official_reception", "公务接待费")}},
	// "上年末固定资产金额为23830.06万元": 上年末 is the date of the table
	// (as_of), so this is the table's own year, not a figure of last year.
	{"上年末固定资产金额", `上年末固定资产(?:金额|总额|原值)?(?:为|共计)?`, "",
		[]target{{model.FixedAssets, "资产总额", assetsTotalRow, "value_yuan"}}},
}

var (
	yearRE      = regexp.MustCompile(`(\d{4})年`)
	otherYearRE = regexp.MustCompile(`上年|去年|上一年|同比`)
)

// clauseStart returns the start of the clause holding byte offset i of s:
// just after the last 。,;:()、 before i.
func clauseStart(s string, i int) int {
	j := strings.LastIndexAny(s[:i], "。,;:()、")
	if j < 0 {
		return 0
	}
	_, size := utf8.DecodeRuneInString(s[j:])
	return j + size
}

// threeItemRE matches the pattern of a 三公 item's figure.
var threeItemRE = regexp.MustCompile(`因公出国|公务用车|公务接待`)

// scopeFree are the figures a narrative states for more than one scope
// (the department's 基本支出, the general budget's, the fiscal
// appropriation's): a figure equal to any of its tables' is theirs.
var scopeFree = map[string]bool{"基本支出": true, "项目支出": true, "人员经费": true, "公用经费": true}

// classBreakdown matches a classification code in brackets: a sentence
// that names one breaks a class down (对个人和家庭的补助（303）…，其中：人员经费
// 138.06万元); its figures are no totals.
var classBreakdown = regexp.MustCompile(`[(（]\d{3,7}[)）]`)

// sentenceStart returns the start of the sentence of s holding byte i.
func sentenceStart(s string, i int) int {
	j := strings.LastIndexAny(s[:i], "。；;")
	if j < 0 {
		return 0
	}
	_, size := utf8.DecodeRuneInString(s[j:])
	return j + size
}

// foundFigure is a figure found in the narrative.
type foundFigure struct {
	text string // the matched text: "基本支出7176.78万元"
	// general: the paragraph before the figure speaks of the general
	// public budget (一般公共预算, 财政拨款): the figure is that budget's.
	general bool
	yuan    decimal.Decimal // the amount in yuan
	digit   decimal.Decimal // one unit of its last printed digit, in yuan
}

// find returns the first match of re in paragraphs that is about year (0:
// any year): a year the pattern names is year, and the clause before the
// match names no other year and no 上年/去年; whose filler does not call it
// a figure of the other kind of document (see filler); and, when context is
// not nil, whose paragraph matches context before the match.
func find(re, context *regexp.Regexp, paragraphs []string, year int, kind model.DocKind) (foundFigure, bool) {
	yi, ni, ui, fi := re.SubexpIndex("y"), re.SubexpIndex("n"), re.SubexpIndex("u"), re.SubexpIndex("f")
	wrong := "决算" // a budget's narrative citing an outturn
	if kind == model.FinalAccount {
		wrong = "预算" // a final account's narrative citing the budget
	}
	for _, p := range paragraphs {
		for _, m := range re.FindAllStringSubmatchIndex(p, -1) {
			if !aboutYear(p, m, yi, year) || context != nil && !context.MatchString(p[:m[0]]) {
				continue
			}
			sentence := p[sentenceStart(p, m[0]):m[0]]
			if classBreakdown.MatchString(sentence) {
				continue // a figure within one class's line (（303）… 其中：人员经费)
			}
			if threeItemRE.MatchString(re.String()) && strings.Contains(sentence, "机关运行经费") {
				continue // 机关运行经费's own 公务接待费 and 公务用车运行维护费, not the 三公 items
			}
			if fi >= 0 && m[2*fi] >= 0 && p[m[2*fi]:m[2*fi+1]] == wrong {
				continue
			}
			num := strings.ReplaceAll(p[m[2*ni]:m[2*ni+1]], ",", "")
			d, err := decimal.NewFromString(num)
			if err != nil {
				continue
			}
			f, ok := value.UnitFactor(p[m[2*ui]:m[2*ui+1]])
			if !ok {
				continue
			}
			decimals := int32(0)
			if i := strings.IndexByte(num, '.'); i >= 0 {
				decimals = int32(len(num) - i - 1)
			}
			return foundFigure{text: p[m[0]:m[1]], yuan: d.Mul(f), digit: f.Shift(-decimals),
				general: generalScope.MatchString(p[:m[0]])}, true
		}
	}
	return foundFigure{}, false
}

// aboutYear reports whether match m of p (group yi the year, -1 if none)
// is about year.
func aboutYear(p string, m []int, yi, year int) bool {
	if year == 0 {
		return true
	}
	if yi >= 0 && m[2*yi] >= 0 {
		if n, _ := strconv.Atoi(p[m[2*yi]:m[2*yi+1]]); n != year {
			return false
		}
	}
	before := p[clauseStart(p, m[0]):m[0]]
	if otherYearRE.MatchString(before) {
		return false
	}
	for _, y := range yearRE.FindAllStringSubmatch(before, -1) {
		if n, _ := strconv.Atoi(y[1]); n != year {
			return false
		}
	}
	return true
}

// narrative runs Narrative: every figure of figures found in paragraphs is
// compared with its table figure. A figure the narrative does not state is
// not checked. The tolerance is the larger of one unit of the table's last
// printed digit and one unit of the narrative's. With no paragraphs at all,
// one skipped Narrative issue says so.
func (r *runner) narrative(paragraphs []string) {
	var ps []string
	for _, p := range paragraphs {
		if p = value.Label(value.Fold(p)); p != "" {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		r.skip(where{check: Narrative}, "no narrative paragraphs were given, so no figure stated in the text was checked")
		return
	}
	year := r.res.Summary.FiscalYear
	for i, fig := range figures {
		ff, ok := find(figureREs[i], contextREs[i], ps, year, r.res.Summary.DocKind)
		if !ok {
			continue
		}
		r.narrativeFigure(fig, ff)
	}
}

// generalScope matches a paragraph about the general public budget's
// money rather than the department's (三、财政拨款情况说明 …).
var generalScope = regexp.MustCompile(`一般公共预算|财政拨款`)

// generalTypes are the tables of the general public budget.
var generalTypes = map[model.TableType]bool{
	model.GeneralBudgetExpenditure: true, model.GeneralBudgetBasicExpenditure: true,
}

// narrativeFigure compares one found figure with its table figure. A
// figure stated in a paragraph about the general public budget is compared
// with that budget's table first, when the figure has one.
func (r *runner) narrativeFigure(fig figure, ff foundFigure) {
	var why string
	targets := fig.targets
	if ff.general {
		var gen, rest []target
		for _, tg := range targets {
			if generalTypes[tg.typ] {
				gen = append(gen, tg)
			} else {
				rest = append(rest, tg)
			}
		}
		if len(gen) > 0 {
			targets = append(gen, rest...)
		}
	}
	// Each target the document prints is a candidate: the figure is
	// compared with the first that equals it (within a unit of the last
	// digit), else with the first candidate.
	type candidate struct {
		tg   target
		t    *table
		row  *model.Record
		want amt
		tol  decimal.Decimal
	}
	var cands []candidate
	for i, tg := range targets {
		t, twhy := r.first(tg.typ)
		var row *model.Record
		var want amt
		if t != nil {
			if tg.pick == nil {
				want, row = totalOf(t, tg.column)
			} else if row = tg.pick(t); row != nil {
				want = moneyOf(row, tg.column)
			}
			if row == nil {
				twhy = fmt.Sprintf("no %s row in %s", tg.row, t.title)
			} else if !t.hasValue(tg.column) {
				// The table does not print that column at all.
				row, twhy = nil, fmt.Sprintf("%s prints no %s column", t.title, tg.column)
			}
		}
		if i == 0 {
			why = twhy
		}
		if row == nil {
			continue
		}
		tol := r.tol(t.title)
		if ff.digit.GreaterThan(tol) {
			tol = ff.digit
		}
		cands = append(cands, candidate{tg, t, row, want, tol})
	}
	if len(cands) > 0 {
		c := cands[0]
		for _, o := range cands {
			if !scopeFree[fig.name] {
				break
			}
			if o.want.set && o.want.v.Sub(ff.yuan).Abs().LessThanOrEqual(o.tol) {
				c = o
				break
			}
		}
		if scopeFree[fig.name] && c.want.set && c.want.v.Sign() != 0 &&
			c.want.v.Sub(ff.yuan).Abs().Mul(decimal.NewFromInt(20)).GreaterThan(c.want.v.Abs()) {
			// Off by more than 5% from every table figure it could be:
			// the narrative speaks of a narrower scope (本级, one fund, one
			// class), not of a wrong number.
			r.skip(at(Narrative, c.t, c.row, c.tg.column), fmt.Sprintf("narrative %q (%s) is none of the tables' figures "+
				"(%s in %s); it may be of a narrower scope (本级, one fund)", ff.text, fig.name, r.showA(c.want, c.t.title), c.t.title))
			return
		}
		r.compare(at(Narrative, c.t, c.row, c.tg.column), c.want, some(ff.yuan), c.tol, func() string {
			return fmt.Sprintf("narrative %q vs %s (%s, %s) in %s", ff.text,
				r.showA(c.want, c.t.title), c.tg.row, c.tg.column, c.t.title)
		})
		return
	}
	tg := targets[0]
	r.skip(where{check: Narrative, typ: tg.typ, column: tg.column},
		fmt.Sprintf("narrative %q (%s) not compared: %s", ff.text, fig.name, why))
}
