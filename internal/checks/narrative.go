package checks

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/budgetx/budgetx/internal/normalize/value"
	"github.com/budgetx/budgetx/model"
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

// foundFigure is a figure found in the narrative.
type foundFigure struct {
	text string // the matched text: "基本支出7176.78万元"
	// general: the paragraph before the figure speaks of the general
	// public budget (一般公共预算, 财政拨款): the figure is that budget's.
	general bool
	yuan    decimal.Decimal // the amount in yuan
	digit   decimal.Decimal // one unit of its last printed digit, in yuan
}

// narrativePara is one paragraph of the narrative (folded, whitespace
// removed) with what find looks up around each match, found once in one
// pass: so that a paragraph with many matches costs its length, not its
// length times the matches (a 250 MB paragraph of near-figures ran for
// hours).
type narrativePara struct {
	text string
	cues uint64     // the cue words it holds (cueWords)
	idx  *paraIndex // built on the first match in it
}

// newNarrativePara makes p, folded and without whitespace, a paragraph of
// the narrative, its cue words found. Every figure ends with a unit in 元
// (numberRE), so a paragraph without 元 has none of them, and is not
// read for cues (most paragraphs, and strings.Contains is faster).
func newNarrativePara(p string) narrativePara {
	np := narrativePara{text: p}
	if strings.Contains(p, "元") {
		np.cues = cueWords.find(p)
	}
	return np
}

// paraIndex is where in a paragraph the things aboutYear and find look for
// stand. Every list is of byte offsets, in order.
type paraIndex struct {
	clauses   []int    // just after each of 。,;:()、 (a clause starts there)
	sentences []int    // just after each of 。；;
	otherYear [][2]int // matches of otherYearRE
	years     [][2]int // matches of yearRE
	yearOf    []int    // the year each match of years names
	breakdown [][2]int // matches of classBreakdown
	operating [][2]int // occurrences of 机关运行经费
	contexts  map[*regexp.Regexp]int
}

func index(p string) *paraIndex {
	x := &paraIndex{contexts: map[*regexp.Regexp]int{}}
	for i, r := range p {
		switch r {
		case '。', ',', ';', ':', '(', ')', '、':
			x.clauses = append(x.clauses, i+utf8.RuneLen(r))
		}
		switch r {
		case '。', '；', ';':
			x.sentences = append(x.sentences, i+utf8.RuneLen(r))
		}
	}
	// The patterns below are found by hand: the regular expressions took
	// most of the time on a long paragraph. Their matches cannot overlap,
	// so every occurrence is a match.
	for _, w := range []string{"上年", "去年", "上一年", "同比"} { // otherYearRE
		x.otherYear = append(x.otherYear, occurrences(p, w)...)
	}
	slices.SortFunc(x.otherYear, func(a, b [2]int) int { return a[0] - b[0] })
	for _, o := range occurrences(p, "年") { // yearRE: four digits and 年
		if k := o[0]; k >= 4 && isDigits(p[k-4:k]) {
			n, _ := strconv.Atoi(p[k-4 : k])
			x.years = append(x.years, [2]int{k - 4, o[1]})
			x.yearOf = append(x.yearOf, n)
		}
	}
	for i, r := range p { // classBreakdown: 3 to 7 digits in brackets
		if r != ')' && r != '）' {
			continue
		}
		d := 0
		for d < 8 && d < i && p[i-d-1] >= '0' && p[i-d-1] <= '9' {
			d++
		}
		if d < 3 || d > 7 {
			continue
		}
		switch j := i - d; {
		case j >= 1 && p[j-1] == '(':
			x.breakdown = append(x.breakdown, [2]int{j - 1, i + utf8.RuneLen(r)})
		case strings.HasSuffix(p[:j], "（"):
			x.breakdown = append(x.breakdown, [2]int{j - len("（"), i + utf8.RuneLen(r)})
		}
	}
	x.operating = occurrences(p, "机关运行经费")
	return x
}

