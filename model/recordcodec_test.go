package model

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"
)

// sampleRecords holds every kind of value a record holds, and every
// field of Common set (by reflection, so that a field added to Common
// that the codec does not carry fails the tests).
func sampleRecords(t testing.TB) []Record {
	var c Common
	cv := reflect.ValueOf(&c).Elem()
	var set func(v reflect.Value, i *int)
	set = func(v reflect.Value, i *int) {
		for k := 0; k < v.NumField(); k++ {
			f := v.Field(k)
			*i++
			switch f.Kind() {
			case reflect.String:
				f.SetString(fmt.Sprintf("field %d 字段", *i))
			case reflect.Int:
				f.SetInt(int64(*i * 1000))
			case reflect.Struct:
				set(f, i)
			default:
				t.Fatalf("Common has a field of kind %v: teach AppendRecords and this test about it", f.Kind())
			}
		}
	}
	set(cv, new(int))
	d := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	return []Record{
		{Common: c, Values: map[string]any{
			"s": "文本", "empty": "", "i": int64(-42), "big": int64(1 << 62), "t": true, "f": false, "nil": nil,
			"money": d("29462500.00"), "neg": d("-0.05"), "zero": d("0"), "zerox": d("0.00"), "unset": decimal.Decimal{},
			"huge":  d("123456789012345678901234567890.123"),
			"plan":  []SpendPoint{{"3月底", 3, d("25.5"), false}, {"", 0, decimal.Decimal{}, true}},
			"plan0": []SpendPoint{},
		}},
		{Common: Common{DocID: "x"}},
		{Common: Common{FiscalYear: -1}, Values: map[string]any{}},
	}
}

// canonical is a record's content with every decimal as its coefficient
// and exponent (big.Int's internal form may differ for equal numbers).
func canonical(recs []Record) string {
	var b bytes.Buffer
	for _, r := range recs {
		fmt.Fprintf(&b, "%#v values=%v:", r.Common, r.Values == nil)
		keys := make([]string, 0, len(r.Values))
		for k := range r.Values {
			keys = append(keys, k)
		}
		sortStrings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, " %s=%s", k, canonValue(r.Values[k]))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func canonValue(v any) string {
	switch v := v.(type) {
	case decimal.Decimal:
		return fmt.Sprintf("dec(%s e%d)", v.Coefficient(), v.Exponent())
	case []SpendPoint:
		s := fmt.Sprintf("points(nil=%v", v == nil)
		for _, p := range v {
			s += fmt.Sprintf(" {%q %d %s %v}", p.Checkpoint, p.Month, canonValue(p.Pct), p.PctNull)
		}
		return s + ")"
	}
	return fmt.Sprintf("%T(%#v)", v, v)
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// gobRoundTrip is what records were before AppendRecords: gob, as the
// worker's reply carried them.
func gobRoundTrip(t testing.TB, recs []Record) []Record {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(recs); err != nil {
		t.Fatal(err)
	}
	var out []Record
	if err := gob.NewDecoder(&buf).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// The records read back are what gob gave, value for value.
func TestRecordCodecIsGob(t *testing.T) {
	recs := sampleRecords(t)
	b, err := AppendRecords(nil, recs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeRecords(b)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := canonical(got), canonical(gobRoundTrip(t, recs)); g != w {
		t.Errorf("records read back:\n%s\nwant (gob):\n%s", g, w)
	}
}

func TestRecordCodecRefusesOtherTypes(t *testing.T) {
	for _, v := range []any{int32(3), 2.5, []string{"x"}, map[string]any{}} {
		if _, err := AppendRecords(nil, []Record{{Values: map[string]any{"x": v}}}); err == nil {
			t.Errorf("a value of type %T was written", v)
		}
	}
}

// An int, which the writers take for an int64, is read back as an int64.
func TestRecordCodecInt(t *testing.T) {
	b, err := AppendRecords(nil, []Record{{Values: map[string]any{"x": 7}}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeRecords(b)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := got[0].Values["x"].(int64); !ok || v != 7 {
		t.Errorf("read back %#v, want int64(7)", got[0].Values["x"])
	}
}

// Any prefix or corruption of a valid form is an error or records, never
// a panic.
func TestRecordCodecMalformed(t *testing.T) {
	b, err := AppendRecords(nil, sampleRecords(t))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(b); i++ {
		if _, err := DecodeRecords(b[:i]); err == nil {
			t.Errorf("%d of %d bytes read without error", i, len(b))
		}
		c := append([]byte(nil), b...)
		c[i] ^= 0xA5
		DecodeRecords(c)
	}
	if _, err := DecodeRecords(append(b, 0)); err == nil {
		t.Error("a byte after the records read without error")
	}
}

func FuzzDecodeRecords(f *testing.F) {
	b, err := AppendRecords(nil, sampleRecords(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte{0})
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := DecodeRecords(data)
		if err != nil {
			return
		}
		// what reads must write back to a form that reads the same
		again, err := AppendRecords(nil, recs)
		if err != nil {
			t.Fatalf("records read do not write: %v", err)
		}
		recs2, err := DecodeRecords(again)
		if err != nil || canonical(recs2) != canonical(recs) {
			t.Fatalf("records written back read differently: %v", err)
		}
	})
}

func BenchmarkRecordCodec(b *testing.B) {
	recs := sampleRecords(b)
	for range 10 {
		recs = append(recs, recs...)
	}
	b.Run("codec", func(b *testing.B) {
		for b.Loop() {
			buf, _ := AppendRecords(nil, recs)
			DecodeRecords(buf)
		}
	})
	b.Run("gob", func(b *testing.B) {
		for b.Loop() {
			gobRoundTrip(b, recs)
		}
	})
}
