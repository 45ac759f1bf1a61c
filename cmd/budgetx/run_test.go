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
		{[]string{"extract", "/no/such/path"}, exitUsage, "/no/such/path"},
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
	code, _, errs := runCmd("extract", "--out", dir, "--format", "jsonl", seed)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "ok   ") || !strings.Contains(errs, "1 documents (0 failed)") {
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
	if code != exitFailed || !strings.Contains(errs, "2 documents (1 failed)") {
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
