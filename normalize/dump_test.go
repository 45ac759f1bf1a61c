package normalize

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract/text"
	"github.com/budgetx/budgetx/model"
)

// TestDump prints the records of BUDGETX_DUMP (a .txt path) for a person to read.
func TestDump(t *testing.T) {
	path := os.Getenv("BUDGETX_DUMP")
	if path == "" {
		t.Skip("set BUDGETX_DUMP=file.txt to print its records")
	}
	doc, err := text.ReadFile(path)
	if err != nil {
		t.Fatal(err)
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
