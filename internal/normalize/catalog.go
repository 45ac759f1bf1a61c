package normalize

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/budgetx/budgetx/internal/normalize/value"
	"github.com/budgetx/budgetx/model"
)

// The catalog: how budgetx tells which table a printed table is. A table
// is described by three facets, each read from its title, its header
// labels and what its rows hold, and weighed together:
//
//   - scope: whose money — all of the department's funds (部门, 单位, 综合),
//     fiscal appropriation (财政拨款), the general public budget
//     (一般公共预算), government funds (政府性基金) or state capital
//     (国有资本经营);
//   - measure: what it shows — both sides (收支), revenue (收入),
//     expenditure (支出), basic expenditure (基本支出), projects (项目支出),
//     the 三公 items, procurement, …;
//   - class: how its rows are classified — by function (2xx codes) or by
//     economic class (3xx, 5xx codes).
//
// The facets' wordings are lines of data (the cue tables below); the table
// type follows from the facets (typeRules). A new province's wording is a
// new cue, never a new branch.

type scope uint8

const (
	scopeUnknown scope = iota
	scopeAll           // every source of funds (部门, 单位, 综合)
	scopeFiscal        // 财政拨款
	scopeGeneral       // 一般公共预算
	scopeFund          // 政府性基金
	scopeCapital       // 国有资本经营
)

var scopeNames = [...]string{"?", "all funds", "fiscal appropriation", "general public budget", "government funds", "state capital"}

func (s scope) String() string { return scopeNames[s] }

type measure uint8

const (
	mUnknown        measure = iota
	mSummary                // 收支: revenue and expenditure side by side
	mRevenue                // 收入
	mExpenditure            // 支出
	mBasic                  // 基本支出
	mProject                // 项目支出: projects listed, or project spending by class
	mThreePublic            // “三公”经费
	mOperating              // 机关运行经费
	mProcurement            // 政府采购
	mPurchase               // 政府购买服务
	mCarryover              // 结转资金支出
	mInstitutions           // 机构设置, 预算单位构成
	mAssets                 // 固定资产, 国有资产占用
	mProjectTargets         // a project's 绩效目标表
	mOverallTargets         // 部门整体支出绩效目标
	mIndicators             // 绩效指标 rows (一级指标 | 二级指标 | …)
	mSelfEvaluation         // 绩效自评表: a final account's self-evaluation, no type of its own
)

var measureNames = [...]string{"?", "revenue and expenditure", "revenue", "expenditure", "basic expenditure",
	"project expenditure", "三公 expenses", "operating expenses", "procurement", "purchased services",
	"carried-over funds", "institutions", "fixed assets", "project targets", "department targets", "indicators",
	"self-evaluation"}

func (m measure) String() string { return measureNames[m] }

type class uint8

const (
	classUnknown  class = iota
	classFunction       // 支出功能分类: 2xx, 2xxxx, 2xxxxxx
	classEconomic       // 支出经济分类: 3xx, 3xxxx (部门预算), 5xx, 5xxxx (政府预算)
	classUnit           // rows are 预算单位, not a classification
)

var classNames = [...]string{"?", "function", "economic", "unit"}

func (c class) String() string { return classNames[c] }

// cue is one wording that speaks for a facet value, with its weight.
type cue[T any] struct {
	re  *regexp.Regexp
	val T
	w   int
}

func c[T any](pattern string, val T, w int) cue[T] {
	return cue[T]{regexp.MustCompile(pattern), val, w}
}

// Title cues, tried on the title's label with numbering, year and
// qualifiers removed (see cleanTitle). Within a facet the first cue that
// matches wins, so the more specific wordings come first.
var titleScopeCues = []cue[scope]{
	c(`一般公共预算|公共财政预算`, scopeGeneral, 4),
	c(`政府性基金`, scopeFund, 4),
	c(`国有资本经营`, scopeCapital, 4),
	c(`财政拨款|财政资金`, scopeFiscal, 4),
	c(`部门|单位|综合|机关|^(收入|支出|收支|基本支出|项目支出)`, scopeAll, 2),
}

