package normalize

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/budgetx/budgetx/internal/normalize/value"
	"github.com/budgetx/budgetx/model"
)

var (
	titleOrdinal = regexp.MustCompile(`^(\d+)[、.．]`)
	monthRE      = regexp.MustCompile(`(\d{1,2})月`)
)

// project is the project a 绩效目标表 describes; its indicator table
// follows it.
type project struct {
	code string
	name string
}

// labelledRow is a row of cells with their labels, for tables read by the
// labels they print (项目编码 | 13110024P… | 项目名称 | …).
type labelledRow struct {
	cells  []gcell
	labels []string // value.Label of each cell; "" for a vertical-merge continuation
}

func labelled(g *grid, r int) labelledRow {
	lr := labelledRow{cells: g.originList(r)}
	lr.labels = make([]string, len(lr.cells))
	for i, p := range lr.cells {
		if !p.VCont {
			lr.labels[i] = value.Label(p.Text)
		}
	}
	return lr
}

// after returns the cell to the right of the first cell whose label
// satisfies match (the zero cell when it is the last), and whether one did.
func (lr labelledRow) after(match func(string) bool) (gcell, bool) {
	for i, l := range lr.labels {
		if l == "" || !match(l) {
			continue
		}
		if i+1 < len(lr.cells) {
			return lr.cells[i+1], true
		}
		return gcell{}, true
	}
	return gcell{}, false
}

func eq(s string) func(string) bool { return func(l string) bool { return l == s } }

func contains(s string) func(string) bool {
	return func(l string) bool { return strings.Contains(l, s) }
}

// projectTable extracts the top table of a 绩效目标表: code, name, budget,
// purpose, spend plan and goals. Its labels, not its positions, find each
// value, so the layouts of different producers fit.
func (n *norm) projectTable(pt *ptable) bool {
	g := pt.g
	rec := n.record(pt, 0, 0)
	found := false
	var spendRow = -1
	for r := 0; r < len(g.Rows); r++ {
		lr := labelled(g, r)
		if p, ok := lr.after(eq("项目编码")); ok {
			rec.Set("project_code", value.Label(p.Text))
			found = true
		}
		if p, ok := lr.after(eq("项目名称")); ok {
			rec.Set("project_name", value.Text(p.Text))
		}
		budgetRow := false
		for _, f := range []struct {
			match func(string) bool
			field string
		}{
			{func(l string) bool { return l == "预算数" || l == "年度预算数" || l == "项目总预算" }, "budget_yuan"},
			{contains("财政资金"), "fiscal_funds_yuan"},
			{func(l string) bool { return l == "其他资金" || strings.HasSuffix(l, "其他资金") }, "other_funds_yuan"},
		} {
			p, ok := lr.after(f.match)
			if !ok || p.Span == 0 {
				continue
			}
			budgetRow = true
			if d, ok := n.amount(pt, r, p.Col, 0, f.field); ok {
				rec.Set(f.field, d)
			}
		}
		if budgetRow && r+1 < len(g.Rows) && g.own(r+1, 0) == "" {
			// The purpose row: under the vertically merged 预算规模及资金用途.
			var parts []string
			for _, p := range g.origins(r + 1) {
				if !p.VCont {
					if t := value.Text(p.Text); t != "" {
						parts = append(parts, t)
					}
				}
			}
			if len(parts) > 0 {
				rec.Set("purpose", strings.Join(parts, "\n"))
			}
		}
		if p, ok := lr.after(func(l string) bool { return l == "资金用途" || l == "项目概述" }); ok && value.Text(p.Text) != "" {
			rec.Set("purpose", value.Text(p.Text))
		}
		if l := value.Label(g.own(r, 0)); spendRow < 0 && strings.HasPrefix(l, "资金支出计划") {
			spendRow = r
		}
		if p, ok := lr.after(func(l string) bool { return l == "绩效目标" || l == "年度绩效目标" }); ok {
			rec.Set("goals", value.Text(p.Text))
		}
	}
	if !found {
		return false
	}
	rec.Set("spend_plan", n.spendPlan(pt, spendRow, rec.String("project_code")))
	if rec.String("project_name") == "" {
		rec.Set("project_name", strings.TrimSuffix(titleOrdinal.ReplaceAllString(pt.title, ""), "绩效目标表"))
	}
	rec.RowNo = 1
	if m := titleOrdinal.FindStringSubmatch(pt.title); m != nil {
		rec.RowNo, _ = strconv.Atoi(m[1])
	}
	n.project = &project{code: rec.String("project_code"), name: rec.String("project_name")}
	n.res.Records = append(n.res.Records, rec)
	return true
}

