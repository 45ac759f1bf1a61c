// Package normalize turns a read document (model.Document) into typed
// records of the data contract: it finds each table's title, meta lines and
// header rows, recognizes which standard table it is, rebuilds its rows,
// and parses every value into exact decimals in yuan, recording each repair
// and anomaly as a model.Issue.
package normalize

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/budgetx/budgetx/internal/normalize/value"
	"github.com/budgetx/budgetx/model"
)

// ptable is one table being normalized.
type ptable struct {
	idx       int    // 1-based order in the document
	title     string // whitespace-normalized title as printed
	g         *grid
	meta      meta // from the table's own meta rows and the lines right above it
	metaRows  int  // rows [0, metaRows) are meta lines
	hdrStart  int
	hdrEnd    int
	dataStart int
	paths     [][]string
	typ       model.TableType
	pos       model.Pos
	note      string // a note printed right after the table (注：…)
	factor    decimal.Decimal
	ownUnit   bool // the unit was printed in or right above the table
	unitNoted bool // an issue said the unit was taken from the document
	summary   *model.TableSummary
	facets    facets   // the evidence for its type (classify)
	hpaths    []string // paths joined for records (headerPath)
	tr        *trace   // what Explain records, nil otherwise
	// firstPage is the first page of each data row (PDF), parallel to g.Rows.
}

// norm holds the state of normalizing one document.
type norm struct {
	trace  bool // record a trace of each table (Explain)
	doc    *model.Document
	res    *model.Result
	lim    model.Limits
	cells  int // grid positions built so far (Limits.Cells)
	docMet meta
	kind   model.DocKind
	tables []*ptable
	paras  []string // body paragraphs, in order (the narrative)
	// project is the last 绩效目标表 read: its indicator table follows.
	project *project
	// named are the paragraphs that read as a table's title (a table of
	// contents, the titles): the standard tables the document says it
	// prints.
	named []named
}

var (
	noteRE      = regexp.MustCompile(`^注[:：]`)
	emptyNoteRE = regexp.MustCompile(`空表|无.{0,30}(预算|决算|收入|支出|经费)`)
)

// maxLine is the longest paragraph label (bytes, whitespace removed) read
// for a title, a meta line or an entry of a table of contents: none is
// near it, and the patterns that read them need not run over a long
// paragraph of narrative.
const maxLine = 4096

// noise reports whether a paragraph carries nothing for a table's title.
func noise(l string) bool {
	return l == "" || l == "pagenumber" || l == "无"
}

// sentenceEnd matches the end of a paragraph's last line.
var sentenceEnd = regexp.MustCompile(`[。！？；：”」）)]\s*$`)

// joinLines puts back together the paragraphs of a PDF, which prints each
// line of a paragraph as a line of its own: a line that does not end a
// sentence goes on in the next one.
// A short line that starts with a list marker (一、部门职责, 3、比上年增减情况)
// is a heading of its own.
func joinLines(lines []string) []string {
	var out []string
	open := false
	for _, l := range lines {
		if open && len(out) > 0 {
			out[len(out)-1] += l
		} else {
			out = append(out, l)
		}
		open = !sentenceEnd.MatchString(l) && !heading.MatchString(l)
	}
	return out
}

var heading = regexp.MustCompile(`^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]).{0,24}$`)

// Normalize normalizes one document under model.DefaultLimits. It never
// fails: anything it cannot use becomes an Issue or lands in other_tables,
// and a document over a limit (see NormalizeLimited) comes back as a failed
// result whose error says which.
func Normalize(doc *model.Document) *model.Result {
	res, err := NormalizeLimited(doc, model.DefaultLimits())
	if err != nil {
		return model.Failed(doc.DocID, doc.Path, doc.Format, err.Error())
	}
	return res
}

// NormalizeLimited normalizes one document under lim (a zero field is its
// default). What normalize builds is bounded by the limits whatever the
// reader let through: a table's rows and grid columns, and the grid
// positions of all its tables (rows × grid columns, summed, continuations
// joined across pages and the widening that joining makes included), so
// that its memory follows the limits, not what a table's spans claim. A
// document over a limit is not normalized: the error is a *model.Error
// wrapping model.ErrLimit, positioned at the table ("table N", counting
// the document's tables from 1). A document without a table (with a row)
// is normalized, with a structure warning that it has no tables.
func NormalizeLimited(doc *model.Document, lim model.Limits) (res *model.Result, err error) {
	res, _, err = normalize(doc, lim, false)
	return res, err
}

