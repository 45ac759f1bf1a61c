package value

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

var updateTargets = flag.Bool("update-targets", false, "rewrite testdata/targets.txt from ParseTarget (review the diff line by line)")

const (
	targetsSeed = "../../../fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt"
	targetsFile = "testdata/targets.txt"
)

func TestParseTarget(t *testing.T) {
	cases := []struct {
		in, op, value, unit, text string // value "" means no number
		rules                     string // repair rules, comma-separated
	}{
		// The examples.
		{"≥95%", ">=", "95", "%", "", ""},
		{"333.23万元", "", "333.23", "万元", "", ""},
		{"≤1年", "<=", "1", "年", "", ""},
		{"≥171人", ">=", "171", "人", "", ""},
		{"26套", "", "26", "套", "", ""},
		{"≥95百分比", ">=", "95", "%", "", RulePercentWord},
		{"36本单位在编的使用公用经费保障的人员数量", "", "36", "", "本单位在编的使用公用经费保障的人员数量", ""},
		{"≥12本", ">=", "12", "本", "", ""},
		{"及时发放", "", "", "", "及时发放", ""},
		{"100合规使用", "", "100", "", "合规使用", ""},
		{"≥95有效保障", ">=", "95", "", "有效保障", ""},
		{"≥99", ">=", "99", "", "", ""},
		{"100%", "", "100", "%", "", ""},
		{"按时完成", "", "", "", "按时完成", ""},

		// Blank.
		{"", "", "", "", "", ""},
		{"  \u3000", "", "", "", "", ""},
		{"-", "", "", "", "", ""},
		{"/", "", "", "", "", ""},

		// Spaces, full width, separators, punctuation.
		{"≥ 90 %", ">=", "90", "%", "", RuleStraySpace},
		{"100 %", "", "100", "%", "", RuleStraySpace},
		{"≤30 天", "<=", "30", "天", "", RuleStraySpace},
		{" 圆满完成应急演练", "", "", "", "圆满完成应急演练", ""},
		{"≥９５％", ">=", "95", "%", "", RuleFullWidth},
		{"＞＝９０　％", ">=", "90", "%", "", RuleFullWidth + "," + RuleStraySpace},
		{"＜5次", "<", "5", "次", "", ""},
		{"1,234个", "", "1234", "个", "", ""},
		{"１，２３４个", "", "1234", "个", "", RuleFullWidth},
		{"1,23个", "", "", "", "1,23个", ""},
		{"1,234,56个", "", "", "", "1,234,56个", ""},
		{"1,234.5万元", "", "1234.5", "万元", "", ""},
		{"≥95%。", ">=", "95", "%", "", RuleTrailingPunctPart},
		{"≥ 95百分比。", ">=", "95", "%", "", RuleStraySpace + "," + RulePercentWord + "," + RuleTrailingPunctPart},
		{"0.00", "", "0", "", "", ""},
		{"-5%", "", "-5", "%", "", ""},
		{"+5%", "", "5", "%", "", ""},
		{"162.50万元", "", "162.5", "万元", "", ""},

		// Operator words: only before a number.
		{"不低于90%", ">=", "90", "%", "", ""},
		{"不少于 3 次", ">=", "3", "次", "", RuleStraySpace},
		{"大于等于95%", ">=", "95", "%", "", ""},
		{"大于95%", ">", "95", "%", "", ""},
		{"不超过700万元", "<=", "700", "万元", "", ""},
		{"低于5%", "<", "5", "%", "", ""},
		{"超过10家", ">", "10", "家", "", ""},
		{"至少2次", ">=", "2", "次", "", ""},
		{"等于100%", "=", "100", "%", "", ""},
		{"=100%", "=", "100", "%", "", ""},
		{"≧90%", ">=", "90", "%", "", ""},
		{"≦10台", "<=", "10", "台", "", ""},
		{"达到95%", "", "", "", "达到95%", ""},
		{"约95%", "", "", "", "约95%", ""},
		{"严控各项支出成本，不高于行业平均水平", "", "", "", "严控各项支出成本，不高于行业平均水平", ""},
		{"不高于行业平均水平", "", "", "", "不高于行业平均水平", ""},
		{"≥行业平均", "", "", "", "≥行业平均", ""},
		{"95%以上", ">=", "95", "%", "", ""},
		{"30个工作日内", "<=", "30", "个工作日", "", ""},
		{"3天以内。", "<=", "3", "天", "", RuleTrailingPunctPart},
		{"10人 以下", "<=", "10", "人", "", RuleStraySpace},
		{"≥95%以上", ">=", "95", "%", "以上", ""},
		{"30天内完成", "", "30", "天", "内完成", ""},
		{"50人左右", "", "50", "人", "左右", ""},

		// Units.
		{"≤1000元/天/人", "<=", "1000", "元/天/人", "", ""},
		{"≥150个/次", ">=", "150", "个/次", "", ""},
		{"≤18.5万元/月", "<=", "18.5", "万元/月", "", ""},
		{"0.6g/㎡", "", "0.6", "g/㎡", "", ""},
		{"5ｋｍ", "", "5", "km", "", RuleFullWidth},
		{"5kmh", "", "5", "", "kmh", ""},
		{"10个工作日", "", "10", "个工作日", "", ""},
		{"≥2200公里", ">=", "2200", "公里", "", ""},
		{"1250米", "", "1250", "米", "", ""},
		{"2个百分点", "", "2", "个百分点", "", ""},
		{"10套设备", "", "10", "", "套设备", ""},
		{"5/年", "", "5", "", "/年", ""},
		{"万元", "", "", "", "万元", ""},

		// Several numbers.
		{"1-2次", "", "", "", "1-2次", ""},
		{"5000-6000万立方米", "", "", "", "5000-6000万立方米", ""},
		{"5%～10%", "", "", "", "5%～10%", ""},
		{"3至5天", "", "", "", "3至5天", ""},
		{"≥95%且≤100%", ">=", "95", "%", "且≤100%", ""},
		{"≥95%95%", ">=", "95", "%", "95%", ""},
		{"9 0%", "", "", "", "9 0%", ""},
		{"100对核查每一家企业均形成一份核查报告，核查报告率100%。", "", "100", "", "对核查每一家企业均形成一份核查报告，核查报告率100%。", ""},
		{"掌握57家重点监管单位周边土壤环境质量", "", "", "", "掌握57家重点监管单位周边土壤环境质量", ""},

		// Dates and numbered paragraphs.
		{"2024年12月底前", "", "", "", "2024年12月底前", ""},
		{"2024年", "", "", "", "2024年", ""},
		{"12月底前", "", "", "", "12月底前", ""},
		{"6月30日", "", "", "", "6月30日", ""},
		{"15日前", "", "", "", "15日前", ""},
		{"12个月", "", "12", "个月", "", ""},
		{"3年", "", "3", "年", "", ""},
		{"1.按时完成\n2.通过验收", "", "", "", "1.按时完成\n2.通过验收", ""},
		{"1、按时完成", "", "", "", "1、按时完成", ""},
		{"达到保护和改善生态\n环境，保障公众健康\n的目的。", "", "", "", "达到保护和改善生态\n环境，保障公众健康\n的目的。", ""},
	}
	for _, c := range cases {
		got := ParseTarget(c.in)
		want := Target{Op: c.op, Unit: c.unit, Text: c.text}
		if c.value != "" {
			want.Value, want.HasValue = decimal.RequireFromString(c.value), true
		}
		if !sameTarget(got, want) || ruleList(got.Repairs) != c.rules {
			t.Errorf("ParseTarget(%q) =\n\t%s\nwant\n\t%s [%s]", c.in, fmtTarget(got), fmtTarget(want), c.rules)
		}
	}
}

