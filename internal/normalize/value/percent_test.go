package value

import (
	"errors"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"
)

func TestPercent(t *testing.T) {
	cases := []struct {
		in      string
		want    string // "" means blank
		repairs []Repair
		err     bool
	}{
		{"25%", "25", nil, false},
		{"100%", "100", nil, false},
		{"0%", "0", nil, false},
		{"12.5%", "12.5", nil, false},
		{"25", "25", nil, false},
		{" 50% ", "50", nil, false},
		{"", "", nil, false},
		{" ", "", nil, false},
		{"\u3000", "", nil, false},
		{"-", "", nil, false},
		{"10000%", "100", []Repair{{RuleDoubledPercent, "10000%", "100"}}, false},
		{"5000%", "50", []Repair{{RuleDoubledPercent, "5000%", "50"}}, false},
		{"10000.00%", "100", []Repair{{RuleDoubledPercent, "10000.00%", "100"}}, false},
		{"150%", "150", nil, false},     // above 100, not a whole multiple of 100: as printed
		{"10100%", "10100", nil, false}, // p/100 would be above 100
		{"10000", "10000", nil, false},  // no % sign: not a doubled percent
		{"２５％", "25", []Repair{{RuleFullWidth, "２５％", "25%"}}, false},
		{"25 %", "25", []Repair{{RuleStraySpace, "25 %", "25%"}}, false},
		{"１００００　％", "100", []Repair{
			{RuleFullWidth, "１００００　％", "10000 %"},
			{RuleStraySpace, "１００００　％", "10000%"},
			{RuleDoubledPercent, "１００００　％", "100"},
		}, false},
		{"25百分比", "25", []Repair{{RulePercentWord, "25百分比", "25%"}}, false},
		{"abc", "", nil, true},
		{"25%%", "", nil, true},
		{"二十五%", "", nil, true},
		{"1.保证现有系统正常运行", "", nil, true},
		{"%", "", nil, true},
	}
	for _, c := range cases {
		d, ok, reps, err := Percent(c.in)
		if c.err {
			if !errors.Is(err, ErrNotNumber) || ok {
				t.Errorf("Percent(%q) = %s, %v, %v; want ErrNotNumber", c.in, d, ok, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Percent(%q): %v", c.in, err)
			continue
		}
		if c.want == "" {
			if ok || !d.IsZero() || reps != nil {
				t.Errorf("Percent(%q) = %s, %v, %q; want blank", c.in, d, ok, reps)
			}
			continue
		}
		if !ok || !d.Equal(decimal.RequireFromString(c.want)) {
			t.Errorf("Percent(%q) = %s, %v; want %s", c.in, d, ok, c.want)
		}
		if !reflect.DeepEqual(reps, c.repairs) {
			t.Errorf("Percent(%q) repairs %q\nwant %q", c.in, reps, c.repairs)
		}
	}
}

func FuzzPercent(f *testing.F) {
	for _, s := range []string{"25%", "100%", "10000%", "２５％", "25 %", "25", "", " ", "-", "abc",
		"150%", "1e5%", "9999999999999999999999999999%", "-5%", ".5%", "5.%", "百分比"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok, reps, err := Percent(s)
		if err != nil {
			if ok || !errors.Is(err, ErrNotNumber) {
				t.Fatalf("Percent(%q): ok %v with error %v", s, ok, err)
			}
			return
		}
		if !ok {
			if !d.IsZero() || reps != nil || !IsBlank(s) {
				t.Fatalf("Percent(%q) = %s, %q: not ok but not blank", s, d, reps)
			}
			return
		}
		for _, r := range reps {
			if r.Rule == RuleDoubledPercent && (d.GreaterThan(pctHundred) || !d.Equal(decimal.RequireFromString(r.Repaired))) {
				t.Fatalf("Percent(%q) = %s: doubled repair %q", s, d, r)
			}
		}
	})
}