// normalize is NormalizeLimited, recording a trace of each table when
// trace is set; it returns the normalizer's state too (nil after an
// internal fault).
func normalize(doc *model.Document, lim model.Limits, trace bool) (res *model.Result, n *norm, err error) {
	res = &model.Result{Summary: model.DocSummary{
		DocID: doc.DocID, SourceFile: doc.Path, Format: doc.Format, Status: model.StatusOK,
		Pages: doc.Pages, Records: map[model.TableType]int{},
	}}
	defer func() {
		if r := recover(); r != nil {
			// A bug of ours must not take the run down: the document fails.
			msg := fmt.Sprintf("%s: internal error normalizing the document: %v", doc.Path, r)
			if os.Getenv("BUDGETX_DEBUG") != "" {
				fmt.Fprintf(os.Stderr, "%s\n%s", msg, debug.Stack())
			}
			res, n, err = model.Failed(doc.DocID, doc.Path, doc.Format, msg), nil, nil
		}
	}()
	doc, marked := unmark(doc)
	n = &norm{doc: doc, res: res, lim: lim.WithDefaults(), trace: trace}
	if len(marked) > 0 {
		n.issue(nil, model.Issue{Kind: model.IssueStructure, Severity: model.SevWarning, Line: marked[0],
			Message: fmt.Sprintf("characters that are not text (control characters such as NUL, or U+FFFD) removed from %d lines of the text, the first at line %d", len(marked), marked[0])})
	}
	if err := n.collect(); err != nil {
		return nil, nil, err
	}
	if len(n.tables) == 0 {
		// Ok, but it says so, rather than ok with nothing in it. (The
		// readers fail a document with neither text nor a table as empty.)
		what := "text but no table"
		if len(n.paras) == 0 {
			what = "neither text nor a table"
		}
		n.issue(nil, model.Issue{Kind: model.IssueStructure, Severity: model.SevWarning,
			Message: "no tables found: the document has " + what + ", so it yields no record"})
	}
	n.docMeta()
	for _, pt := range n.tables {
		n.extract(pt)
	}
	s := &res.Summary
	n.untyped()
	s.DepartmentCode, s.DepartmentName = n.docMet.DeptCode, n.docMet.DeptName
	s.FiscalYear, s.DocKind = n.docMet.Year, n.kind
	s.Region = n.region()
	for i := range res.Records {
		res.Records[i].Region = s.Region
	}
	for _, r := range res.Records {
		s.Records[r.TableType]++
	}
	for _, is := range res.Issues {
		if is.Kind == model.IssueRepair {
			s.Repairs++
		}
	}
	s.Issues = len(res.Issues)
	res.Narrative = n.paras
	if doc.Format == model.FormatPDF {
		res.Narrative = joinLines(n.paras)
	}
	return res, n, nil
}

// textMark is what the text reader leaves where it removed control
// characters from a line (U+FFFD, the replacement character; see package
// extract/text), and what a text file holds where its producer could not
// write a character.
const textMark = "\uFFFD"