func TestParseTargetRepairs(t *testing.T) {
	got := ParseTarget(" ≥ 95 百分比。")
	want := []Repair{
		{RuleStraySpace, "≥ 95 百分比。", "≥95百分比。"},
		{RulePercentWord, "≥ 95 百分比。", "≥95%。"},
		{RuleTrailingPunctPart, "≥ 95 百分比。", "≥95%"},
	}
	if !reflect.DeepEqual(got.Repairs, want) {
		t.Errorf("repairs = %q\nwant %q", got.Repairs, want)
	}
	got = ParseTarget("≥９５％")
	if want := []Repair{{RuleFullWidth, "≥９５％", "≥95%"}}; !reflect.DeepEqual(got.Repairs, want) {
		t.Errorf("repairs = %q\nwant %q", got.Repairs, want)
	}
}

// TestParseTargetSeed checks every distinct 指标值 cell of the seed against
// its reviewed parse in testdata/targets.txt, and that the file lists
// exactly the seed's cells.
func TestParseTargetSeed(t *testing.T) {
	cells, rows := seedTargetCells(t)
	if rows != 695 {
		t.Errorf("seed: %d indicator rows, want 695", rows)
	}
	if *updateTargets {
		writeTargets(t, cells)
	}
	lines := readTargets(t)
	inFile := map[string]bool{}
	for _, l := range lines {
		inFile[l.raw] = true
		got := ParseTarget(l.raw)
		if !sameTarget(got, l.want) || ruleList(got.Repairs) != l.rules {
			t.Errorf("%s:%d: ParseTarget(%q) =\n\t%s [%s]\nwant\n\t%s [%s]", targetsFile, l.line, l.raw,
				fmtTarget(got), ruleList(got.Repairs), fmtTarget(l.want), l.rules)
		}
	}
	for _, c := range cells {
		if !inFile[c] {
			t.Errorf("seed cell %q is missing from %s", c, targetsFile)
		}
	}
	if len(lines) != len(cells) {
		t.Errorf("%s has %d lines, the seed %d distinct cells", targetsFile, len(lines), len(cells))
	}
}

