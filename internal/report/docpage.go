package report

import (
	"context"
	"fmt"
	"html/template"
	"sort"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// docPage is what a document's page shows.
type docPage struct {
	CSS       template.CSS
	CSP       string
	Overview  string // the overview's address from the page
	Prev      *Doc
	Next      *Doc
	Doc       *Doc
	Title     string
	Kind      string
	Region    string
	Groups    []figGroup
	Charts    []*chart
	Tables    []*tableView
	TOCMain   []*tableView // the tables listed first: all but the many project tables
	TOCRest   []*tableView // projects and performance_indicators tables, unless flagged
	RestTypes string       // what TOCRest holds, counted by type
	Issues    []issueView  // about no one table
	Untyped   []untypedView
	Leftover  int
	Generator string
}

type untypedView struct {
	Title, Type, TypeLabel string
	Page                   int
}

// figure is one number of a page's summary.
type figure struct {
	Key, Label, Value, Class string
}

// tableView is one table of a document's page.
type tableView struct {
	ID          string
	T           Table
	TypeLabel   string
	NamedLabel  string
	Typed       bool
	Reason      string
	Picture     template.HTML
	PicturePage int
	PictureNote string
	Columns     []column
	Rows        []rowView
	Other       *otherGrid
	Unmapped    []issueView
	Issues      []issueView
	Mismatches  int
	Roundings   int
	Repairs     int
	Flagged     bool // has a mismatch or an unmapped column
}

type column struct {
	Field string
	Label string
	Num   bool
	Long  bool // free text that may wrap
}

// longFields are text fields that may run long and wrap in their cell.
var longFields = map[string]bool{
	"purpose": true, "goals": true, "description": true, "project_name": true, "target_raw": true, "target_text": true,
	"basis": true, "performance_target": true, "org_name": true, "item_name": true, "spend_plan": true, "level2": true, "level3": true,
}

type rowView struct {
	RowNo int
	Total bool
	Cells []cellView
}

type cellView struct {
	Field, Text, Class, Tip string
}

// otherGrid is a table's cells in other_tables laid out again as printed:
// a column per column_index, a row per row_no.
type otherGrid struct {
	Headers []string
	Rows    []otherRow
	Cells   int
}

type otherRow struct {
	RowNo int
	Label string
	Cells []string
}

// issueView is an issue with its amounts written for reading.
type issueView struct {
	*Issue
	ExpectedText, FoundText, DifferenceText string
	What                                    string // the check or the rule
}

func viewIssue(is *Issue) issueView {
	v := issueView{Issue: is, ExpectedText: groupDigits(is.Expected), FoundText: groupDigits(is.Found),
		DifferenceText: groupDigits(is.Difference), What: is.Check}
	if v.What == "" {
		v.What = is.Rule
	}
	return v
}

// tip is the text shown on hovering a cell an issue is about.
func (v issueView) tip() string {
	var b strings.Builder
	switch v.Kind {
	case string(model.IssueRepair):
		fmt.Fprintf(&b, "repaired (%s): printed %q, written %q", v.Rule, v.Raw, v.Repaired)
	case string(model.IssueCheck):
		fmt.Fprintf(&b, "check %s: %s", v.Check, v.Severity)
		if v.Expected != "" || v.Found != "" {
			fmt.Fprintf(&b, " — expected %s, found %s", v.ExpectedText, v.FoundText)
			if v.Difference != "" {
				fmt.Fprintf(&b, " (difference %s)", v.DifferenceText)
			}
		}
	default:
		fmt.Fprintf(&b, "%s %s", v.Kind, v.Severity)
		if v.Raw != "" {
			fmt.Fprintf(&b, ": printed %q", v.Raw)
		}
	}
	if v.Message != "" {
		b.WriteString("\n" + v.Message)
	}
	return b.String()
}

// cellClass is the highlight of a cell an issue is about; "" for none.
func cellClass(is *Issue) string {
	switch {
	case is.Kind == string(model.IssueRepair):
		return "c-rep"
	case is.Kind == string(model.IssueUnparsed):
		return "c-unp"
	case is.Kind == string(model.IssueCheck) && is.Severity == string(model.SevMismatch):
		return "c-mis"
	case is.Kind == string(model.IssueCheck) && is.Severity == string(model.SevRounding):
		return "c-rnd"
	}
	return ""
}

var classRank = map[string]int{"": 0, "c-rnd": 1, "c-rep": 2, "c-unp": 3, "c-mis": 4}

// buildDocPage lays out a document's page, asking pic for the pictures of
// its PDF tables that have a check mismatch or a column with no field.
func buildDocPage(ctx context.Context, dd *docData, pics PicturesFunc) *docPage {
	d := dd.doc
	p := &docPage{Doc: d, Kind: kindLabel(d.DocKind), Leftover: len(dd.leftover)}
	p.Title = d.DepartmentName
	if p.Title == "" {
		p.Title = baseName(d.SourceFile)
	}
	var region []string
	for _, s := range []string{d.Province, d.City, d.County} {
		if s != "" && (len(region) == 0 || region[len(region)-1] != s) {
			region = append(region, s)
		}
	}
	p.Region = strings.Join(region, " ")
	if d.AdminLevel != "" {
		p.Region += " (" + d.AdminLevel + ")"
	}
	records := 0
	for _, n := range d.Records {
		records += n
	}
	p.Groups = []figGroup{
		{"Contents", []figure{
			{"tables", "tables", num(len(d.Tables)), ""},
			{"records", "records", num(records), ""},
			{"repairs", "repairs", num(d.Repairs), ""},
			{"issues", "issues", num(d.Issues), ""},
		}, ""},
		{"Checks", []figure{
			{"checks_passed", "passed", num(d.Checks.Passed), "good"},
			{"checks_rounding", "rounding", num(d.Checks.Rounding), ""},
			{"checks_mismatched", "mismatch", num(d.Checks.Mismatched), classIf(d.Checks.Mismatched > 0, "bad")},
			{"checks_skipped", "skipped", num(d.Checks.Skipped), "muted"},
		}, checksBar(d.Checks.Passed, d.Checks.Rounding, d.Checks.Mismatched, d.Checks.Skipped)},
	}
	if c := classChart(dd, "Expenditure by function class (类)", "function_code", "function_name", functionSources); c != nil {
		p.Charts = append(p.Charts, c)
	}
	if c := classChart(dd, "Basic expenditure by economic class (类)", "economic_code", "economic_name", economicSources); c != nil {
		p.Charts = append(p.Charts, c)
	}
	for _, is := range dd.issues {
		p.Issues = append(p.Issues, viewIssue(is))
	}
	for _, u := range d.Untyped {
		p.Untyped = append(p.Untyped, untypedView{u.Title, u.TableType, typeLabel(u.TableType), u.Page})
	}
	rest := map[string]int{}
	var drawn []*tableView
	var reqs []PictureRequest
	for _, t := range dd.tables {
		v := buildTable(t)
		if pics != nil && v.Flagged && d.Format == string(model.FormatPDF) {
			drawn = append(drawn, v)
			reqs = append(reqs, PictureRequest{Table: t.t.Index, Cells: blamed(t)})
		}
		p.Tables = append(p.Tables, v)
		if tt := model.TableType(t.t.TableType); (tt == model.Projects || tt == model.PerformanceIndicators) && !v.Flagged {
			p.TOCRest = append(p.TOCRest, v)
			rest[t.t.TableType]++
		} else {
			p.TOCMain = append(p.TOCMain, v)
		}
	}
	var parts []string
	for _, tt := range []string{string(model.Projects), string(model.PerformanceIndicators)} {
		if rest[tt] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", rest[tt], tt))
		}
	}
	p.RestTypes = strings.Join(parts, ", ")
	if len(reqs) > 0 {
		addPictures(ctx, pics, d.SourceFile, reqs, drawn)
	}
	return p
}

