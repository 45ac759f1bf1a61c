package value

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Target is a parsed 指标值 (target value) cell of a performance indicator
// table: an optional comparison, a number, its unit, and the words left over.
// "≥95%" is {Op: ">=", Value: 95, Unit: "%"}; "333.23万元" is {Value:
// 333.23, Unit: "万元"}; "及时发放" is {Text: "及时发放"}.
//
// The zero Target is a blank cell. HasValue false means the cell states no
// number of its own (only Text is set; Op and Unit are then ""); a zero
// Value with HasValue true is a printed 0.
type Target struct {
	// Op is the comparison the target sets on Value: ">=", "<=", ">", "<",
	// "=", or "" when none is printed (a bare "26套": the value to reach).
	Op string
	// Value is the number as printed, exact, in Unit: percentage points for
	// "%" (95 for "≥95%"), 万元 for "万元" (not converted to yuan here).
	Value decimal.Decimal
	// HasValue reports whether the cell leads with a number.
	HasValue bool
	// Unit is the unit right after the number ("%", "万元", "个/次",
	// "元/天/人"), or "" when none is printed or the word after the number
	// is not a unit where it stands (see ParseTarget).
	Unit string
	// Text is what is not the operator, number or unit, whitespace-
	// normalized as by the Text function; "" when nothing is left. A cell
	// that is not a target of the form op-number-unit is all Text.
	Text string
	// Repairs lists what was changed from the printed cell to parse it.
	Repairs []Repair
}

// ParseTarget parses a 指标值 cell. It never fails: what it cannot read as
// operator, number and unit stays in Text, and the caller keeps raw.
//
// The cell is read from its start as [operator] number [unit] [suffix]
// [text]. The rules below are checked against every distinct cell of the
// seed (testdata/targets.txt):
//
// Operator. Symbols: ≥ ≧ ⩾ >= → ">="; ≤ ≦ ⩽ <= → "<="; > → ">"; < → "<";
// = == → "=" (full-width forms fold to these). Words, following the
// statutory reading that 以上/以下/以内 include the number and 超过/不满
// exclude it (民法典 第1259条): 不低于 不少于 不小于 大于等于 大于或等于
// 至少 最少 → ">="; 不高于 不超过 不多于 不大于 小于等于 小于或等于 至多
// 最多 → "<="; 大于 高于 超过 多于 → ">"; 小于 低于 少于 不足 不满 → "<";
// 等于 → "=". An operator counts only at the start of the cell and
// directly before the number; otherwise it is words:
// "严控各项支出成本，不高于行业平均水平" is all Text. 达到, 约, 左右 and the
// like are not operators (达到 also heads "达到下达目标要求"): they stay in
// Text. After the number and unit, when no operator leads,
// 以上 及以上 → ">=", 以下 及以下 以内 之内 内 → "<=" if nothing but
// punctuation follows ("95%以上" → >= 95 %).
//
// Number. The number must lead the cell (after the operator): words before
// a number make the whole cell Text ("掌握57家重点监管单位…" states no
// target number of its own). Digits with an optional sign and decimal
// part; thousands separators only as well-formed groups of three
// ("1,234"); full-width digits fold with RuleFullWidth. Spaces between
// operator, number and unit are removed with RuleStraySpace ("≥ 90 %");
// a space between digits ("9 0%"), or a comma that does not start a group
// of three ("1,23"), makes the cell Text, since it cannot be told from two
// numbers. Not a number, so all Text: a numbered paragraph
// ("1.完成…", "1、…"), a calendar date ("2024年12月底前": a 4-digit year
// 1900–2100 before 年, a month 1–12 before 月底/月末/月初/月份/月中/
// 月上旬/…/月N日, a day before 日前/号前), and a range ("1-2次",
// "5000-6000万立方米", "3至5天": a number, an optional unit, then - － ~
// ～ — – 至 到 and a digit): a range has no single Value and the schema no
// upper bound, so it is kept whole rather than half-read. A second
// condition is not a range: "≥95%且≤100%" is >= 95 % with Text "且≤100%".
//
// Unit. The longest known unit after the number (targetUnits: money, counts,
// measures and durations seen in these disclosures; "个工作日" before
// "个"), with "/unit" parts appended ("元/天/人", "个/次"). 百分比 is read
// as "%" with RulePercentWord. A unit word counts only where it ends a
// word: at the end of the cell, before a non-Chinese character (space,
// punctuation, digit, /), or before a suffix above. Before any other
// Chinese character it is the first character of the text, so
// "36本单位在编的…" is 36 with Text "本单位在编的…" while "≥12本" is 12 本.
// A Latin unit must not run on into a Latin letter.
//
// Trailing punctuation alone after the target ("95%。") is dropped with
// RuleTrailingPunctPart. Each Repair has Raw the trimmed cell and
// Repaired the cell after that repair and the ones before it.
func ParseTarget(raw string) Target {
	if IsBlank(raw) {
		return Target{}
	}
	s := strings.TrimSpace(raw)
	p := targetScanner{r: []rune(s)}
	p.f = make([]rune, len(p.r))
	for i, r := range p.r {
		p.f[i] = foldRune(r)
	}
	if !p.scan() {
		return Target{Text: Text(s)}
	}
	return p.target(s)
}