// unmark returns doc without the text reader's marks and the lines they
// were on, in order; doc itself when it has none (or is not of the text
// form). Blocks with marks are copied, never changed in place.
func unmark(doc *model.Document) (*model.Document, []int) {
	if doc.Format != model.FormatText {
		return doc, nil
	}
	var lines []int
	var blocks []model.Block
	for i, b := range doc.Blocks {
		nb := b
		switch {
		case b.Para != nil && strings.Contains(b.Para.Text, textMark):
			p := *b.Para
			p.Text = strings.ReplaceAll(p.Text, textMark, "")
			nb.Para = &p
			lines = append(lines, p.Pos.Line)
		case b.Table != nil:
			var t *model.Table
			for r, row := range b.Table.Rows {
				for c, cell := range row.Cells {
					if !strings.Contains(cell.Text, textMark) {
						continue
					}
					if t == nil {
						cp := *b.Table
						cp.Rows = append([]model.Row(nil), b.Table.Rows...)
						t = &cp
					}
					if &t.Rows[r].Cells[0] == &b.Table.Rows[r].Cells[0] {
						t.Rows[r].Cells = append([]model.Cell(nil), row.Cells...)
					}
					t.Rows[r].Cells[c].Text = strings.ReplaceAll(cell.Text, textMark, "")
					for k := strings.Count(cell.Text, textMark); k > 0; k-- {
						lines = append(lines, cell.Pos.Line)
					}
				}
			}
			if t != nil {
				nb.Table = t
			}
		}
		if blocks == nil && (nb.Para != b.Para || nb.Table != b.Table) {
			blocks = append(make([]model.Block, 0, len(doc.Blocks)), doc.Blocks[:i]...)
		}
		if blocks != nil {
			blocks = append(blocks, nb)
		}
	}
	if blocks == nil {
		return doc, nil
	}
	cp := *doc
	cp.Blocks = blocks
	slices.Sort(lines)
	return &cp, lines
}

// collect walks the blocks: it gives each table its title, the meta lines
// printed above it and the note printed below it, and joins a table that
// continues the previous one (its header repeated, nothing but empty
// paragraphs between them).
func (n *norm) collect() error {
	var (
		lastTitle string
		tableNo   int      // tables so far, as the readers number them
		cands     []string // short paragraphs since the last table: the title is among them
		before    []string // the short paragraphs before the last long one
		above     meta
		prev      *ptable
		sincePrev bool // only empty paragraphs since prev
	)
	for bi, b := range n.doc.Blocks {
		if b.Para != nil {
			text := value.Text(b.Para.Text)
			l := value.Label(text)
			if l != "" {
				n.paras = append(n.paras, text)
			}
			if noise(l) || pageNoise.MatchString(l) {
				continue
			}
			short := len(l) <= maxLine // a title, a meta line, a table of contents' entry
			if short && titleish(tocEntry(l)) {
				n.named = append(n.named, named{text, b.Para.Pos.Page})
			}
			if prev != nil && prev.note == "" && noteRE.MatchString(l) {
				prev.note = text
				sincePrev = false
				continue
			}
			var m meta
			ok := false
			if short {
				m, ok = parseMetaLine(b.Para.Text)
			}
			if ok {
				above.merge(m)
				continue
			}
			if utf8.RuneCountInString(l) <= 80 {
				if !tableNumber.MatchString(l) && !qualifierLine.MatchString(l) {
					sincePrev = false
				}
				cands = append(cands, text)
				above.merge(m) // a title may print its unit on the same line
			} else {
				// A sentence that introduces the table (…详细情况见下表：)
				// is no title; the heading above it may be.
				sincePrev = false
				if len(cands) > 0 {
					before = cands
				}
				cands = nil
			}
			continue
		}
		t := b.Table
		if t == nil {
			continue
		}
		tableNo++
		if len(t.Rows) == 0 {
			continue
		}
		if err := n.gridBudget(t, tableNo); err != nil {
			return err
		}
		g := buildGrid(t)
		g.unwrapCells()
		pt := &ptable{g: g, pos: t.Pos}
		if n.trace {
			pt.tr = &trace{}
		}
		for pt.metaRows < len(g.Rows) {
			m, ok := metaRow(g, pt.metaRows)
			if !ok {
				// A title printed inside the table's frame: a first row
				// of one cell that reads as a title.
				if lt := frameTitle(g, pt.metaRows); lt != "" {
					cands = append(cands, lt)
					pt.metaRows++
					continue
				}
				break
			}
			pt.meta.merge(m)
			pt.metaRows++
		}
		pt.meta.merge(above)
		pt.ownUnit = pt.meta.Unit != ""
		pt.hdrStart, pt.hdrEnd, pt.dataStart = findHeader(g, pt.metaRows)
		pt.paths = headerPaths(g, pt.hdrStart, pt.hdrEnd)
		title := pickTitle(cands)
		if title == "" && len(cands) == 0 && len(before) > 0 {
			title = pickTitle(before[len(before)-1:])
		}
		// A table continues the one before it when nothing but a page
		// number came between them, or when it repeats that table's title
		// above the same header.
		if prev != nil && (sincePrev && title == "" || title != "" && cleanTitle(title) == cleanTitle(prev.title) && sameHeader(prev, pt)) {
			if from, ok := continues(prev, pt); ok {
				if err := n.joinBudget(prev, g, from, tableNo); err != nil {
					return err
				}
				prev.g.appendRows(g, from)
				prev.traceRows(bi, from, len(g.Rows))
				if prev.g.N != len(prev.paths) {
					// the continuation widened the grid: its header paths follow
					prev.paths = headerPaths(prev.g, prev.hdrStart, prev.hdrEnd)
				}
				cands, before, above = nil, nil, meta{}
				sincePrev = true
				continue
			}
		}
		if title != "" {
			lastTitle = title
		}
		pt.title = lastTitle
		cands, before, above = nil, nil, meta{}
		pt.idx = len(n.tables) + 1
		pt.traceRows(bi, 0, len(g.Rows))
		n.tables = append(n.tables, pt)
		prev, sincePrev = pt, true
	}
	return nil
}

