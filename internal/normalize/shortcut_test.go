package normalize

import (
	"math/rand"
	"strconv"
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

// parseMetaByPatterns is parseMeta running every pattern on every line.
func parseMetaByPatterns(s string) (m meta, ok bool) {
	l := value.Label(value.Fold(s))
	if l == "" || len([]rune(l)) > 80 {
		return m, false
	}
	found := false
	if u, rest := value.CutUnit(l); u != "" {
		m.Unit, l = u, rest
		found = true
	}
	if loc := yearRE.FindStringSubmatchIndex(l); loc != nil {
		m.Year, _ = strconv.Atoi(l[loc[2]:loc[3]])
		l = l[:loc[0]] + l[loc[1]:]
		found = true
	}
	if mm := asOfRE.FindStringSubmatchIndex(l); mm != nil {
		y, _ := strconv.Atoi(l[mm[2]:mm[3]])
		mo, _ := strconv.Atoi(l[mm[4]:mm[5]])
		d, _ := strconv.Atoi(l[mm[6]:mm[7]])
		m.AsOf = strconv.Itoa(y) + "-" + pad2(mo) + "-" + pad2(d)
		l = l[:mm[0]] + l[mm[1]:]
		found = true
	}
	l = strings.Trim(tableCode.ReplaceAllString(l, ""), ",，;；|")
	if l == "" {
		return m, found
	}
	if mm := deptKeyRE.FindStringSubmatch(l); mm != nil {
		m.DeptName = mm[1]
		if c := deptCodeRE.FindStringSubmatch(m.DeptName); c != nil {
			m.DeptCode, m.DeptName = c[1], c[2]
		}
		return m, true
	}
	if mm := deptCodeRE.FindStringSubmatch(l); mm != nil && deptSuffix.MatchString(mm[2]) && !yearWord.MatchString(mm[2]) {
		m.DeptCode, m.DeptName = mm[1], mm[2]
		return m, true
	}
	return m, false
}

// TestMetaShortcuts: parseMeta, which runs a pattern only on a line holding
// the literal it needs, and revenueItem say what the patterns say.
func TestMetaShortcuts(t *testing.T) {
	pieces := []string{"预算年度：", "年度", "2024", "20", "截止时间：", "截至", "2024年", "12月", "31日", "-", "公开01表", "表3", "表",
		"部门名称：", "单位：", "编制部门:", "467", "衡水市生态环境局", "局", "本级", "万元", "元", "，", "|", " ", "１２",
		"财政拨款收入", "一般公共预算拨款收入", "上年结转", "其他收入", "事业", "收入"}
	rng := rand.New(rand.NewSource(11))
	for range 30000 {
		var b strings.Builder
		for range rng.Intn(6) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := b.String()
		gm, gok := parseMeta(s)
		wm, wok := parseMetaByPatterns(s)
		if gm != wm || gok != wok {
			t.Fatalf("parseMeta(%q) = %+v, %v; want %+v, %v", s, gm, gok, wm, wok)
		}
		if got, want := revenueItem(s), summaryRevenueItem.MatchString(s); got != want {
			t.Fatalf("revenueItem(%q) = %v, want %v", s, got, want)
		}
	}
}