// targetScanner reads one cell: r the printed runes, f the same runes
// folded one by one (full-width ASCII to ASCII).
type targetScanner struct {
	r, f []rune

	op                 string // the encoded operator
	opEnd              int    // end of the printed operator
	numStart, numEnd   int    // the printed number
	num                string // the number's digits, folded, no separators
	unitStart, unitEnd int    // the printed unit, empty when none
	unit               string // the canonical unit
	percentWord        bool   // the unit was printed 百分比
	suffixStart        int    // start of a suffix operator; -1 when none
	suffixEnd          int
	restStart          int // the text after the target
	punctOnly          bool
}

// scan reads operator, number, unit and suffix. It reports false when the
// cell does not lead with a target number.
func (p *targetScanner) scan() bool {
	i := 0
	p.op, i = p.operator(0)
	p.opEnd = i
	i = p.skipSpace(i)
	p.numStart = i
	j, ok := p.number(i)
	if !ok {
		return false
	}
	p.numEnd = j
	if p.op == "" && p.listMarker(j) {
		return false
	}
	if p.isDate() {
		return false
	}
	k := p.skipSpace(j)
	if k < len(p.f) && isDigit(p.f[k]) {
		return false // "9 0%": two numbers or one, no way to tell
	}
	if j+1 < len(p.f) && p.f[j] == ',' && isDigit(p.f[j+1]) {
		return false // "1,23": a misplaced separator or two numbers
	}
	p.unitStart, p.unitEnd = j, j
	if e, u, pw := p.matchUnit(k); e > k {
		p.unitStart, p.unitEnd, p.unit, p.percentWord = k, e, u, pw
		for e < len(p.f) && p.f[e] == '/' {
			e2, u2, pw2 := p.matchUnit(e + 1)
			if e2 == e+1 || pw2 {
				break
			}
			p.unit += "/" + u2
			p.unitEnd, e = e2, e2
		}
	}
	// A range: the number (and unit), then a dash or 至/到, then a number.
	m := p.skipSpace(p.unitEnd)
	if m < len(p.f) && strings.ContainsRune("-~—–至到〜", p.f[m]) {
		n := p.skipSpace(m + 1)
		if n < len(p.f) && (p.f[n] == '-' || p.f[n] == '+') {
			n++
		}
		if n < len(p.f) && isDigit(p.f[n]) {
			return false
		}
	}
	p.restStart = p.unitEnd
	p.suffixStart, p.suffixEnd = -1, -1
	if p.op == "" {
		m = p.skipSpace(p.unitEnd)
		if w, op := p.prefixWord(m, suffixOps); op != "" && (m+w == len(p.r) || p.onlyPunct(m+w)) {
			p.op, p.suffixStart, p.suffixEnd, p.restStart = op, m, m+w, m+w
		}
	}
	p.punctOnly = p.restStart < len(p.r) && p.onlyPunct(p.restStart)
	return true
}

// target builds the Target and its repairs from a successful scan of s.
func (p *targetScanner) target(s string) Target {
	t := Target{Op: p.op, HasValue: true, Unit: p.unit}
	n := strings.TrimPrefix(p.num, "+")
	d, err := decimal.NewFromString(n)
	if err != nil { // cannot happen: number admits digits only
		return Target{Text: Text(s)}
	}
	t.Value = d
	if !p.punctOnly {
		t.Text = Text(string(p.r[p.restStart:]))
	}

	// The pieces of the cell, printed; each repair rewrites some of them.
	pieces := []string{
		string(p.r[:p.opEnd]),
		string(p.r[p.opEnd:p.numStart]),
		string(p.r[p.numStart:p.numEnd]),
		string(p.r[p.numEnd:p.unitStart]),
		string(p.r[p.unitStart:p.unitEnd]),
		"", "", "",
	}
	if p.suffixStart >= 0 {
		pieces[5] = string(p.r[p.unitEnd:p.suffixStart])
		pieces[6] = string(p.r[p.suffixStart:p.suffixEnd])
	}
	pieces[7] = string(p.r[p.restStart:])
	repair := func(rule string) {
		t.Repairs = append(t.Repairs, Repair{rule, s, strings.Join(pieces, "")})
	}
	if f := Fold(pieces[2] + pieces[4]); f != pieces[2]+pieces[4] {
		pieces[2], pieces[4] = Fold(pieces[2]), Fold(pieces[4])
		repair(RuleFullWidth)
	}
	if pieces[1] != "" || pieces[3] != "" || pieces[5] != "" {
		pieces[1], pieces[3], pieces[5] = "", "", ""
		repair(RuleStraySpace)
	}
	if p.percentWord {
		pieces[4] = strings.Replace(pieces[4], "百分比", "%", 1)
		repair(RulePercentWord)
	}
	if p.punctOnly {
		pieces[7] = ""
		repair(RuleTrailingPunctPart)
	}
	return t
}