// occurrences returns where w occurs in p, not overlapping, in order.
func occurrences(p, w string) [][2]int {
	var out [][2]int
	for i := 0; ; {
		j := strings.Index(p[i:], w)
		if j < 0 {
			return out
		}
		out = append(out, [2]int{i + j, i + j + len(w)})
		i += j + len(w)
	}
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// startBefore returns the offset just after the last delimiter before i
// (starts lists them), 0 when there is none: the start of the clause or
// sentence holding i.
func startBefore(starts []int, i int) int {
	k := sort.SearchInts(starts, i+1) // the first start after i
	if k == 0 {
		return 0
	}
	return starts[k-1]
}

// spanIn returns the first of spans (in order, not overlapping) that lies
// in [from, to), or -1.
func spanIn(spans [][2]int, from, to int) int {
	k := sort.Search(len(spans), func(k int) bool { return spans[k][0] >= from })
	if k < len(spans) && spans[k][1] <= to {
		return k
	}
	return -1
}

// clauseStart returns the start of the clause of p holding byte i.
func (x *paraIndex) clauseStart(i int) int {
	// The delimiter at i itself does not end the clause before it.
	return startBefore(x.clauses, i)
}

// contextEnd returns where the first match of context in p ends, -1 if
// there is none. A context is a literal (see contextREs), so p[:i]
// matches it exactly when its first match ends by i.
func (x *paraIndex) contextEnd(context *regexp.Regexp, p string) int {
	e, ok := x.contexts[context]
	if !ok {
		e = -1
		if m := context.FindStringIndex(p); m != nil {
			e = m[1]
		}
		x.contexts[context] = e
	}
	return e
}

// cues returns what every match of re contains, read from its pattern: a
// list of alternatives for each piece its top level requires (a literal
// has one alternative, an alternation of literals one each). A paragraph
// that lacks all the alternatives of a piece holds no match, and find
// skips it without running re: most paragraphs hold few of the figures'
// words.
func cues(re *regexp.Regexp) [][]string {
	t, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return nil
	}
	var out [][]string
	var walk func(t *syntax.Regexp)
	walk = func(t *syntax.Regexp) {
		switch t.Op {
		case syntax.OpLiteral:
			if t.Flags&syntax.FoldCase == 0 {
				out = append(out, []string{string(t.Rune)})
			}
		case syntax.OpCapture:
			walk(t.Sub[0])
		case syntax.OpConcat:
			for _, sub := range t.Sub {
				walk(sub)
			}
		case syntax.OpAlternate:
			var alts []string
			for _, sub := range t.Sub {
				if sub.Op != syntax.OpLiteral || sub.Flags&syntax.FoldCase != 0 {
					return
				}
				alts = append(alts, string(sub.Rune))
			}
			out = append(out, alts)
		}
	}
	walk(t)
	return out
}

// figureCues are the cues of figureREs, in the same order.
var figureCues = func() [][][]string {
	out := make([][][]string, len(figureREs))
	for i, re := range figureREs {
		out[i] = cues(re)
	}
	return out
}()

// cueFilter is a figure's cues as sets of cueWords: one mask of
// alternatives for each piece a match requires. The zero filter (no
// piece) admits every paragraph.
type cueFilter []uint64

// admits reports whether a paragraph holding the cue words found (see
// literals.find) holds one alternative of each piece.
func (f cueFilter) admits(found uint64) bool {
	for _, alts := range f {
		if found&alts == 0 {
			return false
		}
	}
	return true
}

// cueWords finds, in one pass over a paragraph, which of all the figures'
// cue words it holds; figureFilters are the figures' cues in its terms,
// in the order of figures. So every paragraph is read once for the cues
// of all figures, and a figure's pattern runs only on the paragraphs that
// hold its cues. (More cue words than a literals set tells apart is a
// mistake in figures, as a bad pattern is: it panics as the package
// starts, as regexp.MustCompile does.)
var cueWords, figureFilters = func() (*literals, []cueFilter) {
	bit := map[string]int{}
	var words []string
	for _, cs := range figureCues {
		for _, alts := range cs {
			for _, a := range alts {
				if _, ok := bit[a]; !ok {
					bit[a] = len(words)
					words = append(words, a)
				}
			}
		}
	}
	filters := make([]cueFilter, len(figureCues))
	l, ok := newLiterals(words)
	if !ok {
		panic(fmt.Sprintf("checks: %d cue words in the figures' patterns, more than a literals set holds", len(words)))
	}
	for i, cs := range figureCues {
		for _, alts := range cs {
			var m uint64
			for _, a := range alts {
				m |= 1 << bit[a]
			}
			filters[i] = append(filters[i], m)
		}
	}
	return l, filters
}()