func classIf(b bool, class string) string {
	if b {
		return class
	}
	return ""
}

func buildTable(t *tableData) *tableView {
	v := &tableView{ID: fmt.Sprintf("t%d", t.t.Index), T: t.t, TypeLabel: typeLabel(t.t.TableType),
		Typed: t.t.TableType != string(model.OtherTables)}
	if t.t.NamedType != "" {
		v.NamedLabel = typeLabel(t.t.NamedType)
	}
	cells := map[[2]string][]*Issue{}
	fields := map[string]bool{}
	for _, f := range model.Fields(model.TableType(t.t.TableType)) {
		fields[f.Name] = true
	}
	for _, is := range t.issues {
		iv := viewIssue(is)
		v.Issues = append(v.Issues, iv)
		switch {
		case is.Kind == string(model.IssueUnmapped):
			v.Unmapped = append(v.Unmapped, iv)
		case is.Kind == string(model.IssueCheck) && is.Severity == string(model.SevMismatch):
			v.Mismatches++
		case is.Kind == string(model.IssueCheck) && is.Severity == string(model.SevRounding):
			v.Roundings++
		case is.Kind == string(model.IssueRepair):
			v.Repairs++
		}
		if f := cellField(is.Column); is.Row > 0 && fields[f] {
			k := [2]string{fmt.Sprint(is.Row), f}
			cells[k] = append(cells[k], is)
		}
	}
	v.Flagged = v.Mismatches > 0 || len(v.Unmapped) > 0
	if !v.Typed {
		v.Reason = otherReason(t)
	}
	if v.Typed {
		v.Columns, v.Rows = typedGrid(t, cells)
	}
	if len(t.other) > 0 {
		v.Other = buildOther(t.other)
	}
	return v
}