func sameTarget(a, b Target) bool {
	return a.Op == b.Op && a.HasValue == b.HasValue && a.Value.Equal(b.Value) &&
		a.Unit == b.Unit && a.Text == b.Text
}

func ruleList(rs []Repair) string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Rule
	}
	return strings.Join(names, ",")
}

func fmtTarget(t Target) string {
	v := "-"
	if t.HasValue {
		v = t.Value.String()
	}
	return fmt.Sprintf("op=%q value=%s unit=%q text=%q", t.Op, v, t.Unit, t.Text)
}

// seedTargetCells reads the seed's indicator tables (header 一级指标 … 指标值
// 指标值确定依据) and returns the distinct 指标值 cells, sorted, and the
// number of indicator rows. The value is the row's next-to-last cell: rows
// under a vertically merged 一级指标 print one cell fewer. A row the
// flattening cut in two (a piece of fewer than five cells, or a piece of one
// cell after a full row) is joined back to six cells.
func seedTargetCells(t testing.TB) ([]string, int) {
	t.Helper()
	data, err := os.ReadFile(targetsSeed)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		cells []string
		line  int
	}
	var (
		items []*row // nil is a body paragraph
		cur   *row
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSuffix(sc.Text(), "\r")
		switch {
		case strings.HasPrefix(l, "\t"):
			if cur == nil {
				cur = &row{line: n}
				items = append(items, cur)
			}
			cur.cells = append(cur.cells, l[1:])
		case l == "":
			cur = nil
		case cur != nil:
			cur.cells[len(cur.cells)-1] += "\n" + l
		default:
			items = append(items, nil)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	header := []string{"一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"}
	seen := map[string]bool{}
	rows := 0
	var table []*row
	flush := func() {
		for i := 0; i < len(table); i++ {
			cells, line := table[i].cells, table[i].line
			for i+1 < len(table) && (len(cells) < 5 || len(table[i+1].cells) == 1) &&
				len(cells)+len(table[i+1].cells) <= 6 {
				i++
				cells = append(append([]string(nil), cells...), table[i].cells...)
			}
			if len(cells) != 5 && len(cells) != 6 {
				t.Fatalf("%s:%d: indicator row of %d cells", targetsSeed, line, len(cells))
			}
			rows++
			seen[cells[len(cells)-2]] = true
		}
		table = nil
	}
	inTable := false
	for _, it := range items {
		switch {
		case it == nil:
			flush()
			inTable = false
		case reflect.DeepEqual(trimAll(it.cells), header):
			flush()
			inTable = true
		case inTable:
			table = append(table, it)
		}
	}
	flush()
	cells := make([]string, 0, len(seen))
	for c := range seen {
		cells = append(cells, c)
	}
	sort.Strings(cells)
	return cells, rows
}

func trimAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.TrimSpace(s)
	}
	return out
}

type targetLine struct {
	line  int
	raw   string
	want  Target
	rules string
}

// The targets.txt format: one cell per line, TAB-separated columns raw, op,
// value, unit, text, rules. "-" is an empty column; a column starting with
// a double quote is a Go quoted string. Lines starting with # are comments.
func readTargets(t testing.TB) []targetLine {
	t.Helper()
	data, err := os.ReadFile(targetsFile)
	if err != nil {
		t.Fatal(err)
	}
	var out []targetLine
	for i, l := range strings.Split(string(data), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != 6 {
			t.Fatalf("%s:%d: %d columns, want 6", targetsFile, i+1, len(f))
		}
		for j := range f {
			f[j] = unquoteTargetField(t, f[j], i+1)
		}
		tl := targetLine{line: i + 1, raw: f[0], rules: f[5],
			want: Target{Op: f[1], Unit: f[3], Text: f[4]}}
		if f[2] != "" {
			d, err := decimal.NewFromString(f[2])
			if err != nil {
				t.Fatalf("%s:%d: value: %v", targetsFile, i+1, err)
			}
			tl.want.Value, tl.want.HasValue = d, true
		}
		out = append(out, tl)
	}
	return out
}

