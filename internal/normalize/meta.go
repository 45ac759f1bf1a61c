package normalize

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/budgetx/budgetx/internal/normalize/value"
	"github.com/budgetx/budgetx/internal/region"
	"github.com/budgetx/budgetx/model"
)

// meta is what the lines in or above a table say about it.
type meta struct {
	DeptCode string
	DeptName string
	Year     int
	Unit     string // "万元", "元", …
	AsOf     string // 截止时间, as YYYY-MM-DD
}

// merge fills m's empty fields from o.
func (m *meta) merge(o meta) {
	if m.DeptName == "" {
		m.DeptCode, m.DeptName = o.DeptCode, o.DeptName
	}
	if m.Year == 0 {
		m.Year = o.Year
	}
	if m.Unit == "" {
		m.Unit = o.Unit
	}
	if m.AsOf == "" {
		m.AsOf = o.AsOf
	}
}

// tableCode is the number some provinces print before a table's meta line
// (公开01表, 预算02表, 表3).
var tableCode = regexp.MustCompile(`^(?:公开|预算|决算|部门)?\d{1,2}表|^表\d{1,2}`)

var (
	yearRE     = regexp.MustCompile(`(?:预算|决算)?年度[:：]?(\d{4})`)
	titleYear  = regexp.MustCompile(`(20\d{2})年`)
	asOfRE     = regexp.MustCompile(`截[止至](?:时间|日期)?[:：]?(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})`)
	deptCodeRE = regexp.MustCompile(`^(\d{2,12})([\p{Han}（）()]{2,}.*)$`)
	deptKeyRE  = regexp.MustCompile(`^(?:编制|预算|决算|填报|资金主管|主管)?(?:部门|单位|部门[（(]单位[)）])(?:名称)?[:：](.+)$`)
	// yearWord: a name that starts with 年 or 月 follows a year or a date,
	// not a department code (2026年深圳市…).
	yearWord   = regexp.MustCompile(`^[年月日度]`)
	deptSuffix = regexp.MustCompile(`(局|委|委员会|办|办公室|院|部|厅|署|会|中心|站|所|馆|队|处|室|社|校|学|团|联|政府|法院|检察院|集团|公司)(本级|机关)?$`)
)

// deptLast are the characters a match of deptSuffix ends with: the last of
// each of its words, and of 本级 and 机关.
const deptLast = "局委会办室院部厅署心站所馆队处社校学团联府司级关"

// endsLikeDept reports whether l ends with a department's suffix
// (deptSuffix), running the pattern only on the labels whose last
// character one ends with: a pattern anchored at the end is tried at
// every position of the label.
func endsLikeDept(l string) bool {
	r, _ := utf8.DecodeLastRuneInString(l)
	return strings.ContainsRune(deptLast, r) && deptSuffix.MatchString(l)
}

// parseMeta reads one meta line (a cell or a paragraph): the printed unit,
// year, as-of date and department, in any order on the line. ok is true
// when the line holds nothing else; m holds what was found either way.
func parseMeta(s string) (m meta, ok bool) {
	l := value.Label(value.Fold(s))
	if l == "" || len([]rune(l)) > 80 {
		return m, false
	}
	found := false
	if u, rest := value.CutUnit(l); u != "" {
		m.Unit, l = u, rest
		found = true
	}
	// Each pattern runs only on a line holding the literal it needs: most
	// lines hold none (a pattern is a fifth of normalize's time otherwise).
	if loc := indexIf(yearRE, l, "年度"); loc != nil {
		m.Year, _ = strconv.Atoi(l[loc[2]:loc[3]])
		l = l[:loc[0]] + l[loc[1]:]
		found = true
	}
	if mm := indexIf(asOfRE, l, "截"); mm != nil {
		y, _ := strconv.Atoi(l[mm[2]:mm[3]])
		mo, _ := strconv.Atoi(l[mm[4]:mm[5]])
		d, _ := strconv.Atoi(l[mm[6]:mm[7]])
		m.AsOf = strconv.Itoa(y) + "-" + pad2(mo) + "-" + pad2(d)
		l = l[:mm[0]] + l[mm[1]:]
		found = true
	}
	if strings.Contains(l, "表") {
		l = tableCode.ReplaceAllString(l, "")
	}
	l = strings.Trim(l, ",，;；|")
	if l == "" {
		return m, found
	}
	if strings.ContainsAny(l, ":：") {
		if mm := deptKeyRE.FindStringSubmatch(l); mm != nil {
			m.DeptName = mm[1]
			if c := deptCodeRE.FindStringSubmatch(m.DeptName); c != nil {
				m.DeptCode, m.DeptName = c[1], c[2]
			}
			return m, true
		}
	}
	if l[0] < '0' || l[0] > '9' { // deptCodeRE starts with a digit
		return m, false
	}
	if mm := deptCodeRE.FindStringSubmatch(l); mm != nil && deptSuffix.MatchString(mm[2]) && !yearWord.MatchString(mm[2]) {
		m.DeptCode, m.DeptName = mm[1], mm[2]
		return m, true
	}
	return m, false
}

