// Package corpus reports how a run of budgetx extract read a corpus: per
// document, the standard tables it prints against the ones budgetx typed,
// whether each typed table's total is the one printed, its department and
// fiscal year, its records and its checks.
//
// What a document prints comes from an expectation file kept by people
// (fixtures/real-wide/expected.tsv: one line per printed table, read from
// the PDFs) or, without one, from the document itself: the tables whose
// titles name a standard table and the ones listed as untyped in
// documents.jsonl.
package corpus

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/budgetx/budgetx/internal/normalize"
	"github.com/budgetx/budgetx/model"
)

// Expected is one printed table of a document, as a person read it.
type Expected struct {
	File  string // the document's file name without its extension
	Page  int    // where the title is printed
	Title string
	Type  model.TableType
	Rows  string // function, economic, unit, summary, items, projects, empty …
	Total string // the printed total, as printed ("3,944.08"), or "-"
	Unit  string // 万元, 元, or "-"
	Note  string
}

// ExpectedDoc is what a person read of a document as a whole.
type ExpectedDoc struct {
	File       string
	Kind       string // 部门预算, 单位预算, 部门决算
	Department string
	Year       int
}

// Expectations are the expected tables and documents, by file name.
type Expectations struct {
	Tables map[string][]Expected
	Docs   map[string]ExpectedDoc
}

// ReadExpectations reads an expectation file: tab-separated lines file,
// page, title, table_type, rows, total, unit, note; a line whose title is
// #doc gives the document's kind, department, year and unit in the
// columns after it; lines starting with # and the header are skipped.
func ReadExpectations(path string) (*Expectations, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ex := &Expectations{Tables: map[string][]Expected{}, Docs: map[string]ExpectedDoc{}}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if strings.HasPrefix(t, "#") || strings.HasPrefix(t, "file\t") || strings.TrimSpace(t) == "" {
			continue
		}
		c := strings.Split(t, "\t")
		if len(c) < 8 {
			return nil, fmt.Errorf("%s:%d: %d columns, want 8", path, line, len(c))
		}
		if c[2] == "#doc" {
			y, _ := strconv.Atoi(c[5])
			ex.Docs[c[0]] = ExpectedDoc{File: c[0], Kind: c[3], Department: c[4], Year: y}
			continue
		}
		page, err := strconv.Atoi(c[1])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: page %q: %v", path, line, c[1], err)
		}
		ex.Tables[c[0]] = append(ex.Tables[c[0]], Expected{c[0], page, c[2], model.TableType(c[3]), c[4], c[5], c[6], c[7]})
	}
	return ex, sc.Err()
}

// docLine is the part of a documents.jsonl line the report reads.
type docLine struct {
	SourceFile     string `json:"source_file"`
	Status         string `json:"status"`
	Error          string `json:"error"`
	DepartmentName string `json:"department_name"`
	FiscalYear     int    `json:"fiscal_year"`
	DocKind        string `json:"doc_kind"`
	Tables         []struct {
		Index     int    `json:"index"`
		TableType string `json:"table_type"`
		Title     string `json:"title"`
		Unit      string `json:"unit"`
		Page      int    `json:"page"`
		Records   int    `json:"records"`
		NamedType string `json:"named_type"`
	} `json:"tables"`
	Untyped []struct {
		Title     string `json:"title"`
		TableType string `json:"table_type"`
		Page      int    `json:"page"`
	} `json:"untyped"`
	Records map[string]int `json:"records"`
	Checks  struct {
		Run        int `json:"run"`
		Passed     int `json:"passed"`
		Rounding   int `json:"rounding"`
		Mismatched int `json:"mismatched"`
		Skipped    int `json:"skipped"`
	} `json:"checks"`
}

// record is a record of a standard table, as written.
type record map[string]any

func (r record) str(k string) string {
	s, _ := r[k].(string)
	return s
}

