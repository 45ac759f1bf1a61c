package emit

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/budgetx/budgetx/model"
	"github.com/shopspring/decimal"
)

// Errors about a record's values, wrapped in a *FieldError.
var (
	// ErrPrecision means a money value has more than 2 decimals, or a plain
	// decimal more than 4: the value is not rounded, the document is refused.
	ErrPrecision = errors.New("more decimals than the column holds")
	// ErrOverflow means a value does not fit its column: more than 18 digits
	// for a decimal, or a month outside int32.
	ErrOverflow = errors.New("value too large for the column")
	// ErrType means a value's Go type does not match its field's Kind.
	ErrType = errors.New("wrong Go type for the field")
	// ErrNull means a field the contract requires is null.
	ErrNull = errors.New("required field is null")
	// ErrUnknownField means a record carries a value under a name that is not
	// a field of its table type; writing it would drop it silently.
	ErrUnknownField = errors.New("not a field of the table type")
	// ErrUnknownTable means a record's TableType is not in model.TableTypes.
	ErrUnknownTable = errors.New("not a table type of the contract")
)

// FieldError reports a record value that cannot be written as the contract
// says, naming the document, table, row and field it is about. WriteResult
// returns it before writing anything of the document.
type FieldError struct {
	DocID      string
	SourceFile string
	TableType  model.TableType
	TableTitle string
	Row        int    // the record's row_no
	Field      string // the field name; "" when the error is about the record
	Value      string // the offending value as text, "" if none
	Err        error  // one of the sentinel errors above
}

// Error names the source file (or doc_id), table, row, field and value.
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString("emit: ")
	if e.SourceFile != "" {
		b.WriteString(e.SourceFile)
	} else {
		b.WriteString("document ")
		b.WriteString(e.DocID)
	}
	if e.TableTitle != "" {
		fmt.Fprintf(&b, ": table %q", e.TableTitle)
	}
	if e.TableType != "" {
		fmt.Fprintf(&b, " (%s)", e.TableType)
	}
	fmt.Fprintf(&b, ": row %d", e.Row)
	if e.Field != "" {
		fmt.Fprintf(&b, ": field %s", e.Field)
	}
	if e.Value != "" {
		fmt.Fprintf(&b, ": value %s", e.Value)
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("invalid value")
	}
	return b.String()
}

// Unwrap returns the sentinel error, for errors.Is.
func (e *FieldError) Unwrap() error { return e.Err }

// Decimal columns: scale (digits after the point) and precision (all digits).
const (
	moneyScale   = 2
	decimalScale = 6
	precision    = 18
)

// maxUnscaled is the largest unscaled value of a DECIMAL(18,s): 18 nines.
const maxUnscaled = 999_999_999_999_999_999

// cell is one validated field value, ready for both output formats.
type cell struct {
	null bool
	str  string  // KindString
	num  int64   // KindInt; KindBool as 0 or 1; KindMoney and KindDecimal unscaled
	plan []point // KindSpendPlan; nil is the empty list
}

// point is one validated model.SpendPoint.
type point struct {
	checkpoint string
	month      int32
	pct        int64 // unscaled, decimalScale
	pctNull    bool
}

// unscale returns d × 10^scale as an int64, or an error when that is not an
// integer (d has more decimals than scale) or has more than 18 digits.
func unscale(d decimal.Decimal, scale int32) (int64, error) {
	s := d.Shift(scale)
	if !s.IsInteger() {
		return 0, ErrPrecision
	}
	bi := s.BigInt()
	if !bi.IsInt64() {
		return 0, ErrOverflow
	}
	n := bi.Int64()
	if n > maxUnscaled || n < -maxUnscaled {
		return 0, ErrOverflow
	}
	return n, nil
}

// appendUnscaled appends the decimal n × 10^-scale exactly. With trim, trailing
// zeros of the fraction (and a bare point) are dropped, as decimal.String
// does; without, exactly scale decimals are written, as StringFixed does.
// |n| is at most maxUnscaled.
func appendUnscaled(buf []byte, n int64, scale int, trim bool) []byte {
	if n < 0 {
		buf = append(buf, '-')
		n = -n
	}
	var digits [24]byte
	d := strconv.AppendInt(digits[:0], n, 10)
	for len(d) <= scale { // at least one digit before the point
		d = append([]byte{'0'}, d...)
	}
	intPart, frac := d[:len(d)-scale], d[len(d)-scale:]
	if trim {
		for len(frac) > 0 && frac[len(frac)-1] == '0' {
			frac = frac[:len(frac)-1]
		}
	}
	buf = append(buf, intPart...)
	if len(frac) > 0 {
		buf = append(buf, '.')
		buf = append(buf, frac...)
	}
	return buf
}