// indexIf is re.FindStringSubmatchIndex(s), run only when s holds lit,
// which every match of re holds.
func indexIf(re *regexp.Regexp, s, lit string) []int {
	if !strings.Contains(s, lit) {
		return nil
	}
	return re.FindStringSubmatchIndex(s)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

var metaSep = regexp.MustCompile(`\t|\s{2,}|\x{3000}+`)

// parseMetaLine reads a paragraph that may hold several meta items
// separated by tabs or runs of spaces ("467衡水市生态环境局    预算年度：2024").
// ok is false unless every part is a meta item.
func parseMetaLine(s string) (m meta, ok bool) {
	for _, part := range metaSep.Split(strings.TrimSpace(s), -1) {
		if value.Label(part) == "" {
			continue
		}
		mm, pok := parseMeta(part)
		m.merge(mm)
		if !pok {
			return m, false
		}
		ok = true
	}
	return m, ok
}

// metaRow reports whether every non-blank cell of row r is a meta line, and
// returns what they say.
func metaRow(g *grid, r int) (meta, bool) {
	var m meta
	any := false
	for _, p := range g.origins(r) {
		if value.Label(p.Text) == "" {
			continue
		}
		mm, ok := parseMeta(p.Text)
		if !ok {
			return meta{}, false
		}
		m.merge(mm)
		any = true
	}
	return m, any
}

// docKindOf says whether a title names a final account (决算) or a budget.
func docKindOf(s string) model.DocKind {
	if strings.Contains(s, "决算") {
		return model.FinalAccount
	}
	return model.Budget
}

// region locates the document's department (internal/region): from its
// name, then from the cover, the titles of its tables and its first
// paragraphs, in that order.
func (n *norm) region() model.Region {
	texts := n.cover()
	for _, pt := range n.tables {
		if pt.title != "" && len(texts) < 60 {
			texts = append(texts, pt.title)
		}
	}
	for i, p := range n.paras {
		if i >= 20 {
			break
		}
		texts = append(texts, p)
	}
	r := region.Locate(n.docMet.DeptName, texts...)
	return model.Region{Province: r.Province, City: r.City, County: r.County, AdminLevel: r.Level}
}

// cover returns the paragraphs of the document's cover: those before its
// table of contents (目录) or its first table, at most 20.
func (n *norm) cover() []string {
	var out []string
	for _, b := range n.doc.Blocks {
		if b.Table != nil || len(out) >= 20 {
			break
		}
		if b.Para == nil {
			continue
		}
		l := value.Label(b.Para.Text)
		if l == "目录" || strings.HasPrefix(l, "目录") && len([]rune(l)) < 6 {
			break
		}
		if l != "" {
			out = append(out, b.Para.Text)
		}
	}
	return out
}

// coverWords are what a cover line prints around the department's name.
var coverWords = regexp.MustCompile(`20\d{2}\s*年度?|部门预算|单位预算|部门决算|单位决算|预算公开|决算公开|信息公开|部门综合预算|公开$`)

// coverName returns the department named by a cover line: the line
// without its year and 部门预算 words, when that is a unit's name.
func coverName(l string) string {
	rest := strings.TrimSpace(coverWords.ReplaceAllString(l, ""))
	if rest == "" || len([]rune(rest)) < 4 || len([]rune(rest)) > 40 {
		return ""
	}
	if m := unitLabel.FindStringSubmatch(rest); m != nil && m[1] == "" {
		return m[2]
	}
	return ""
}

// deptLabels are the labels a table prints before the department's name
// (部门名称 | 北京市统计局), with how much the pair counts.
var deptLabels = map[string]int{
	"部门名称": 2, "单位名称": 1, "部门（单位）名称": 2, "部门(单位)名称": 2, "预算部门": 2, "主管部门": 1,
}

type labelValue struct {
	value  string
	weight int
}

// labelValues returns the cells that follow a cell labelled with one of
// labels, when they read as a unit's name.
func labelValues(g *grid, labels map[string]int) []labelValue {
	var out []labelValue
	for r := range g.Rows {
		cells := g.originList(r)
		for i := 0; i+1 < len(cells); i++ {
			w, ok := labels[value.Label(cells[i].Text)]
			if !ok || cells[i+1].VCont {
				continue
			}
			v := value.Label(cells[i+1].Text)
			if m := unitLabel.FindStringSubmatch(v); m != nil && m[1] == "" {
				out = append(out, labelValue{m[2], w})
			}
		}
	}
	return out
}
