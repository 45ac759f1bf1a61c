package report

import (
	"encoding/json"
	"fmt"
	"html/template"
	"path/filepath"
	"sort"
	"strings"

	"github.com/budgetx/budgetx/internal/normalize"
	"github.com/budgetx/budgetx/model"
)

// Matrix cell states, one letter per standard table type in a document's
// row of the overview.
const (
	cellTyped    = 'T' // typed
	cellMismatch = 'M' // typed, and a check found a mismatch in it
	cellPrinted  = 'P' // printed (named by a title or the contents) but not typed
	cellAbsent   = 'A' // not in the document
)

// standardTypes are the matrix's columns.
var standardTypes = func() []model.TableType {
	var out []model.TableType
	for _, t := range model.TableTypes {
		if normalize.IsStandard(t) {
			out = append(out, t)
		}
	}
	return out
}()

// overviewPage is what report.html shows.
type overviewPage struct {
	CSS       template.CSS
	JS        template.JS
	Data      template.JS // the documents' rows and the matrix's columns, as a script
	CSP       string      // the page's content security policy: its own two scripts, nothing from outside
	Dir       string      // the output folder, as named
	Name      string      // its last element
	Groups    []figGroup
	Checks    []checkRow
	Failures  []failRow
	Classes   []countRow
	MoreFail  int
	Generator string
}

// figGroup is a row of figures under a heading.
type figGroup struct {
	Title   string
	Figures []figure
	Bar     template.HTML
}

// num writes a count with thousands separators.
func num(n int) string { return groupDigits(fmt.Sprint(n)) }

