package normalize

import (
	"strings"

	"github.com/budgetx/budgetx/normalize/value"
)

// headerWords are labels that only header rows print.
var headerWords = map[string]bool{
	"序号": true, "科目编码": true, "科目名称": true, "功能分类科目": true, "经济分类科目": true,
	"支出部门经济分类科目": true, "支出功能分类科目": true, "项目": true, "项目名称": true,
	"一级指标": true, "二级指标": true, "三级指标": true, "指标值": true, "单位名称": true,
	"单位性质": true, "数量": true, "预算数": true, "决算数": true, "类": true, "款": true,
	"采购物品名称": true, "计量单位": true, "单价": true, "科目代码": true,
}

func isHeaderWord(l string) bool {
	return headerWords[l] || strings.HasPrefix(l, "价值") || strings.HasPrefix(l, "金额")
}

// dataLike reports whether row r looks like data rather than header: a
// printed number or code, or a row that starts with a total label (a
// header prints 合计 too, but not first).
func dataLike(g *grid, r int) bool {
	if l := firstLabel(g, r); l == "合计" || l == "总计" {
		return true
	}
	for _, p := range g.origins(r) {
		l := value.Label(p.Text)
		if l == "" {
			continue
		}
		if _, ok, _, err := value.Amount(l); ok && err == nil {
			return true
		}
	}
	return false
}

// findHeader returns the header rows [start, end) of g after its meta rows,
// and the 栏次 row (or -1). Data rows start at end, or after the 栏次 row.
func findHeader(g *grid, metaRows int) (start, end, lanci int) {
	start, lanci = metaRows, -1
	for r := metaRows; r < len(g.Rows); r++ {
		for _, p := range g.origins(r) {
			if l := value.Label(p.Text); l != "" {
				if l == "栏次" {
					lanci = r
				}
				break
			}
		}
		if lanci >= 0 {
			return start, lanci, lanci
		}
	}
	// Rows the reader flagged as repeated headers.
	end = start
	for end < len(g.Rows) && g.Header[end] {
		end++
	}
	if end > start {
		return start, end, -1
	}
	// The last row with a header word among the first rows, stopping at data.
	for r := start; r < len(g.Rows) && r < start+5; r++ {
		if dataLike(g, r) {
			break
		}
		for _, p := range g.origins(r) {
			if isHeaderWord(value.Label(p.Text)) {
				end = r + 1
				break
			}
		}
	}
	if end == start && start < len(g.Rows) {
		end = start + 1
	}
	return start, end, -1
}

// headerPaths returns each column's header path: the distinct labels of the
// header rows covering it, top down.
func headerPaths(g *grid, start, end int) [][]string {
	paths := make([][]string, g.N)
	for c := 0; c < g.N; c++ {
		for r := start; r < end; r++ {
			l := g.label(r, c)
			if l == "" {
				continue
			}
			if n := len(paths[c]); n > 0 && paths[c][n-1] == l {
				continue
			}
			paths[c] = append(paths[c], l)
		}
	}
	return paths
}

// leaf returns the last label of a path, or "".
func leaf(p []string) string {
	if len(p) == 0 {
		return ""
	}
	return p[len(p)-1]
}

// pathHas reports whether any label of p contains s.
func pathHas(p []string, s string) bool {
	for _, l := range p {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}
