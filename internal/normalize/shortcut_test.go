package normalize

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/internal/normalize/value"
)

// cleanTitleByPatterns is cleanTitle as the patterns alone say it.
func cleanTitleByPatterns(title string) string {
	l := value.Label(title)
	l = titleQualifiers.ReplaceAllString(l, "")
	for i := 0; i < 3; i++ {
		l2 := titlePrefix.ReplaceAllString(l, "")
		if l2 == l {
			break
		}
		l = l2
	}
	return l
}

// TestCleanTitleShortcut: cleanTitle, which runs its patterns only where
// they can match, cleans titles as the patterns do.
func TestCleanTitleShortcut(t *testing.T) {
	pieces := []string{"表2：", "表", "2", "公开02表", "附表1-2", "公开表一", "预算11表", "（一）", "(二)", "、", "．", "1.", "第二部分",
		"2026年度", "2026", "年", "（不含上年结转）", "（2026年度）", "(", ")", "部门", "收入预算总表", "收支总表", " ", "　", "一", "二、"}
	rng := rand.New(rand.NewSource(3))
	for range 20000 {
		var b strings.Builder
		for range rng.Intn(7) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := b.String()
		if got, want := cleanTitle(s), cleanTitleByPatterns(s); got != want {
			t.Fatalf("cleanTitle(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestLabelShortcuts: isUnitCode and endsLikeDept say what unitCode and
// deptSuffix say.
func TestLabelShortcuts(t *testing.T) {
	pieces := []string{"1", "23", "456", "０", "局", "委员会", "办公室", "中心", "本级", "机关", "政府", "法院", "集团", "公司",
		"财政", "市", "级", "关", "x", "部", "学", "联", "社", "会", "院", " "}
	rng := rand.New(rand.NewSource(5))
	for range 20000 {
		var b strings.Builder
		for range rng.Intn(6) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := b.String()
		if got, want := isUnitCode(s), unitCode.MatchString(s); got != want {
			t.Fatalf("isUnitCode(%q) = %v, want %v", s, got, want)
		}
		if got, want := endsLikeDept(s), deptSuffix.MatchString(s); got != want {
			t.Fatalf("endsLikeDept(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestTocEntryShortcut: tocEntry, which runs its pattern only on labels
// ending as a leader does, cuts what the pattern cuts.
func TestTocEntryShortcut(t *testing.T) {
	pieces := []string{"一、收支总表", "…", "...", ".", "·", "．", "-", "—", " ", "\t", "5", "12", "表", "（", "）", "\u3000", "x"}
	rng := rand.New(rand.NewSource(11))
	for range 20000 {
		var b strings.Builder
		for range rng.Intn(7) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := b.String()
		if got, want := tocEntry(s), tocLeader.ReplaceAllString(s, ""); got != want {
			t.Fatalf("tocEntry(%q) = %q, want %q", s, got, want)
		}
	}
}
