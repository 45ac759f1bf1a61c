package normalize

import (
	"fmt"
	"strings"

	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/normalize/value"
)

// colMap is what each column of a table holds.
type colMap struct {
	rowNo  int // column of 序号, or -1
	code   []int
	name   int            // -1 if none
	fields map[int]string // amount column -> field
}

// mapColumns maps pt's columns to roles and fields, reporting every
// labelled column it cannot map (its cells go to other_tables).
func (n *norm) mapColumns(pt *ptable, side func(c int) bool) (colMap, []int) {
	cm := colMap{rowNo: -1, name: -1, fields: map[int]string{}}
	used := map[string]bool{}
	var unmapped []int
	for c := 0; c < pt.g.N; c++ {
		if side != nil && !side(c) {
			continue
		}
		p := pt.paths[c]
		switch roleOf(p) {
		case roleRowNo:
			if cm.rowNo < 0 {
				cm.rowNo = c
			}
			continue
		case roleCode, roleCodeLei, roleCodeKuan, roleCodeXiang:
			cm.code = append(cm.code, c)
			continue
		case roleName, roleItem:
			if cm.name < 0 {
				cm.name = c
				continue
			}
		}
		if f := fieldFor(pt.typ, p); f != "" && !used[f] {
			cm.fields[c] = f
			used[f] = true
			continue
		}
		if len(p) > 0 {
			unmapped = append(unmapped, c)
			n.issue(pt, model.Issue{Kind: model.IssueUnmapped, Severity: model.SevWarning, Column: strings.Join(p, " / "),
				Message: fmt.Sprintf("column %d: no field of %s for this header; its cells are in other_tables", c+1, pt.typ)})
		}
	}
	return cm, unmapped
}

// classTable extracts a function (or economic) classification table. A
// table may print its classification in several column groups side by
// side (科目代码 | 科目名称 | 决算数, twice or three times across the page, as
// Shanghai and the central ministries print the 基本支出 table): each group
// is read in turn, top to bottom.
func (n *norm) classTable(pt *ptable, economic bool) bool {
	var starts []int
	for c := 0; c < pt.g.N; c++ {
		if r := roleOf(pt.paths[c]); r == roleCode || r == roleCodeLei {
			starts = append(starts, c)
		}
	}
	if len(starts) <= 1 {
		starts = []int{0}
	} else {
		starts[0] = 0
	}
	type group struct {
		from, to int
		cm       colMap
		unmapped []int
		label    string
	}
	var groups []group
	for i, from := range starts {
		to := pt.g.N
		if i+1 < len(starts) {
			to = starts[i+1]
		}
		cm, unmapped := n.mapColumns(pt, func(c int) bool { return c >= from && c < to })
		if len(cm.fields) == 0 || (len(cm.code) == 0 && cm.name < 0) {
			continue
		}
		g := group{from: from, to: to, cm: cm, unmapped: unmapped}
		if len(pt.paths[from]) > 1 {
			g.label = pt.paths[from][0]
		}
		groups = append(groups, g)
	}
	// amountsFor returns the columns holding row r's amounts for group i:
	// its own, unless the row's label spans into a later group (人员经费合计
	// printed across a whole group), whose amount columns it then takes.
	amountsFor := func(i, r int) (map[int]string, bool) {
		g := groups[i]
		first := g.from
		if len(g.cm.code) > 0 {
			first = g.cm.code[0]
		} else if g.cm.name >= 0 {
			first = g.cm.name
		}
		p := pt.g.Rows[r][first]
		if !p.Origin && p.Text != "" {
			return nil, false // covered by a label of an earlier group
		}
		end := first + max(p.Span, 1) - 1
		for j := i + 1; j < len(groups); j++ {
			if end >= groups[j].from && end < groups[j].to {
				return groups[j].cm.fields, true
			}
		}
		return g.cm.fields, true
	}
	order := 0
	for i, g := range groups {
		n.classRows(pt, economic, g.cm, g.unmapped, g.label, &order, func(r int) (map[int]string, bool) { return amountsFor(i, r) })
	}
	return len(groups) > 0
}

// groupFields: in a basic-expenditure table printed as 人员经费 and 公用经费
// column groups (or with 人员经费合计 / 公用经费合计 rows), a row's amount is
// also its personnel or public-operation amount.
func groupField(group, name string) string {
	switch {
	case strings.Contains(group, "人员经费") || strings.Contains(name, "人员经费"):
		return "personnel_yuan"
	case strings.Contains(group, "公用经费") || strings.Contains(name, "公用经费"):
		return "public_operation_yuan"
	}
	return ""
}