// gridBudget fails when table t, table number no of the document, would
// make more rows, grid columns or grid positions than the limits allow,
// before its grid is built; else it adds its positions to the document's.
func (n *norm) gridBudget(t *model.Table, no int) error {
	rows, cols := len(t.Rows), gridCols(t)
	switch {
	case rows > n.lim.Rows:
		return n.over(t, no, "%d rows, more than the limit of %d", rows, n.lim.Rows)
	case cols > n.lim.Cols:
		return n.over(t, no, "%d grid columns, more than the limit of %d", cols, n.lim.Cols)
	case rows*cols > n.lim.Cells-n.cells:
		return n.over(t, no, "%d grid positions (rows × grid columns, summed over the tables), more than the limit of %d", n.cells+rows*cols, n.lim.Cells)
	}
	n.cells += rows * cols
	return nil
}

// joinBudget fails when appending rows [from:] of g to prev, the table g
// continues, would make more rows, grid columns or grid positions than the
// limits allow. Every position the join lays out counts: the appended rows,
// and all of prev's when g widens it.
func (n *norm) joinBudget(prev *ptable, g *grid, from, no int) error {
	t := &model.Table{Pos: prev.pos}
	rows, cols := len(prev.g.Rows)+len(g.Rows)-from, max(prev.g.N, g.N)
	cost := (len(g.Rows) - from) * cols
	if g.N > prev.g.N {
		cost += len(prev.g.Rows) * cols
	}
	switch {
	case rows > n.lim.Rows:
		return n.over(t, no, "%d rows once joined with the table it continues, more than the limit of %d", rows, n.lim.Rows)
	case cost > n.lim.Cells-n.cells:
		return n.over(t, no, "%d grid positions once joined with the table it continues (rows × grid columns, summed over the tables), more than the limit of %d",
			n.cells+cost, n.lim.Cells)
	}
	n.cells += cost
	return nil
}

// over returns the error of a limit crossed by table t, number no.
func (n *norm) over(t *model.Table, no int, format string, args ...any) error {
	return &model.Error{File: n.doc.Path, Page: t.Pos.Page, Line: t.Pos.Line, Table: "table " + strconv.Itoa(no),
		Err: fmt.Errorf("%w: "+format, append([]any{model.ErrLimit}, args...)...)}
}

var (
	// pageNoise matches a page number printed as a paragraph: 3, - 3 -, —13—,
	// 第3页, 3/20.
	pageNoise = regexp.MustCompile(`^[-—–－~\s]*(?:第)?[0-9０-９]{1,4}(?:页)?(?:/[0-9]{1,4}|共[0-9]{1,4}页)?[-—–－~\s]*$`)
	// tableNumber matches a table's number printed on a line of its own:
	// 表1, 公开01表, 预算11表, 公开表一, 附表2.
	tableNumber = regexp.MustCompile(`^(?:(?:附表|公开表|表)[0-9一二三四五六七八九十]{1,3}(?:-[0-9]{1,2})?|(?:公开|预算|决算|部门)?[0-9]{1,2}表)[:：]?$`)
	// qualifierLine matches a line that qualifies the title above it:
	// （2026年度）, 2026年, （不含上年结转）.
	qualifierLine = regexp.MustCompile(`^[（(]?\s*(?:20\d{2}\s*年?度?|不含[^）)]*)\s*[)）]?$`)
)

