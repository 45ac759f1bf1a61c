package normalize

import (
	"fmt"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
)

// flat builds a table of the flattened text form: rows of cells, spans lost.
func flat(rows ...string) *model.Table {
	t := &model.Table{}
	for i, r := range rows {
		row := model.Row{Pos: model.Pos{Line: i + 1}}
		for j, c := range strings.Split(r, "|") {
			row.Cells = append(row.Cells, model.Cell{Text: c, Col: j, Span: 1, Pos: model.Pos{Line: i + 1}})
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// spans renders row r of g as its cells' spans.
func spans(g *grid, r int) string {
	var s []string
	for _, p := range g.origins(r) {
		s = append(s, fmt.Sprint(p.Span))
	}
	return strings.Join(s, ",")
}

func TestInferSpans(t *testing.T) {
	cases := []struct {
		name string
		rows []string
		want string // spans of row 0
	}{
		{"blank below = vertical merge, labelled run = span (收入总表)",
			[]string{"序号|功能分类科目|合计|本年收入|上年结转", "|科目编码|科目名称||小计|财政拨款收入|事业收入|", "栏次|1|2|3|4|5|6|7"},
			"1,2,1,3,1"},
		{"two-sided: split where 项目 repeats (收支总表)",
			[]string{"序号|收入|支出", "|项目|预算数|项目|预算数", "栏次|1|2|3|4"},
			"1,2,2"},
		{"split before 合计 after the name column (基本支出表)",
			[]string{"序号|支出部门经济分类科目|一般公共预算基本支出", "|科目编码|科目名称|合计|人员经费|公用经费", "栏次|1|2|3|4|5"},
			"1,2,3"},
		{"no fit: left-aligned, the last cell takes the rest",
			[]string{"a|b", "x|y|z|w", "栏次|1|2|3"},
			"1,3"},
	}
	for _, c := range cases {
		g := fromFlat(flat(c.rows...))
		if got := spans(g, 0); got != c.want {
			t.Errorf("%s: spans %s, want %s", c.name, got, c.want)
		}
	}
}

func TestRejoin(t *testing.T) {
	header := "一级指标|二级指标|三级指标|描述|指标值|依据"
	cases := []struct {
		name string
		rows []string
		want int // rows after rejoining
	}{
		{"4+2", []string{header, "产出指标|数量指标|人员培训|培训", "1次|合同", "|质量指标|a|b|c|d"}, 3},
		{"5+1 twice", []string{header, "|时效指标|a|b|c", "d", "|成本指标|e|f|g", "h", "|满意度|i|j|k|l"}, 4},
		{"widths vary by design: no join", []string{"单位：万元", "项目编码|x|项目名称|y", "预算规模|预算数|1|财政|1|其他|", "|用途", "资金支出计划|3月底|6月底|10月底|12月底", "||50%|100%|100%", "绩效目标|z"}, 7},
	}
	for _, c := range cases {
		g := fromFlat(flat(c.rows...))
		if len(g.Rows) != c.want {
			t.Errorf("%s: %d rows, want %d", c.name, len(g.Rows), c.want)
		}
	}
}