// blamed are the cells a table's mismatches and unmapped columns name.
func blamed(t *tableData) []Cell {
	var cells []Cell
	seen := map[Cell]bool{}
	for _, is := range t.issues {
		var c Cell
		switch {
		case is.Kind == string(model.IssueCheck) && is.Severity == string(model.SevMismatch) && is.Row > 0:
			c = Cell{is.Row, is.Column}
		case is.Kind == string(model.IssueUnmapped):
			c = Cell{0, is.Column}
		default:
			continue
		}
		if !seen[c] {
			seen[c] = true
			cells = append(cells, c)
		}
	}
	return cells
}

// addPictures asks pics for the pictures of a document's tables and puts
// each, or why it is missing, on its table.
func addPictures(ctx context.Context, pics PicturesFunc, file string, reqs []PictureRequest, views []*tableView) {
	got, err := callPictures(ctx, pics, file, reqs)
	if err == nil && len(got) != len(reqs) {
		err = fmt.Errorf("%d pictures for %d tables", len(got), len(reqs))
	}
	for i, v := range views {
		perr := err
		if perr == nil {
			perr = got[i].Err
		}
		if perr == nil {
			v.Picture, perr = sanitizeSVG(got[i].SVG)
		}
		if perr != nil {
			v.Picture, v.PictureNote = "", "no picture of this table: "+perr.Error()
			continue
		}
		v.PicturePage = got[i].Page
	}
}

// callPictures calls pics, turning a panic into an error: a picture is
// never worth the report.
func callPictures(ctx context.Context, pics PicturesFunc, file string, reqs []PictureRequest) (got []Picture, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the picture failed: %v", r)
		}
	}()
	return pics(ctx, file, reqs)
}

