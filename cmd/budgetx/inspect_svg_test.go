package main

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const seedPDF = "../../fixtures/pdf/hebei-hengshui-sthjj-2024-budget.pdf"

// parsesAsSVG reports whether b is well-formed XML with an svg root.
func parsesAsSVG(b []byte) bool {
	dec := xml.NewDecoder(bytes.NewReader(b))
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return root == "svg"
		}
		if err != nil {
			return false
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
}

func TestInspectSVG(t *testing.T) {
	code, out, errs := runCmd("inspect", "--svg", "4", seedPDF)
	if code != exitOK || !parsesAsSVG([]byte(out)) || !strings.Contains(out, `class="table" data-index="2"`) || errs != "" {
		t.Fatalf("--svg 4: exit %d: %.200s %s", code, out, errs)
	}
	if code, out2, _ := runCmd("inspect", "--svg=4", seedPDF); code != exitOK || out2 != out {
		t.Errorf("--svg=4: exit %d, or another picture", code)
	}
	file := filepath.Join(t.TempDir(), "t2.svg")
	code, out, errs = runCmd("inspect", "--table", "2", "--svg", "-o", file, seedPDF)
	if code != exitOK || out != "" {
		t.Fatalf("--table 2 --svg -o: exit %d: %s %s", code, out, errs)
	}
	b, err := os.ReadFile(file)
	if err != nil || !parsesAsSVG(b) || !bytes.Contains(b, []byte(`data-index="2"`)) || bytes.Contains(b, []byte(`data-index="1"`)) {
		t.Errorf("the table's picture: %v %.200s", err, b)
	}
	if code, _, errs := runCmd("inspect", "--svg", "--table", "2", seedPDF); code != exitOK {
		t.Errorf("--svg --table 2: exit %d: %s", code, errs)
	}
	// a check of the central fixture blamed row 3's basic_yuan of table 3
	code, out, errs = runCmd("inspect", "--table", "3", "--svg", "--mark", "3:basic_yuan", "--mark", "22", "../../fixtures/real/central-xinfangju-2024-final-account.pdf")
	if code != exitOK || strings.Count(out, `class="highlight"`) != 2 {
		t.Errorf("--mark: exit %d, %d highlights: %s", code, strings.Count(out, `class="highlight"`), errs)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"inspect", "--svg", "999", seedPDF}, exitFailed, "hebei-hengshui-sthjj-2024-budget.pdf: page 999: no such page: the document has 163 pages"},
		{[]string{"inspect", "--svg", "../../testdata/failing/stack-overflow-objstm.pdf"}, exitUsage, "--svg needs a page number"},
		{[]string{"inspect", "--svg", "1", "../../testdata/failing/stack-overflow-objstm.pdf"}, exitFailed, "stack-overflow-objstm.pdf: page 1: malformed input"},
		{[]string{"inspect", "--svg", "x", seedPDF}, exitUsage, `--svg needs a page number, not "x"`},
		{[]string{"inspect", "--svg", "2", "--table", "2", seedPDF}, exitUsage, "not both"},
		{[]string{"inspect", "--svg", "2", "--model", seedPDF}, exitUsage, "--model and --svg"},
		{[]string{"inspect", "-o", "x.svg", seedPDF}, exitUsage, "-o and --mark are for --svg"},
		{[]string{"inspect", "--svg", "4", "--mark", "x:total_yuan", seedPDF}, exitUsage, `--mark "x:total_yuan": want ROW[:COLUMN]`},
		{[]string{"inspect", "--svg", "1", seed}, exitFailed, "pictures are of PDF pages"},
	} {
		code, out, errs := runCmd(c.args...)
		if code != c.code || !strings.Contains(errs, c.want) || out != "" {
			t.Errorf("budgetx %q: exit %d (want %d): %s%s", c.args, code, c.code, out, errs)
		}
	}
}
