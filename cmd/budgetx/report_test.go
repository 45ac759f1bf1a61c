package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	code, _, errs := runCmd("extract", "-q", "--report", "--out", out, seed)
	if code != exitOK || !strings.Contains(errs, "budgetx report: 1 documents → "+filepath.Join(out, "report.html")) {
		t.Fatalf("extract --report: exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil || !strings.Contains(string(b), `data-figure="documents"><span class="n">1<`) {
		t.Fatalf("report.html: %v", err)
	}
	pages, _ := filepath.Glob(filepath.Join(out, "report", "*.html"))
	if len(pages) != 1 {
		t.Fatalf("pages %v", pages)
	}
	page, _ := os.ReadFile(pages[0])
	// the seed's 收入总表 合计, 24406.47万元
	if !strings.Contains(string(page), `<td data-f="total_yuan" class="num">244,064,700.00</td>`) {
		t.Error("the seed's page lacks its 收入总表 total")
	}

	// budgetx report OUT again replaces it
	os.Remove(filepath.Join(out, "report.html"))
	code, _, errs = runCmd("report", out)
	if code != exitOK || !strings.Contains(errs, "budgetx report: 1 documents") {
		t.Fatalf("report: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(out, "report.html")); err != nil {
		t.Error(err)
	}
}

func TestReportUsage(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"report"}, exitUsage, "give exactly one OUT folder"},
		{[]string{"report", "a", "b"}, exitUsage, "give exactly one OUT folder"},
		{[]string{"report", "--help"}, exitOK, "Usage: budgetx report [--no-pictures] OUT"},
		{[]string{"report", "--bogus", dir}, exitUsage, "unknown flag: --bogus"},
		{[]string{"help", "report"}, exitOK, "OUT/report.html"},
		{[]string{"report", filepath.Join(dir, "none")}, exitFailed, "budgetx report: "},
		{[]string{"report", dir}, exitFailed, "documents.jsonl"},
		{[]string{"extract", "--report", "-o", "-", seed}, exitUsage, "--report needs an output folder"},
		{[]string{"extract", "--report", "--format", "parquet", "--out", dir, seed}, exitUsage, "--report reads the JSON Lines files"},
	}
	for _, c := range cases {
		code, out, errs := runCmd(c.args...)
		if code != c.code || !strings.Contains(out+errs, c.want) {
			t.Errorf("budgetx %q: exit %d, want %d; output lacks %q:\n%s%s", c.args, code, c.code, c.want, out, errs)
		}
	}
}

// A PDF's tables with a mismatch are drawn, unless --no-pictures.
func TestReportPictures(t *testing.T) {
	pdf := "../../fixtures/pdf/hebei-hengshui-sthjj-2024-budget-planted.pdf"
	out := filepath.Join(t.TempDir(), "out")
	code, _, errs := runCmd("extract", "-q", "--report", "--out", out, pdf)
	if code != exitOK || !strings.Contains(errs, " pictures, 0 not drawn)") {
		t.Fatalf("extract --report: exit %d: %s", code, errs)
	}
	figures := func() int {
		pages, _ := filepath.Glob(filepath.Join(out, "report", "*.html"))
		if len(pages) != 1 {
			t.Fatalf("pages %v", pages)
		}
		b, _ := os.ReadFile(pages[0])
		return strings.Count(string(b), `<figure class="pic"`)
	}
	if figures() == 0 {
		t.Error("no picture on the planted PDF's page")
	}
	if code, _, errs := runCmd("report", "--no-pictures", out); code != exitOK || strings.Contains(errs, "pictures") {
		t.Fatalf("report --no-pictures: exit %d: %s", code, errs)
	}
	if n := figures(); n != 0 {
		t.Errorf("--no-pictures drew %d pictures", n)
	}
}