var titleMeasureCues = []cue[measure]{
	c(`绩效自评|自评表|绩效评价`, mSelfEvaluation, 6),
	c(`整体(支出)?绩效|部门绩效目标`, mOverallTargets, 5),
	c(`绩效目标表|绩效目标申报表|项目支出绩效表`, mProjectTargets, 5),
	c(`三公`, mThreePublic, 5),
	c(`政府采购`, mProcurement, 5),
	c(`购买服务`, mPurchase, 5),
	c(`机关运行经费|行政经费`, mOperating, 5),
	c(`机构设置|单位构成|人员情况`, mInstitutions, 5),
	c(`固定资产|资产占用|国有资产`, mAssets, 5),
	c(`结转(结余)?资金支出|结转资金|结转支出`, mCarryover, 5),
	c(`收支|收入支出|财务收支`, mSummary, 5),
	c(`基本支出`, mBasic, 5),
	c(`项目支出|专项(业务)?经费|专项资金|项目经费`, mProject, 5),
	c(`收入`, mRevenue, 5),
	c(`支出|经费`, mExpenditure, 3),
}

var titleClassCues = []cue[class]{
	c(`经济分类|经济科目|经济科目分类|按经济`, classEconomic, 4),
	c(`功能分类|功能科目|按功能`, classFunction, 4),
}

// titleQualifiers are parentheticals that qualify a title without naming
// a facet: （不含上年结转）, （2026年度）.
var titleQualifiers = regexp.MustCompile(`[（(](?:[^（）()]*不含[^（）()]*|\s*20\d{2}\s*年?度?\s*)[）)]`)

// titlePrefix matches what provinces print before a table's name: its
// number (表2：, 公开02表, 预算11表, 附表1, 公开表一, 表一), an ordinal (二、,
// （一）, 1.), a part (第二部分), and the year (2026年, 2026年度).
var titlePrefix = regexp.MustCompile(`^(?:(?:附表|公开表|表)[0-9一二三四五六七八九十]{1,3}(?:-[0-9]{1,2})?[:：、.．\s]*|(?:公开|预算|决算|部门)?[0-9]{1,2}表[:：、.．\s]*|[（(][一二三四五六七八九十0-9]{1,3}[)）][、.．\s]*|[一二三四五六七八九十]{1,3}[、.．]|[0-9]{1,2}[、.．]\s*|第[一二三四五六七八九十]+部分|20\d{2}\s*年度?)+`)

// cleanTitle returns the label of a title without its number, ordinal,
// year and qualifiers: 表2：2026年市级部门收入预算总表 → 市级部门收入预算总表.
func cleanTitle(title string) string {
	l := value.Label(title)
	if strings.ContainsAny(l, "（(") { // every qualifier is in brackets
		l = titleQualifiers.ReplaceAllString(l, "")
	}
	// titlePrefix matches at the start only, once: what it replaces is
	// the text before the end of its match.
	for i := 0; i < 3; i++ {
		m := titlePrefix.FindStringIndex(l)
		if m == nil || m[1] == 0 {
			break
		}
		l = l[m[1]:]
	}
	return l
}

// titleish reports whether a line reads as a table's title: it names a
// measure of the catalog and ends like a title (…表, …情况, a qualifier).
func titleish(l string) bool {
	core := cleanTitle(l)
	if core == "" || len([]rune(core)) > 60 {
		return false
	}
	if !strings.HasSuffix(core, "表") && !strings.Contains(core, "表（") && !strings.Contains(core, "表(") {
		return false
	}
	for _, cu := range titleMeasureCues {
		if cu.re.MatchString(core) {
			return true
		}
	}
	return false
}

// evidence is one reason a table got a facet value.
type evidence struct {
	facet string // "scope", "measure", "class"
	value string
	from  string // "title", "header", "rows"
	w     int
	why   string
}

func (e evidence) String() string {
	return fmt.Sprintf("%s %s (%s, +%d): %s", e.facet, e.value, e.from, e.w, e.why)
}

// facets is what a table's evidence adds up to.
type facets struct {
	scope   scope
	measure measure
	class   class
	ev      []evidence
}

// tally adds weight w for value v of one facet.
type tally[T comparable] map[T]int

func (t tally[T]) best() (T, int) {
	var bv T
	bw := 0
	for v, w := range t {
		if w > bw {
			bv, bw = v, w
		}
	}
	return bv, bw
}

