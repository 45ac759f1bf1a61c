package normalize

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/budgetx/budgetx/internal/normalize/value"
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

// dataLike reports whether row r looks like data rather than header: it
// prints a number or a code. (A total label alone does not tell: headers
// print 合计 too.)
func dataLike(g *grid, r int) bool {
	if l := firstLabel(g, r); l == "合计" || l == "总计" {
		// a total row: the rest of it is blank or numbers (a header row
		// starting with 合计 goes on with labels)
		rest := true
		for i, p := range g.origins(r) {
			t := value.Label(p.Text)
			if i == 0 || t == "" || t == l {
				continue
			}
			if !value.IsAmount(t) {
				rest = false
			}
		}
		if rest {
			return true
		}
	}
	for _, p := range g.origins(r) {
		l := value.Label(p.Text)
		if l == "" || p.VCont {
			continue
		}
		if value.IsAmount(l) {
			return true
		}
		// an item of a list (一、部门预算, 1、财政拨款): header labels
		// carry no ordinal
		if itemOrdinal.MatchString(l) {
			return true
		}
	}
	return false
}

// itemOrdinal matches the ordinal a listed row item starts with.
var itemOrdinal = regexp.MustCompile(`^(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[、．]|[（(][一二三四五六七八九十\d]{1,3}[)）])\S`)

// findHeader returns the header rows [start, end) of g after its meta rows
// and the first data row. The header ends at the 栏次 row (data after it),
// at rows flagged as repeated headers, or before the first row that prints
// a number — a row of column numbers 1, 2, 3 … (a 栏次 row without its
// label) is skipped like 栏次. Tables of text only (机构设置, 绩效指标) end
// their header at their anchor row.
func findHeader(g *grid, metaRows int) (start, end, data int) {
	start = metaRows
	for r := metaRows; r < len(g.Rows); r++ {
		if firstLabel(g, r) == "栏次" {
			return start, r, r + 1
		}
	}
	// A row of column numbers near the top ends the header, whatever the
	// labels above it.
	for r := metaRows + 1; r < len(g.Rows) && r < metaRows+7; r++ {
		if numberingRow(g, r) {
			return start, r, r + 1
		}
		if dataLike(g, r) {
			break
		}
	}
	end = start
	for end < len(g.Rows) && g.Header[end] {
		end++
	}
	if end > start {
		if end < len(g.Rows) && numberingRow(g, end) {
			return start, end, end + 1
		}
		return start, end, end
	}
	for r := start; r < len(g.Rows) && r < start+6; r++ {
		if anchorRow(g, r) && !continuesHeader(g, r+1) {
			return start, r + 1, r + 1
		}
		if numberingRow(g, r) {
			return start, r, r + 1
		}
		if dataLike(g, r) {
			if r == start {
				break
			}
			return start, r, r
		}
	}
	// No data row near the top: the last row with a header word.
	for r := start; r < len(g.Rows) && r < start+5; r++ {
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
	return start, end, end
}

// anchorRow reports whether row r is the header row of a text-only table.
func anchorRow(g *grid, r int) bool {
	for _, p := range g.origins(r) {
		switch value.Label(p.Text) {
		case "一级指标", "单位名称":
			return true
		}
	}
	return false
}

// numberingRow reports whether row r prints the column numbers 1, 2, 3 …
func numberingRow(g *grid, r int) bool {
	k := 0
	for _, p := range g.origins(r) {
		l := value.Label(p.Text)
		if l == "" || strings.Trim(l, "*") == "" || l == "栏次" || l == "行次" {
			continue // ** under the label columns (Changsha, Xi'an)
		}
		k++
		if l != strconv.Itoa(k) {
			return false
		}
	}
	return k >= 3
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

// continuesHeader reports whether row r goes on with the header above it:
// some of its cells continue a vertical merge from the row above, and it
// prints no number.
func continuesHeader(g *grid, r int) bool {
	if r >= len(g.Rows) || dataLike(g, r) {
		return false
	}
	for _, p := range g.Rows[r] {
		if p.VCont {
			return true
		}
	}
	return false
}