// pickTitle chooses a table's title among the short paragraphs printed
// since the table before it: the last one that reads as a title (a title
// wrapped over two lines is joined), else the last that is not a page
// number, a table number or a qualifier. "" when there is none.
func pickTitle(cands []string) string {
	var kept []string
	for _, t := range cands {
		l := value.Label(t)
		if tableNumber.MatchString(l) || qualifierLine.MatchString(l) || pageNoise.MatchString(l) {
			continue
		}
		kept = append(kept, t)
	}
	// The title stands close above its table: a table of contents further
	// up names every table and is no title.
	for i := len(kept) - 1; i >= 0 && i >= len(kept)-3; i-- {
		l := value.Label(kept[i])
		if i > 0 && !titleish(l) && titleish(value.Label(kept[i-1])+l) {
			return value.Text(kept[i-1] + kept[i])
		}
		if titleish(l) {
			return kept[i]
		}
	}
	if len(kept) > 0 {
		return kept[len(kept)-1]
	}
	return ""
}

// frameTitle returns the title printed in row r of g when the row is one
// cell (or one text repeated across merged cells) that reads as a title.
func frameTitle(g *grid, r int) string {
	text := ""
	for _, p := range g.origins(r) {
		l := value.Label(p.Text)
		if l == "" || p.VCont {
			continue
		}
		if text != "" && l != value.Label(text) {
			return ""
		}
		text = p.Text
	}
	if text != "" && titleish(value.Label(text)) {
		return value.Text(text)
	}
	return ""
}

// sameHeader reports whether a and b print the same header labels.
func sameHeader(a, b *ptable) bool {
	if a.g.N != b.g.N || a.hdrEnd-a.hdrStart != b.hdrEnd-b.hdrStart {
		return false
	}
	for c := range a.paths {
		if strings.Join(a.paths[c], "/") != strings.Join(b.paths[c], "/") {
			return false
		}
	}
	return true
}

// continues reports whether table b, printed right after table a with no
// title of its own, continues it, and from which of b's rows: b repeats a's
// header (its data follows it), or b starts with data in a's columns (a
// page break without a repeated header), or a is a project's table
// (绩效目标表) and b is not its indicator table.
func continues(a, b *ptable) (int, bool) {
	if a.g.N == b.g.N {
		ha, hb := a.hdrEnd-a.hdrStart, b.hdrEnd-b.hdrStart
		same := ha == hb
		for i := 0; same && i < ha; i++ {
			for c := 0; c < a.g.N; c++ {
				if a.g.label(a.hdrStart+i, c) != b.g.label(b.hdrStart+i, c) {
					same = false
					break
				}
			}
		}
		if same {
			return b.dataStart, true
		}
		if b.metaRows < len(b.g.Rows) && dataLike(b.g, b.metaRows) && !a.g.Known == !b.g.Known {
			return b.metaRows, true
		}
	}
	if strings.Contains(value.Label(a.title), "绩效目标表") && !anchorRow(b.g, b.metaRows) {
		for _, p := range a.paths {
			if leaf(p) == "一级指标" {
				return 0, false
			}
		}
		return b.metaRows, true
	}
	return 0, false
}

func firstLabel(g *grid, r int) string {
	for _, p := range g.origins(r) {
		if l := value.Label(p.Text); l != "" {
			return l
		}
	}
	return ""
}

var (
	narrativeYear = regexp.MustCompile(`(20\d{2})年(?:度)?(?:部门|单位)?(?:预算|决算)`)
	yearOfRE      = regexp.MustCompile(`(20\d{2})年度`)
	fileYearRE    = regexp.MustCompile(`(?:^|[^0-9])(20[0-4]\d)(?:[^0-9]|$)`)
	// coverDeptRE reads the department from a cover or heading line such
	// as 上海市普陀区财政局2024年度部门决算.
	consolidated = regexp.MustCompile(`[（(]汇总[)）]$`)
	coverDeptRE  = regexp.MustCompile(`^(?:第[一二三四五六七八九十]+部分)?([\p{Han}（）()]{2,30}?(?:局|委员会|委|办公室|办|院|部|厅|署|中心|政府|法院|检察院|馆|站|所|队|会|（本级）|\(本级\)))20\d{2}年度?(?:部门|单位)(?:预算|决算)`)
)