// classify weighs the evidence for pt's facets and returns its table type
// ("" when nothing speaks for one). The evidence is kept on pt for
// budgetx inspect.
func (n *norm) classify(pt *ptable) model.TableType {
	f := facets{}
	scopes, measures, classes := tally[scope]{}, tally[measure]{}, tally[class]{}
	add := func(facet, val, from string, w int, why string) {
		f.ev = append(f.ev, evidence{facet, val, from, w, why})
	}
	core := cleanTitle(pt.title)
	if core != "" {
		for _, cu := range titleScopeCues {
			if m := cu.re.FindString(core); m != "" {
				scopes[cu.val] += cu.w
				add("scope", cu.val.String(), "title", cu.w, m)
				break
			}
		}
		for _, cu := range titleMeasureCues {
			if m := cu.re.FindString(core); m != "" {
				measures[cu.val] += cu.w
				add("measure", cu.val.String(), "title", cu.w, m)
				break
			}
		}
		for _, cu := range titleClassCues {
			if m := cu.re.FindString(core); m != "" {
				classes[cu.val] += cu.w
				add("class", cu.val.String(), "title", cu.w, m)
				break
			}
		}
	}
	h := headerEvidence(pt)
	for _, e := range h.measures {
		measures[e.val] += e.w
		add("measure", e.val.String(), "header", e.w, e.why)
	}
	for _, e := range h.classes {
		classes[e.val] += e.w
		add("class", e.val.String(), "header", e.w, e.why)
	}
	for _, e := range h.scopes {
		scopes[e.val] += e.w
		add("scope", e.val.String(), "header", e.w, e.why)
	}
	rc := rowClasses(pt)
	if rc.function+rc.economic+rc.units >= 2 {
		switch {
		case rc.function > rc.economic && rc.function >= rc.units:
			classes[classFunction] += 6
			add("class", "function", "rows", 6, fmt.Sprintf("%d rows carry function codes (2xx), %d economic", rc.function, rc.economic))
		case rc.economic >= rc.function && rc.economic >= rc.units:
			classes[classEconomic] += 6
			add("class", "economic", "rows", 6, fmt.Sprintf("%d rows carry economic codes or names (3xx, 5xx), %d function", rc.economic, rc.function))
		default:
			classes[classUnit] += 3
			add("class", "unit", "rows", 3, fmt.Sprintf("%d rows are 预算单位", rc.units))
		}
	}
	if rc.threePublic >= 2 {
		measures[mThreePublic] += 3
		add("measure", mThreePublic.String(), "rows", 3, fmt.Sprintf("%d rows name 三公 items", rc.threePublic))
	}
	if rc.sides {
		measures[mSummary] += 3
		add("measure", mSummary.String(), "rows", 3, "rows list revenue items beside expenditure items")
	}
	f.scope, _ = scopes.best()
	f.measure, _ = measures.best()
	f.class, _ = classes.best()
	// Without a title that names it, a table's header alone does not type
	// it: its rows must be classified too (or be indicators or 三公 items).
	titled := false
	for _, e := range f.ev {
		titled = titled || e.facet == "measure" && e.from == "title"
	}
	if !titled && f.measure != mIndicators && f.measure != mThreePublic && !rc.sides &&
		rc.function+rc.economic < 2 {
		add("measure", "none", "rows", 0, "no title names the table and its rows carry no classification")
		f.measure = mUnknown
	}
	pt.facets = f
	return typeFor(f)
}

// typeRule maps facets to a table type; zero facet values in a rule match
// anything. The first rule that matches wins.
type typeRule struct {
	m   measure
	s   scope
	c   class
	typ model.TableType
}