func unquoteTargetField(t testing.TB, s string, line int) string {
	switch {
	case s == "-":
		return ""
	case strings.HasPrefix(s, `"`):
		u, err := strconv.Unquote(s)
		if err != nil {
			t.Fatalf("%s:%d: %v", targetsFile, line, err)
		}
		return u
	}
	return s
}

func quoteTargetField(s string) string {
	if s == "" {
		return "-"
	}
	if s == "-" || strings.HasPrefix(s, `"`) || strings.ContainsAny(s, "\t\n\r\\") || strings.TrimSpace(s) != s {
		return strconv.Quote(s)
	}
	return s
}

// writeTargets rewrites targets.txt with ParseTarget's current answers.
func writeTargets(t testing.TB, cells []string) {
	t.Helper()
	var b strings.Builder
	b.WriteString(`# Every distinct 指标值 (target value) cell of the seed,
# fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt, with the parse
# ParseTarget must give, reviewed line by line. Regenerate with
#   go test ./normalize/value/ -run TestParseTargetSeed -update-targets
# and review the diff: a change here needs a reason in the commit message.
#
# Columns, TAB-separated: raw, op, value, unit, text, repair rules
# (comma-separated). "-" is an empty column (for value: no number); a column
# starting with a double quote is a Go quoted string (newlines, edge spaces).
`)
	for _, c := range cells {
		tg := ParseTarget(c)
		v := ""
		if tg.HasValue {
			v = tg.Value.String()
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\n", quoteTargetField(c), quoteTargetField(tg.Op),
			quoteTargetField(v), quoteTargetField(tg.Unit), quoteTargetField(tg.Text), quoteTargetField(ruleList(tg.Repairs)))
	}
	if err := os.MkdirAll(filepath.Dir(targetsFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(targetsFile, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func FuzzParseTarget(f *testing.F) {
	if data, err := os.ReadFile(targetsFile); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if raw, _, ok := strings.Cut(l, "\t"); ok && !strings.HasPrefix(l, "#") {
				if u, err := strconv.Unquote(raw); err == nil {
					raw = u
				}
				f.Add(raw)
			}
		}
	}
	for _, s := range []string{"", "≥ 90 %", "１，２３４个", "1-2次", "≥95%且≤100%", "2024年12月底前",
		"0.6g/㎡", "1.", "-", "−5", "9,999,999.99万元", "≥", "不低于", "5个工作日内", "10000%"} {
		f.Add(s)
	}
	ops := map[string]bool{"": true, ">=": true, "<=": true, ">": true, "<": true, "=": true}
	f.Fuzz(func(t *testing.T, s string) {
		tg := ParseTarget(s)
		if !ops[tg.Op] {
			t.Fatalf("ParseTarget(%q): op %q", s, tg.Op)
		}
		if !tg.HasValue {
			if tg.Op != "" || tg.Unit != "" || !tg.Value.IsZero() || tg.Repairs != nil {
				t.Fatalf("ParseTarget(%q) = %s without a value", s, fmtTarget(tg))
			}
			if tg.Text != Text(strings.TrimSpace(s)) && !IsBlank(s) {
				t.Fatalf("ParseTarget(%q): text %q is not the cell", s, tg.Text)
			}
			return
		}
		// The value is exact: its digits are printed in the cell.
		printed := strings.Map(func(r rune) rune {
			if r == ',' || isCellSpace(r) {
				return -1
			}
			return r
		}, Fold(s))
		if !strings.Contains(printed, tg.Value.Abs().String()) {
			t.Fatalf("ParseTarget(%q): value %s not printed", s, tg.Value)
		}
		if tg.Text != Text(tg.Text) {
			t.Fatalf("ParseTarget(%q): text %q not normalized", s, tg.Text)
		}
		for _, r := range tg.Repairs {
			if r.Raw != strings.TrimSpace(s) || r.Rule == "" {
				t.Fatalf("ParseTarget(%q): repair %q", s, r)
			}
		}
	})
}
