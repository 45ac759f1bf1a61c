package checks

import (
	"math/rand"
	"strings"
	"testing"
)

// TestLiterals: find reports exactly the words strings.Contains finds,
// overlapping and nested ones included.
func TestLiterals(t *testing.T) {
	words := []string{"年", "预算收入", "收入预算", "收入", "元", "万元", "亿元", "ab", "b", "abc", "bca", "公务用车购置费", "公务用车运"}
	l, ok := newLiterals(words)
	if !ok {
		t.Fatal("not built")
	}
	pieces := []string{"年", "预算", "收入", "万", "元", "亿", "a", "b", "c", "公务用车", "购置", "运", "费", "x", "\xe5"}
	rng := rand.New(rand.NewSource(1))
	for range 5000 {
		var b strings.Builder
		for range rng.Intn(12) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		p := b.String()
		var want uint64
		for k, w := range words {
			if strings.Contains(p, w) {
				want |= 1 << k
			}
		}
		if got := l.find(p); got != want {
			t.Fatalf("%q: got %b, want %b", p, got, want)
		}
	}
	if _, ok := newLiterals(make([]string, maxLiterals+1)); ok {
		t.Error("built a set of more than maxLiterals words")
	}
	if _, ok := newLiterals([]string{"a", ""}); ok {
		t.Error("built a set with an empty word")
	}
}

func FuzzLiterals(f *testing.F) {
	f.Add("2024年预算收入24406.47万元", "收入")
	f.Fuzz(func(t *testing.T, p, w string) {
		if w == "" {
			return
		}
		words := []string{w, "元", "收入"}
		l, ok := newLiterals(words)
		if !ok {
			return
		}
		got := l.find(p)
		for k, w := range words {
			if (got&(1<<k) != 0) != strings.Contains(p, w) {
				t.Fatalf("%q in %q: got %v", w, p, got&(1<<k) != 0)
			}
		}
	})
}