// Operators that may lead a cell, longest first within each group so that
// "大于等于" is not read as "大于".
var (
	symbolOps = []opWord{
		{">=", ">="}, {"<=", "<="}, {"==", "="},
		{"≥", ">="}, {"≧", ">="}, {"⩾", ">="},
		{"≤", "<="}, {"≦", "<="}, {"⩽", "<="},
		{">", ">"}, {"<", "<"}, {"=", "="},
	}
	wordOps = []opWord{
		{"大于或等于", ">="}, {"小于或等于", "<="},
		{"大于等于", ">="}, {"小于等于", "<="},
		{"不低于", ">="}, {"不少于", ">="}, {"不小于", ">="},
		{"不高于", "<="}, {"不超过", "<="}, {"不多于", "<="}, {"不大于", "<="},
		{"至少", ">="}, {"最少", ">="}, {"至多", "<="}, {"最多", "<="},
		{"大于", ">"}, {"高于", ">"}, {"超过", ">"}, {"多于", ">"},
		{"小于", "<"}, {"低于", "<"}, {"少于", "<"}, {"不足", "<"}, {"不满", "<"},
		{"等于", "="},
	}
	suffixOps = []opWord{
		{"及以上", ">="}, {"及以下", "<="},
		{"以上", ">="}, {"以下", "<="}, {"以内", "<="}, {"之内", "<="}, {"内", "<="},
	}
)

type opWord struct{ word, op string }

// operator reads a leading operator at i (on folded runes) and returns the
// encoded op and the index after it, or "" and i. A word operator is kept
// only when a number follows it.
func (p *targetScanner) operator(i int) (string, int) {
	if w, op := p.prefixWord(i, symbolOps); op != "" {
		return op, i + w
	}
	if w, op := p.prefixWord(i, wordOps); op != "" {
		if _, ok := p.number(p.skipSpace(i + w)); ok {
			return op, i + w
		}
	}
	return "", i
}

// prefixWord returns the length in runes and op of the first word of ws
// that the folded runes at i start with.
func (p *targetScanner) prefixWord(i int, ws []opWord) (int, string) {
	for _, w := range ws {
		if p.hasPrefix(i, w.word) {
			return utf8.RuneCountInString(w.word), w.op
		}
	}
	return 0, ""
}

func (p *targetScanner) hasPrefix(i int, w string) bool {
	for _, r := range w {
		if i >= len(p.f) || p.f[i] != r {
			return false
		}
		i++
	}
	return true
}

func (p *targetScanner) skipSpace(i int) int {
	for i < len(p.r) && isCellSpace(p.r[i]) {
		i++
	}
	return i
}

// number reads [sign] digits [,ddd]… [.digits] at i and records the folded
// digits in p.num. ok is false when no digit is there.
func (p *targetScanner) number(i int) (int, bool) {
	f := p.f
	var b strings.Builder
	if i+1 < len(f) && (f[i] == '-' || f[i] == '+' || f[i] == '−') && isDigit(f[i+1]) {
		if f[i] != '+' {
			b.WriteByte('-')
		}
		i++
	}
	if i >= len(f) || !isDigit(f[i]) {
		return i, false
	}
	for i < len(f) {
		switch {
		case isDigit(f[i]):
			b.WriteRune(f[i])
			i++
			continue
		case f[i] == ',' && i+3 < len(f) && isDigit(f[i+1]) && isDigit(f[i+2]) && isDigit(f[i+3]) &&
			(i+4 == len(f) || !isDigit(f[i+4])) && !strings.Contains(b.String(), "."):
			b.WriteString(string(f[i+1 : i+4]))
			i += 4
			continue
		case f[i] == '.' && i+1 < len(f) && isDigit(f[i+1]) && !strings.Contains(b.String(), "."):
			b.WriteByte('.')
			i++
			continue
		}
		break
	}
	p.num = b.String()
	return i, true
}

// listMarker reports whether the number ending at j numbers a paragraph:
// an unsigned integer right before . 、 ) or ） with more text after.
func (p *targetScanner) listMarker(j int) bool {
	if j >= len(p.f) || strings.ContainsAny(p.num, "-.") {
		return false
	}
	if !strings.ContainsRune(".、)）", p.f[j]) {
		return false
	}
	return !p.onlyPunct(j)
}