func (n *norm) classRows(pt *ptable, economic bool, cm colMap, unmapped []int, group string, order *int,
	amounts func(r int) (map[int]string, bool)) {
	codeF, nameF := "function_code", "function_name"
	if economic {
		codeF, nameF = "economic_code", "economic_name"
	}
	for r := pt.dataStart; r < len(pt.g.Rows); r++ {
		fields, mine := amounts(r)
		if !mine {
			continue
		}
		code, name := "", ""
		for _, c := range cm.code {
			code += value.Label(value.Fold(pt.g.own(r, c)))
		}
		if cm.name >= 0 {
			name = value.Text(pt.g.own(r, cm.name))
		}
		total := false
		if !isDigits(code) {
			// 合计 printed across the code and name columns, or a label.
			if name == "" {
				name = value.Text(code)
			}
			code = ""
		}
		if l := value.Label(name); l == "合计" || l == "总计" || strings.HasSuffix(l, "合计") && code == "" {
			total = true
		}
		hasAmount := false
		for c := range fields {
			if !value.IsBlank(pt.g.own(r, c)) {
				hasAmount = true
			}
		}
		if code == "" && name == "" && !hasAmount {
			continue
		}
		*order++
		rowNo := rowNoAt(pt.g, r, cm.rowNo, *order)
		rec := n.record(pt, r, rowNo)
		level, parent := codeLevel(code, economic)
		if code != "" {
			rec.Set(codeF, code)
		}
		rec.Set(nameF, name)
		if level > 0 {
			rec.Set("level", int64(level))
		} else if code != "" {
			n.issue(pt, model.Issue{Kind: model.IssueStructure, Severity: model.SevWarning, Row: rowNo, Column: codeF,
				Raw: code, Message: "classification code of unexpected length; level and parent left null"})
		}
		if parent != "" {
			rec.Set("parent_code", parent)
		}
		rec.Set("is_total", total)
		extra := ""
		if economic {
			extra = groupField(group, name)
		}
		for c, f := range fields {
			if d, ok := n.amount(pt, r, c, rowNo, f); ok {
				rec.Set(f, d)
				if f == "total_yuan" && extra != "" && rec.Values[extra] == nil {
					rec.Set(extra, d)
				}
			}
		}
		n.res.Records = append(n.res.Records, rec)
		n.otherCells(pt, r, rowNo, unmapped)
	}
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// codeLevel returns a classification code's level and parent code:
// function codes 类 3 digits, 款 5, 项 7; economic codes 类 3, 款 5.
func codeLevel(code string, economic bool) (int, string) {
	switch {
	case len(code) == 3:
		return 1, ""
	case len(code) == 5:
		return 2, code[:3]
	case len(code) == 7 && !economic:
		return 3, code[:5]
	}
	return 0, ""
}

// twoSided extracts a 收入 | 支出 summary table: one record per side per row.
func (n *norm) twoSided(pt *ptable) bool {
	split := -1 // first column of the expenditure side
	for c := 0; c < pt.g.N; c++ {
		if len(pt.paths[c]) > 0 && strings.Contains(pt.paths[c][0], "支出") {
			split = c
			break
		}
	}
	if split < 0 { // no side labels: the side starts at the second 项目 column
		seen := 0
		for c := 0; c < pt.g.N; c++ {
			if roleOf(pt.paths[c]) == roleItem {
				if seen++; seen == 2 {
					split = c
					break
				}
			}
		}
	}
	if split < 0 {
		return false
	}
	sides := []struct {
		name string
		in   func(c int) bool
	}{
		{"revenue", func(c int) bool { return c < split }},
		{"expenditure", func(c int) bool { return c >= split }},
	}
	maps := make([]colMap, 2)
	var unmapped []int
	for i, s := range sides {
		var um []int
		maps[i], um = n.mapColumns(pt, s.in)
		unmapped = append(unmapped, um...)
		if maps[i].name < 0 || len(maps[i].fields) == 0 {
			return false
		}
	}
	rowNoCol := maps[0].rowNo
	order := 0
	for r := pt.dataStart; r < len(pt.g.Rows); r++ {
		order++
		rowNo := rowNoAt(pt.g, r, rowNoCol, order)
		for i, s := range sides {
			cm := maps[i]
			item := value.Text(pt.g.own(r, cm.name))
			hasAmount := false
			for c := range cm.fields {
				if !value.IsBlank(pt.g.own(r, c)) {
					hasAmount = true
				}
			}
			if item == "" && !hasAmount {
				continue
			}
			if item == "" {
				n.issue(pt, model.Issue{Kind: model.IssueStructure, Severity: model.SevWarning, Row: rowNo,
					Message: s.name + " side: amounts with no item label"})
			}
			rec := n.record(pt, r, rowNo)
			rec.Set("side", s.name)
			rec.Set("item", item)
			for c, f := range cm.fields {
				if d, ok := n.amount(pt, r, c, rowNo, f); ok {
					rec.Set(f, d)
				}
			}
			n.res.Records = append(n.res.Records, rec)
		}
		n.otherCells(pt, r, rowNo, unmapped)
	}
	return true
}

// threePublic extracts the “三公” table: one record per item row.
func (n *norm) threePublic(pt *ptable) bool {
	cm, unmapped := n.mapColumns(pt, nil)
	if cm.name < 0 || len(cm.fields) == 0 {
		return false
	}
	order := 0
	for r := pt.dataStart; r < len(pt.g.Rows); r++ {
		label := value.Text(pt.g.own(r, cm.name))
		if label == "" {
			continue
		}
		order++
		rowNo := rowNoAt(pt.g, r, cm.rowNo, order)
		item := threePublicItem(label)
		if item == "" {
			item = "other"
			n.issue(pt, model.Issue{Kind: model.IssueUnmapped, Severity: model.SevWarning, Row: rowNo, Column: "item",
				Raw: label, Message: "row label is none of the contract's 三公 items; item set to other"})
		}
		rec := n.record(pt, r, rowNo)
		rec.Set("item", item)
		rec.Set("item_label", label)
		for c, f := range cm.fields {
			if d, ok := n.amount(pt, r, c, rowNo, f); ok {
				rec.Set(f, d)
			}
		}
		n.res.Records = append(n.res.Records, rec)
		n.otherCells(pt, r, rowNo, unmapped)
	}
	return true
}

// threePublicItem maps a 三公 row label to its item code, or "".
func threePublicItem(label string) string {
	l := stripOrdinal(value.Label(label))
	for _, it := range threePublicItems {
		if l == it.label {
			return it.item
		}
	}
	return ""
}

// institutions extracts the 机构设置 table.
func (n *norm) institutions(pt *ptable) bool {
	cols := map[string]int{}
	for c := 0; c < pt.g.N; c++ {
		switch leaf(pt.paths[c]) {
		case "单位名称", "机构名称":
			cols["unit_name"] = c
		case "单位性质", "机构性质":
			cols["unit_nature"] = c
		case "单位规格", "机构规格", "单位级别":
			cols["unit_rank"] = c
		case "经费保障形式", "经费形式", "经费来源":
			cols["funding_form"] = c
		}
	}
	nameCol, ok := cols["unit_name"]
	if !ok {
		return false
	}
	order := 0
	for r := pt.dataStart; r < len(pt.g.Rows); r++ {
		name := value.Text(pt.g.own(r, nameCol))
		if name == "" {
			continue
		}
		order++
		rec := n.record(pt, r, order)
		for f, c := range cols {
			if t := value.Text(pt.g.own(r, c)); t != "" {
				rec.Set(f, t)
			}
		}
		n.res.Records = append(n.res.Records, rec)
	}
	return true
}

// otherTable writes every cell of an unrecognized table's data rows to
// other_tables, with its header path.
func (n *norm) otherTable(pt *ptable) {
	all := make([]int, pt.g.N)
	for c := range all {
		all[c] = c
	}
	order := 0
	start := pt.dataStart
	if start >= len(pt.g.Rows) && pt.hdrStart < len(pt.g.Rows) {
		start = pt.hdrStart // nothing but header: keep it as data
	}
	for r := start; r < len(pt.g.Rows); r++ {
		order++
		n.otherCells(pt, r, order, all)
	}
}

// otherCells writes the non-blank cells of row r in columns cols to
// other_tables.
func (n *norm) otherCells(pt *ptable, r, rowNo int, cols []int) {
	if len(cols) == 0 {
		return
	}
	rowLabel := ""
	for _, p := range pt.g.origins(r) {
		t := value.Text(p.Text)
		if _, ok, _, err := value.Amount(t); t != "" && !ok && err != nil {
			rowLabel = t
			break
		}
	}
	for _, c := range cols {
		p := pt.g.Rows[r][c]
		if !p.Origin || p.VCont {
			continue
		}
		t := value.Text(p.Text)
		if t == "" {
			continue
		}
		rec := n.record(pt, r, rowNo)
		rec.TableType = model.OtherTables
		if hp := strings.Join(pt.paths[c], " / "); hp != "" {
			rec.Set("header_path", hp)
		}
		if rowLabel != "" {
			rec.Set("row_label", rowLabel)
		}
		rec.Set("column_index", int64(c+1))
		rec.Set("text", t)
		if d, ok, _, err := value.Amount(t); ok && err == nil {
			rec.Set("value", d)
		}
		n.res.Records = append(n.res.Records, rec)
	}
}

// extractMore handles the table types of the project and asset part of a
// disclosure; false sends the table to other_tables.
func (n *norm) extractMore(pt *ptable) bool {
	switch pt.typ {
	case model.Projects:
		return n.projectTable(pt)
	case model.PerformanceIndicators:
		return n.indicatorTable(pt)
	case model.Procurement:
		return n.procurementTable(pt)
	case model.FixedAssets:
		return n.assetsTable(pt)
	}
	return false
}
