package pdf

import (
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
)

// rowTexts prints a row as "a|b|c", a continued vertical merge as "^".
func rowTexts(r model.Row) string {
	var s []string
	for _, c := range r.Cells {
		t := c.Text
		if c.VMerge == model.VMergeContinue {
			t = "^"
		}
		s = append(s, t)
	}
	return strings.Join(s, "|")
}

// findRow returns the first table row, and its table, whose text starts
// with prefix.
func findRow(doc *model.Document, prefix string) (*model.Table, *model.Row) {
	for _, b := range doc.Blocks {
		if b.Table == nil {
			continue
		}
		for i := range b.Table.Rows {
			if strings.HasPrefix(rowTexts(b.Table.Rows[i]), prefix) {
				return b.Table, &b.Table.Rows[i]
			}
		}
	}
	return nil, nil
}

func TestLayoutSample(t *testing.T) {
	doc, err := ReadFileInProcess(sample)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.Blocks {
		if b.Para != nil {
			got = append(got, "P:"+b.Para.Text)
			continue
		}
		tb := b.Table
		if !tb.GridKnown || tb.Cols != 3 || tb.Pos.Page != 1 {
			t.Errorf("table %+v", tb)
		}
		for _, r := range tb.Rows {
			got = append(got, "R:"+rowTexts(r))
		}
	}
	want := []string{
		"P:部门预算收支总表",
		"P:部门预算（GBK）",
		"R:项目|合计|一般公共",
		"R:栏次|1|2",
		"R:一般公共服务支出|21541.25|3.50",
		"R:教育支出|0.00|",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestLayoutReal(t *testing.T) {
	cases := []struct {
		file string
		rows []string // row prefixes, "a|b|c", that must be found
		page []int    // the page of each row
	}{
		{"beijing-caizhengju-2026-budget-tables.pdf", []string{
			"收 入|支 出", // spans two columns each
			"一、一般公共预算拨款收入|44,156.640120|一、一般公共服务支出|37,644.195492",
			"||二十三、其他支出|792.644000", // the table goes on over page 2
			"合计|本年收入|上年结转结余",
			"^|小计|一般公共预算资\n金|政府性基金预算\n资金",
			// a code split over two lines of a narrow cell joins without a break
			"11000022T000000456408-企业财务会计决算\n报表工作服务|67.700000|67.700000",
		}, []int{1, 1, 2, 3, 3, 18}},
		{"foshan-guidao-2019-final-account.pdf", []string{
			"一、一般公共预算财政拨款收入|1|1668.14|一、一般公共服务支出|27|0.00",
			"|11||十一、城乡社区支出|37|0.00", // continued on page 6 under a repeated title
		}, []int{5, 6}},
		{"jiangsu-jianchayuan-2019-budget.pdf", []string{"2040401|行政运行|12,268.62"}, []int{16}},
		{"shanghai-putuo-caizhengju-2024-final-account.pdf", []string{"一、一般公共预算财政拨款收入|2,940.05|一、一般公共服务支出|2,106.66"}, []int{6}},
		{"shanghai-putuo-sifaju-2026-budget.pdf", []string{
			"一、财政拨款收入|96,282,213.44|一、公共安全支出|87,267,272.44",
			"类|款|项|^|^",
			"204|||公共安全支出|87267272.44",
		}, []int{10, 11, 11}},
		{"shenzhen-minzhengju-2026-budget.pdf", []string{"一、财政拨款|28,097.48|一、教育支出|12.23"}, []int{16}},
		{"central-xinfangju-2024-final-account.pdf", []string{"一、一般公共预算财政拨款收入|1|19,572.91|一、一般公共服务支出|32|10,685.56"}, []int{7}},
	}
	for _, c := range cases {
		doc, err := ReadFileInProcess(realFile(t, c.file))
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		for i, prefix := range c.rows {
			tb, r := findRow(doc, prefix)
			if r == nil {
				t.Errorf("%s: no row %q", c.file, prefix)
				continue
			}
			if r.Pos.Page != c.page[i] {
				t.Errorf("%s: row %q on page %d, want %d", c.file, prefix, r.Pos.Page, c.page[i])
			}
			if !tb.GridKnown || tb.Cols == 0 {
				t.Errorf("%s: table of %q: GridKnown %v Cols %d", c.file, prefix, tb.GridKnown, tb.Cols)
			}
		}
	}
}

func TestLayoutRepeatedHeader(t *testing.T) {
	// Shenzhen's 收支总表 repeats its two header rows on page 17.
	doc, err := ReadFileInProcess(realFile(t, "shenzhen-minzhengju-2026-budget.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	tb, _ := findRow(doc, "一、财政拨款|28,097.48")
	if tb == nil {
		t.Fatal("no 收支总表")
	}
	heads, pages := 0, map[int]bool{}
	for _, r := range tb.Rows {
		pages[r.Pos.Page] = true
		if strings.HasPrefix(rowTexts(r), "项 目|2026年预算数") {
			heads++
			if !r.Header || r.Pos.Page != 16 {
				t.Errorf("header row %q: Header %v page %d", rowTexts(r), r.Header, r.Pos.Page)
			}
		}
	}
	if heads != 1 || !pages[16] || !pages[17] {
		t.Errorf("%d header rows, pages %v; want 1 header and pages 16 and 17", heads, pages)
	}
}

func TestLayoutDropsPageNumbers(t *testing.T) {
	doc, err := ReadFileInProcess(realFile(t, "foshan-guidao-2019-final-account.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range doc.Blocks {
		if b.Para != nil && pageNumberRE.MatchString(b.Para.Text) {
			t.Errorf("page %d: page number %q kept", b.Para.Pos.Page, b.Para.Text)
		}
	}
}

func TestLayoutAlignmentFallback(t *testing.T) {
	// Foshan's 收入决算表 (page 8) with its rules taken away: the 栏次 row
	// gives the columns.
	r, err := Open(realFile(t, "foshan-guidao-2019-final-account.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	p, err := r.Page(8)
	if err != nil {
		t.Fatal(err)
	}
	p.Lines = nil
	var tb *model.Table
	blocks, err := layout([]*Page{p}, model.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range blocks {
		if b.Table != nil {
			tb = b.Table
		}
	}
	if tb == nil {
		t.Fatal("no table")
	}
	if tb.Cols != 8 || tb.GridKnown {
		t.Errorf("Cols %d GridKnown %v, want 8 and false", tb.Cols, tb.GridKnown)
	}
	want := []string{
		"项 目\n功能分类\n科目名称\n科目编码|本年收入合\n计|财政拨款收入|上级补助收入|事业收入|经营收入|附属单位上缴\n收入|其他收入",
		"栏次|1|2|3|4|5|6|7",
		"合计|1668.14|1668.14|0.00|0.00|0.00|0.00|0.01",
		// the label wraps around the vertically centered code and amounts
		"208 社会保障和就业支出|76.23|76.23|0.00|0.00|0.00|0.00|0.00",
		"20805 行政事业单位离退休|76.23|76.23|0.00|0.00|0.00|0.00|0.00",
		"2080505 机关事业单位基本养老保险缴费支出|53.45|53.45|0.00|0.00|0.00|0.00|0.00",
	}
	for i, w := range want {
		if i >= len(tb.Rows) || rowTexts(tb.Rows[i]) != w {
			got := ""
			if i < len(tb.Rows) {
				got = rowTexts(tb.Rows[i])
			}
			t.Errorf("row %d = %q, want %q", i, got, w)
		}
	}
	if n := len(tb.Rows); n != 12 {
		t.Errorf("%d rows, want 12", n)
	}
}

func TestLayoutRowSplitByPageBreak(t *testing.T) {
	// Shenzhen page 11's last row goes on at the top of page 12.
	doc, err := ReadFileInProcess(realFile(t, "shenzhen-minzhengju-2026-budget.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	_, r := findRow(doc, "深圳市民政局（本\n级）|福利彩票公益金\n项目|19,336.15|")
	if r == nil {
		t.Fatal("no row")
	}
	if got := r.Cells[3].Text; !strings.HasSuffix(got, "提升社会福利服务供给能力\n和水平。") {
		t.Errorf("cell = %q, want the rest from page 12 joined", got)
	}
	if _, r := findRow(doc, "|||和水平。"); r != nil {
		t.Errorf("the rest of the row is a row of its own")
	}
}

// TestSplitRowWrappedNumber: a row cut by the page break whose label and
// one amount go on over the page (杭州市机动 | 12,437.3 … / 车驾驶员考试服务中心
// | 6) is one row; a new row starting with text is not joined.
func TestSplitRowWrappedNumber(t *testing.T) {
	row := func(cells ...string) model.Row {
		var r model.Row
		for i, c := range cells {
			r.Cells = append(r.Cells, model.Cell{Text: c, Col: i, Span: 1})
		}
		return r
	}
	last := row("杭州市机动", "14,549.64", "12,437.3", "2,112.28")
	if !splitRow(last, row("车驾驶员考试服务中心", "", "6", "")) {
		t.Error("the rest of a cut row with a wrapped amount was not joined")
	}
	if splitRow(last, row("某某项目", "", "", "")) {
		t.Error("a new text-only row was joined to the row above")
	}
	if splitRow(last, row("某某项目", "10.00", "6", "")) {
		t.Error("a new row with its own amounts was joined")
	}
	for _, c := range []struct {
		head, rest string
		want       bool
	}{{"12,437.3", "6", true}, {"350,034.4", "2", true}, {"12,437.36", "6", false}, {"12,437.3", "a", false}, {"合计", "6", false}} {
		if got := wrappedNumber(c.head, c.rest); got != c.want {
			t.Errorf("wrappedNumber(%q, %q) = %v", c.head, c.rest, got)
		}
	}
}
