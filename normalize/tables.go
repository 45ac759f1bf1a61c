package normalize

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/normalize/value"
)

// colMap is what each column of a table holds.
type colMap struct {
	rowNo    int // column of 序号, or -1
	unit     int // column of 预算单位, or -1
	unitCode int // column of 部门代码 / 单位代码, or -1
	code     []int
	name     int            // -1 if none
	fields   map[int]string // amount column -> field
}

// mapColumns maps pt's columns to roles and fields, reporting every
// labelled column it cannot map (its cells go to other_tables).
func (n *norm) mapColumns(pt *ptable, side func(c int) bool) (colMap, []int) {
	cm := colMap{rowNo: -1, unit: -1, unitCode: -1, name: -1, fields: map[int]string{}}
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
		case roleUnit:
			if cm.unit < 0 {
				cm.unit = c
			}
			continue
		case roleUnitCode:
			if cm.unitCode < 0 {
				cm.unitCode = c
			}
			continue
		}
		if f := fieldFor(pt.typ, p); f != "" {
			if used[f] {
				f = secondChoice[leaf(p)]
			}
			if f != "" && !used[f] {
				cm.fields[c] = f
				used[f] = true
				continue
			}
		}
		if len(p) > 0 {
			unmapped = append(unmapped, c)
			n.unmapped(pt, c)
		}
	}
	return cm, unmapped
}

// spannedFields returns the amount columns of the label at column lc of
// row r, in group i of a table printed in column groups that start at
// starts (fields: each group's amount columns): the group's own, unless the
// label spans into a later group (人员经费合计 printed across a whole group,
// 当年支出小计 across two sides), whose amounts it then takes. ok is false
// when the position is covered by the label of an earlier group.
func spannedFields(g *grid, r, lc, i int, starts []int, fields []map[int]string) (map[int]string, bool) {
	p := g.Rows[r][lc]
	if !p.Origin && p.Text != "" {
		return nil, false
	}
	end := lc + max(p.Span, 1) - 1
	f := fields[i]
	for j := i + 1; j < len(starts); j++ {
		if end >= starts[j] {
			f = fields[j]
		}
	}
	return f, true
}

// setAmounts sets rec's money fields from row r's cells in fields
// (column → field).
func (n *norm) setAmounts(pt *ptable, rec *model.Record, r, rowNo int, fields map[int]string) {
	for c, f := range fields {
		if d, ok := n.amount(pt, r, c, rowNo, f); ok {
			rec.Set(f, d)
		}
	}
}

// printsAny reports whether row r prints anything in one of the columns.
func printsAny(g *grid, r int, fields map[int]string) bool {
	for c := range fields {
		if !value.IsBlank(g.own(r, c)) {
			return true
		}
	}
	return false
}

// codeNameRE matches a cell holding a classification code and its name.
var codeNameRE = regexp.MustCompile(`^(\d{3}|\d{5}|\d{7})\s*[-－—.、 ]\s*(\S.*)$`)

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

// twoSided extracts a 收入 | 支出 summary table: one record per side per
// row. A side is a group of columns that starts at an item column (项目,
// 项目名称, 功能科目名称 …); a table may print more than two (Jiangsu prints
// the expenditure twice: by function and by use). The side is named by
// the label above the group (收入 / 支出), else by order.
func (n *norm) twoSided(pt *ptable) bool {
	var starts []int
	for c := 0; c < pt.g.N; c++ {
		if r := roleOf(pt.paths[c]); r == roleItem || r == roleName {
			starts = append(starts, c)
		}
	}
	if len(starts) < 2 {
		return false
	}
	type side struct {
		name string
		cm   colMap
	}
	var sides []side
	var unmapped []int
	rowNoCol := -1
	for i, from := range starts {
		to := pt.g.N
		if i+1 < len(starts) {
			to = starts[i+1]
		}
		lo := from
		if i == 0 {
			lo = 0
		}
		cm, um := n.mapColumns(pt, func(c int) bool { return c >= lo && c < to })
		unmapped = append(unmapped, um...)
		if i == 0 {
			rowNoCol = cm.rowNo
		}
		name := "expenditure"
		switch top := pt.paths[from][0]; {
		case strings.Contains(top, "收入"):
			name = "revenue"
		case strings.Contains(top, "支出"):
		case i == 0:
			name = "revenue"
		}
		if cm.name < 0 || len(cm.fields) == 0 {
			return false
		}
		sides = append(sides, side{name, cm})
	}
	sideStarts, sideFields := make([]int, len(sides)), make([]map[int]string, len(sides))
	for i, sd := range sides {
		sideStarts[i], sideFields[i] = sd.cm.name, sd.cm.fields
	}
	order := 0
	for r := pt.dataStart; r < len(pt.g.Rows); r++ {
		order++
		rowNo := rowNoAt(pt.g, r, rowNoCol, order)
		for i, s := range sides {
			cm := s.cm
			fields, mine := spannedFields(pt.g, r, cm.name, i, sideStarts, sideFields)
			if !mine {
				continue // covered by the label of an earlier side (当年支出小计 over two sides)
			}
			item := value.Text(pt.g.own(r, cm.name))
			hasAmount := printsAny(pt.g, r, fields)
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
			n.setAmounts(pt, &rec, r, rowNo, fields)
			n.res.Records = append(n.res.Records, rec)
		}
		n.otherCells(pt, r, rowNo, unmapped)
	}
	return true
}

// threePublic extracts the “三公” table: one record per item row.
func (n *norm) threePublic(pt *ptable) bool {
	hasItemCol := false
	for c := 0; c < pt.g.N; c++ {
		if roleOf(pt.paths[c]) == roleItem {
			hasItemCol = true
		}
	}
	if !hasItemCol {
		return n.threePublicByColumn(pt)
	}
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
		n.setAmounts(pt, &rec, r, rowNo, cm.fields)
		n.res.Records = append(n.res.Records, rec)
		n.otherCells(pt, r, rowNo, unmapped)
	}
	return true
}