// convert validates v, the value of field f, into a cell.
func convert(f model.Field, v any) (cell, error) {
	if v == nil {
		if f.Kind == model.KindSpendPlan && !f.Optional {
			return cell{}, nil // no plan printed: the empty list
		}
		if !f.Optional {
			return cell{}, ErrNull
		}
		return cell{null: true}, nil
	}
	switch f.Kind {
	case model.KindString:
		if s, ok := v.(string); ok {
			return cell{str: s}, nil
		}
	case model.KindInt:
		switch n := v.(type) { // int64 as documented; int accepted too
		case int64:
			return cell{num: n}, nil
		case int:
			return cell{num: int64(n)}, nil
		}
	case model.KindBool:
		if b, ok := v.(bool); ok {
			if b {
				return cell{num: 1}, nil
			}
			return cell{}, nil
		}
	case model.KindMoney, model.KindDecimal:
		d, ok := v.(decimal.Decimal)
		if !ok {
			break
		}
		scale := int32(moneyScale)
		if f.Kind == model.KindDecimal {
			scale = decimalScale
		}
		n, err := unscale(d, scale)
		if err != nil {
			return cell{}, err
		}
		return cell{num: n}, nil
	case model.KindSpendPlan:
		sp, ok := v.([]model.SpendPoint)
		if !ok {
			break
		}
		plan := make([]point, len(sp))
		for i, p := range sp {
			if p.Month < math.MinInt32 || p.Month > math.MaxInt32 {
				return cell{}, fmt.Errorf("point %d: month %d: %w", i+1, p.Month, ErrOverflow)
			}
			plan[i] = point{checkpoint: p.Checkpoint, month: int32(p.Month), pctNull: p.PctNull}
			if !p.PctNull {
				n, err := unscale(p.Pct, decimalScale)
				if err != nil {
					return cell{}, fmt.Errorf("point %d: pct %s: %w", i+1, p.Pct.String(), err)
				}
				plan[i].pct = n
			}
		}
		return cell{plan: plan}, nil
	}
	return cell{}, fmt.Errorf("%w: %T for a %s field", ErrType, v, kindName(f.Kind))
}

// kindName names a Kind in error messages.
func kindName(k model.Kind) string {
	switch k {
	case model.KindString:
		return "string"
	case model.KindInt:
		return "int"
	case model.KindBool:
		return "bool"
	case model.KindMoney:
		return "money"
	case model.KindDecimal:
		return "decimal"
	case model.KindSpendPlan:
		return "spend plan"
	}
	return "kind " + strconv.Itoa(int(k))
}

// valueText renders a value for an error message.
func valueText(v any) string {
	switch x := v.(type) {
	case nil, []model.SpendPoint: // a spend plan's error names its point
		return ""
	case decimal.Decimal:
		return x.String()
	case string:
		return strconv.Quote(x)
	}
	return fmt.Sprint(v)
}

// commonCell returns the value of common field name of c. The zero values
// that model.Common documents as null ("" department code and name, 0 source
// page) become null.
func commonCell(c *model.Common, f model.Field) (cell, bool) {
	optStr := func(s string) cell {
		if s == "" && f.Optional {
			return cell{null: true}
		}
		return cell{str: s}
	}
	optInt := func(n int) cell {
		if n == 0 && f.Optional {
			return cell{null: true}
		}
		return cell{num: int64(n)}
	}
	switch f.Name {
	case "doc_id":
		return optStr(c.DocID), true
	case "source_file":
		return optStr(c.SourceFile), true
	case "department_code":
		return optStr(c.DepartmentCode), true
	case "department_name":
		return optStr(c.DepartmentName), true
	case "fiscal_year":
		return optInt(c.FiscalYear), true
	case "doc_kind":
		return optStr(string(c.DocKind)), true
	case "table_type":
		return optStr(string(c.TableType)), true
	case "table_title":
		return optStr(c.TableTitle), true
	case "row_no":
		return optInt(c.RowNo), true
	case "source_page":
		return optInt(c.SourcePage), true
	case "province":
		return optStr(c.Province), true
	case "city":
		return optStr(c.City), true
	case "county":
		return optStr(c.County), true
	case "admin_level":
		return optStr(c.AdminLevel), true
	}
	return cell{}, false
}