// spendPlan reads the checkpoints of the 资金支出计划 row r and the
// percentages in the row below, matched by grid column.
func (n *norm) spendPlan(pt *ptable, r int, code string) []model.SpendPoint {
	plan := []model.SpendPoint{}
	g := pt.g
	if r < 0 || r+1 >= len(g.Rows) {
		return plan
	}
	// Values sit under their checkpoints: cell by cell when both rows print
	// as many cells (a row carried over a page break is laid out anew, so
	// its columns may not line up with the row above), else by grid column.
	heads, vals := g.originList(r), g.originList(r+1)
	byIndex := len(heads) == len(vals)
	for i, c := 0, 0; c < g.N; c++ {
		p := g.Rows[r][c]
		if !p.Origin {
			continue
		}
		i++
		if c == 0 {
			continue
		}
		cp := value.Label(p.Text)
		if cp == "" {
			continue
		}
		sp := model.SpendPoint{Checkpoint: cp}
		if m := monthRE.FindStringSubmatch(cp); m != nil {
			sp.Month, _ = strconv.Atoi(m[1])
		} else if strings.Contains(cp, "全年") || strings.Contains(cp, "年底") {
			sp.Month = 12
		} else {
			n.issue(pt, model.Issue{Kind: model.IssueStructure, Severity: model.SevWarning, Row: 1, Column: "spend_plan",
				Raw: p.Text, Message: "spend-plan checkpoint names no month; month left 0"})
		}
		v := g.Rows[r+1][c]
		if byIndex {
			v = vals[i-1]
		}
		raw := ""
		if !v.VCont {
			raw = v.Text
		}
		d, ok, reps, err := value.Percent(raw)
		switch {
		case err != nil:
			sp.PctNull = true
			n.issue(pt, model.Issue{Kind: model.IssueUnparsed, Severity: model.SevWarning, Row: 1, Column: "spend_plan." + cp,
				Raw: raw, Page: v.Pos.Page, Line: v.Pos.Line, Message: "not a percentage; left null"})
		case !ok:
			sp.PctNull = true
		default:
			sp.Pct = d
		}
		n.repaired(pt, reps, 1, "spend_plan."+cp, v.Pos, "project "+code)
		plan = append(plan, sp)
	}
	return plan
}

