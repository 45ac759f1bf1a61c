package value

import (
	"errors"
	"strings"
	"testing"
)

func TestLabel(t *testing.T) {
	cases := map[string]string{
		"项  目":         "项目",
		"财政拨款 收入":      "财政拨款收入",
		"科目    编码":     "科目编码",
		"一般公共预算\n财政拨款": "一般公共预算财政拨款",
		"　　其中：办公用房":    "其中：办公用房",
		"":             "",
	}
	for in, want := range cases {
		if got := Label(in); got != want {
			t.Errorf("Label(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAmount(t *testing.T) {
	cases := []struct {
		in      string
		want    string // "" means blank
		repairs int
		err     bool
	}{
		{"21541.25", "21541.25", 0, false},
		{"0.00", "0", 0, false},
		{"", "", 0, false},
		{"  ", "", 0, false},
		{"-", "", 0, false},
		{"1,234,567.80", "1234567.8", 0, false},
		{"１２３．４５", "123.45", 1, false},
		{"12,34.5", "1234.5", 1, false},
		{"1 234.00", "1234", 1, false},
		{"-12.30", "-12.3", 0, false},
		{"(12.30)", "-12.3", 0, false},
		{"abc", "", 0, true},
		{"24,458.43二、", "", 0, true},
	}
	for _, c := range cases {
		d, ok, reps, err := Amount(c.in)
		if c.err {
			if !errors.Is(err, ErrNotNumber) {
				t.Errorf("Amount(%q): want ErrNotNumber, got %v", c.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Amount(%q): %v", c.in, err)
			continue
		}
		if c.want == "" {
			if ok {
				t.Errorf("Amount(%q) = %s, want blank", c.in, d)
			}
			continue
		}
		if !ok || d.String() != c.want {
			t.Errorf("Amount(%q) = %s,%v want %s", c.in, d, ok, c.want)
		}
		if len(reps) != c.repairs {
			t.Errorf("Amount(%q): %d repairs %v, want %d", c.in, len(reps), reps, c.repairs)
		}
	}
}

func TestFindUnit(t *testing.T) {
	for in, want := range map[string]string{"单位：万元": "万元", "金额单位: 元": "元", "单位:万元": "万元", "预算年度：2024": ""} {
		if got := FindUnit(in); got != want {
			t.Errorf("FindUnit(%q) = %q want %q", in, got, want)
		}
	}
}

func FuzzAmount(f *testing.F) {
	for _, s := range []string{"21541.25", "1,234.00", "１２３", "(1.0)", "1 2", "-", "."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok, _, err := Amount(s)
		if err != nil && ok {
			t.Fatal("ok with error")
		}
		if ok {
			_ = d.String()
		}
	})
}

func TestTextSpaces(t *testing.T) {
	cases := map[string]string{
		"改善我市生态环境 质量":     "改善我市生态环境质量",
		"目标内容 2：完成":       "目标内容2：完成",
		"A4 黑白打印机":        "A4黑白打印机",
		"100 %":           "100%",
		"≥ 90":            "≥90",
		"PM 2.5 and  NO2": "PM 2.5 and NO2",
		" a \n\n b ":      "a\nb",
	}
	for in, want := range cases {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnwrap(t *testing.T) {
	cases := map[string]string{
		"机关事业单位基本养老保险\n缴费支出": "机关事业单位基本养老保险缴费支出",
		"1.编制报告\n2.保障运行":     "1.编制报告\n2.保障运行",
		"（一）目标\n（二）措施":       "（一）目标\n（二）措施",
		"1,234\n.56":         "1,234.56",
		"Hello\nworld":       "Hello world",
		"no break":           "no break",
		"一、收入\n二、支出":         "一、收入\n二、支出",
	}
	for in, want := range cases {
		if got := Unwrap(in); got != want {
			t.Errorf("Unwrap(%q) = %q, want %q", in, got, want)
		}
	}
}

// hasLabelSpace agrees with the rune-by-rune test on every rune Label
// removes and on text around them.
func TestHasLabelSpace(t *testing.T) {
	var texts []string
	for r := rune(0); r < 0x10000; r++ {
		if labelSpace(r) {
			texts = append(texts, "预算"+string(r)+"支出", string(r))
		}
	}
	texts = append(texts, "", "预算支出，合计。", "abc", "（一）部门预算", "\uFF0C\u3002\u2014", "bad\xff\xfeutf8")
	for _, s := range texts {
		want := strings.IndexFunc(s, labelSpace) >= 0
		if got := hasLabelSpace(s); got != want {
			t.Errorf("hasLabelSpace(%q) = %v, want %v", s, got, want)
		}
	}
}