// docMeta settles the document's department, year and kind. Each comes
// from several places, weighed: the department from the meta lines of the
// tables (部门：…, 单位名称：…, 467衡水市生态环境局), the cover
// (上海市普陀区财政局2024年度部门决算, or the name on a line of its own
// between 2026年度 and 部门预算), and label cells inside tables (部门名称 |
// X); the year from 预算年度：…, the cover, the titles and the narrative.
// The department printed most is the document's.
func (n *norm) docMeta() {
	depts := map[string]int{}
	codes := map[string]string{}
	order := []string{}
	vote := func(name, code string, w int) {
		// （汇总） marks a consolidated document, not another department
		name = strings.TrimSpace(consolidated.ReplaceAllString(name, ""))
		if name == "" || strings.Contains(name, "XX") || strings.Contains(name, "××") {
			return
		}
		if _, ok := depts[name]; !ok {
			order = append(order, name)
		}
		depts[name] += w
		if code != "" && codes[name] == "" {
			codes[name] = code
		}
	}
	years := map[int]int{}
	for _, pt := range n.tables {
		vote(pt.meta.DeptName, pt.meta.DeptCode, 3)
		if pt.meta.Year != 0 {
			years[pt.meta.Year] += 10
		}
		if m := titleYear.FindStringSubmatch(value.Label(pt.title)); m != nil {
			y, _ := strconv.Atoi(m[1])
			years[y] += 2
		}
		for _, lv := range labelValues(pt.g, deptLabels) {
			vote(lv.value, "", lv.weight)
		}
	}
	cover := n.cover()
	for i, s := range cover {
		l := value.Label(s)
		if m := coverDeptRE.FindStringSubmatch(l); m != nil {
			vote(m[1], "", 5)
		} else if name := coverName(l); name != "" && (i+1 >= len(cover) || coverName(l+value.Label(cover[i+1])) == "") {
			vote(name, "", 5)
		} else if i+1 < len(cover) {
			// a name wrapped over two cover lines
			if name := coverName(l + value.Label(cover[i+1])); name != "" {
				vote(name, "", 5)
			}
		}
		if m := titleYear.FindStringSubmatch(l); m != nil && i < 12 {
			y, _ := strconv.Atoi(m[1])
			years[y] += 5
		}
	}
	for _, s := range n.paras {
		m := narrativeYear.FindStringSubmatch(value.Label(s))
		if m == nil {
			m = yearOfRE.FindStringSubmatch(value.Label(s))
		}
		if m != nil {
			y, _ := strconv.Atoi(m[1])
			years[y]++
		}
	}
	if os.Getenv("BUDGETX_DEBUG") != "" {
		fmt.Fprintf(os.Stderr, "department votes %v\n", depts)
	}
	best := 0
	for _, name := range order {
		// on a tie the longer name (X（本级）over X) is the more specific
		if depts[name] > best || depts[name] == best && strings.HasPrefix(name, n.docMet.DeptName) {
			best = depts[name]
			n.docMet.DeptName, n.docMet.DeptCode = name, codes[name]
		}
	}
	best = 0
	for y, w := range years {
		if y >= 2000 && y <= 2099 && (w > best || w == best && y > n.docMet.Year) {
			best, n.docMet.Year = w, y
		}
	}
	for _, pt := range n.tables {
		if n.docMet.Unit == "" {
			n.docMet.Unit = pt.meta.Unit
		}
	}
	if n.docMet.Year == 0 {
		if m := fileYearRE.FindStringSubmatch(filepath.Base(n.doc.Path)); m != nil {
			fmt.Sscan(m[1], &n.docMet.Year)
			n.issue(nil, model.Issue{Kind: model.IssueStructure, Severity: model.SevWarning, Column: "fiscal_year",
				Raw: filepath.Base(n.doc.Path), Message: "the document prints no fiscal year; taken from the file name"})
		} else {
			n.issue(nil, model.Issue{Kind: model.IssueStructure, Severity: model.SevWarning, Column: "fiscal_year",
				Message: "the document prints no fiscal year (预算年度, 20XX年部门预算); fiscal_year is 0"})
		}
	}
	n.kind = model.Budget
	for _, s := range append(n.titles(), n.paras...) {
		l := value.Label(s)
		if strings.Contains(l, "决算") {
			n.kind = model.FinalAccount
			break
		}
		if strings.Contains(l, "预算") {
			break
		}
	}
	for _, pt := range n.tables {
		// every record carries the document's department
		pt.meta.DeptName, pt.meta.DeptCode = n.docMet.DeptName, n.docMet.DeptCode
		pt.meta.merge(n.docMet)
	}
}

