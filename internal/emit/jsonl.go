package emit

import (
	"strconv"
	"unicode/utf8"

	"github.com/budgetx/budgetx/model"
)

// appendRecord appends one JSON Lines record: the cells of t's fields as an
// object with keys in contract order, and a newline.
func appendRecord(buf []byte, t *table, cells []cell) []byte {
	buf = append(buf, '{')
	for i, f := range t.fields {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendString(buf, f.Name)
		buf = append(buf, ':')
		buf = appendValue(buf, f.Kind, &cells[i])
	}
	return append(buf, '}', '\n')
}

// appendValue appends c, a value of kind k, as JSON.
func appendValue(buf []byte, k model.Kind, c *cell) []byte {
	if c.null {
		return append(buf, "null"...)
	}
	switch k {
	case model.KindString:
		return appendString(buf, c.str)
	case model.KindInt:
		return strconv.AppendInt(buf, c.num, 10)
	case model.KindBool:
		return strconv.AppendBool(buf, c.num != 0)
	case model.KindMoney:
		return appendUnscaled(buf, c.num, moneyScale, false)
	case model.KindDecimal:
		return appendUnscaled(buf, c.num, decimalScale, true)
	case model.KindSpendPlan:
		buf = append(buf, '[')
		for i, p := range c.plan {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, `{"checkpoint":`...)
			buf = appendString(buf, p.checkpoint)
			buf = append(buf, `,"month":`...)
			buf = strconv.AppendInt(buf, int64(p.month), 10)
			buf = append(buf, `,"pct":`...)
			if p.pctNull {
				buf = append(buf, "null"...)
			} else {
				buf = appendUnscaled(buf, p.pct, decimalScale, true)
			}
			buf = append(buf, '}')
		}
		return append(buf, ']')
	}
	return append(buf, "null"...) // unreachable: convert rejects unknown kinds
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string, escaped as encoding/json does with
// HTML escaping off: quotes, backslashes and control characters are escaped,
// U+2028 and U+2029 too (for JavaScript), invalid UTF-8 becomes U+FFFD, and
// every other character, Chinese included, is kept as UTF-8.
func appendString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			buf = append(buf, s[start:i]...)
			switch b {
			case '"', '\\':
				buf = append(buf, '\\', b)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(buf, s[start:i]...)
			buf = append(buf, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			buf = append(buf, s[start:i]...)
			buf = append(buf, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}
