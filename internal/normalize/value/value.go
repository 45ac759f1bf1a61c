// Package value turns printed cell text into typed values: labels,
// exact decimal amounts, percentages and performance targets. Every function
// here is pure; a value changed from what was printed comes back with the
// Repair that changed it, for issues.jsonl.
package value

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Repair records that a printed value was changed to parse it.
type Repair struct {
	Rule     string // the rule's name, one of the Rule constants
	Raw      string // the text as printed
	Repaired string // the text or value after the repair
}

// Repair rules.
const (
	RuleFullWidth         = "full_width"          // full-width digits, signs or separators folded
	RuleThousands         = "thousands_separator" // misplaced or full-width thousands separators removed
	RuleStraySpace        = "stray_space"         // spaces inside a number removed
	RuleDoubledPercent    = "doubled_percent"     // 10000% is 100.00 formatted twice as a percent
	RulePercentWord       = "percent_word"        // 百分比 written for %
	RuleTrailingPunctPart = "trailing_punct"      // a trailing full stop or comma after a number
)

// ErrNotNumber is returned for a cell that should hold a number and does not.
var ErrNotNumber = errors.New("not a number")

// Fold maps full-width ASCII forms (０-９, Ａ-Ｚ, ％, ．, －, ＋, ，…) to
// their ASCII counterparts and the ideographic space to a space.
func Fold(s string) string {
	needs := false
	for _, r := range s {
		if (r >= 0xFF01 && r <= 0xFF5E) || r == 0x3000 {
			needs = true
			break
		}
	}
	if !needs {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			b.WriteRune(r - 0xFF01 + 0x21)
		case r == 0x3000:
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Label normalizes a header or row label: every whitespace character is
// removed ("项  目" → "项目", "财政拨款 收入" → "财政拨款收入"). Chinese
// labels carry no meaningful spaces. Full-width forms are kept (labels print
// "（%）" and "“三公”" on purpose), except the ideographic space.
func Label(s string) string {
	if !hasLabelSpace(s) {
		return s // nothing to remove: no copy
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if labelSpace(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// hasLabelSpace reports whether s holds a rune Label removes. It looks at
// bytes, not runes: the UTF-8 forms of those runes start with bytes that
// Chinese text rarely has, and decoding every rune of a long text to learn
// that it has none cost more than all the rest of a label's reading.
func hasLabelSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' || c >= '\t' && c <= '\r' {
				return true
			}
			continue
		}
		switch c {
		case 0xC2, 0xE1, 0xE2, 0xE3, 0xEF: // U+0085, U+00A0; U+1680; U+2000–U+205F; U+3000; U+FEFF
			r, n := utf8.DecodeRuneInString(s[i:])
			if labelSpace(r) {
				return true
			}
			i += n - 1
		}
	}
	return false
}

// labelSpace reports whether Label removes r.
func labelSpace(r rune) bool {
	return unicode.IsSpace(r) || r == 0x3000 || r == 0xA0 || r == 0x200B || r == 0xFEFF
}

// Text normalizes free text (an item name, a purpose paragraph): each line
// is trimmed and runs of spaces inside it become one space, or none where
// a space means nothing in Chinese text: next to a Chinese character or
// punctuation mark, between a number and %, and after ≥ ≤ < > =. Empty
// lines are dropped; lines are joined by "\n".
func Text(s string) string {
	if s == "" {
		return s
	}
	lines := strings.Split(strings.ReplaceAll(s, "\r", ""), "\n")
	out := lines[:0]
	for _, l := range lines {
		words := strings.FieldsFunc(l, func(r rune) bool {
			return unicode.IsSpace(r) || r == 0x3000 || r == 0xA0
		})
		var b strings.Builder
		for i, w := range words {
			if i > 0 && !silentSpace(lastRune(words[i-1]), firstRune(w)) {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
		if b.Len() > 0 {
			out = append(out, b.String())
		}
	}
	if t := strings.Join(out, "\n"); t != s {
		return t
	}
	return s // unchanged: the caller keeps the one copy
}

// silentSpace reports whether a space between a and b carries nothing.
func silentSpace(a, b rune) bool {
	wide := func(r rune) bool {
		return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) ||
			r == '“' || r == '”' || r == '‘' || r == '’' || r == '…' || r == '—'
	}
	switch {
	case wide(a) || wide(b):
		return true
	case unicode.IsDigit(a) && (b == '%' || b == '‰'):
		return true
	case strings.ContainsRune("≥≤<>=≧≦", a) && (unicode.IsDigit(b) || b == '.'):
		return true
	}
	return false
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// IsBlank reports whether a cell prints nothing, or only a dash that
// publishers use for "nothing" (-, —, －, /).
func IsBlank(s string) bool {
	t := strings.TrimSpace(Fold(s))
	switch t {
	case "", "-", "--", "—", "——", "/", "－", "–":
		return true
	}
	return Label(t) == ""
}

var (
	plainNumber = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)$`) // isPlainNumber, as a pattern
	groupedOK   = regexp.MustCompile(`^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$`)
)

// isPlainNumber reports whether t matches plainNumber: a sign, then
// digits with an optional point and digits after it, or a point and
// digits. It is the pattern written out: the pattern took a tenth of the
// time of reading a table.
func isPlainNumber(t string) bool {
	if t != "" && (t[0] == '+' || t[0] == '-') {
		t = t[1:]
	}
	digits := func(s string) int {
		n := 0
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		return n
	}
	n := digits(t)
	t = t[n:]
	if t == "" {
		return n > 0
	}
	if t[0] != '.' {
		return false
	}
	m := digits(t[1:])
	return len(t) == 1+m && (n > 0 || m > 0)
}

// maxAmountText is the longest text Amount reads as a number: the longest
// printed amount, (1,234,567,890,123.45) with stray spaces, is far shorter.
const maxAmountText = 96

// cut returns s cut to at most n bytes on a rune boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Amount parses a printed amount: "21541.25", "1,234,567.00", "－12.5",
// "(12.50)" (negative). ok is false for a blank cell (see IsBlank). A cell
// with text that is not a number returns ErrNotNumber. Repairs list what had
// to change beyond the printed form of a number (well-formed thousands
// separators are the printed form, not a repair).
func Amount(s string) (d decimal.Decimal, ok bool, repairs []Repair, err error) {
	return amount(s, true)
}

// IsAmount reports whether Amount reads s as an amount (ok, and no
// error), without making the repairs or the error Amount would: the
// question a classifier asks of every cell.
func IsAmount(s string) bool {
	_, ok, _, err := amount(s, false)
	return ok && err == nil
}

// errNotAmount is the error amount returns without detail.
var errNotAmount = errors.New("not an amount")

// amount is Amount; without detail, it makes no repairs and its errors
// are errNotAmount.
func amount(s string, detail bool) (d decimal.Decimal, ok bool, repairs []Repair, err error) {
	if IsBlank(s) {
		return decimal.Decimal{}, false, nil, nil
	}
	raw := strings.TrimSpace(s)
	if len(raw) > maxAmountText {
		// no printed amount is this long: a paragraph is not one, and
		// is not scanned (or quoted whole) to say so
		if !detail {
			return decimal.Decimal{}, false, nil, errNotAmount
		}
		return decimal.Decimal{}, false, nil, fmt.Errorf("%w: %q… (%d bytes)", ErrNotNumber, cut(raw, 32), len(raw))
	}
	t := raw
	if f := Fold(t); f != t {
		if detail {
			repairs = append(repairs, Repair{RuleFullWidth, raw, f})
		}
		t = f
	}
	neg := false
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
		neg = true
		t = strings.TrimSpace(t[1 : len(t)-1])
	}
	if strings.ContainsAny(t, " \t\u00a0\n") {
		u := strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) || r == 0xA0 {
				return -1
			}
			return r
		}, t)
		if detail {
			repairs = append(repairs, Repair{RuleStraySpace, raw, u})
		}
		t = u
	}
	if strings.Contains(t, ",") {
		u := strings.ReplaceAll(t, ",", "")
		if detail && !groupedOK.MatchString(t) {
			repairs = append(repairs, Repair{RuleThousands, raw, u})
		}
		t = u
	}
	if !isPlainNumber(t) {
		if !detail {
			return decimal.Decimal{}, false, nil, errNotAmount
		}
		return decimal.Decimal{}, false, nil, fmt.Errorf("%w: %q", ErrNotNumber, raw)
	}
	d, err = decimal.NewFromString(t)
	if err != nil {
		if !detail {
			return decimal.Decimal{}, false, nil, errNotAmount
		}
		return decimal.Decimal{}, false, nil, fmt.Errorf("%w: %q", ErrNotNumber, raw)
	}
	if neg {
		d = d.Neg()
	}
	return d, true, repairs, nil
}

// UnitFactor returns the factor that turns an amount printed in unit into
// yuan: 万元 → 10000, 千元 → 1000, 亿元 → 100000000, 元 → 1. ok is false for
// an unknown unit.
func UnitFactor(unit string) (decimal.Decimal, bool) {
	switch Label(unit) {
	case "元":
		return decimal.NewFromInt(1), true
	case "千元":
		return decimal.NewFromInt(1000), true
	case "万元":
		return decimal.NewFromInt(10000), true
	case "百万元":
		return decimal.NewFromInt(1000000), true
	case "亿元":
		return decimal.NewFromInt(100000000), true
	}
	return decimal.Decimal{}, false
}

var unitRE = regexp.MustCompile(`(?:金额)?单位[:：]\s*(亿元|百万元|万元|千元|元)`)

// CutUnit finds a unit declaration in s (a label: whitespace removed) and
// returns the unit and s without the declaration; unit is "" when s
// declares none.
func CutUnit(s string) (unit, rest string) {
	loc := unitRE.FindStringSubmatchIndex(s)
	if loc == nil {
		return "", s
	}
	return s[loc[2]:loc[3]], s[:loc[0]] + s[loc[1]:]
}

// FindUnit finds a printed unit declaration ("单位：万元", "金额单位：元") in
// s and returns the unit, or "".
func FindUnit(s string) string {
	u, _ := CutUnit(Label(Fold(s)))
	return u
}

var ordinalRE = regexp.MustCompile(`^(?:[一二三四五六七八九十百]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|其中[:：])+`)

// StripOrdinal returns the label of s (whitespace removed, full-width
// forms folded) without its leading ordinals: 一、 1. （一） 其中：
// ("二、外交支出" → "外交支出"), so row labels of different tables compare.
func StripOrdinal(s string) string {
	// ordinalRE matches at the start only, once: what it replaces is the
	// text before the end of its match; and it is not run on a label
	// whose first character starts no ordinal. (ReplaceAllString copied
	// every label, ordinal or not.)
	l := Label(Fold(s))
	r, _ := utf8.DecodeRuneInString(l)
	if !('0' <= r && r <= '9' || strings.ContainsRune(ordinalFirst, r)) {
		return l
	}
	if '0' <= r && r <= '9' && !digitOrdinal(l) {
		return l // an amount, most often: digits not followed by 、 or .
	}
	if m := ordinalRE.FindStringIndex(l); m != nil {
		return l[m[1]:]
	}
	return l
}

// digitOrdinal reports whether l, which starts with a digit, starts with
// the one ordinal of ordinalRE that does: digits, then 、 . or ．.
func digitOrdinal(l string) bool {
	i := 0
	for i < len(l) && '0' <= l[i] && l[i] <= '9' {
		i++
	}
	r, _ := utf8.DecodeRuneInString(l[i:])
	return r == '、' || r == '.' || r == '．'
}

// ordinalFirst are the characters other than digits that an ordinal
// (ordinalRE) starts with.
const ordinalFirst = "一二三四五六七八九十百（(其"

// listStart matches a line that starts a new item of a list (1. 1、 （一） 一、),
// which a wrapped line of a PDF cell does not.
var listStart = regexp.MustCompile(`^\s*(\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)`)

// Unwrap joins the lines of a cell: a PDF knows no paragraphs inside a
// cell, only lines that ran out of width, so to give the same records from
// every format a line break is kept only where it starts a list item (1.
// （一） 一、) — the paragraphs that carry meaning (绩效目标 1.… 2.…).
// Lines join with nothing between them (Chinese has no spaces; a number
// split over two lines is one number), or with a space between two Latin
// letters.
func Unwrap(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	lines := strings.Split(s, "\n")
	var b strings.Builder
	b.WriteString(lines[0])
	for _, l := range lines[1:] {
		prev := b.String()
		switch {
		case listStart.MatchString(l):
			b.WriteString("\n")
		case prev != "" && l != "" && isLatin(lastRune(prev)) && isLatin(firstRune(l)):
			b.WriteString(" ")
		}
		b.WriteString(l)
	}
	return b.String()
}

func isLatin(r rune) bool { return r < 0x80 && (unicode.IsLetter(r)) }