func (n *norm) titles() []string {
	var out []string
	for _, pt := range n.tables {
		if pt.title != "" {
			out = append(out, pt.title)
		}
	}
	return out
}

// extract types one table and writes its records.
func (n *norm) extract(pt *ptable) {
	pt.typ = n.classify(pt)
	if pt.meta.Unit != "" {
		pt.factor, _ = value.UnitFactor(pt.meta.Unit)
	}
	pt.summary = &model.TableSummary{Index: pt.idx, Title: pt.title, Page: pt.pos.Page, Line: pt.pos.Line}
	if pt.ownUnit {
		pt.summary.Unit = pt.meta.Unit
	}
	before := len(n.res.Records)
	ok := false
	switch pt.typ {
	case model.RevenueByFunction, model.ExpenditureByFunction, model.GeneralBudgetExpenditure,
		model.GovernmentFundExpenditure, model.StateCapitalExpenditure, model.FiscalAppropriationExpenditure,
		model.GeneralBudgetBasicExpenditureByFunction:
		ok = n.classTable(pt, false)
	case model.GeneralBudgetBasicExpenditure, model.FiscalAppropriationBasicExpenditure,
		model.GeneralBudgetExpenditureByEconomic, model.BasicExpenditureByEconomic, model.OperatingExpenses:
		ok = n.classTable(pt, true)
	case model.RevenueExpenditureSummary, model.FiscalRevenueExpenditureSummary:
		ok = n.twoSided(pt)
	case model.ThreePublicExpenses:
		ok = n.threePublic(pt)
	case model.Institutions:
		ok = n.institutions(pt)
	default:
		ok = n.extractMore(pt)
	}
	if !ok {
		if pt.typ != "" {
			n.issue(pt, model.Issue{Kind: model.IssueStructure, Severity: model.SevWarning,
				Message: fmt.Sprintf("title says %s but the table does not have its columns; kept in other_tables", pt.typ)})
		}
		pt.typ = model.OtherTables
		n.res.Records = n.res.Records[:before]
		pt.resetTrace()
		n.otherTable(pt)
	}
	pt.summary.TableType = pt.typ
	pt.summary.NamedType = titleType(pt.title)
	pt.summary.Records = len(n.res.Records) - before
	for _, r := range pt.g.Rejoined {
		n.issue(pt, model.Issue{Kind: model.IssueStructure, Severity: model.SevInfo, Line: pt.g.RowPos[r].Line,
			Message: "row put back together: the flattened text cut it in two"})
	}
	if pt.summary.Records == 0 && pt.note != "" && emptyNoteRE.MatchString(value.Label(pt.note)) {
		pt.summary.EmptyDeclared, pt.summary.Note = true, pt.note
	}
	n.res.Summary.Tables = append(n.res.Summary.Tables, *pt.summary)
}

// record starts a record of pt for data row r.
func (n *norm) record(pt *ptable, r, rowNo int) model.Record {
	pt.read(r, -1, rowNo, "")
	m := pt.meta
	return model.Record{Common: model.Common{
		DocID: n.doc.DocID, SourceFile: n.doc.Path,
		DepartmentCode: m.DeptCode, DepartmentName: m.DeptName,
		FiscalYear: m.Year, DocKind: n.kind,
		TableType: pt.typ, TableTitle: pt.title, RowNo: rowNo,
		SourcePage: pt.g.RowPos[r].Page,
	}}
}