// checksBar draws the checks as one bar, a segment per outcome.
func checksBar(passed, rounding, mismatched, skipped int) template.HTML {
	total := passed + rounding + mismatched + skipped
	if total == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<div class="cbar" role="img">`)
	for _, s := range []struct {
		n     int
		class string
		label string
	}{{passed, "s-pass", "passed"}, {rounding, "s-rnd", "rounding"}, {mismatched, "s-mis", "mismatch"}, {skipped, "s-skip", "skipped"}} {
		if s.n == 0 {
			continue
		}
		w := float64(s.n) * 100 / float64(total)
		fmt.Fprintf(&b, `<span class="%s" style="width:%.3f%%" title="%s: %s"></span>`, s.class, w, s.label, num(s.n))
	}
	b.WriteString(`</div>`)
	return template.HTML(b.String())
}

type checkRow struct {
	Check                       string
	Rounding, Mismatch, Skipped int
}

type failRow struct {
	Page, File, Class, Error string
}

type countRow struct {
	Name string
	N    int
}

// docRow is a document's row of the overview, as the page's script reads
// it (short keys: thousands of documents are one JSON array).
type docRow struct {
	Href     string `json:"h"`
	File     string `json:"f"`
	Path     string `json:"F"`
	Dept     string `json:"d"`
	Province string `json:"p"`
	City     string `json:"c"`
	Year     int    `json:"y"`
	Kind     string `json:"k"`
	Status   string `json:"s"`
	Class    string `json:"e,omitempty"`
	Error    string `json:"E,omitempty"`
	Records  int    `json:"n"`
	Pages    int    `json:"g"`
	Mismatch int    `json:"m"`
	Matrix   string `json:"x"`
}

type typeCol struct {
	Type  string `json:"t"`
	Label string `json:"l"`
	Short string `json:"s"`
}

// maxFailuresListed is how many failed documents the overview lists (all
// are in the matrix, with status failed).
const maxFailuresListed = 200

// buildOverview sums the run and lays out the matrix.
func buildOverview(ds *dataset) (*overviewPage, error) {
	p := &overviewPage{Dir: ds.dir, Name: filepath.Base(ds.dir)}
	var docs, ok, partial, failed, pages, records, issues, repairs, tables, typed int
	var ch struct{ run, passed, rounding, mismatched, skipped int }
	byCheck := map[string]*checkRow{}
	classes := map[string]int{}
	rows := make([]docRow, 0, len(ds.docs))
	for _, d := range ds.docs {
		docs++
		switch d.Status {
		case string(model.StatusOK):
			ok++
		case string(model.StatusPartial):
			partial++
		case string(model.StatusFailed):
			failed++
			classes[d.ErrorClass]++
			if len(p.Failures) < maxFailuresListed {
				p.Failures = append(p.Failures, failRow{d.page, d.SourceFile, d.ErrorClass, d.Error})
			} else {
				p.MoreFail++
			}
		}
		pages += d.Pages
		n := 0
		for _, c := range d.Records {
			n += c
		}
		records += n
		issues += d.Issues
		repairs += d.Repairs
		ch.run += d.Checks.Run
		ch.passed += d.Checks.Passed
		ch.rounding += d.Checks.Rounding
		ch.mismatched += d.Checks.Mismatched
		ch.skipped += d.Checks.Skipped
		tables += len(d.Tables)
		for _, t := range d.Tables {
			if t.TableType != string(model.OtherTables) {
				typed++
			}
		}
		mismatchTypes := map[string]bool{}
		for _, is := range ds.issues[d.key] {
			if is.Kind != string(model.IssueCheck) {
				continue
			}
			c := byCheck[is.Check]
			if c == nil {
				c = &checkRow{Check: is.Check}
				byCheck[is.Check] = c
			}
			switch is.Severity {
			case string(model.SevRounding):
				c.Rounding++
			case string(model.SevMismatch):
				c.Mismatch++
				mismatchTypes[is.TableType] = true
			case string(model.SevSkipped):
				c.Skipped++
			}
		}
		rows = append(rows, docRow{Href: d.page, File: baseName(d.SourceFile), Path: d.SourceFile,
			Dept: d.DepartmentName, Province: d.Province, City: d.City, Year: d.FiscalYear, Kind: kindLabel(d.DocKind),
			Status: d.Status, Class: d.ErrorClass, Error: clip(d.Error, 400), Records: n, Pages: d.Pages,
			Mismatch: d.Checks.Mismatched, Matrix: matrixRow(d, mismatchTypes)})
	}
	p.Groups = []figGroup{
		{"Documents", []figure{
			{"documents", "documents", num(docs), ""},
			{"ok", "ok", num(ok), "good"},
			{"partial", "partial", num(partial), classIf(partial > 0, "warn")},
			{"failed", "failed", num(failed), classIf(failed > 0, "bad")},
		}, ""},
		{"Contents", []figure{
			{"pages", "PDF pages", num(pages), ""},
			{"tables", "tables", num(tables), ""},
			{"tables_typed", "typed", num(typed), ""},
			{"records", "records", num(records), ""},
			{"repairs", "repairs", num(repairs), ""},
		}, ""},
		{"Checks", []figure{
			{"checks_run", "run", num(ch.run), ""},
			{"checks_passed", "passed", num(ch.passed), "good"},
			{"checks_rounding", "rounding", num(ch.rounding), ""},
			{"checks_mismatched", "mismatch", num(ch.mismatched), classIf(ch.mismatched > 0, "bad")},
			{"checks_skipped", "skipped", num(ch.skipped), "muted"},
		}, checksBar(ch.passed, ch.rounding, ch.mismatched, ch.skipped)},
	}
	for _, c := range byCheck {
		p.Checks = append(p.Checks, *c)
	}
	sort.Slice(p.Checks, func(i, j int) bool {
		a, b := p.Checks[i], p.Checks[j]
		if a.Mismatch != b.Mismatch {
			return a.Mismatch > b.Mismatch
		}
		return a.Check < b.Check
	})
	for c, n := range classes {
		p.Classes = append(p.Classes, countRow{c, n})
	}
	sort.Slice(p.Classes, func(i, j int) bool { return p.Classes[i].N > p.Classes[j].N })
	data, err := json.Marshal(rows)
	if err != nil {
		return nil, err
	}
	var cols []typeCol
	for _, t := range standardTypes {
		l := typeLabels[t]
		cols = append(cols, typeCol{string(t), l[0], l[1]})
	}
	types, err := json.Marshal(cols)
	if err != nil {
		return nil, err
	}
	// json.Marshal escapes <, > and &, so no text closes the script
	p.Data = template.JS("window.BX={docs:" + string(data) + ",types:" + string(types) + "};")
	return p, nil
}

// matrixRow is a document's row of the matrix: one cell letter per
// standard type.
func matrixRow(d *Doc, mismatch map[string]bool) string {
	b := make([]byte, len(standardTypes))
	for i, tt := range standardTypes {
		t := string(tt)
		b[i] = cellAbsent
		for _, u := range d.Untyped {
			if u.TableType == t {
				b[i] = cellPrinted
			}
		}
		for _, tb := range d.Tables {
			if tb.NamedType == t && tb.TableType != t && b[i] == cellAbsent {
				b[i] = cellPrinted
			}
		}
		for _, tb := range d.Tables {
			if tb.TableType == t {
				b[i] = cellTyped
				if mismatch[t] {
					b[i] = cellMismatch
				}
			}
		}
	}
	return string(b)
}

// clip cuts s to at most n runes.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