var typeRules = []typeRule{
	{mIndicators, 0, 0, model.PerformanceIndicators},
	{mProjectTargets, 0, 0, model.Projects},
	{mThreePublic, 0, 0, model.ThreePublicExpenses},
	{mProcurement, 0, 0, model.Procurement},
	{mInstitutions, 0, 0, model.Institutions},
	{mAssets, 0, 0, model.FixedAssets},
	{mOperating, 0, 0, model.OperatingExpenses},
	{mSummary, scopeFiscal, 0, model.FiscalRevenueExpenditureSummary},
	{mSummary, scopeFund, 0, model.GovernmentFundExpenditure},
	{mSummary, scopeCapital, 0, model.StateCapitalExpenditure},
	{mSummary, 0, 0, model.RevenueExpenditureSummary},
	{mRevenue, scopeFiscal, 0, model.FiscalRevenueExpenditureSummary},
	{mRevenue, scopeFund, 0, model.GovernmentFundExpenditure},
	{mRevenue, 0, 0, model.RevenueByFunction},
	{mBasic, scopeGeneral, classFunction, model.GeneralBudgetBasicExpenditureByFunction},
	{mBasic, scopeGeneral, 0, model.GeneralBudgetBasicExpenditure},
	{mBasic, scopeFiscal, classFunction, model.FiscalAppropriationExpenditure},
	{mBasic, scopeFiscal, 0, model.FiscalAppropriationBasicExpenditure},
	{mBasic, scopeFund, 0, model.GovernmentFundExpenditure},
	{mBasic, scopeCapital, 0, model.StateCapitalExpenditure},
	{mBasic, 0, classFunction, model.ExpenditureByFunction},
	{mBasic, 0, 0, model.BasicExpenditureByEconomic},
	{mProject, scopeGeneral, classEconomic, model.GeneralBudgetExpenditureByEconomic},
	{mProject, scopeGeneral, classFunction, model.GeneralBudgetExpenditure},
	{mProject, 0, 0, model.ProjectExpenditure},
	{mExpenditure, scopeGeneral, classEconomic, model.GeneralBudgetExpenditureByEconomic},
	{mExpenditure, scopeGeneral, 0, model.GeneralBudgetExpenditure},
	{mExpenditure, scopeFiscal, classEconomic, model.FiscalAppropriationBasicExpenditure},
	{mExpenditure, scopeFiscal, 0, model.FiscalAppropriationExpenditure},
	{mExpenditure, scopeFund, 0, model.GovernmentFundExpenditure},
	{mExpenditure, scopeCapital, 0, model.StateCapitalExpenditure},
	{mExpenditure, 0, classEconomic, model.BasicExpenditureByEconomic},
	{mExpenditure, 0, 0, model.ExpenditureByFunction},
}

// typeFor returns the table type of facets f, or "".
func typeFor(f facets) model.TableType {
	if f.measure == mUnknown {
		return ""
	}
	for _, r := range typeRules {
		if r.m == f.measure && (r.s == 0 || r.s == f.scope) && (r.c == 0 || r.c == f.class) {
			return r.typ
		}
	}
	return ""
}

// standardTypes are the standard disclosure tables: the nine of the
// national template and the classification tables provinces print beside
// them. A document whose titles name one that budgetx did not type is
// partial, not ok.
var standardTypes = map[model.TableType]bool{
	model.RevenueExpenditureSummary: true, model.RevenueByFunction: true, model.ExpenditureByFunction: true,
	model.FiscalRevenueExpenditureSummary: true, model.GeneralBudgetExpenditure: true,
	model.GeneralBudgetBasicExpenditure: true, model.GovernmentFundExpenditure: true,
	model.StateCapitalExpenditure: true, model.ThreePublicExpenses: true,
	model.FiscalAppropriationExpenditure: true, model.FiscalAppropriationBasicExpenditure: true,
	model.GeneralBudgetExpenditureByEconomic: true, model.GeneralBudgetBasicExpenditureByFunction: true,
	model.BasicExpenditureByEconomic: true,
}

// IsStandard reports whether t is one of the standard disclosure tables.
func IsStandard(t model.TableType) bool { return standardTypes[t] }

// headerCues are header labels that speak for a facet, matched against
// every label of a table's header rows.
type headerFinding struct {
	measures []valued[measure]
	classes  []valued[class]
	scopes   []valued[scope]
}

type valued[T any] struct {
	val T
	w   int
	why string
}