// otherReason says why a table was left in other_tables.
func otherReason(t *tableData) string {
	var msgs []string
	for _, is := range t.issues {
		if is.Kind == string(model.IssueStructure) && is.Message != "" {
			msgs = append(msgs, is.Message)
		}
	}
	var why string
	switch {
	case t.t.EmptyDeclared:
		why = "an empty table, declared so by its note"
	case t.t.NamedType != "":
		why = fmt.Sprintf("its title names %s (%s), but its header and rows could not be read as one", typeLabel(t.t.NamedType), t.t.NamedType)
	default:
		why = "neither its title nor its header names a table type of the data contract"
	}
	if len(msgs) > 0 {
		why += "; " + strings.Join(msgs, "; ")
	}
	return why
}

// typedGrid lays out a typed table: its row number, its page when it has
// one, and every field of its type that some record fills or an issue is
// about.
func typedGrid(t *tableData, cells map[[2]string][]*Issue) ([]column, []rowView) {
	used := map[string]bool{}
	for _, r := range t.typed {
		for k, val := range r {
			if val != nil {
				used[k] = true
			}
		}
	}
	for k := range cells {
		used[k[1]] = true
	}
	cols := []column{{"row_no", "#", true, false}}
	if used["source_page"] {
		cols = append(cols, column{"source_page", "page", true, false})
	}
	for _, f := range model.TableFields[model.TableType(t.t.TableType)] {
		if used[f.Name] {
			num := f.Kind == model.KindMoney || f.Kind == model.KindDecimal || f.Kind == model.KindInt
			cols = append(cols, column{f.Name, f.Name, num, longFields[f.Name]})
		}
	}
	rows := make([]rowView, 0, len(t.typed))
	for _, r := range t.typed {
		rv := rowView{RowNo: r.int("row_no"), Total: r.bool("is_total") || r.str("row_kind") == "total"}
		rv.Cells = make([]cellView, len(cols))
		for i, c := range cols {
			cv := cellView{Field: c.Field, Text: showValue(c.Field, r[c.Field])}
			if c.Num {
				cv.Class = "num"
			} else if c.Long {
				cv.Class = "long"
			}
			if iss := cells[[2]string{fmt.Sprint(rv.RowNo), c.Field}]; len(iss) > 0 {
				var tips []string
				best := ""
				for _, is := range iss {
					if cl := cellClass(is); classRank[cl] > classRank[best] {
						best = cl
					}
					tips = append(tips, viewIssue(is).tip())
				}
				cv.Class = strings.TrimSpace(cv.Class + " " + best)
				cv.Tip = strings.Join(tips, "\n\n")
			}
			rv.Cells[i] = cv
		}
		rows = append(rows, rv)
	}
	return cols, rows
}

func buildOther(recs []record) *otherGrid {
	g := &otherGrid{Cells: len(recs)}
	colIdx := map[int]int{}
	var colOrder []int
	headers := map[int]string{}
	for _, r := range recs {
		ci := r.int("column_index")
		if _, ok := colIdx[ci]; !ok {
			colIdx[ci] = 0
			colOrder = append(colOrder, ci)
			headers[ci] = r.str("header_path")
		}
	}
	sort.Ints(colOrder)
	for i, ci := range colOrder {
		colIdx[ci] = i
		h := headers[ci]
		if h == "" {
			h = fmt.Sprintf("column %d", ci)
		}
		g.Headers = append(g.Headers, h)
	}
	rowAt := map[int]int{}
	for _, r := range recs {
		rn := r.int("row_no")
		i, ok := rowAt[rn]
		if !ok {
			i = len(g.Rows)
			rowAt[rn] = i
			g.Rows = append(g.Rows, otherRow{RowNo: rn, Label: r.str("row_label"), Cells: make([]string, len(colOrder))})
		}
		c := colIdx[r.int("column_index")]
		if g.Rows[i].Cells[c] != "" {
			g.Rows[i].Cells[c] += " "
		}
		g.Rows[i].Cells[c] += r.str("text")
	}
	return g
}

// baseName is the last element of a slash or backslash path.
func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
