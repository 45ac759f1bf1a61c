package normalize

import (
	"strings"

	"github.com/budgetx/budgetx/internal/normalize/value"
)

// projectList extracts a list of projects with their amounts (项目支出表,
// 项目支出总表, 专项业务经费支出表, 项目支出及其他支出预算表): a 合计 row,
// rows of 预算单位 (in a unit column of their own, or as rows between the
// projects), and one row per project, with the amounts by source of funds
// and, where printed, its performance target.
func (n *norm) projectList(pt *ptable) bool {
	cm, unmapped := n.mapColumns(pt, nil)
	if len(cm.fields) == 0 {
		return false
	}
	nameCol, codeCol, targetCol := cm.name, -1, -1
	for c := 0; c < pt.g.N; c++ {
		l := labelPrefix.ReplaceAllString(leaf(pt.paths[c]), "")
		switch {
		case strings.HasPrefix(l, "项目编码") || strings.HasPrefix(l, "项目代码"):
			codeCol = c
		case strings.Contains(l, "绩效目标") && targetCol < 0:
			targetCol = c
		case nameCol < 0 && (strings.Contains(l, "项目名称") || strings.Contains(l, "项目）名称") || strings.Contains(l, "项目)名称")):
			nameCol = c
		}
	}
	if nameCol < 0 {
		if cm.unit < 0 {
			return false
		}
		nameCol, cm.unit = cm.unit, -1 // 单位（项目）名称: units and projects in one column
	}
	var rest []int
	for _, c := range unmapped {
		if c != nameCol && c != codeCol && c != targetCol {
			rest = append(rest, c)
		}
	}
	unitName, unitCodeV := "", ""
	order := 0
	for r := pt.dataStart; r < len(pt.g.Rows); r++ {
		name := value.Text(pt.g.own(r, nameCol))
		hasAmount := printsAny(pt.g, r, cm.fields)
		unitCell := ""
		if cm.unit >= 0 {
			unitCell = value.Text(pt.g.own(r, cm.unit))
		}
		uc := ""
		if cm.unitCode >= 0 {
			uc = value.Label(value.Fold(pt.g.own(r, cm.unitCode)))
		}
		if name == "" && unitCell == "" && !hasAmount {
			continue
		}
		if pt.g.Rows[r][nameCol].VCont {
			continue // a project's row carried over a page break, printed again
		}
		kind := "item"
		l := value.Label(name)
		switch {
		case totalLabel.MatchString(l) || name == "" && totalLabel.MatchString(value.Label(unitCell)):
			kind = "total"
		case unitCell != "":
			unitName = unitCell
			if uc != "" {
				unitCodeV = uc
			}
		case unitLabel.MatchString(l) && (uc != "" || cm.unit < 0) && !strings.Contains(l, "项目"):
			kind = "unit"
			unitName, unitCodeV = name, uc
		}
		order++
		rowNo := rowNoAt(pt.g, r, cm.rowNo, order)
		rec := n.record(pt, r, rowNo)
		rec.Set("row_kind", kind)
		if kind != "total" {
			if unitName != "" {
				rec.Set("unit_name", unitName)
			}
			if unitCodeV != "" {
				rec.Set("unit_code", unitCodeV)
			}
		}
		if kind == "item" && name != "" {
			rec.Set("project_name", name)
		}
		if codeCol >= 0 {
			if code := value.Label(value.Fold(pt.g.own(r, codeCol))); code != "" {
				rec.Set("project_code", code)
			}
		}
		if targetCol >= 0 {
			if t := value.Text(pt.g.own(r, targetCol)); t != "" {
				rec.Set("performance_target", t)
			}
		}
		n.setAmounts(pt, &rec, r, rowNo, cm.fields)
		n.res.Records = append(n.res.Records, rec)
		n.otherCells(pt, r, rowNo, rest)
	}
	return true
}