// threePublicItem maps a 三公 row label to its item code, or "".
func threePublicItem(label string) string {
	l := value.StripOrdinal(label)
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

// threePublicColumn resolves a column of a 三公 table printed with its
// items as columns: the item its header path names, and the field its
// measure label gives (a fund column, or the total). item is "" for a
// column that is no 三公 item (会议费, 机关运行经费 …).
func threePublicColumn(path []string, kind model.DocKind) (item, field string, skip bool) {
	field = "total_yuan"
	for _, l := range path {
		core := value.StripOrdinal(l)
		switch {
		case core == "合计" || core == "总计" || core == "小计":
			if item == "" || item == "total" || item == "subtotal" {
				if core == "小计" && item == "" {
					item = "subtotal"
				} else if item == "" {
					item = "total"
				}
			}
		case strings.Contains(core, "三公") && (strings.Contains(core, "总额") || strings.Contains(core, "合计") || strings.Contains(core, "总计") || strings.Contains(core, "预算数") || strings.Contains(core, "决算数")):
			item = "total"
		case item == "vehicle_total" && (core == "购置费" || core == "购置"):
			item = "vehicle_purchase"
		case item == "vehicle_total" && (core == "运行费" || core == "运行维护费" || core == "运维费"):
			item = "vehicle_operation"
		case threePublicItem(core) != "":
			item = threePublicItem(core)
		case core == "预算数":
			skip = kind == model.FinalAccount
		case core == "决算数":
			skip = kind != model.FinalAccount
		default:
			if f := fieldFor(model.ThreePublicExpenses, []string{core}); f != "" && f != "total_yuan" {
				field = f
			} else if strings.HasPrefix(core, "一般公共预算") {
				field = "general_public_budget_yuan"
			} else if strings.HasPrefix(core, "政府性基金") {
				field = "government_fund_yuan"
			} else if strings.HasPrefix(core, "国有资本经营") {
				field = "state_capital_yuan"
			} else if strings.Contains(core, "三公") {
				// the group label over the items
			} else {
				return "", "", false
			}
		}
	}
	return item, field, skip
}

// threePublicByColumn extracts a 三公 table whose items are its columns
// (Shanghai, the central ministries, Beijing): one record per item. When
// the table prints several rows (last year, this year, the change), the
// row naming the document's year is taken and the others go to
// other_tables.
func (n *norm) threePublicByColumn(pt *ptable) bool {
	type col struct {
		c           int
		item, field string
	}
	var cols []col
	var unmapped []int
	labelCols := map[int]bool{}
	for c := 0; c < pt.g.N; c++ {
		if len(pt.paths[c]) == 0 {
			continue
		}
		item, field, skip := threePublicColumn(pt.paths[c], n.kind)
		switch {
		case item == "" && field == "":
			if leaf(pt.paths[c]) == "预算单位" || leaf(pt.paths[c]) == "年度" || leaf(pt.paths[c]) == "单位名称" {
				labelCols[c] = true
				continue
			}
			unmapped = append(unmapped, c)
		case skip || item == "":
			unmapped = append(unmapped, c)
		default:
			cols = append(cols, col{c, item, field})
		}
	}
	if len(cols) == 0 {
		return false
	}
	// A 合计 over the 三公 items and other items (会议费, 培训费) is not the
	// 三公 total when the table prints a 三公 小计 too.
	if len(unmapped) > 0 {
		hasSub := false
		for _, c := range cols {
			hasSub = hasSub || c.item == "subtotal"
		}
		for i := 0; i < len(cols); i++ {
			if c := cols[i]; hasSub && c.item == "total" && !pathHas(pt.paths[c.c], "三公") {
				unmapped = append(unmapped, c.c)
				cols = append(cols[:i], cols[i+1:]...)
				i--
			}
		}
	}
	for _, c := range unmapped {
		n.unmapped(pt, c)
	}
	var rows []int
	for r := pt.dataStart; r < len(pt.g.Rows); r++ {
		for _, c := range cols {
			if value.Label(pt.g.own(r, c.c)) != "" {
				rows = append(rows, r)
				break
			}
		}
	}
	if len(rows) == 0 {
		return true // an empty table: no records
	}
	take := rows[0]
	if len(rows) > 1 && n.docMet.Year > 0 {
		year := strconv.Itoa(n.docMet.Year) + "年"
		for _, r := range rows {
			for c := range labelCols {
				if strings.Contains(value.Label(pt.g.own(r, c)), year) {
					take = r
				}
			}
		}
	}
	all := make([]int, pt.g.N)
	for c := range all {
		all[c] = c
	}
	for i, r := range rows {
		if r != take {
			n.otherCells(pt, r, i+1, all)
		}
	}
	recs := map[string]*model.Record{}
	var order []string
	for _, c := range cols {
		rec, ok := recs[c.item]
		if !ok {
			r := n.record(pt, take, len(order)+1)
			rec = &r
			rec.Set("item", c.item)
			label := leaf(pt.paths[c.c])
			for _, l := range pt.paths[c.c] {
				if threePublicItem(value.StripOrdinal(l)) == c.item {
					label = l
				}
			}
			rec.Set("item_label", label)
			recs[c.item] = rec
			order = append(order, c.item)
		}
		if d, ok := n.amount(pt, take, c.c, rec.RowNo, c.field); ok {
			rec.Set(c.field, d)
		}
	}
	for _, it := range order {
		n.res.Records = append(n.res.Records, *recs[it])
	}
	n.otherCells(pt, take, 1, unmapped)
	return true
}