func headerEvidence(pt *ptable) headerFinding {
	var h headerFinding
	labels := map[string]bool{}
	for _, p := range pt.paths {
		for _, l := range p {
			labels[l] = true
		}
	}
	has := func(pred func(string) bool) string {
		for l := range labels {
			if pred(l) {
				return l
			}
		}
		return ""
	}
	eqAny := func(ws ...string) func(string) bool {
		return func(l string) bool {
			for _, w := range ws {
				if l == w {
					return true
				}
			}
			return false
		}
	}
	pre := func(w string) func(string) bool { return func(l string) bool { return strings.HasPrefix(l, w) } }
	if l := has(eqAny("一级指标")); l != "" {
		h.measures = append(h.measures, valued[measure]{mIndicators, 20, l})
	}
	inc, exp := has(func(l string) bool { return l == "收入" || strings.HasPrefix(l, "收入") && len([]rune(l)) <= 4 }),
		has(func(l string) bool { return l == "支出" || strings.HasPrefix(l, "支出") && len([]rune(l)) <= 4 })
	items := 0
	for _, p := range pt.paths {
		if r := roleOf(p); r == roleItem || r == roleName {
			items++
		}
	}
	if inc != "" && exp != "" && items >= 2 {
		h.measures = append(h.measures, valued[measure]{mSummary, 4, inc + " | " + exp})
	}
	if p, o := has(pre("人员经费")), has(func(l string) bool { return strings.Contains(l, "公用经费") || strings.Contains(l, "公用支出") }); p != "" && o != "" {
		h.measures = append(h.measures, valued[measure]{mBasic, 2, p + " | " + o})
	}
	if b, p := has(pre("基本支出")), has(pre("项目支出")); b != "" && p != "" {
		h.measures = append(h.measures, valued[measure]{mExpenditure, 2, b + " | " + p})
	}
	if l := has(func(l string) bool { return l == "事业收入" || strings.HasPrefix(l, "上年结转") }); l != "" && has(pre("基本支出")) == "" && inc == "" {
		h.measures = append(h.measures, valued[measure]{mRevenue, 2, l})
	}
	if l := has(func(l string) bool { return strings.Contains(l, "功能分类") || strings.Contains(l, "功能科目") }); l != "" {
		h.classes = append(h.classes, valued[class]{classFunction, 3, l})
	}
	if l := has(func(l string) bool { return strings.Contains(l, "经济分类") || strings.Contains(l, "经济科目") }); l != "" {
		h.classes = append(h.classes, valued[class]{classEconomic, 3, l})
	}
	return h
}

// rowCounts is what the data rows of a table hold.
type rowCounts struct {
	function, economic, units, threePublic int
	sides                                  bool
}

var (
	// leadCode reads a classification code at the start of a cell: 201,
	// [20101], 2010101 行政运行, 30101-基本工资.
	leadCode = regexp.MustCompile(`^[\[【〔(（]?\s*(\d{7}|\d{5}|\d{3})\s*[\]】〕)）]?(?:[-－—.、:：_\s]|\p{Han}|$)`)
	unitCode = regexp.MustCompile(`^\d{3}(?:\d{3})+$`)
)

// isUnitCode reports whether s matches unitCode: digits, two groups of
// three or more.
func isUnitCode(s string) bool {
	return len(s) >= 6 && len(s)%3 == 0 && isDigits(s)
}

// codeOf returns the classification code a row prints in its first cells
// (joining 类 | 款 | 项 columns), or "".
func codeOf(g *grid, r int) string {
	code := ""
	for i, p := range g.origins(r) {
		if i >= 4 {
			break
		}
		l := value.Label(value.Fold(p.Text))
		if l == "" {
			continue
		}
		if isDigits(l) && len(l) <= 7 {
			if code == "" && (len(l) == 3 || len(l) == 5 || len(l) == 7) || code != "" && len(l) == 2 {
				code += l
				continue
			}
		}
		if m := leadCode.FindStringSubmatch(l); m != nil && code == "" {
			return m[1]
		}
		break
	}
	if len(code) == 3 || len(code) == 5 || len(code) == 7 {
		return code
	}
	return ""
}

func rowClasses(pt *ptable) rowCounts {
	var rc rowCounts
	revItems, expItems := 0, 0
	for r := pt.dataStart; r < len(pt.g.Rows); r++ {
		code := codeOf(pt.g, r)
		switch {
		case code == "":
		case code[0] == '2':
			rc.function++
		case code[0] == '3' || code[0] == '5':
			rc.economic++
		}
		first := true
		for _, p := range pt.g.origins(r) {
			l := value.StripOrdinal(value.Label(p.Text))
			if l == "" || p.VCont {
				continue
			}
			if revenueItem(l) {
				revItems++
			}
			if functionClassNames[l] != "" {
				expItems++
			}
			if !first {
				continue
			}
			first = false
			// A row without a code speaks by the name of its 类.
			if ec := economicNames[l]; code == "" && len(ec) == 3 {
				rc.economic++
			}
			if code == "" && functionClassNames[l] != "" {
				rc.function++
			}
			if code == "" && (isUnitCode(value.Fold(l)) || isDigits(l) && len(l) == 3 && l[0] <= '1' || endsLikeDept(l) && len([]rune(l)) >= 4) {
				rc.units++
			}
			if code == "" && threePublicItem(l) != "" && l != "合计" && l != "小计" && l != "总计" {
				rc.threePublic++
			}
		}
	}
	rc.sides = revItems >= 2 && expItems >= 2
	return rc
}

// summaryRevenueItem matches the revenue lines of a 收支总表.
var summaryRevenueItem = regexp.MustCompile(`^(?:财政拨款收入|一般公共预算拨款收入|事业收入|上级补助收入|附属单位上缴收入|其他收入|事业单位经营收入|上年结转)`)

