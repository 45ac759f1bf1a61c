package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const seed = "../../fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt"

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsage(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string // in stdout+stderr
	}{
		{nil, exitUsage, "Usage:"},
		{[]string{"--help"}, exitOK, "budgetx extract [flags] PATH..."},
		{[]string{"help", "extract"}, exitOK, "--workers"},
		{[]string{"extract", "--help"}, exitOK, "Examples:"},
		{[]string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{[]string{"extract"}, exitUsage, "no PATH given"},
		{[]string{"extract", "--format", "csv", seed}, exitUsage, `unknown format "csv"`},
		{[]string{"extract", "--workers", "0", seed}, exitUsage, "--workers must be at least 1"},
		{[]string{"extract", "--bogus", seed}, exitUsage, "unknown flag: --bogus"},
	}
	for _, c := range cases {
		code, out, errs := runCmd(c.args...)
		if code != c.code || !strings.Contains(out+errs, c.want) {
			t.Errorf("budgetx %q: exit %d, want %d; output lacks %q:\n%s%s", c.args, code, c.code, c.want, out, errs)
		}
	}
}

func TestExtract(t *testing.T) {
	dir := t.TempDir()
	code, _, errs := runCmd("extract", "--layout", "flat", "--out", dir, "--format", "jsonl", seed)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "ok   ") || !strings.Contains(errs, "1 documents (0 failed, 0 partial)") {
		t.Errorf("stderr: %s", errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "revenue_by_function.jsonl")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "revenue_by_function.parquet")); err == nil {
		t.Error("--format jsonl wrote parquet")
	}
}

func TestExtractFailedDocumentExits1(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.docx")
	os.WriteFile(bad, []byte("not a zip"), 0o644)
	code, _, errs := runCmd("extract", "-q", "--out", filepath.Join(dir, "out"), bad, seed)
	if code != exitFailed || !strings.Contains(errs, "2 documents (1 failed, 0 partial)") {
		t.Fatalf("exit %d: %s", code, errs)
	}
}

// A missing path among good ones fails alone.
func TestExtractMissingPath(t *testing.T) {
	dir := t.TempDir()
	code, _, errs := runCmd("extract", "--out", dir, "/no/such/path", seed)
	if code != exitFailed || !strings.Contains(errs, "FAIL /no/such/path: cannot read the file: no such file\n") ||
		!strings.Contains(errs, "2 documents (1 failed, 0 partial)") {
		t.Fatalf("exit %d: %s", code, errs)
	}
}

func TestExtractUnwritableOutput(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	code, _, errs := runCmd("extract", "-q", "--out", filepath.Join(file, "sub"), seed)
	if code != exitAborted {
		t.Fatalf("exit %d, want %d: %s", code, exitAborted, errs)
	}
}

// TestStrict: --strict exits 1 when a document's checks find a mismatch
// (the seed's asset table: 其中：办公用房 exceeds 房屋), 0 without it.
func TestStrict(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := runCmd("extract", "-q", "--out", dir, seed); code != exitOK {
		t.Fatalf("without --strict: exit %d: %s", code, errs)
	}
	code, _, errs := runCmd("extract", "-q", "--strict", "--force", "--out", dir, seed)
	if code != exitFailed || !strings.Contains(errs, "--strict: 1 documents with check mismatches") {
		t.Fatalf("with --strict: exit %d: %s", code, errs)
	}
}

// TestMalformedPDFs: a PDF that used to kill its parser (an object stream
// stored in itself: a fatal stack overflow in the PDF library, now refused
// as a cycle) or is otherwise broken fails alone; the run goes on, exits
// 1, and the good document's output is complete.
func TestMalformedPDFs(t *testing.T) {
	dir := t.TempDir()
	code, _, errs := runCmd("extract", "-q", "--layout", "flat", "--format", "jsonl", "--out", dir, "../../testdata/failing", seed)
	if code != exitFailed {
		t.Fatalf("exit %d, want %d: %s", code, exitFailed, errs)
	}
	docs, _ := os.ReadFile(filepath.Join(dir, "documents.jsonl"))
	lines := strings.Split(strings.TrimSpace(string(docs)), "\n")
	var failed, ok int
	for _, l := range lines {
		switch {
		case strings.Contains(l, `"status":"failed"`):
			failed++
			if strings.Contains(l, "stack-overflow") && !strings.Contains(l, "object streams: cycle") {
				t.Errorf("the self-containing object stream not reported as a cycle: %s", l)
			}
		case strings.Contains(l, `"status":"ok"`):
			ok++
		}
	}
	ents, _ := os.ReadDir("../../testdata/failing")
	pdfs := 0
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".pdf") {
			pdfs++
		}
	}
	if failed != pdfs || ok != 1 {
		t.Errorf("%d failed (want %d), %d ok (want 1):\n%s", failed, pdfs, ok, docs)
	}
	rbf, _ := os.ReadFile(filepath.Join(dir, "projects.jsonl"))
	if n := strings.Count(string(rbf), "\n"); n != 99 {
		t.Errorf("the good document gave %d projects, want 99", n)
	}
}

func TestInspect(t *testing.T) {
	code, out, errs := runCmd("inspect", "--table", "9", seed)
	if code != exitOK || !strings.Contains(out, "三公") || !strings.Contains(out, "→ three_public_expenses, 7 records") {
		t.Fatalf("exit %d: %s%s", code, out, errs)
	}
	if code, _, errs := runCmd("inspect"); code != exitUsage || !strings.Contains(errs, "exactly one FILE") {
		t.Errorf("no file: exit %d: %s", code, errs)
	}
	if code, _, errs := runCmd("inspect", "/no/such.docx"); code != exitFailed || !strings.Contains(errs, "/no/such.docx") {
		t.Errorf("missing file: exit %d: %s", code, errs)
	}
}

