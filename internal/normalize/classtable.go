package normalize

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/budgetx/budgetx/internal/normalize/value"
	"github.com/budgetx/budgetx/model"
)

// classGroup is one column group of a classification table: its columns
// [from, to), their roles and fields, and its label cells (the columns
// before its first amount).
type classGroup struct {
	from, to  int
	cm        colMap
	unmapped  []int
	label     string // the group's label above its code column (人员经费), or ""
	labelCols []int  // columns that hold the row's classification (code and name)
	nameCol   int    // the column of the classification's name, or -1
}

// classTable extracts a function (or economic) classification table. A
// table may print its classification in several column groups side by
// side (科目代码 | 科目名称 | 决算数, twice or three times across the page, as
// Shanghai and the central ministries print the 基本支出 table): each group
// is read in turn, top to bottom.
func (n *norm) classTable(pt *ptable, economic bool) bool {
	if n.transposed(pt) {
		return true
	}
	var starts []int
	isCode := func(c int) bool {
		r := roleOf(pt.paths[c])
		return r == roleCode || r == roleCodeLei || r == roleCodeKuan || r == roleCodeXiang
	}
	for c := 0; c < pt.g.N; c++ {
		if isCode(c) && (c == 0 || !isCode(c-1)) { // 类|款|项 columns are one code
			starts = append(starts, c)
		}
	}
	if len(starts) <= 1 {
		starts = []int{0}
	} else {
		starts[0] = 0
	}
	// A code column with no amount columns before the next one starts no
	// group of its own: it is a second classification of the same rows
	// (部门经济科目 | 政府经济科目 | amounts).
	for i := 0; i+1 < len(starts); i++ {
		has := false
		for c := starts[i]; c < starts[i+1]; c++ {
			has = has || fieldFor(pt.typ, pt.paths[c]) != ""
		}
		if !has {
			starts = append(starts[:i+1], starts[i+2:]...)
			i--
		}
	}
	var groups []classGroup
	for i, from := range starts {
		to := pt.g.N
		if i+1 < len(starts) {
			to = starts[i+1]
		}
		cm, unmapped := n.mapColumns(pt, func(c int) bool { return c >= from && c < to })
		if len(cm.fields) == 0 {
			continue
		}
		g := classGroup{from: from, to: to, cm: cm, unmapped: unmapped}
		if len(pt.paths[from]) > 1 {
			g.label = pt.paths[from][0]
		}
		g.labelCols, g.nameCol = labelColumns(pt, from, to, cm, economic)
		for _, c := range g.labelCols {
			switch {
			case c == g.nameCol:
				pt.role(c, RoleName, "")
			case isCodeRole(roleOf(pt.paths[c])):
				pt.role(c, RoleCode, "")
			default:
				pt.role(c, RoleName, "") // unlabelled: the classification's code and name
			}
		}
		if len(g.labelCols) == 0 && cm.unit < 0 && !totalOnly(pt, cm) {
			continue
		}
		groups = append(groups, g)
	}
	starts, fields := make([]int, len(groups)), make([]map[int]string, len(groups))
	for i, g := range groups {
		starts[i], fields[i] = g.from, g.cm.fields
	}
	order := 0
	for i, g := range groups {
		first := g.from
		if len(g.labelCols) > 0 {
			first = g.labelCols[0]
		}
		n.classRows(pt, economic, g, &order, func(r int) (map[int]string, bool) {
			return spannedFields(pt.g, r, first, i, starts, fields)
		})
	}
	return len(groups) > 0
}