// indicatorTable extracts the indicator rows of a 绩效目标表, tied to the
// project of the table before it. 一级指标 and 二级指标 cells that are
// vertically merged (or left blank under a label) are filled down.
func (n *norm) indicatorTable(pt *ptable) bool {
	cols := map[string]int{}
	for c := 0; c < pt.g.N; c++ {
		l := leaf(pt.paths[c])
		f := ""
		switch {
		case l == "一级指标":
			f = "level1"
		case l == "二级指标":
			f = "level2"
		case l == "三级指标":
			f = "level3"
		case strings.Contains(l, "描述") || l == "指标内容" || l == "指标解释":
			f = "description"
		case strings.Contains(l, "依据") || strings.Contains(l, "评分标准") || strings.Contains(l, "扣分标准"):
			f = "basis"
		case l == "指标值" || l == "目标值" || l == "年度指标值" || l == "绩效指标值" || l == "指标目标值":
			f = "target_raw"
		}
		if _, dup := cols[f]; f != "" && !dup {
			cols[f] = c
		}
	}
	if _, ok := cols["level1"]; !ok {
		return false
	}
	for f, c := range cols {
		pt.role(c, RoleOther, f)
	}
	code := ""
	if n.project != nil {
		code = n.project.code
	} else {
		n.issue(pt, model.Issue{Kind: model.IssueStructure, Severity: model.SevWarning,
			Message: "indicator table with no project table before it; project_code left empty"})
	}
	var l1, l2 string
	order := 0
	for r := pt.dataStart; r < len(pt.g.Rows); r++ {
		texts := make(map[string]string, len(cols)) // each field's text, read once
		for f, c := range cols {
			if t := value.Text(pt.g.own(r, c)); t != "" {
				texts[f] = t
			}
		}
		if len(texts) == 0 {
			continue
		}
		get := func(f string) string { return texts[f] }
		if v := get("level1"); v != "" {
			l1, l2 = v, ""
		}
		if v := get("level2"); v != "" {
			l2 = v
		}
		order++
		rec := n.record(pt, r, order)
		rec.Set("project_code", code)
		rec.Set("level1", l1)
		if l2 != "" {
			rec.Set("level2", l2)
		}
		for _, f := range []string{"level3", "description", "basis"} {
			if v := get(f); v != "" {
				rec.Set(f, v)
			}
		}
		if raw := get("target_raw"); raw != "" {
			rec.Set("target_raw", raw)
			// The parser sees the cell as printed, spaces and all, so that
			// it records the repairs it makes.
			t := value.ParseTarget(pt.g.own(r, cols["target_raw"]))
			if t.Op != "" {
				rec.Set("target_op", t.Op)
			}
			if t.HasValue {
				rec.Set("target_value", t.Value)
			}
			if t.Unit != "" {
				rec.Set("target_unit", t.Unit)
			}
			if t.Text != "" {
				rec.Set("target_text", t.Text)
			}
			n.repaired(pt, t.Repairs, order, "target_raw", pt.g.Rows[r][cols["target_raw"]].Pos, "project "+code)
		}
		n.res.Records = append(n.res.Records, rec)
	}
	return true
}

var procurementFields = map[string]string{
	"项目名称": "project_name", "预算资金": "project_budget_yuan", "项目预算": "project_budget_yuan",
	"采购物品名称": "item_name", "采购品目名称": "item_name", "采购项目名称": "item_name",
	"政府采购目录序号": "catalog_code", "采购目录": "catalog_code", "品目编码": "catalog_code", "政府采购品目": "catalog_code",
	"计量单位": "measure_unit", "数量": "quantity", "单价": "unit_price_yuan",
	"合计": "amount_yuan", "小计": "amount_yuan", "金额": "amount_yuan", "采购金额": "amount_yuan",
	"采购类别": "item_name", "采购品目": "item_name",
	"一般公共预算拨款": "general_public_budget_yuan", "一般公共预算": "general_public_budget_yuan",
	"基金预算拨款": "government_fund_yuan", "政府性基金预算拨款": "government_fund_yuan",
	"国有资本经营预算拨款": "state_capital_yuan",
	"财政专户核拨":     "special_account_yuan", "财政专户管理资金": "special_account_yuan",
	"单位资金": "unit_funds_yuan", "上年结转结余": "prior_year_carryover_yuan", "上年结转": "prior_year_carryover_yuan",
}