func TestInspectModel(t *testing.T) {
	code, out, errs := runCmd("inspect", "--model", seed)
	if code != exitOK || !strings.Contains(out, "P0:  部门预算收支总表") || !strings.Contains(out, "T p0 cols=0 rows=") {
		t.Fatalf("exit %d: %.300s %s", code, out, errs)
	}
}

// TestPartial: a document whose table of contents names a standard table
// that budgetx did not type (here the 三公 table, which is not printed) is
// partial: counted in the summary line, listed in documents.jsonl, and a
// failure under --strict.
func TestPartial(t *testing.T) {
	const doc = "testdata/partial.txt"
	dir := t.TempDir()
	code, _, errs := runCmd("extract", "--out", dir, doc)
	if code != exitOK || !strings.Contains(errs, "part ") || !strings.Contains(errs, "1 documents (0 failed, 1 partial)") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	docs, err := os.ReadFile(filepath.Join(dir, "documents.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(docs), `"status":"partial"`) ||
		!strings.Contains(string(docs), `"untyped":[{"title":"二、一般公共预算“三公”经费支出表","table_type":"three_public_expenses","page":null}]`) {
		t.Errorf("documents.jsonl: %s", docs)
	}
	code, _, errs = runCmd("extract", "-q", "--strict", "--force", "--out", dir, doc)
	if code != exitFailed || !strings.Contains(errs, "--strict: 1 partial documents") {
		t.Errorf("--strict: exit %d: %s", code, errs)
	}
}

func TestTerm(t *testing.T) {
	for in, want := range map[string]string{
		"a/b.txt":               "a/b.txt",
		"e\x1b[31mred.txt":      `e\x1b[31mred.txt`,
		"two\nlines.txt":        `two\nlines.txt`,
		"bad\xffutf8.txt":       `bad\xffutf8.txt`,
		"收支总表.pdf":              "收支总表.pdf",
		"rtl\u202eoverride.pdf": `rtl\u202eoverride.pdf`,
	} {
		if got := term(in); got != want {
			t.Errorf("term(%q) = %q, want %q", in, got, want)
		}
	}
}

// Limit flags refuse what is not a limit (the old names too), exit 2.
func TestLimitFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--doc-memory", "-5"}, {"--pdf-memory", "-5"}, {"--doc-memory", "99999999999999"},
		{"--doc-timeout", "-1s"}, {"--pdf-timeout", "0s"}, {"--max-input-size", "0"},
		{"--limit", "rows"}, {"--limit", "rows=-1"}, {"--limit", "bogus=3"}, {"--doc-memory", "lots"},
	} {
		code, _, errs := runCmd(append(append([]string{"extract", "--out", t.TempDir()}, args...), seed)...)
		if code != exitUsage || !strings.Contains(errs, strings.TrimPrefix(args[0], "--")) {
			t.Errorf("%q: exit %d, want %d: %s", args, code, exitUsage, errs)
		}
	}
	code, _, errs := runCmd("extract", "-q", "--out", t.TempDir(), "--doc-memory", "1GiB", "--doc-timeout", "2m",
		"--max-input-size", "10MB", "--limit", "rows=5000", "--limit", "part-size=64MiB", seed)
	if code != exitOK {
		t.Errorf("valid limits: exit %d: %s", code, errs)
	}
	code, _, errs = runCmd("extract", "--out", t.TempDir(), "--limit", "rows=10", seed)
	if code != exitFailed || !strings.Contains(errs, "over a limit") {
		t.Errorf("rows=10 on the seed: exit %d: %s", code, errs)
	}
}

// TestReadmeCommands: the README's first command, as written there, exits 0
// on the bundled fixtures, and run again reads nothing (every document is
// already in the dataset); its command for the failing inputs exits 1 with
// one failed line per file.
func TestReadmeCommands(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const first = "go run ./cmd/budgetx extract --out out fixtures/"
	const failing = "go run ./cmd/budgetx extract --out failing testdata/failing/"
	for _, c := range []string{first, failing} {
		if !strings.Contains(string(readme), "\n"+c) {
			t.Fatalf("README.md no longer has the command %q: change this test with it", c)
		}
	}
	out := filepath.Join(t.TempDir(), "out")
	code, _, errs := runCmd("extract", "-q", "--out", out, "../../fixtures/")
	if code != exitOK {
		t.Fatalf("extract fixtures/: exit %d, want 0:\n%s", code, errs)
	}
	code, _, errs = runCmd("extract", "--out", out, "../../fixtures/")
	if code != exitOK || !strings.Contains(errs, "23 skipped") {
		t.Errorf("extract fixtures/ again: exit %d, want 0 and 23 skipped:\n%s", code, errs)
	}
	fout := filepath.Join(t.TempDir(), "failing")
	code, _, errs = runCmd("extract", "-q", "--out", fout, "../../testdata/failing/")
	docs, _ := os.ReadFile(filepath.Join(fout, "documents.jsonl"))
	if code != exitFailed || strings.Count(string(docs), `"status":"failed"`) != 3 {
		t.Errorf("extract testdata/failing/: exit %d, want 1, and 3 failed lines:\n%s\n%s", code, errs, docs)
	}
}