// labelColumns returns the columns of group [from, to) of pt that hold a
// row's classification: its code columns and one name column, with the
// unlabelled columns between them. Where the group prints several
// classifications side by side (Beijing's 支出总表: function, government
// economic and department economic, each as 代码-名称), the name column is
// the one whose codes are of the table's own classification (for economic
// tables the department's 3xx before the government's 5xx); the others
// stay unmapped. A group with no recognized code or name column takes the
// columns before its first amount.
func labelColumns(pt *ptable, from, to int, cm colMap, economic bool) ([]int, int) {
	first := to
	for c := range cm.fields {
		first = min(first, c)
	}
	var codes, names []int
	for c := from; c < to; c++ {
		switch roleOf(pt.paths[c]) {
		case roleCode, roleCodeLei, roleCodeKuan, roleCodeXiang:
			codes = append(codes, c)
		case roleName:
			names = append(names, c)
		case roleItem:
			if c < first {
				names = append(names, c)
			}
		}
	}
	if len(codes) == 0 && len(names) == 0 {
		var out []int
		for c := from; c < first; c++ {
			if c != cm.rowNo && c != cm.unit && c != cm.unitCode {
				out = append(out, c)
			}
		}
		return out, -1
	}
	name := -1
	if len(names) > 0 {
		name = names[0]
	}
	if len(names) > 1 {
		best := -1
		for _, c := range names {
			score := 0
			for r := pt.dataStart; r < len(pt.g.Rows) && r < pt.dataStart+40; r++ {
				text := value.Label(value.Fold(pt.g.own(r, c)))
				if c > from && isCodeRole(roleOf(pt.paths[c-1])) {
					text = value.Label(value.Fold(pt.g.own(r, c-1))) // its code column
				}
				m := leadCode.FindStringSubmatch(text)
				if m == nil {
					continue
				}
				switch d := m[1][0]; {
				case !economic && d == '2', economic && d == '3':
					score += 2
				case economic && d == '5':
					score++
				}
			}
			if score > best {
				best, name = score, c
			}
		}
	}
	// The code columns that belong to the chosen name: those right before
	// it (a code column before another classification's name belongs to
	// that one).
	if name >= 0 && len(names) > 1 {
		var own []int
		for c := name - 1; c >= from; c-- {
			r := roleOf(pt.paths[c])
			if r != roleCode && r != roleCodeLei && r != roleCodeKuan && r != roleCodeXiang {
				break
			}
			own = append([]int{c}, own...)
		}
		codes = own
	}
	keep := map[int]bool{}
	lo, hi := to, from-1
	for _, c := range codes {
		keep[c] = true
		lo, hi = min(lo, c), max(hi, c)
	}
	if name >= 0 {
		keep[name] = true
		lo, hi = min(lo, name), max(hi, name)
	}
	var out []int
	for c := from; c < to; c++ {
		if keep[c] || c > lo && c < hi && len(pt.paths[c]) == 0 {
			out = append(out, c)
		}
	}
	return out, name
}

// totalOnly reports whether a classification table prints no
// classification at all, only one row of amounts under its headers (合计 |
// 基本支出 | 项目支出): its total row (Beijing's 收入总表, Jiangsu's
// 支出预算总表).
func totalOnly(pt *ptable, cm colMap) bool {
	rows := 0
	for r := pt.dataStart; r < len(pt.g.Rows); r++ {
		if printsAny(pt.g, r, cm.fields) {
			rows++
		}
	}
	return rows == 1
}

// groupField: in a basic-expenditure table printed as 人员经费 and 公用经费
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

var (
	// codeInText finds a classification code printed in a label cell: at
	// its start ([201]一般公共服务支出, 30101-基本工资, 2010301 行政运行) or on
	// a line of its own under the name.
	codeAtStart = regexp.MustCompile(`^[\[【〔(（]?(\d{7}|\d{5}|\d{3})[\]】〕)）]?\s*[-－—.、:：_]?\s*(\D.*)$`)
	codeLine    = regexp.MustCompile(`(?m)^\s*(\d{7}|\d{5}|\d{3})\s*$`)
	// unitLabel reads a 预算单位 printed in a label cell: an optional
	// code (068001, 301007_) and a name that ends like a unit's.
	unitLabel  = regexp.MustCompile(`^(?:(\d{3,12})\s*[-_－、.]?\s*)?(\p{Han}[\p{Han}（）()·、]*?(?:局|委员会|委|办公室|办|院|部|厅|署|中心|站|所|馆|队|处|政府|法院|检察院|集团|公司|学校|大学|医院|基地|协会|学会|联合会|总会|社|团|会)(?:[（(](?:本级|汇总|机关|本部)[)）]|本级|机关)?)$`)
	totalLabel = regexp.MustCompile(`^(?:合计|总计|总额|合计数|支出合计|收入合计|本年支出合计|本年收入合计|总合计)$`)
)

