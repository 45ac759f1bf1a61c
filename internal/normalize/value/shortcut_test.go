package value

import (
	"math/rand"
	"strings"
	"testing"
)

// shortcutInputs are random texts made of the pieces amounts, ordinals
// and labels are made of.
func shortcutInputs(n int) []string {
	pieces := []string{"1", "0", "23", ".", ",", "+", "-", "－", "(", ")", "（", "）", " ", "\u3000", "\u00a0", "\t",
		"一", "十", "百", "、", "．", "其中", ":", "：", "万元", "e", "x", "１", "２", "-", "—", "/", "123,456", "1,23"}
	rng := rand.New(rand.NewSource(7))
	out := []string{"", "+", "-", ".", "+.", "1.", ".5", "+.5", "-1.5.", "1e5", "１２", "(12.50)", "一、外交支出", "（一）1.其中：x"}
	for range n {
		var b strings.Builder
		for range rng.Intn(8) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		out = append(out, b.String())
	}
	return out
}

// TestShortcuts: the written-out forms of patterns give what the
// patterns give.
func TestShortcuts(t *testing.T) {
	for _, s := range shortcutInputs(20000) {
		if got, want := isPlainNumber(s), plainNumber.MatchString(s); got != want {
			t.Fatalf("isPlainNumber(%q) = %v, want %v", s, got, want)
		}
		_, ok, _, err := Amount(s)
		if got, want := IsAmount(s), ok && err == nil; got != want {
			t.Fatalf("IsAmount(%q) = %v, want %v", s, got, want)
		}
		if got, want := StripOrdinal(s), ordinalRE.ReplaceAllString(Label(Fold(s)), ""); got != want {
			t.Fatalf("StripOrdinal(%q) = %q, want %q", s, got, want)
		}
	}
}
