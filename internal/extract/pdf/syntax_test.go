package pdf

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
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
