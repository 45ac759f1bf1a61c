package checks

import (
	"fmt"
	"math/rand"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/budgetx/budgetx/internal/normalize/value"
	"github.com/budgetx/budgetx/model"
)

// The narrative's find as it was before it was made linear: the oracle
// the linear one must agree with.

func clauseStartSlow(s string, i int) int {
	j := strings.LastIndexAny(s[:i], "。,;:()、")
	if j < 0 {
		return 0
	}
	_, size := utf8.DecodeRuneInString(s[j:])
	return j + size
}

func sentenceStartSlow(s string, i int) int {
	j := strings.LastIndexAny(s[:i], "。；;")
	if j < 0 {
		return 0
	}
	_, size := utf8.DecodeRuneInString(s[j:])
	return j + size
}

func findSlow(re, context *regexp.Regexp, paragraphs []string, year int, kind model.DocKind) (foundFigure, bool) {
	yi, ni, ui, fi := re.SubexpIndex("y"), re.SubexpIndex("n"), re.SubexpIndex("u"), re.SubexpIndex("f")
	wrong := "决算" // a budget's narrative citing an outturn
	if kind == model.FinalAccount {
		wrong = "预算" // a final account's narrative citing the budget
	}
	for _, p := range paragraphs {
		for _, m := range re.FindAllStringSubmatchIndex(p, -1) {
			if !aboutYearSlow(p, m, yi, year) || context != nil && !context.MatchString(p[:m[0]]) {
				continue
			}
			sentence := p[sentenceStartSlow(p, m[0]):m[0]]
			if classBreakdown.MatchString(sentence) {
				continue // a figure within one class's line (（303）… 其中：人员经费)
			}
			if threeItemRE.MatchString(re.String()) && strings.Contains(sentence, "机关运行经费") {
				continue // 机关运行经费's own 公务接待费 and 公务用车运行维护费, not the 三公 items
			}
			if fi >= 0 && m[2*fi] >= 0 && p[m[2*fi]:m[2*fi+1]] == wrong {
				continue
			}
			num := strings.ReplaceAll(p[m[2*ni]:m[2*ni+1]], ",", "")
			d, err := decimal.NewFromString(num)
			if err != nil {
				continue
			}
			f, ok := value.UnitFactor(p[m[2*ui]:m[2*ui+1]])
			if !ok {
				continue
			}
			decimals := int32(0)
			if i := strings.IndexByte(num, '.'); i >= 0 {
				decimals = int32(len(num) - i - 1)
			}
			return foundFigure{text: p[m[0]:m[1]], yuan: d.Mul(f), digit: f.Shift(-decimals),
				general: generalScope.MatchString(p[:m[0]])}, true
		}
	}
	return foundFigure{}, false
}

func aboutYearSlow(p string, m []int, yi, year int) bool {
	if year == 0 {
		return true
	}
	if yi >= 0 && m[2*yi] >= 0 {
		if n, _ := strconv.Atoi(p[m[2*yi]:m[2*yi+1]]); n != year {
			return false
		}
	}
	before := p[clauseStartSlow(p, m[0]):m[0]]
	if otherYearRE.MatchString(before) {
		return false
	}
	for _, y := range yearRE.FindAllStringSubmatch(before, -1) {
		if n, _ := strconv.Atoi(y[1]); n != year {
			return false
		}
	}
	return true
}

// narrativeTokens are the pieces random paragraphs are made of: figure
// words, years, amounts, delimiters and the words find looks around a
// match for.
var narrativeTokens = []string{
	"2024年", "2023年", "2024年度", "上年", "去年", "同比", "预算", "决算", "收入", "支出", "部门", "预算收入", "支出预算",
	"预算收支安排", "一般公共预算", "收入", "基本支出", "人员经费", "日常公用经费", "项目支出", "机关运行经费", "共计",
	"安排", "为", "“三公”经费", "三公经费", "因公出国(境)费", "公务用车购置及运维费", "公务用车运维费", "公务接待费",
	"上年结转结余", "单位资金", "财政专户核拨", "上年末固定资产金额", "基金预算", "国有资本经营预算",
	"24406.47万元", "1,234.5元", "0.00万元", "7元", "12亿元", "3千元", "538.35万元",
	"。", ",", ";", ":", "(", ")", "、", "；", "(303)", "(30102)", "其中", "较", "减少", "增加", "1", "20",
}

func randomParagraph(rng *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(narrativeTokens[rng.Intn(len(narrativeTokens))])
	}
	return b.String()
}

