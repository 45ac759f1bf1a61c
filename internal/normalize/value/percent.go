package value

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
)

var (
	pctHundred     = decimal.NewFromInt(100)
	pctTenThousand = decimal.NewFromInt(10000)
)

// Percent parses a percentage cell of a spend plan (资金支出计划（%）): "25%",
// "100%", "25" (the % sign is optional). d is in percentage points: "25%" is
// 25, not 0.25. ok is false for a blank cell (see IsBlank), with d zero; a
// zero d with ok true is a printed 0%. A cell that is not a percentage
// returns ErrNotNumber.
//
// Repairs, in the order applied, each with Raw the trimmed cell and Repaired
// the cell after that repair:
//   - RuleFullWidth: full-width digits, sign, point or ％ folded ("２５％").
//   - RuleStraySpace: spaces inside the cell removed ("25 %", "2 5%"); a
//     spend-plan cell holds one number, so any space in it is stray.
//   - RulePercentWord: 百分比 written for % ("25百分比").
//   - RuleDoubledPercent: a 100.00 formatted twice as a percent. The rule is
//     exact: the cell prints a % sign (or 百分比), and the value p satisfies
//     100 < p ≤ 10000 and p is a whole multiple of 100; then the value is
//     p/100 ("10000%" → 100, "5000%" → 50). Every spend-plan figure in the
//     seed is a whole percentage, so a doubled one is a multiple of 100. Any
//     other value above 100 ("150%", "10050%", "10000" without a sign) is
//     returned as printed, with no repair: it is wrong, but not in a way this
//     rule can undo, and the spend-plan checks report it.
func Percent(s string) (d decimal.Decimal, ok bool, repairs []Repair, err error) {
	if IsBlank(s) {
		return decimal.Decimal{}, false, nil, nil
	}
	raw := strings.TrimSpace(s)
	t := raw
	if f := Fold(t); f != t {
		t = f
		repairs = append(repairs, Repair{RuleFullWidth, raw, t})
	}
	if strings.IndexFunc(t, isCellSpace) >= 0 {
		t = strings.Map(func(r rune) rune {
			if isCellSpace(r) {
				return -1
			}
			return r
		}, t)
		repairs = append(repairs, Repair{RuleStraySpace, raw, t})
	}
	num, signed := t, false
	switch {
	case strings.HasSuffix(num, "%"):
		num, signed = strings.TrimSuffix(num, "%"), true
	case strings.HasSuffix(num, "百分比"):
		num, signed = strings.TrimSuffix(num, "百分比"), true
		repairs = append(repairs, Repair{RulePercentWord, raw, num + "%"})
	}
	if !plainNumber.MatchString(num) {
		return decimal.Decimal{}, false, nil, fmt.Errorf("%w: %q", ErrNotNumber, raw)
	}
	d, err = decimal.NewFromString(num)
	if err != nil {
		return decimal.Decimal{}, false, nil, fmt.Errorf("%w: %q", ErrNotNumber, raw)
	}
	if signed && d.GreaterThan(pctHundred) && d.LessThanOrEqual(pctTenThousand) && d.Mod(pctHundred).IsZero() {
		d = d.Div(pctHundred)
		repairs = append(repairs, Repair{RuleDoubledPercent, raw, d.String()})
	}
	return d, true, repairs, nil
}

// isCellSpace reports whether r is white space, including the no-break and
// ideographic spaces publishers leave inside cells.
func isCellSpace(r rune) bool {
	return unicode.IsSpace(r) || r == 0xA0 || r == 0x3000 || r == 0x200B || r == 0xFEFF
}