// isDate reports whether the number read is a calendar year, month or day.
func (p *targetScanner) isDate() bool {
	if strings.ContainsAny(p.num, "-.") {
		return false
	}
	n, err := decimal.NewFromString(p.num)
	if err != nil || n.GreaterThan(decimal.NewFromInt(9999)) {
		return false
	}
	v := n.IntPart()
	k := p.skipSpace(p.numEnd)
	next := func(i int) rune {
		if i < len(p.f) {
			return p.f[i]
		}
		return 0
	}
	switch next(k) {
	case '年':
		return len(p.num) == 4 && v >= 1900 && v <= 2100
	case '月':
		if v < 1 || v > 12 {
			return false
		}
		return isDigit(next(k+1)) || strings.ContainsRune("底末初份中上下前", next(k+1))
	case '日', '号':
		return v >= 1 && v <= 31 && (next(k+1) == '前' || p.hasPrefix(k+1, "之前") || p.hasPrefix(k+1, "以前"))
	}
	return false
}

// matchUnit reads the longest known unit at i that ends a word there (see
// ParseTarget). It returns the index after it, the canonical unit, and
// whether it was 百分比; e == i when there is none.
func (p *targetScanner) matchUnit(i int) (e int, unit string, percentWord bool) {
	for _, u := range unitsByLength {
		if !p.hasPrefix(i, u) {
			continue
		}
		end := i + utf8.RuneCountInString(u)
		if !p.unitEnds(u, end) {
			continue
		}
		if u == "百分比" {
			return end, "%", true
		}
		return end, u, false
	}
	return i, "", false
}

// unitEnds reports whether unit u, ending at index end, ends a word.
func (p *targetScanner) unitEnds(u string, end int) bool {
	if end >= len(p.f) {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(u)
	next := p.f[end]
	switch {
	case unicode.Is(unicode.Han, last):
		if !unicode.Is(unicode.Han, next) {
			return true
		}
		w, _ := p.prefixWord(end, suffixOps)
		return w > 0 || p.hasPrefix(end, "左右")
	case last < utf8.RuneSelf && unicode.IsLetter(last):
		return !(next < utf8.RuneSelf && (unicode.IsLetter(next) || isDigit(next)))
	}
	return true
}

// onlyPunct reports whether the runes from i on are only punctuation and
// space (and at least one of them is punctuation).
func (p *targetScanner) onlyPunct(i int) bool {
	seen := false
	for ; i < len(p.r); i++ {
		switch r := p.r[i]; {
		case isCellSpace(r):
		case strings.ContainsRune("。，,.．；;、！!", r):
			seen = true
		default:
			return false
		}
	}
	return seen
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// foldRune is Fold for one rune.
func foldRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFF01 + 0x21
	case r == 0x3000:
		return ' '
	}
	return r
}

// targetUnits are the units a target number may carry, as seen in 部门预算
// performance tables: money, counts of things and people, measures,
// durations and scores. A unit not here stays in Text.
var targetUnits = []string{
	// percentages and shares
	"%", "‰", "‱", "百分比", "百分点", "个百分点", "倍",
	// money
	"元", "千元", "万元", "百万元", "亿元",
	// people and organizations
	"人", "万人", "人次", "万人次", "名", "户", "万户", "家", "所", "个单位",
	// things
	"个", "套", "套次", "台", "台次", "辆", "架", "艘", "部", "件", "份",
	"篇", "本", "册", "张", "块", "组", "批", "期", "场", "轮", "次", "项",
	"条", "座", "处", "口", "眼", "株", "棵", "点位", "个点位", "站点",
	"个站点", "宗", "起", "类", "种", "份次", "页", "幅",
	// length, area, volume, mass, energy
	"米", "公里", "千米", "平方米", "万平方米", "平方公里", "亩", "万亩",
	"公顷", "立方米", "万立方米", "吨", "万吨", "千克", "公斤", "克",
	"毫克", "升", "度", "千瓦", "千瓦时", "万千瓦时", "分贝",
	"km", "m", "cm", "mm", "m2", "m3", "m²", "m³", "㎡", "㎥", "㎞",
	"kg", "g", "mg", "μg", "t", "L", "kW", "kWh", "MW", "dB", "GB", "TB",
	"℃",
	// time
	"年", "个月", "月", "季度", "周", "日", "天", "工作日", "个工作日",
	"小时", "分钟", "秒", "h", "min",
	// scores and teaching
	"分", "学时", "课时",
}

// unitsByLength is targetUnits, longest (in runes) first.
var unitsByLength = func() []string {
	u := append([]string(nil), targetUnits...)
	sort.SliceStable(u, func(i, j int) bool {
		return utf8.RuneCountInString(u[i]) > utf8.RuneCountInString(u[j])
	})
	return u
}()