// procurementTable extracts the 政府采购预算 table: a 合计 row, a 小计 row
// per organization, and the items under each.
func (n *norm) procurementTable(pt *ptable) bool {
	fields := map[int]string{}
	used := map[string]bool{}
	var unmapped []int
	for c := 0; c < pt.g.N; c++ {
		p := pt.paths[c]
		f := procurementFields[leaf(p)]
		if pathHas(p, "中小") || pathHas(p, "小微") {
			f = "sme_reserved_yuan"
		}
		if f != "" && !used[f] {
			fields[c], used[f] = f, true
			pt.role(c, fieldRole(f), f)
		} else if len(p) > 0 {
			unmapped = append(unmapped, c)
			n.unmapped(pt, c)
		}
	}
	if !used["amount_yuan"] {
		return false
	}
	org := ""
	order := 0
	for r := pt.dataStart; r < len(pt.g.Rows); r++ {
		first := value.Text(pt.g.own(r, 0))
		fl := value.Label(first)
		empty := true
		for c := range fields {
			if !value.IsBlank(pt.g.own(r, c)) {
				empty = false
			}
		}
		if empty && fl == "" {
			continue
		}
		order++
		rec := n.record(pt, r, order)
		switch {
		case fl == "合计" || fl == "总计":
			rec.Set("row_kind", "total")
		case strings.HasSuffix(fl, "小计"):
			org = strings.TrimSuffix(first, "小计")
			rec.Set("row_kind", "subtotal")
			rec.Set("org_name", value.Text(org))
		default:
			rec.Set("row_kind", "item")
			if org != "" {
				rec.Set("org_name", value.Text(org))
			}
		}
		kind := rec.String("row_kind")
		for c, f := range fields {
			t := pt.g.own(r, c)
			switch {
			case strings.HasSuffix(f, "_yuan"):
				if d, ok := n.amount(pt, r, c, order, f); ok {
					rec.Set(f, d)
				}
			case f == "quantity":
				if d, ok := n.decimalCell(pt, r, c, order, f); ok {
					rec.Set(f, d)
				}
			case c == 0 && kind != "item" && !strings.HasSuffix(f, "_yuan"):
				// the 合计/小计 label sits in this column
			case f == "catalog_code":
				if l := value.Label(value.Fold(t)); l != "" {
					rec.Set(f, l)
				}
			default:
				if v := value.Text(t); v != "" {
					rec.Set(f, v)
				}
			}
		}
		n.res.Records = append(n.res.Records, rec)
		n.otherCells(pt, r, order, unmapped)
	}
	return true
}

var qtyUnitRE = regexp.MustCompile(`[（(]([^（）()]*?)[）)]\s*$`)

// assetsTable extracts the 固定资产占用情况表: each item with its quantity,
// the quantity's unit from the label (（平方米）), value and the as-of
// date; 其中 rows name the row above them as parent_label.
func (n *norm) assetsTable(pt *ptable) bool {
	qc, vc := -1, -1
	for c := 0; c < pt.g.N; c++ {
		l := leaf(pt.paths[c])
		switch {
		case strings.HasPrefix(l, "数量"):
			qc = c
		case strings.HasPrefix(l, "价值") || strings.HasPrefix(l, "金额") || strings.HasPrefix(l, "账面"):
			vc = c
			if u := value.FindUnit(l); u != "" && !pt.ownUnit {
				pt.factor, _ = value.UnitFactor(u)
				pt.summary.Unit = u
			}
		}
	}
	if vc < 0 {
		return false
	}
	pt.role(0, RoleName, "")
	pt.role(qc, RoleOther, "quantity")
	pt.role(vc, RoleAmount, "value_yuan")
	parent := ""
	order := 0
	for r := pt.dataStart; r < len(pt.g.Rows); r++ {
		raw := value.Text(pt.g.own(r, 0))
		if raw == "" {
			continue
		}
		order++
		label := raw
		sub := strings.HasPrefix(value.Label(label), "其中")
		label = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(value.Label(label), "其中："), "其中:"))
		unit := ""
		if m := qtyUnitRE.FindStringSubmatch(label); m != nil {
			unit = m[1]
			label = strings.TrimSpace(label[:len(label)-len(m[0])])
		}
		rec := n.record(pt, r, order)
		rec.Set("item_label", label)
		if sub && parent != "" {
			rec.Set("parent_label", parent)
		} else if !sub {
			parent = label
		}
		if qc >= 0 {
			if d, ok := n.decimalCell(pt, r, qc, order, "quantity"); ok {
				rec.Set("quantity", d)
			}
		}
		if unit != "" {
			rec.Set("quantity_unit", unit)
		}
		if d, ok := n.amount(pt, r, vc, order, "value_yuan"); ok {
			rec.Set("value_yuan", d)
		}
		if pt.meta.AsOf != "" {
			rec.Set("as_of", pt.meta.AsOf)
		}
		n.res.Records = append(n.res.Records, rec)
	}
	return true
}