// classLabel is what a row's label cells say: a classification code and
// name, a unit, or the total.
type classLabel struct {
	code, name         string
	unitCode, unitName string
	total              bool
	codeFromName       bool // the code was looked up by the name
}

// readClassLabel reads the classification of row r from its label cells,
// whatever cells and spans they were printed in: the codes of 类 | 款 | 项
// columns joined (a blank 类 or 款 under a row that printed one continues
// it: prev holds the pieces printed last), a code printed before the name
// in the same cell ([201]…, 30101-…, 2010301 …) or on its own line under
// it, and the name.
func readClassLabel(g *grid, r int, cols []int, nameCol int, prev map[int]string) classLabel {
	var lb classLabel
	var pieces []string // code pieces, in column order
	var pieceCols []int
	var names []string
	own := "" // the text of the name column, when it holds more than a code
	for _, c := range cols {
		p := g.Rows[r][c]
		if !p.Origin {
			continue
		}
		t := value.Label(value.Fold(p.Text))
		if p.VCont || t == "类" || t == "款" || t == "项" {
			t = "" // a continued merge, or header residue on the 合计 row
		}
		if isDigits(t) && len(t) <= 7 && len(names) == 0 {
			pieces = append(pieces, t)
			pieceCols = append(pieceCols, c)
			continue
		}
		if t == "" && len(names) == 0 && len(pieces) < 3 {
			pieces = append(pieces, "")
			pieceCols = append(pieceCols, c)
			continue
		}
		if t != "" {
			names = append(names, value.Text(p.Text))
			if c == nameCol {
				own = value.Text(p.Text)
			}
		}
	}
	if own != "" && len(names) > 1 {
		// text spilled into the code columns (a 合计 across them, a
		// placeholder) is not part of a name the name column prints
		names = []string{own}
	}
	// 类 | 款 | 项 printed in columns: continue a blank leading piece from
	// the row above when a later piece is printed.
	if len(pieces) >= 2 {
		last := -1
		for i, s := range pieces {
			if s != "" {
				last = i
			}
		}
		for i := 0; i < last; i++ {
			if pieces[i] == "" && prev[pieceCols[i]] != "" {
				pieces[i] = prev[pieceCols[i]]
			}
		}
		for i := range pieces {
			if i <= last && pieces[i] != "" {
				prev[pieceCols[i]] = pieces[i]
			}
			if i > last {
				delete(prev, pieceCols[i])
			}
		}
	} else if len(pieces) == 1 && pieces[0] != "" {
		prev[pieceCols[0]] = pieces[0]
	}
	code := strings.Join(pieces, "")
	name := strings.Join(names, "")
	// A 款 printed with its two digits only, under its 类 (201, then 10
	// 人力资源事务): the 类 printed last in the column gives the rest.
	if len(pieces) == 1 && len(code) == 2 && prev[-1] != "" {
		code = prev[-1] + code
	}
	if len(code) == 3 {
		prev[-1] = code
	}
	if code != "" && !(len(code) == 3 || len(code) == 5 || len(code) == 7) {
		// not a classification code: a unit's code (068001), or the code
		// is part of the label
		if unitCode.MatchString(code) || len(code) == 3 && code[0] <= '1' {
			lb.unitCode, code = code, ""
		} else {
			name, code = strings.TrimSpace(code+" "+name), ""
		}
	}
	if code == "" && name != "" {
		if m := codeAtStart.FindStringSubmatch(name); m != nil && m[2] != "" {
			code, name = m[1], m[2]
		} else if m := codeLine.FindStringSubmatch(name); m != nil {
			code = m[1]
			name = strings.TrimSpace(codeLine.ReplaceAllString(name, ""))
		}
	}
	name = value.Text(name)
	lb.code, lb.name = code, name
	l := value.Label(name)
	switch {
	case code == "" && totalLabel.MatchString(l):
		lb.total = true
	case code == "" && lb.unitCode == "" && name != "":
		if m := unitLabel.FindStringSubmatch(l); m != nil && economicNames[l] == "" && functionClassNames[l] == "" {
			lb.unitCode, lb.unitName = m[1], m[2]
		}
	case lb.unitCode != "":
	}
	if lb.unitCode != "" && lb.unitName == "" {
		lb.unitName = name
	}
	return lb
}

