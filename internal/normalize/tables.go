package normalize

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/budgetx/budgetx/internal/normalize/value"
	"github.com/budgetx/budgetx/model"
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
				pt.role(c, RoleOther, "row_no")
			}
			continue
		case roleCode, roleCodeLei, roleCodeKuan, roleCodeXiang:
			cm.code = append(cm.code, c)
			pt.role(c, RoleCode, "")
			continue
		case roleName, roleItem:
			if cm.name < 0 {
				cm.name = c
				pt.role(c, RoleName, "")
				continue
			}
		case roleUnit:
			if cm.unit < 0 {
				cm.unit = c
				pt.role(c, RoleOther, "unit_name")
			}
			continue
		case roleUnitCode:
			if cm.unitCode < 0 {
				cm.unitCode = c
				pt.role(c, RoleOther, "unit_code")
			}
			continue
		}
		if otherYearColumn(p, n.docMet.Year) {
			// last year's figures (2025年预算数) or the change from them
			pt.role(c, RoleUnmapped, "other_tables")
			unmapped = append(unmapped, c)
			n.issue(pt, model.Issue{Kind: model.IssueUnmapped, Severity: model.SevInfo, Column: strings.Join(p, " / "),
				Message: fmt.Sprintf("column %d: figures of another year, or the change from them; its cells are in other_tables", c+1)})
			continue
		}
		if f := fieldFor(pt.typ, p); f != "" {
			if used[f] {
				f = secondChoice[leaf(p)]
			}
			if f != "" && !used[f] {
				cm.fields[c] = f
				used[f] = true
				pt.role(c, fieldRole(f), f)
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
	case len(code) == 7:
		// function 项; in economic classifications, a province's own
		// subdivision of a 款 (3010201 规范性津补贴 under 30102)
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
	// Items as columns (因公出国 | 公务接待 | …) or as rows under a 项目
	// column: the columns that name items decide.
	hasItemCol, itemCols := false, 0
	for c := 0; c < pt.g.N; c++ {
		if roleOf(pt.paths[c]) == roleItem {
			hasItemCol = true
		}
		if item, _, _ := threePublicColumn(pt.paths[c], n.kind); item != "" && item != "total" && item != "subtotal" {
			itemCols++
		}
	}
	if !hasItemCol || itemCols >= 2 {
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

// quotesOut removes quotation marks: “三公”经费 → 三公经费.
var quotesOut = strings.NewReplacer("“", "", "”", "", "\"", "", "‘", "", "’", "", "'", "")

// threePublicItem maps a 三公 row label to its item code, or "": the
// labels of threePublicItems, then the words each item is printed with in
// any wording (因公出国（境）支出, 公务用车购置及运行维护支出, 1.公务用车
// 购置费, “三公”经费, 行政经费, 会议费 …).
func threePublicItem(label string) string {
	l := value.StripOrdinal(label)
	for _, it := range threePublicItems {
		if l == it.label {
			return it.item
		}
	}
	l = quotesOut.Replace(l)
	switch {
	case len([]rune(l)) > 24:
		return ""
	case strings.Contains(l, "三公") && strings.Contains(l, "小计"):
		return "subtotal"
	case strings.HasPrefix(l, "三公经费") || strings.HasPrefix(l, "三公支出"):
		return "total"
	case strings.Contains(l, "因公出国") || strings.Contains(l, "出国(境)") || strings.Contains(l, "出国（境）"):
		return "overseas_travel"
	case strings.Contains(l, "公务用车购置及运行") || strings.Contains(l, "公务用车购置和运行") ||
		strings.Contains(l, "公务用车购置及运维") || strings.Contains(l, "公务用车费"):
		return "vehicle_total"
	case strings.Contains(l, "公务用车购置") || l == "购置费" || l == "车辆购置费":
		return "vehicle_purchase"
	case strings.Contains(l, "公务用车运行") || strings.Contains(l, "公务用车运维") || l == "运行维护费" || l == "运行费":
		return "vehicle_operation"
	case strings.Contains(l, "公务接待"):
		return "official_reception"
	case strings.HasPrefix(l, "会议费"):
		return "meeting"
	case strings.HasPrefix(l, "培训费"):
		return "training"
	case strings.HasPrefix(l, "机关运行经费") || strings.HasPrefix(l, "行政经费"):
		return "operating_expenses"
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
	for f, c := range cols {
		if c == nameCol {
			pt.role(c, RoleName, f)
		} else {
			pt.role(c, RoleOther, f)
		}
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
		pt.role(c, RoleUnmapped, "other_tables")
	}
	order := 0
	start := pt.dataStart
	if start >= len(pt.g.Rows) && pt.hdrStart < len(pt.g.Rows) {
		start = pt.hdrStart // nothing but header: keep it as data
	}
	// One record per printed cell: room for them all at once, rather than
	// the slice growing (and copied) as they come.
	k := 0
	for r := start; r < len(pt.g.Rows); r++ {
		for _, p := range pt.g.Rows[r] {
			if p.Origin && !p.VCont && p.Text != "" {
				k++
			}
		}
	}
	n.res.Records = slices.Grow(n.res.Records, k)
	for r := start; r < len(pt.g.Rows); r++ {
		order++
		n.otherCells(pt, r, order, all)
	}
}

// headerPath returns the header path of column c of pt as written in
// records, joined once per column.
func (pt *ptable) headerPath(c int) string {
	if pt.hpaths == nil {
		pt.hpaths = make([]string, len(pt.paths))
		for i, p := range pt.paths {
			pt.hpaths[i] = strings.Join(p, " / ")
		}
	}
	if c < len(pt.hpaths) {
		return pt.hpaths[c]
	}
	return ""
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
			rowLabel = shortLabel(t)
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
		if hp := pt.headerPath(c); hp != "" {
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

// maxRowLabel bounds row_label: a label is short, and a long text merged
// down many rows (w:vMerge) must not be copied into every row's records.
const maxRowLabel = 256

// shortLabel returns t cut to maxRowLabel bytes, on a rune boundary, with
// "…" where it was cut.
func shortLabel(t string) string {
	if len(t) <= maxRowLabel {
		return t
	}
	cut := maxRowLabel
	for cut > 0 && !utf8.RuneStart(t[cut]) {
		cut--
	}
	return t[:cut] + "…"
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
	case model.ProjectExpenditure:
		return n.projectList(pt)
	}
	return false
}

// threePublicColumn resolves a column of a 三公 table printed with its
// items as columns: the item its header path names, and the field its
// measure label gives (a fund column, or the total). item is "" for a
// column that is no 三公 item (会议费, 机关运行经费 …).
func threePublicColumn(path []string, kind model.DocKind) (item, field string, skip bool) {
	field = "total_yuan"
	for i, l := range path {
		core := value.StripOrdinal(l)
		group := i < len(path)-1 // a label over other labels: a group
		switch {
		case group && (yearLabel.MatchString(core) && len([]rune(core)) <= 8 || isChangeLabel(core) ||
			core == "上年" || core == "当年" || core == "本年"):
			// a column group per year (2021年 | 2022年 | 增减变化情况):
			// the caller keeps the document's year
		case group && strings.Contains(core, "三公") && !strings.Contains(core, "总额") && !strings.Contains(core, "合计") &&
			!strings.Contains(core, "总计"):
			// the group label over the 三公 items: its 小计 is the subtotal
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
// (Shanghai, the central ministries, Beijing, Shenzhen): one record per
// item and row kept. A table may print several rows: per 预算单位, per
// year (last year, this year, the change) or per basis (预算数, 决算数). The
// rows of the document's year are kept (every unit's), each basis is kept
// with amount_basis (budget, final) — as are columns headed 预算数 and 决算数
// side by side — and the other rows go to other_tables.
func (n *norm) threePublicByColumn(pt *ptable) bool {
	type col struct {
		c                  int
		item, field, basis string
	}
	var cols []col
	var unmapped, otherYear []int
	labelCols := []int{}
	for c := 0; c < pt.g.N; c++ {
		if len(pt.paths[c]) == 0 {
			continue
		}
		item, field, _ := threePublicColumn(pt.paths[c], n.kind)
		basis := basisOf(pt.paths[c])
		if item != "" && otherYearColumn(pt.paths[c], n.docMet.Year) {
			// a column of last year, or of the change: other_tables
			otherYear = append(otherYear, c)
			pt.role(c, RoleUnmapped, "other_tables")
			continue
		}
		switch {
		case item == "" && field == "":
			switch l := leaf(pt.paths[c]); {
			case l == "预算单位" || l == "年度" || l == "单位名称" || l == "项目" || l == "单位" ||
				roleOf(pt.paths[c]) == roleUnit || roleOf(pt.paths[c]) == roleUnitCode || roleOf(pt.paths[c]) == roleRowNo:
				labelCols = append(labelCols, c)
				pt.role(c, RoleOther, "")
				continue
			}
			unmapped = append(unmapped, c)
		case item == "":
			unmapped = append(unmapped, c)
		default:
			cols = append(cols, col{c, item, field, basis})
			pt.role(c, RoleAmount, field)
		}
	}
	if len(cols) == 0 {
		return false
	}
	for _, c := range unmapped {
		n.unmapped(pt, c)
	}
	if len(otherYear) > 0 {
		n.issue(pt, model.Issue{Kind: model.IssueStructure, Severity: model.SevInfo,
			Message: fmt.Sprintf("%d columns of another year or of the change from it; their cells are in other_tables", len(otherYear))})
		unmapped = append(unmapped, otherYear...)
	}
	// The rows to keep and what each says: its unit, year and basis.
	type row struct {
		r           int
		unit, basis string
	}
	var kept []row
	var dropped []int
	year := ""
	if n.docMet.Year > 0 {
		year = strconv.Itoa(n.docMet.Year)
	}
	unit := ""
	for r := pt.dataStart; r < len(pt.g.Rows); r++ {
		printed := false
		for _, c := range cols {
			if value.Label(pt.g.own(r, c.c)) != "" {
				printed = true
				break
			}
		}
		rowYear, basis, change := "", "", false
		for _, c := range labelCols {
			l := value.Label(pt.g.own(r, c))
			if l == "" {
				continue
			}
			switch {
			case yearLabel.MatchString(l):
				rowYear = yearLabel.FindStringSubmatch(l)[1]
			case strings.Contains(l, "增减") || strings.Contains(l, "变化") || strings.Contains(l, "比上年"):
				change = true
			case basisOf([]string{l}) != "":
				basis = basisOf([]string{l})
			case roleOf(pt.paths[c]) == roleUnit || leaf(pt.paths[c]) == "预算单位" || leaf(pt.paths[c]) == "单位名称":
				if !totalLabel.MatchString(l) {
					unit = value.Text(pt.g.own(r, c))
				}
			}
		}
		if !printed {
			continue
		}
		if change || rowYear != "" && year != "" && rowYear != year {
			dropped = append(dropped, r)
			continue
		}
		kept = append(kept, row{r, unit, basis})
	}
	if len(kept) == 0 {
		return true // an empty table: no records
	}
	all := make([]int, pt.g.N)
	for c := range all {
		all[c] = c
	}
	for i, r := range dropped {
		n.otherCells(pt, r, i+1, all)
	}
	units := map[string]bool{}
	for _, k := range kept {
		units[k.unit] = true
	}
	order := 0
	for _, k := range kept {
		type key struct{ item, basis string }
		recs := map[key]*model.Record{}
		var keys []key
		for _, c := range cols {
			basis := c.basis
			if basis == "" {
				basis = k.basis
			}
			kk := key{c.item, basis}
			rec, ok := recs[kk]
			if !ok {
				order++
				r := n.record(pt, k.r, order)
				rec = &r
				rec.Set("item", c.item)
				label := leaf(pt.paths[c.c])
				for _, l := range pt.paths[c.c] {
					if threePublicItem(value.StripOrdinal(l)) == c.item {
						label = l
					}
				}
				rec.Set("item_label", label)
				if basis != "" {
					rec.Set("amount_basis", basis)
				}
				if k.unit != "" && len(units) > 1 {
					rec.Set("unit_name", k.unit)
				}
				recs[kk] = rec
				keys = append(keys, kk)
			}
			if d, ok := n.amount(pt, k.r, c.c, rec.RowNo, c.field); ok {
				rec.Set(c.field, d)
			}
		}
		for _, kk := range keys {
			n.res.Records = append(n.res.Records, *recs[kk])
		}
		n.otherCells(pt, k.r, order, unmapped)
	}
	return true
}

// yearLabel reads the year a row of a table is about (2026年, 2026年预算数).
var yearLabel = regexp.MustCompile(`^(20\d{2})年`)

// basisOf says whether a header path speaks of budgeted (预算数) or final
// (决算数) amounts: "budget", "final" or "".
func basisOf(path []string) string {
	for _, l := range path {
		l = yearPrefix.ReplaceAllString(value.Label(l), "")
		switch {
		case strings.HasPrefix(l, "决算") || strings.HasPrefix(l, "全年决算"):
			return "final"
		case strings.HasPrefix(l, "预算") && !strings.HasPrefix(l, "预算单位") || strings.HasPrefix(l, "全年预算") ||
			strings.HasPrefix(l, "年初预算"):
			return "budget"
		}
	}
	return ""
}

// isChangeLabel reports whether a label heads the change from last year
// (增减变化情况, 比上年增减).
func isChangeLabel(l string) bool {
	return strings.Contains(l, "增减") || strings.Contains(l, "变化") || strings.Contains(l, "比上年")
}

// otherYearColumn reports whether a column's path puts it under another
// year than year, or under the change from last year.
func otherYearColumn(path []string, year int) bool {
	for _, l := range path {
		l = value.Label(l)
		if isChangeLabel(l) || l == "上年" || l == "上年数" || l == "上年预算数" || l == "上年预算" {
			return true
		}
		if m := yearLabel.FindStringSubmatch(l); m != nil && len([]rune(l)) <= 8 && year > 0 && m[1] != strconv.Itoa(year) {
			return true
		}
	}
	return false
}
