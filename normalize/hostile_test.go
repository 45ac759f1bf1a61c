package normalize

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract/text"
	"github.com/budgetx/budgetx/model"
)

// TestControlCharactersReported: NUL bytes and other control characters
// in a text file neither send its tables to other_tables nor go unsaid:
// the records are those of the clean file, and one warning says what was
// removed and where.
func TestControlCharactersReported(t *testing.T) {
	seed, err := os.ReadFile(seedTxt)
	if err != nil {
		t.Fatal(err)
	}
	clean, err := text.Read("x.txt", seed, model.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	// NULs in the first title, in a cell's first line and in its second,
	// a form feed on a blank line.
	dirty := strings.Replace(string(seed), "部门预算收支总表", "部门预算\x00收支总表", 1)
	dirty = strings.Replace(dirty, "\t一、一般公共预算拨款收入", "\x00\t一、一般公共预算拨款收入\x00", 1)
	dirty = strings.Replace(dirty, "\n\n", "\n\x0c\n", 1)
	doc, err := text.Read("x.txt", []byte(dirty), model.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	doc.DocID = clean.DocID
	want, got := Normalize(clean), Normalize(doc)
	if !reflect.DeepEqual(got.Records, want.Records) {
		t.Errorf("records differ from the clean file's: %d vs %d", len(got.Records), len(want.Records))
	}
	if len(got.Issues) != len(want.Issues)+1 {
		t.Fatalf("%d issues, want %d and the warning", len(got.Issues), len(want.Issues))
	}
	is := got.Issues[0]
	if is.Kind != model.IssueStructure || is.Severity != model.SevWarning || is.Line == 0 ||
		!strings.Contains(is.Message, "control characters such as NUL") || !strings.Contains(is.Message, "removed from 2 lines") {
		t.Errorf("got %+v", is)
	}
	for _, r := range got.Records {
		for k, v := range r.Values {
			if s, ok := v.(string); ok && strings.ContainsAny(s, "\uFFFD\x00") {
				t.Errorf("%s %s = %q", r.TableType, k, s)
			}
		}
	}
}