// revenueItem is summaryRevenueItem.MatchString(l), the pattern run only
// on a label starting with the first character of one of its words.
func revenueItem(l string) bool {
	r, _ := utf8.DecodeRuneInString(l)
	return strings.ContainsRune("财一事上附其", r) && summaryRevenueItem.MatchString(l)
}

// named is a paragraph that names a table: a title, or a line of the
// table of contents.
type named struct {
	text string
	page int
}

// tocLeader matches what a table of contents prints after an entry: dots
// and the page number (一、收支总表 ………… 5).
var tocLeader = regexp.MustCompile(`[.…·．\s-—]{2,}\d*$|\s*\d+$`)

// tocEntry returns a label without its table-of-contents leader.
func tocEntry(l string) string {
	// Every match of tocLeader ends the label, with a digit or a leader
	// character: a label that ends otherwise (most) is not searched.
	r, _ := utf8.DecodeLastRuneInString(l)
	if !('0' <= r && r <= '9' || strings.ContainsRune(tocLeaderLast, r)) {
		return l
	}
	return tocLeader.ReplaceAllString(l, "")
}

// tocLeaderLast are the characters other than digits a match of tocLeader
// may end with: its leader characters (\s is ASCII white space).
const tocLeaderLast = ".…·．-— \t\n\f\r"

// titleType returns the table type a title names by its words alone, or
// "".
func titleType(title string) model.TableType {
	if t, ok := titleTypes.Load(title); ok {
		return t.(model.TableType)
	}
	t := titleTypeOf(title)
	if len(title) <= 256 && titleTypesN.Add(1) <= maxTitleTypes {
		titleTypes.Store(title, t)
	}
	return t
}

// titleTypes remembers titleType's answers, up to maxTitleTypes titles of
// 256 bytes at most in a process (4 MiB): a document prints the same titles again and again (a hundred
// 项目支出绩效目标表), and documents of a province print the same ones.
var (
	titleTypes    sync.Map // title → model.TableType
	titleTypesN   atomic.Int64
	maxTitleTypes = int64(1 << 14)
)

func titleTypeOf(title string) model.TableType {
	core := cleanTitle(tocEntry(value.Label(title)))
	if core == "" {
		return ""
	}
	var f facets
	for _, cu := range titleScopeCues {
		if cu.re.MatchString(core) {
			f.scope = cu.val
			break
		}
	}
	for _, cu := range titleMeasureCues {
		if cu.re.MatchString(core) {
			f.measure = cu.val
			break
		}
	}
	for _, cu := range titleClassCues {
		if cu.re.MatchString(core) {
			f.class = cu.val
			break
		}
	}
	return typeFor(f)
}

// untyped sets the document's status to partial when its table of
// contents or its titles name a standard table that no table was typed
// as: a named title is answered by a typed table of the type it names, or
// by a typed table printed under that title (its rows may have typed it a
// sibling type: 一般公共预算支出表 printed by economic class).
func (n *norm) untyped() {
	typed := map[model.TableType]bool{}
	titles := map[string]bool{}
	for _, pt := range n.tables {
		if pt.typ != "" && pt.typ != model.OtherTables {
			typed[pt.typ] = true
			titles[cleanTitle(pt.title)] = true
		}
	}
	seen := map[model.TableType]bool{}
	check := func(text string, page int) {
		t := titleType(text)
		if !IsStandard(t) || typed[t] || seen[t] || titles[cleanTitle(tocEntry(value.Label(text)))] {
			return
		}
		seen[t] = true
		s := &n.res.Summary
		s.Untyped = append(s.Untyped, model.Untyped{Title: value.Text(text), TableType: t, Page: page})
		n.issue(nil, model.Issue{Kind: model.IssueStructure, Severity: model.SevWarning, TableType: t, Page: page,
			TableTitle: value.Text(text),
			Message:    fmt.Sprintf("the document names this table (%s) but no table was typed as %s; the document is partial", value.Text(text), t)})
	}
	for _, nm := range n.named {
		check(nm.text, nm.page)
	}
	for _, pt := range n.tables {
		if pt.typ == model.OtherTables || pt.typ == "" {
			check(pt.title, pt.pos.Page)
		}
	}
	if len(n.res.Summary.Untyped) > 0 {
		n.res.Summary.Status = model.StatusPartial
	}
}