// issue records an issue about pt.
func (n *norm) issue(pt *ptable, is model.Issue) {
	is.DocID, is.SourceFile = n.doc.DocID, n.doc.Path
	if pt != nil {
		if is.TableType == "" {
			is.TableType = pt.typ
		}
		is.TableTitle = pt.title
		if is.Page == 0 && is.Line == 0 {
			is.Page, is.Line = pt.pos.Page, pt.pos.Line
		}
	}
	n.res.Issues = append(n.res.Issues, is)
}

// amount parses the cell at (r, c) of pt as money in yuan (see decimalCell),
// converted from the table's printed unit.
func (n *norm) amount(pt *ptable, r, c int, rowNo int, field string) (decimal.Decimal, bool) {
	d, ok := n.decimalCell(pt, r, c, rowNo, field)
	if !ok {
		return d, false
	}
	if pt.factor.IsZero() {
		n.issue(pt, model.Issue{Kind: model.IssueStructure, Severity: model.SevWarning, Row: rowNo, Column: field,
			Message: "no printed unit (单位：…) in the document; amounts taken as 元"})
		pt.factor = decimal.NewFromInt(1)
	}
	if !pt.ownUnit && !pt.unitNoted && pt.summary.Unit == "" {
		pt.unitNoted = true
		n.issue(pt, model.Issue{Kind: model.IssueStructure, Severity: model.SevInfo, Column: field,
			Message: "no unit printed with this table; the document's unit (" + pt.meta.Unit + ") is used"})
	}
	return d.Mul(pt.factor), true
}

// decimalCell parses the cell at (r, c) of pt as a number, as printed. A
// blank cell, or a position covered by a merge, is (zero, false). A cell
// that is not a number is reported and left null; the repairs a number
// needed are reported.
func (n *norm) decimalCell(pt *ptable, r, c, rowNo int, field string) (decimal.Decimal, bool) {
	pt.role(c, amountRole(field), field)
	p := pt.g.Rows[r][c]
	if !p.Origin || p.VCont {
		return decimal.Decimal{}, false
	}
	pt.read(r, c, rowNo, field)
	d, ok, reps, err := value.Amount(p.Text)
	if err != nil {
		n.issue(pt, model.Issue{Kind: model.IssueUnparsed, Severity: model.SevWarning, Row: rowNo, Column: field,
			Raw: p.Text, Page: p.Pos.Page, Line: p.Pos.Line, Message: "not a number; the field is left null"})
		return decimal.Decimal{}, false
	}
	n.repaired(pt, reps, rowNo, field, p.Pos, "")
	return d, ok
}

// repaired reports each repair made to the value of field in row rowNo.
func (n *norm) repaired(pt *ptable, reps []value.Repair, rowNo int, field string, pos model.Pos, msg string) {
	for _, rp := range reps {
		n.issue(pt, model.Issue{Kind: model.IssueRepair, Severity: model.SevInfo, Row: rowNo, Column: field,
			Raw: rp.Raw, Repaired: rp.Repaired, Rule: rp.Rule, Page: pos.Page, Line: pos.Line, Message: msg})
	}
}

// unmapped reports a labelled column of pt that has no field of its table
// type; its cells go to other_tables.
func (n *norm) unmapped(pt *ptable, c int) {
	pt.role(c, RoleUnmapped, "other_tables")
	n.issue(pt, model.Issue{Kind: model.IssueUnmapped, Severity: model.SevWarning, Column: strings.Join(pt.paths[c], " / "),
		Message: fmt.Sprintf("column %d: no field of %s for this header; its cells are in other_tables", c+1, pt.typ)})
}

// rowNo returns the printed 序号 of row r at column c, or fallback.
func rowNoAt(g *grid, r, c, fallback int) int {
	if c < 0 {
		return fallback
	}
	l := value.Label(value.Fold(g.Rows[r][c].Text))
	k := 0
	if l == "" || len(l) > 6 {
		return fallback
	}
	for _, ch := range l {
		if ch < '0' || ch > '9' {
			return fallback
		}
		k = k*10 + int(ch-'0')
	}
	return k
}