func (n *norm) classRows(pt *ptable, economic bool, grp classGroup, order *int,
	amounts func(r int) (map[int]string, bool)) {
	codeF, nameF := "function_code", "function_name"
	if economic {
		codeF, nameF = "economic_code", "economic_name"
	}
	cm := grp.cm
	byUnit := hasField(pt.typ, "unit_name")
	prev := map[int]string{}
	unitName, unitCodeV := "", ""
	lookedUp := 0
	// A table printed per 预算单位 with no 合计 row: its first unit's row
	// is the table's total (the department, printed first).
	unitTotal := !n.printsTotalRow(pt, grp)
	levels := indentLevels(pt, grp)
	for r := pt.dataStart; r < len(pt.g.Rows); r++ {
		fields, mine := amounts(r)
		if !mine {
			continue
		}
		lb := readClassLabel(pt.g, r, grp.labelCols, grp.nameCol, prev)
		if cm.unitCode >= 0 {
			if u := value.Label(value.Fold(pt.g.own(r, cm.unitCode))); u != "" {
				lb.unitCode = u
				if lb.unitName == "" && lb.code == "" && !lb.total {
					lb.unitName = lb.name
				}
			}
		}
		if cm.unit >= 0 {
			if u := value.Text(pt.g.own(r, cm.unit)); u != "" && !totalLabel.MatchString(value.Label(u)) {
				lb.unitName = u
				if lb.code == "" && lb.name == "" {
					lb.name = u
				}
			} else if totalLabel.MatchString(value.Label(u)) && lb.code == "" && lb.name == "" {
				lb.name, lb.total = u, true
			}
		}
		hasAmount := printsAny(pt.g, r, fields)
		if lb.code == "" && lb.name == "" && !hasAmount {
			continue
		}
		if lb.code == "" && lb.name == "" && lb.unitName == "" {
			// 合计 printed in another label column (a second
			// classification's, where the merge put it)
			for c, p := range pt.g.Rows[r] {
				if _, amount := fields[c]; !amount && p.Origin && !p.VCont && totalLabel.MatchString(value.Label(p.Text)) {
					lb.name, lb.total = value.Text(p.Text), true
					break
				}
			}
		}
		if lb.code == "" && lb.name == "" && len(grp.labelCols) == 0 && cm.unit < 0 {
			lb.name, lb.total = "合计", true // a table printed with its total row only
		}
		name := lb.name
		code := lb.code
		if code == "" && !lb.total && lb.unitName == "" {
			// A row printed with its name only: the national
			// classification gives the code of an economic 类 or 款 and of
			// a function 类.
			l := value.Label(name)
			if economic {
				code = economicNames[l]
				if code == "" {
					code = sharedNames[l][1]
				}
			} else {
				code = functionClassNames[l]
				if code == "" {
					code = sharedNames[l][0]
				}
			}
			if code != "" {
				lookedUp++
			}
		}
		// The table's 合计. A group's own total (人员经费合计 under a table
		// printed in groups) is a subtotal, not the 合计 row.
		l := value.Label(name)
		total := lb.total
		if code == "" && !total && strings.HasSuffix(l, "合计") && groupField(grp.label, l) == "" && grp.label == "" {
			total = !strings.Contains(l, "人员经费") && !strings.Contains(l, "公用经费")
		}
		if total && (strings.Contains(l, "人员经费") || strings.Contains(l, "公用经费")) {
			total = false
		}
		isUnit := code == "" && !total && lb.unitName != ""
		if isUnit {
			unitName, unitCodeV = lb.unitName, lb.unitCode
			if unitTotal {
				total, unitTotal = true, false
			}
		}
		unitTotal = unitTotal && code == "" // only a unit printed before any classification
		*order++
		rowNo := rowNoAt(pt.g, r, cm.rowNo, *order)
		rec := n.record(pt, r, rowNo)
		level, parent := codeLevel(code, economic)
		if level == 0 && lb.code == "" && !total && !isUnit {
			level = levels[r] // printed by name: its level is its indentation
		}
		if code != "" {
			rec.Set(codeF, code)
		}
		if name == "" && code != "" {
			name = ""
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
		if byUnit {
			switch {
			case isUnit:
				if lb.unitCode != "" {
					rec.Set("unit_code", lb.unitCode)
				}
				rec.Set("unit_name", lb.unitName)
			case unitName != "":
				if unitCodeV != "" {
					rec.Set("unit_code", unitCodeV)
				}
				rec.Set("unit_name", unitName)
			}
		}
		extra := ""
		if economic {
			extra = groupField(grp.label, name)
		}
		for c, f := range fields {
			if d, ok := n.amount(pt, r, c, rowNo, f); ok {
				rec.Set(f, d)
				if f == "total_yuan" && extra != "" && rec.Values[extra] == nil && hasField(pt.typ, extra) {
					rec.Set(extra, d)
				}
			}
		}
		n.res.Records = append(n.res.Records, rec)
		n.otherCells(pt, r, rowNo, grp.unmapped)
	}
	if lookedUp > 0 {
		n.issue(pt, model.Issue{Kind: model.IssueStructure, Severity: model.SevInfo, Column: codeF,
			Message: "the table prints names without codes; the codes of " + strconv.Itoa(lookedUp) +
				" rows come from the national classification by name"})
	}
}

// printsTotalRow reports whether a label cell of grp prints 合计 (or 总计)
// on one of pt's data rows.
func (n *norm) printsTotalRow(pt *ptable, grp classGroup) bool {
	cols := append(append([]int(nil), grp.labelCols...), grp.cm.unit)
	for r := pt.dataStart; r < len(pt.g.Rows); r++ {
		for _, c := range cols {
			if c >= 0 && totalLabel.MatchString(value.Label(pt.g.own(r, c))) {
				return true
			}
		}
	}
	return false
}

// transposed reads a table printed with its columns as rows (Jiangsu's
// 收入预算总表: 项目名称 | 金额, one row per source of funds: 收入总计,
// 一般公共预算资金 / 小计, 其他资金 / 事业收入 …): one amount column, no
// classification codes, and at least three rows whose labels name a field
// of the table type. It gives one record, the table's total, with a field
// per row; a row that names no field goes to other_tables.
func (n *norm) transposed(pt *ptable) bool {
	cm, _ := n.peekColumns(pt)
	if len(cm) != 1 {
		return false
	}
	var amountCol int
	for c := range cm {
		amountCol = c
	}
	type row struct {
		r     int
		field string
	}
	var rows []row
	named := 0
	for r := pt.dataStart; r < len(pt.g.Rows); r++ {
		if codeOf(pt.g, r) != "" {
			return false
		}
		var path []string
		for c := 0; c < amountCol; c++ {
			p := pt.g.Rows[r][c]
			if !p.Origin {
				continue
			}
			if l := value.Label(p.Text); l != "" && (len(path) == 0 || path[len(path)-1] != l) {
				path = append(path, l)
			}
		}
		if len(path) == 0 {
			continue
		}
		f := fieldFor(pt.typ, path)
		if f == "" && len(path) == 1 && totalLabel.MatchString(path[0]) {
			f = "total_yuan"
		}
		if f != "" && f != "total_yuan" {
			named++
		}
		rows = append(rows, row{r, f})
	}
	if named < 3 {
		return false
	}
	for c := 0; c < amountCol; c++ {
		pt.role(c, RoleName, "") // the rows' labels, which name the fields
	}
	rec := n.record(pt, pt.dataStart, 1)
	if hasField(pt.typ, "function_name") {
		rec.Set("function_name", "合计")
	} else {
		rec.Set("economic_name", "合计")
	}
	rec.Set("is_total", true)
	all := make([]int, pt.g.N)
	for c := range all {
		all[c] = c
	}
	for i, rw := range rows {
		if rw.field == "" || rec.Values[rw.field] != nil {
			if !value.IsBlank(pt.g.own(rw.r, amountCol)) {
				n.otherCells(pt, rw.r, i+1, all)
			}
			continue
		}
		if d, ok := n.amount(pt, rw.r, amountCol, 1, rw.field); ok {
			rec.Set(rw.field, d)
		}
	}
	n.res.Records = append(n.res.Records, rec)
	return true
}

// peekColumns maps pt's columns to fields without reporting anything.
func (n *norm) peekColumns(pt *ptable) (map[int]string, []int) {
	fields := map[int]string{}
	var rest []int
	for c := 0; c < pt.g.N; c++ {
		if f := fieldFor(pt.typ, pt.paths[c]); f != "" {
			fields[c] = f
		} else {
			rest = append(rest, c)
		}
	}
	return fields, rest
}

func isCodeRole(r int) bool {
	return r == roleCode || r == roleCodeLei || r == roleCodeKuan || r == roleCodeXiang
}

// indentLevels gives the rows of a group that print a classification by
// name only (Hangzhou: 一般公共服务支出 / 社会工作事务 / 其他社会工作事务支出,
// each indented further) their level from their indentation: the distinct
// indents of the name cells, smallest first, are 类, 款, 项. Empty when the
// rows print codes, or are not indented in two or more steps.
func indentLevels(pt *ptable, grp classGroup) map[int]int {
	col := grp.nameCol
	if col < 0 && len(grp.labelCols) > 0 {
		col = grp.labelCols[len(grp.labelCols)-1]
	}
	if col < 0 {
		return nil
	}
	var indents []float64
	rows := map[int]float64{}
	for r := pt.dataStart; r < len(pt.g.Rows); r++ {
		p := pt.g.Rows[r][col]
		l := value.Label(p.Text)
		if !p.Origin || p.VCont || l == "" || totalLabel.MatchString(l) || codeAtStart.MatchString(value.Fold(l)) {
			continue
		}
		if codeOf(pt.g, r) != "" {
			return nil // the table prints its codes
		}
		if unitLabel.MatchString(l) && economicNames[l] == "" && functionClassNames[l] == "" {
			return nil // rows of 预算单位 between the classes: their indents are no levels
		}
		rows[r] = p.Indent
		indents = append(indents, p.Indent)
	}
	sort.Float64s(indents)
	var steps []float64 // the distinct indents, 1.5 points apart at least
	for _, x := range indents {
		if len(steps) == 0 || x-steps[len(steps)-1] > 1.5 {
			steps = append(steps, x)
		}
	}
	if len(steps) < 2 || len(steps) > 3 {
		return nil
	}
	out := map[int]int{}
	for r, x := range rows {
		for i := len(steps) - 1; i >= 0; i-- {
			if x >= steps[i]-1.5 {
				out[r] = i + 1
				break
			}
		}
	}
	return out
}