// find returns the first match of re in paragraphs that is about year (0:
// any year): a year the pattern names is year, and the clause before the
// match names no other year and no 上年/去年 (clauseAbout); whose filler does not call it
// a figure of the other kind of document (see filler); and, when context is
// not nil, whose paragraph matches context before the match. Paragraphs
// that filter does not admit (they lack a piece of its cues, 元 among
// them: see cues) hold no match, and re does not run on them.
func find(re, context *regexp.Regexp, filter cueFilter, paragraphs []narrativePara, year int, kind model.DocKind) (foundFigure, bool) {
	yi, ni, ui, fi := re.SubexpIndex("y"), re.SubexpIndex("n"), re.SubexpIndex("u"), re.SubexpIndex("f")
	wrong := "决算" // a budget's narrative citing an outturn
	if kind == model.FinalAccount {
		wrong = "预算" // a final account's narrative citing the budget
	}
	threeItem := threeItemRE.MatchString(re.String())
	for pi := range paragraphs {
		np := &paragraphs[pi]
		if !filter.admits(np.cues) {
			continue
		}
		p := np.text
		for _, loc := range re.FindAllStringIndex(p, -1) {
			if np.idx == nil {
				np.idx = index(p)
			}
			x := np.idx
			// What needs only where the match starts, first.
			if !x.clauseAbout(loc[0], year) || context != nil && !(x.contextEnd(context, p) >= 0 && x.contextEnd(context, p) <= loc[0]) {
				continue
			}
			ss := startBefore(x.sentences, loc[0])
			if spanIn(x.breakdown, ss, loc[0]) >= 0 {
				continue // a figure within one class's line (（303）… 其中：人员经费)
			}
			if threeItem && spanIn(x.operating, ss, loc[0]) >= 0 {
				continue // 机关运行经费's own 公务接待费 and 公务用车运行维护费, not the 三公 items
			}
			// The groups of the match: matched again on its own text,
			// where it is the same match (the patterns look at nothing
			// around it).
			m := re.FindStringSubmatchIndex(p[loc[0]:loc[1]])
			for k := range m {
				if m[k] >= 0 {
					m[k] += loc[0]
				}
			}
			if year != 0 && yi >= 0 && m[2*yi] >= 0 {
				if n, _ := strconv.Atoi(p[m[2*yi]:m[2*yi+1]]); n != year {
					continue
				}
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

// clauseAbout reports whether the clause before a match starting at i is
// about year (0: any year): it names no other year and no 上年/去年.
func (x *paraIndex) clauseAbout(i, year int) bool {
	if year == 0 {
		return true
	}
	cs := x.clauseStart(i)
	if spanIn(x.otherYear, cs, i) >= 0 {
		return false
	}
	// The years in [cs, i).
	k := sort.Search(len(x.years), func(k int) bool { return x.years[k][0] >= cs })
	for ; k < len(x.years) && x.years[k][1] <= i; k++ {
		if x.yearOf[k] != year {
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
	// Only the paragraphs that hold some figure's cues are kept: the
	// others hold no figure, and no pattern runs on them.
	var ps []narrativePara
	text := false
	for _, p := range paragraphs {
		if p = value.Label(value.Fold(p)); p != "" {
			text = true
			if np := newNarrativePara(p); np.cues != 0 {
				ps = append(ps, np)
			}
		}
	}
	if !text {
		r.skip(where{check: Narrative}, "no narrative paragraphs were given, so no figure stated in the text was checked")
		return
	}
	year := r.res.Summary.FiscalYear
	for i, fig := range figures {
		ff, ok := find(figureREs[i], contextREs[i], figureFilters[i], ps, year, r.res.Summary.DocKind)
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
