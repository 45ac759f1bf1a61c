package model

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"

	"github.com/budgetx/budgetx/internal/binread"
	"github.com/shopspring/decimal"
)

// AppendRecords appends a binary form of recs to b, for DecodeRecords:
// records cross from a worker process to the main one in it. It is
// encoding/gob's result, at a fraction of gob's cost (gob names the type
// of every value of a map[string]any, and reflects over each): the same
// fields, the same values (an empty []SpendPoint read back as nil, as gob
// reads it). A value
// of a type the Values may not hold (see Record) is an error.
func AppendRecords(b []byte, recs []Record) ([]byte, error) {
	b = binary.AppendUvarint(b, uint64(len(recs)))
	for i := range recs {
		r := &recs[i]
		c := &r.Common
		for _, s := range [...]string{c.DocID, c.SourceFile, c.DepartmentCode, c.DepartmentName, string(c.DocKind),
			string(c.TableType), c.TableTitle, c.Province, c.City, c.County, c.AdminLevel} {
			b = appendString(b, s)
		}
		b = binary.AppendVarint(b, int64(c.FiscalYear))
		b = binary.AppendVarint(b, int64(c.RowNo))
		b = binary.AppendVarint(b, int64(c.SourcePage))
		// 0 for a nil map, else 1 + its length (gob keeps an empty map)
		if r.Values == nil {
			b = append(b, 0)
		} else {
			b = binary.AppendUvarint(b, 1+uint64(len(r.Values)))
		}
		for k, v := range r.Values {
			b = appendString(b, k)
			var err error
			if b, err = appendValue(b, v); err != nil {
				return nil, fmt.Errorf("record %d, field %s: %w", i, k, err)
			}
		}
	}
	return b, nil
}

// Tags of the values in AppendRecords' form.
const (
	tagNil byte = iota
	tagString
	tagInt64
	tagFalse
	tagTrue
	tagDecimal
	tagSpendPoints
)

func appendValue(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, tagNil), nil
	case string:
		return appendString(append(b, tagString), v), nil
	case int64:
		return binary.AppendVarint(append(b, tagInt64), v), nil
	case int: // accepted where int64 is documented, as the writers accept it; read back as int64
		return binary.AppendVarint(append(b, tagInt64), int64(v)), nil
	case bool:
		if v {
			return append(b, tagTrue), nil
		}
		return append(b, tagFalse), nil
	case decimal.Decimal:
		return appendDecimal(append(b, tagDecimal), v), nil
	case []SpendPoint:
		b = binary.AppendUvarint(append(b, tagSpendPoints), uint64(len(v)))
		for _, p := range v {
			b = appendString(b, p.Checkpoint)
			b = binary.AppendVarint(b, int64(p.Month))
			b = appendDecimal(b, p.Pct)
			b = appendBool(b, p.PctNull)
		}
		return b, nil
	}
	return nil, fmt.Errorf("a value of type %T, which a record does not hold", v)
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// appendDecimal writes d's exponent and coefficient (sign and magnitude):
// all a Decimal is.
func appendDecimal(b []byte, d decimal.Decimal) []byte {
	b = binary.AppendVarint(b, int64(d.Exponent()))
	c := d.Coefficient()
	b = appendBool(b, c.Sign() < 0)
	mag := c.Bytes()
	return append(binary.AppendUvarint(b, uint64(len(mag))), mag...)
}

// errRecords is a form DecodeRecords cannot read.
var errRecords = errors.New("malformed records")

// DecodeRecords reads what AppendRecords wrote. Malformed input is an
// error, never a panic.
func DecodeRecords(b []byte) ([]Record, error) {
	d := recDecoder{Reader: binread.Reader{B: b, Base: errRecords}}
	n := d.Count()
	recs := make([]Record, 0, min(n, len(d.B)/15)) // a record takes at least 15 bytes
	for i := 0; i < n && d.Err == nil; i++ {
		var r Record
		c := &r.Common
		c.DocID, c.SourceFile, c.DepartmentCode, c.DepartmentName = d.name(), d.name(), d.name(), d.name()
		c.DocKind, c.TableType, c.TableTitle = DocKind(d.name()), TableType(d.name()), d.name()
		c.Province, c.City, c.County, c.AdminLevel = d.name(), d.name(), d.name(), d.name()
		c.FiscalYear, c.RowNo, c.SourcePage = d.int(), d.int(), d.int()
		if nv := d.Uvarint(); nv > 0 {
			nv--
			if nv > uint64(len(d.B)) {
				d.Fail("a count larger than the data")
				break
			}
			r.Values = make(map[string]any, nv)
			for j := uint64(0); j < nv && d.Err == nil; j++ {
				k := d.name()
				r.Values[k] = d.value()
			}
		}
		recs = append(recs, r)
	}
	if d.Err == nil && len(d.B) > 0 {
		d.Err = fmt.Errorf("%w: %d bytes after the last record", errRecords, len(d.B))
	}
	if d.Err != nil {
		return nil, d.Err
	}
	return recs, nil
}

// recDecoder reads AppendRecords' form; the first error sticks, and reads
// after it return zero values.
type recDecoder struct {
	binread.Reader
	// the strings read so far, by their bytes: the records of a batch
	// repeat their file, document, table and field names
	seen map[string]string
}

func (d *recDecoder) int() int {
	v := d.Varint()
	if v < math.MinInt || v > math.MaxInt {
		d.Fail("a number out of range")
		return 0
	}
	return int(v)
}

func (d *recDecoder) str() string { return string(d.Bytes()) }

// name is str for a string that repeats from record to record: one copy
// of it is kept.
func (d *recDecoder) name() string {
	b := d.Bytes()
	if s, ok := d.seen[string(b)]; ok {
		return s
	}
	s := string(b)
	if d.seen == nil {
		d.seen = map[string]string{}
	}
	if len(d.seen) < 1<<12 {
		d.seen[s] = s
	}
	return s
}

func (d *recDecoder) bool() bool { return d.Byte() != 0 }

func (d *recDecoder) decimal() decimal.Decimal {
	exp := d.Varint()
	neg := d.bool()
	mag := d.Bytes()
	if d.Err != nil {
		return decimal.Decimal{}
	}
	if exp < math.MinInt32 || exp > math.MaxInt32 {
		d.Fail("a decimal exponent out of range")
		return decimal.Decimal{}
	}
	c := new(big.Int).SetBytes(mag)
	if neg {
		c.Neg(c)
	}
	return decimal.NewFromBigInt(c, int32(exp))
}

func (d *recDecoder) value() any {
	switch t := d.Byte(); t {
	case tagNil:
		return nil
	case tagString:
		return d.str()
	case tagInt64:
		return d.Varint()
	case tagFalse:
		return false
	case tagTrue:
		return true
	case tagDecimal:
		return d.decimal()
	case tagSpendPoints:
		n := d.Count()
		if n == 0 {
			return []SpendPoint(nil) // as gob reads an empty one
		}
		ps := make([]SpendPoint, 0, n)
		for i := 0; i < n && d.Err == nil; i++ {
			var p SpendPoint
			p.Checkpoint, p.Month, p.Pct, p.PctNull = d.str(), d.int(), d.decimal(), d.bool()
			ps = append(ps, p)
		}
		return ps
	default:
		if d.Err == nil {
			d.Fail(fmt.Sprintf("a value tagged %d", t))
		}
		return nil
	}
}