func (r record) money(k string) (decimal.Decimal, bool) {
	n, ok := r[k].(json.Number)
	if !ok {
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(string(n))
	return d, err == nil
}

// tableKey identifies a printed table's records: document, type, title.
type tableKey struct {
	file  string
	typ   model.TableType
	title string
}

// Run is an output folder of budgetx extract, as read back.
type Run struct {
	Docs    []docLine
	records map[tableKey][]record
}

// Load reads out: documents.jsonl and the records of every standard
// table type, flat (out/<type>.jsonl) or partitioned
// (out/<type>/**/*.jsonl).
func Load(out string) (*Run, error) {
	r := &Run{records: map[tableKey][]record{}}
	f, err := os.Open(filepath.Join(out, "documents.jsonl"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	for {
		var d docLine
		if err := dec.Decode(&d); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("documents.jsonl: %w", err)
		}
		r.Docs = append(r.Docs, d)
	}
	for _, tt := range model.TableTypes {
		if !normalize.IsStandard(tt) {
			continue
		}
		var files []string
		if _, err := os.Stat(filepath.Join(out, string(tt)+".jsonl")); err == nil {
			files = append(files, filepath.Join(out, string(tt)+".jsonl"))
		}
		dir := filepath.Join(out, string(tt))
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
				if err == nil && !e.IsDir() && strings.HasSuffix(p, ".jsonl") && !strings.HasPrefix(e.Name(), ".") {
					files = append(files, p)
				}
				return err
			})
			if err != nil {
				return nil, err
			}
		}
		for _, p := range files {
			if err := r.readRecords(p, tt); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

func (r *Run) readRecords(path string, tt model.TableType) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.UseNumber()
	for {
		var rec record
		if err := dec.Decode(&rec); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		k := tableKey{docName(rec.str("source_file")), tt, rec.str("table_title")}
		r.records[k] = append(r.records[k], rec)
	}
}

// docName is the name a document is known by in an expectation file: its
// file name without the extension.
func docName(path string) string {
	b := filepath.Base(path)
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// DocReport is one document's line of the report.
type DocReport struct {
	File       string
	Group      string // the file name before its first "_" (real-wide: the city)
	Status     string
	Department string
	Year       int
	Printed    int      // standard tables printed
	Typed      int      // of those, typed as their type
	TotalsOK   int      // typed tables whose total is the printed one
	Totals     int      // typed tables with a printed total to compare
	Problems   []string // what is not whole, one line each
	Records    int
	Checks     model.CheckCounts
}

// Whole reports whether every standard table the document prints came
// out typed with its printed total, with its department and year.
func (d *DocReport) Whole() bool { return len(d.Problems) == 0 }

// Report compares a run with the expectations (nil: each document's own
// titles say what it prints) and returns one line per document, in the
// order of documents.jsonl.
func (r *Run) Report(ex *Expectations) []*DocReport {
	var out []*DocReport
	for _, d := range r.Docs {
		name := docName(d.SourceFile)
		dr := &DocReport{File: name, Status: d.Status, Department: d.DepartmentName, Year: d.FiscalYear}
		dr.Group, _, _ = strings.Cut(name, "_")
		for _, n := range d.Records {
			dr.Records += n
		}
		dr.Checks = model.CheckCounts{Run: d.Checks.Run, Passed: d.Checks.Passed, Rounding: d.Checks.Rounding,
			Mismatched: d.Checks.Mismatched, Skipped: d.Checks.Skipped}
		if d.Status == string(model.StatusFailed) {
			dr.Problems = append(dr.Problems, "failed: "+d.Error)
		}
		var want []Expected
		if ex != nil {
			want = ex.Tables[name]
			if ed, ok := ex.Docs[name]; ok && ed.Year != 0 && ed.Year != d.FiscalYear {
				dr.Problems = append(dr.Problems, fmt.Sprintf("fiscal_year %d, printed %d", d.FiscalYear, ed.Year))
			}
		} else {
			for _, t := range d.Tables {
				if normalize.IsStandard(model.TableType(t.NamedType)) {
					want = append(want, Expected{File: name, Page: t.Page, Title: t.Title, Type: model.TableType(t.NamedType), Total: "-"})
				}
			}
			for _, u := range d.Untyped {
				want = append(want, Expected{File: name, Page: u.Page, Title: u.Title, Type: model.TableType(u.TableType), Total: "-"})
			}
		}
		if d.DepartmentName == "" && d.Status != string(model.StatusFailed) {
			dr.Problems = append(dr.Problems, "no department_name")
		}
		used := map[int]bool{}
		for _, e := range want {
			if !normalize.IsStandard(e.Type) {
				continue
			}
			dr.Printed++
			hit := -1
			for i, t := range d.Tables {
				if !used[i] && t.TableType == string(e.Type) && abs(t.Page-e.Page) <= 2 {
					hit = i
					break
				}
			}
			if hit < 0 {
				dr.Problems = append(dr.Problems, fmt.Sprintf("not typed: %s p%d %s", e.Type, e.Page, e.Title))
				continue
			}
			used[hit] = true
			dr.Typed++
			t := d.Tables[hit]
			recs := r.records[tableKey{name, e.Type, t.Title}]
			if classRows[e.Rows] {
				// a table that prints its codes comes out with them
				with, rows := codesOf(recs)
				if rows > 0 && with*10 < rows*9 {
					dr.Problems = append(dr.Problems, fmt.Sprintf("codes: %s p%d %s: %d of %d rows have their code",
						e.Type, e.Page, e.Title, with, rows))
				}
			}
			printed, ok := parseTotal(e.Total, e.Unit)
			if !ok || e.Rows == "empty" {
				continue
			}
			dr.Totals++
			got, found := totalOf(e.Type, recs)
			unit := e.Unit
			if unit == "-" || unit == "" {
				unit = "万元"
			}
			switch {
			case !found:
				dr.Problems = append(dr.Problems, fmt.Sprintf("no total: %s p%d %s, printed %s", e.Type, e.Page, e.Title, e.Total))
			case got.Sub(printed).Abs().GreaterThan(unitOf(unit).Shift(-2)):
				dr.Problems = append(dr.Problems, fmt.Sprintf("total: %s p%d %s, printed %s %s, got %s", e.Type, e.Page, e.Title,
					e.Total, unit, got.Div(unitOf(unit)).String()))
			default:
				dr.TotalsOK++
			}
		}
		out = append(out, dr)
	}
	return out
}

// classRows are the rows values of tables that print a classification
// code on each row (not the -names variants).
var classRows = map[string]bool{"function": true, "economic": true, "unit+function": true, "unit+economic": true}

// codesOf counts the classification rows of a table (neither a total nor a
// unit's own row) and those with a code.
func codesOf(recs []record) (with, rows int) {
	for _, r := range recs {
		if r["is_total"] == true || r.str("function_name") == "" && r.str("economic_name") == "" {
			continue
		}
		if r.str("unit_name") != "" && r.str("function_code") == "" && r.str("economic_code") == "" &&
			(r.str("function_name") == r.str("unit_name") || r.str("economic_name") == r.str("unit_name")) {
			continue // the unit's own row
		}
		rows++
		if r.str("function_code") != "" || r.str("economic_code") != "" {
			with++
		}
	}
	return with, rows
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

var units = map[string]decimal.Decimal{"元": decimal.NewFromInt(1), "千元": decimal.NewFromInt(1000), "万元": decimal.NewFromInt(10000)}

func unitOf(u string) decimal.Decimal {
	if f, ok := units[u]; ok {
		return f
	}
	return units["万元"]
}

// parseTotal reads a printed total in its unit, as yuan.
func parseTotal(s, unit string) (decimal.Decimal, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" || s == "-" {
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, false
	}
	if unit == "" || unit == "-" {
		unit = "万元"
	}
	return d.Mul(unitOf(unit)), true
}

var spaces = regexp.MustCompile(`\s+`)

// totalOf returns a table's total as a person reads it: the 收入总计 of a
// summary (else its last 收入合计), the 三公 subtotal (else the total) of
// the document's basis, the 合计 row of any other table.
func totalOf(tt model.TableType, recs []record) (decimal.Decimal, bool) {
	switch tt {
	case model.RevenueExpenditureSummary, model.FiscalRevenueExpenditureSummary:
		for _, r := range recs {
			if r.str("side") == "revenue" && strings.Contains(spaces.ReplaceAllString(r.str("item"), ""), "总计") {
				return r.money("amount_yuan")
			}
		}
		for i := len(recs) - 1; i >= 0; i-- {
			it := spaces.ReplaceAllString(recs[i].str("item"), "")
			if recs[i].str("side") == "revenue" && strings.Contains(it, "合计") && !strings.Contains(it, "本年") {
				return recs[i].money("amount_yuan")
			}
		}
		return decimal.Decimal{}, false
	case model.ThreePublicExpenses:
		final := false
		for _, r := range recs {
			final = final || r.str("doc_kind") == string(model.FinalAccount)
		}
		// the table's own figure: the one no unit's name qualifies, else
		// the first unit's (the department, printed first)
		for _, item := range []string{"subtotal", "total"} {
			var first record
			for _, r := range recs {
				b := r.str("amount_basis")
				if r.str("item") != item || final && b == "budget" || !final && b == "final" {
					continue
				}
				if r.str("unit_name") != "" {
					if first == nil {
						first = r
					}
					continue
				}
				first = r
				break
			}
			if r := first; r != nil {
				if d, ok := r.money("total_yuan"); ok {
					return d, true
				}
				return r.money("general_public_budget_yuan")
			}
		}
		return decimal.Decimal{}, false
	}
	for _, r := range recs {
		if r["is_total"] == true {
			return r.money("total_yuan")
		}
	}
	return decimal.Decimal{}, false
}

// Write writes the report: one tab-separated line per document, its
// problems indented below it, a line per group and a total.
func Write(w io.Writer, reps []*DocReport) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "document\tstatus\twhole\tdepartment\tyear\tstandard_printed\ttyped\ttotals_ok\trecords\tchecks_run\tpassed\trounding\tmismatch\tskipped")
	type agg struct{ docs, whole, printed, typed, totals, totalsOK, mismatch int }
	groups := map[string]*agg{}
	var all agg
	for _, d := range reps {
		whole := "no"
		if d.Whole() {
			whole = "yes"
		}
		fmt.Fprintf(bw, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d/%d\t%d\t%d\t%d\t%d\t%d\t%d\n", d.File, d.Status, whole, orDash(d.Department), d.Year,
			d.Printed, d.Typed, d.TotalsOK, d.Totals, d.Records, d.Checks.Run, d.Checks.Passed, d.Checks.Rounding,
			d.Checks.Mismatched, d.Checks.Skipped)
		for _, p := range d.Problems {
			fmt.Fprintf(bw, "\t%s\n", p)
		}
		g := groups[d.Group]
		if g == nil {
			g = &agg{}
			groups[d.Group] = g
		}
		for _, a := range []*agg{g, &all} {
			a.docs++
			if d.Whole() {
				a.whole++
			}
			a.printed += d.Printed
			a.typed += d.Typed
			a.totals += d.Totals
			a.totalsOK += d.TotalsOK
			a.mismatch += d.Checks.Mismatched
		}
	}
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "group\tdocuments\twhole\tstandard_printed\ttyped\ttyped_pct\ttotals_ok\tmismatches")
	line := func(name string, a *agg) {
		fmt.Fprintf(bw, "%s\t%d\t%d\t%d\t%d\t%s\t%d/%d\t%d\n", name, a.docs, a.whole, a.printed, a.typed, pct(a.typed, a.printed),
			a.totalsOK, a.totals, a.mismatch)
	}
	for _, n := range names {
		line(n, groups[n])
	}
	line("TOTAL", &all)
	return bw.Flush()
}

func pct(a, b int) string {
	if b == 0 {
		return "-"
	}
	permille := (a*1000 + b/2) / b
	return strconv.Itoa(permille/10) + "." + strconv.Itoa(permille%10) + "%"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// ErrNoDocuments means an output folder holds no documents.jsonl.
var ErrNoDocuments = errors.New("no documents.jsonl in the output folder")
