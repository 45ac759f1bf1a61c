package normalize

import (
	"fmt"
	"io"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// Inspect writes to w how the normalizer sees each table of doc: its
// title, meta lines, the type it was recognized as (after any fallback to
// other_tables), its header paths per column and its grid, row by row,
// each cell with its span. It is for a person asking why a table landed
// where it did (budgetx inspect). only > 0 restricts it to table only. A
// document over model.DefaultLimits fails as Normalize would fail it.
func Inspect(doc *model.Document, w io.Writer, only int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &model.Error{File: doc.Path, Err: fmt.Errorf("internal error inspecting the document: %v", r)}
		}
	}()
	doc, _ = unmark(doc)
	n := &norm{doc: doc, res: &model.Result{Summary: model.DocSummary{Records: map[model.TableType]int{}}}, lim: model.DefaultLimits()}
	if err := n.collect(); err != nil {
		return err
	}
	n.docMeta()
	m := n.docMet
	fmt.Fprintf(w, "%s: %s, department %q %q, fiscal year %d, %s, %d tables\n",
		doc.Path, doc.Format, m.DeptCode, m.DeptName, m.Year, n.kind, len(n.tables))
	for _, pt := range n.tables {
		before := len(n.res.Records)
		n.extract(pt)
		if only > 0 && pt.idx != only {
			continue
		}
		fmt.Fprintf(w, "\ntable %d %q → %s, %d records", pt.idx, pt.title, pt.typ, len(n.res.Records)-before)
		if pt.pos.Page > 0 {
			fmt.Fprintf(w, ", page %d", pt.pos.Page)
		}
		if pt.pos.Line > 0 {
			fmt.Fprintf(w, ", line %d", pt.pos.Line)
		}
		fmt.Fprintf(w, "\n  unit %q, %d columns, meta rows [0,%d), header rows [%d,%d), data from row %d\n",
			pt.meta.Unit, pt.g.N, pt.metaRows, pt.hdrStart, pt.hdrEnd, pt.dataStart)
		f := pt.facets
		fmt.Fprintf(w, "  facets: scope %s, measure %s, class %s", f.scope, f.measure, f.class)
		if nt := titleType(pt.title); nt != "" && nt != pt.typ {
			fmt.Fprintf(w, " (the title alone names %s)", nt)
		}
		fmt.Fprintln(w)
		for _, e := range f.ev {
			fmt.Fprintf(w, "    evidence: %s\n", e)
		}
		for c, p := range pt.paths {
			fmt.Fprintf(w, "  column %d: %s\n", c+1, strings.Join(p, " / "))
		}
		if only <= 0 {
			continue
		}
		for r := range pt.g.Rows {
			var cells []string
			for _, p := range pt.g.Rows[r] {
				if p.Origin {
					s := fmt.Sprintf("%q", p.Text)
					if p.Span > 1 {
						s += fmt.Sprintf("×%d", p.Span)
					}
					if p.VCont {
						s += "↑"
					}
					cells = append(cells, s)
				}
			}
			fmt.Fprintf(w, "  row %d (page %d): %s\n", r+1, pt.g.RowPos[r].Page, strings.Join(cells, " | "))
		}
	}
	n.untyped()
	for _, u := range n.res.Summary.Untyped {
		fmt.Fprintf(w, "\nuntyped: %q names %s (page %d), which no table was typed as: the document is partial", u.Title, u.TableType, u.Page)
	}
	for _, is := range n.res.Issues {
		if is.Kind == model.IssueStructure || is.Kind == model.IssueUnmapped {
			fmt.Fprintf(w, "\n%s %s: %q %s %s", is.Kind, is.Severity, is.TableTitle, is.Column, is.Message)
		}
	}
	_, err = fmt.Fprintln(w)
	return err
}
