package pdf

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
)

// number reads reals of up to 15 digits on a fast path of its own: it must
// give exactly what strconv.ParseFloat gives.
func TestNumberMatchesParseFloat(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []string{"0.0", "-0.0", ".5", "-.5", "+.5", "5.", "-5.", "0.1", "0.7", "1.1", "595.276", "841.89",
		"123456789012345.", ".123456789012345", "999999999999999.9", "0.000000000000001", "-12.345678901234"}
	for range 200000 {
		n := 1 + rng.IntN(17)
		b := make([]byte, 0, n+2)
		switch rng.IntN(3) {
		case 0:
			b = append(b, '-')
		case 1:
			b = append(b, '+')
		}
		dot := rng.IntN(n + 1)
		for i := 0; i <= n; i++ {
			if i == dot {
				b = append(b, '.')
				continue
			}
			b = append(b, byte('0'+rng.IntN(10)))
		}
		cases = append(cases, string(b))
	}
	for _, c := range cases {
		tok, ok := number([]byte(c))
		want, err := strconv.ParseFloat(c, 64)
		if !ok || err != nil {
			t.Fatalf("number(%q) = %v, %v; ParseFloat: %v", c, tok, ok, err)
		}
		if math.Float64bits(tok.num) != math.Float64bits(want) {
			t.Fatalf("number(%q) = %v (%x), ParseFloat gives %v (%x)", c, tok.num, math.Float64bits(tok.num), want, math.Float64bits(want))
		}
	}
}

// blank is strings.TrimSpace(s) == "", decoding less.
func TestBlankIsTrimSpace(t *testing.T) {
	for _, s := range []string{"", " ", "\t\n", "\u3000", "\u00a0", "\u0085", "x", " x ", "\u3000中", "\xff", " \xff", "\u2028\u2029", "　 "} {
		if got, want := blank(s), strings.TrimSpace(s) == ""; got != want {
			t.Errorf("blank(%q) = %v, want %v", s, got, want)
		}
	}
}

// More operands than the walker keeps wait for an operator: it keeps the
// newest (their strings and arrays whole) and the operator still takes
// its own.
func TestOperandOverflow(t *testing.T) {
	var b strings.Builder
	b.WriteString("BT /F1 10 Tf 100 700 Td ")
	for i := range 3000 {
		fmt.Fprintf(&b, "(s%d) [(a%d) 5 [(n%d)]] /N%d ", i, i, i, i)
	}
	// the 1024 operands before each operator's own make it the one
	// pushed as the oldest half is dropped: it is moved with the rest
	for _, op := range []string{"(Hel) Tj", "[(lo) -100 [(x)] ( W)] TJ", "(or) Tj"} {
		for i := range maxOperands {
			fmt.Fprintf(&b, "%d ", i)
		}
		b.WriteString(op + " ")
	}
	b.WriteString("(ld) Tj ET")
	r, err := OpenBytes("overflow.pdf", fuzzDoc([]byte(b.String())), model.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.Page(1)
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for _, g := range p.Glyphs {
		got.WriteString(g.Text)
	}
	if got.String() != "Hello World" {
		t.Errorf("page draws %q, want %q", got.String(), "Hello World")
	}
}

// Integers, and words that are no numbers.
func TestNumberIntegers(t *testing.T) {
	for _, c := range []struct {
		w     string
		ok    bool
		isInt bool
		v     int64
	}{
		{"0", true, true, 0}, {"-0", true, true, 0}, {"+7", true, true, 7}, {"-123", true, true, -123},
		{"999999999999999999", true, true, 999999999999999999}, {"-999999999999999999", true, true, -999999999999999999},
		{"1000000000000000000", true, false, 0}, {"1.2.3", false, false, 0}, {"..", false, false, 0}, {".", false, false, 0},
		{"-", false, false, 0}, {"+", false, false, 0}, {"", false, false, 0}, {"12a", false, false, 0}, {"Tf", false, false, 0},
		{"--1", false, false, 0}, {"1-", false, false, 0}, {"1e5", false, false, 0},
	} {
		tok, ok := number([]byte(c.w))
		if ok != c.ok || ok && (tok.isInt != c.isInt || c.isInt && (tok.ival != c.v || tok.num != float64(c.v))) {
			t.Errorf("number(%q) = %+v, %v; want ok %v, int %v %d", c.w, tok, ok, c.ok, c.isInt, c.v)
		}
		if ok && !c.isInt {
			want, _ := strconv.ParseFloat(c.w, 64)
			if tok.num != want {
				t.Errorf("number(%q) = %v, want %v", c.w, tok.num, want)
			}
		}
	}
}