// TestFindAgreesWithQuadratic: the linear find takes the figures the
// quadratic one took, on random paragraphs made of the words that matter.
func TestFindAgreesWithQuadratic(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	for round := range 800 {
		var paras []string
		for range 1 + rng.Intn(3) {
			paras = append(paras, value.Label(value.Fold(randomParagraph(rng, 1+rng.Intn(60)))))
		}
		year := []int{0, 2024, 2023}[rng.Intn(3)]
		kind := []model.DocKind{model.Budget, model.FinalAccount}[rng.Intn(2)]
		compareFind(t, fmt.Sprint("round ", round), paras, year, kind)
	}
}

func compareFind(t *testing.T, name string, paras []string, year int, kind model.DocKind) {
	t.Helper()
	var nps []narrativePara
	for _, p := range paras {
		nps = append(nps, newNarrativePara(p))
	}
	for i := range figures {
		want, wok := findSlow(figureREs[i], contextREs[i], paras, year, kind)
		got, gok := find(figureREs[i], contextREs[i], figureFilters[i], nps, year, kind)
		if wok != gok || got.text != want.text || got.general != want.general || !got.yuan.Equal(want.yuan) || !got.digit.Equal(want.digit) {
			t.Fatalf("%s: figure %s in %q (year %d, %s): got %+v %v, want %+v %v", name, figures[i].name, paras, year, kind, got, gok, want, wok)
		}
	}
}

func FuzzNarrativeFind(f *testing.F) {
	f.Add("2024年预算收入24406.47万元,其中:一般公共预算收入21541.25万元", 2024)
	f.Add("上年基本支出1.00万元基本支出2.00万元", 2024)
	f.Fuzz(func(t *testing.T, p string, year int) {
		if !utf8.ValidString(p) || len(p) > 4096 {
			return
		}
		p = value.Label(value.Fold(p))
		compareFind(t, "fuzz", []string{p}, year, model.Budget)
	})
}

// TestCues: every figure has a cue, one of its cues is 元 in all its
// alternatives (newNarrativePara reads no paragraph without 元 for cues),
// and each context is a literal (find reads "the paragraph before the
// match matches it" as "its first match ends before the match").
func TestCues(t *testing.T) {
	for i, f := range figures {
		yuan := false
		for _, alts := range figureCues[i] {
			all := true
			for _, a := range alts {
				all = all && strings.Contains(a, "元")
			}
			yuan = yuan || all
		}
		if !yuan {
			t.Errorf("figure %s: no cue of 元 in %s", f.name, figureREs[i])
		}
		if len(figureCues[i]) == 0 {
			t.Errorf("figure %s: no cue in %s", f.name, figureREs[i])
		}
		if len(figureFilters[i]) != len(figureCues[i]) {
			t.Errorf("figure %s: a filter of %d pieces for %d cues", f.name, len(figureFilters[i]), len(figureCues[i]))
		}
		if re := contextREs[i]; re != nil {
			st, err := syntax.Parse(re.String(), syntax.Perl)
			if err != nil || st.Op != syntax.OpLiteral {
				t.Errorf("figure %s: context %s is not a literal", f.name, re)
			}
		}
	}
}

// TestNarrativeLinear: a paragraph of near-figures (each about last year,
// none taken) costs its length, not its length times its matches: 200
// paragraphs of 64 KiB, and one of 1 MiB (the paragraph limit; it took
// minutes). A hang guard, not a timing; BenchmarkNarrative measures.
func TestNarrativeLinear(t *testing.T) {
	paras := nearFigures(200)
	done := make(chan struct{})
	go func() {
		defer close(done)
		res := result(narrativeTables(), nil)
		res.Summary.FiscalYear = 2024
		r := run(res, paras)
		for _, o := range r.ran {
			if o.check == Narrative && o.sev != model.SevSkipped {
				t.Errorf("a figure about last year was compared: %+v", o)
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("narrative checks still running after 60s")
	}
}

// nearFigures returns n paragraphs of 64 KiB and one of 1 MiB, each a run
// of figures about last year with no delimiter between them.
func nearFigures(n int) []string {
	near := strings.Repeat("上年基本支出1.00万元", 64<<10/len("上年基本支出1.00万元"))
	paras := []string{strings.Repeat("上年基本支出1.00万元", 1<<20/len("上年基本支出1.00万元"))}
	for range n {
		paras = append(paras, near)
	}
	return paras
}

// BenchmarkNarrative: the narrative checks over 10,000 paragraphs of 64 KiB
// of near-figures (go test -bench Narrative -benchtime 1x ./checks).
func BenchmarkNarrative(b *testing.B) {
	paras := nearFigures(benchParas)
	res := result(narrativeTables(), nil)
	res.Summary.FiscalYear = 2024
	for b.Loop() {
		run(res, paras)
	}
}

var (
	_ = regexp.MustCompile
	_ = strconv.Itoa
	_ = decimal.Zero
)

var benchParas = 10_000
