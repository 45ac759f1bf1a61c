package normalize

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract/docx"
	"github.com/budgetx/budgetx/extract/pdf"
	"github.com/budgetx/budgetx/extract/text"
	"github.com/budgetx/budgetx/model"
)

// TestDump prints the records of BUDGETX_DUMP (a .txt path) for a person to read.
func TestDump(t *testing.T) {
	path := os.Getenv("BUDGETX_DUMP")
	if path == "" {
		t.Skip("set BUDGETX_DUMP=file.txt to print its records")
	}
	var doc *model.Document
	var err error
	switch filepath.Ext(path) {
	case ".pdf":
		doc, err = pdf.ReadFileInProcess(path)
	case ".docx":
		doc, err = docx.ReadFile(path)
	default:
		doc, err = text.ReadFile(path)
	}
	if err != nil {
		t.Fatal(err)
	}
	if gi := os.Getenv("BUDGETX_GRID"); gi != "" {
		n := &norm{doc: doc, res: &model.Result{}}
		n.collect()
		for _, pt := range n.tables {
			if fmt.Sprint(pt.idx) != gi {
				continue
			}
			fmt.Printf("title=%q meta=%+v N=%d metaRows=%d hdr=[%d,%d) data=%d\n", pt.title, pt.meta, pt.g.N, pt.metaRows, pt.hdrStart, pt.hdrEnd, pt.dataStart)
			for c, p := range pt.paths {
				fmt.Printf("  col %d: %q\n", c, p)
			}
			for r, row := range pt.g.Rows {
				var cells []string
				for _, p := range row {
					if p.Origin {
						cells = append(cells, fmt.Sprintf("%q/%d", p.Text, p.Span))
					}
				}
				fmt.Printf("  r%d p%d: %s\n", r, pt.g.RowPos[r].Page, strings.Join(cells, " "))
			}
		}
		return
	}
	res := Normalize(doc)
	filter := os.Getenv("BUDGETX_TYPE")
	for _, r := range res.Records {
		if filter != "" && string(r.TableType) != filter {
			continue
		}
		keys := make([]string, 0, len(r.Values))
		for k := range r.Values {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		fmt.Fprintf(&b, "%s #%d p%d |", r.TableType, r.RowNo, r.SourcePage)
		for _, k := range keys {
			fmt.Fprintf(&b, " %s=%v", k, r.Values[k])
		}
		fmt.Println(b.String())
	}
	for _, ts := range res.Summary.Tables {
		fmt.Printf("TABLE %d %s %q unit=%s recs=%d empty=%v line=%d\n", ts.Index, ts.TableType, ts.Title, ts.Unit, ts.Records, ts.EmptyDeclared, ts.Line)
	}
	for _, is := range res.Issues {
		fmt.Printf("ISSUE %+v\n", is)
	}
	_ = model.Budget
}
