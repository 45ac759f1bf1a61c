package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/internal/emit"
	"github.com/budgetx/budgetx/model"
)

var update = flag.Bool("update", false, "rewrite the golden outputs under fixtures/golden")

// fixtureFiles lists the input fixtures that have golden outputs, relative
// to the repository root.
func fixtureFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, dir := range []string{"fixtures/seed", "fixtures/docx", "fixtures/pdf", "fixtures/real"} {
		ins, _ := Discover([]string{dir})
		for _, in := range ins {
			if in.Err != nil {
				t.Fatal(in.Err)
			}
			out = append(out, in.Path)
		}
	}
	if len(out) == 0 {
		t.Fatal("no fixtures found")
	}
	return out
}

// goldenDir is where the golden outputs of fixture f live.
func goldenDir(f string) string {
	base := filepath.Base(f)
	return filepath.Join("fixtures", "golden", strings.TrimSuffix(base, filepath.Ext(base))+"."+strings.TrimPrefix(filepath.Ext(base), "."))
}

func runOne(t *testing.T, files []string, workers int) string {
	t.Helper()
	out := t.TempDir()
	cfg := Config{Out: out, Formats: emit.Formats{JSONL: true, Parquet: true}, Workers: workers, Version: "golden"}
	if _, err := Run(context.Background(), files, cfg); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGolden runs the pipeline on each fixture and compares every JSONL
// file it writes with the fixture's golden outputs. Run with -update to
// rewrite them, then read the diff before committing.
func TestGolden(t *testing.T) {
	t.Chdir("../..")
	for _, f := range fixtureFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			out := runOne(t, []string{f}, 2)
			want := goldenDir(f)
			got, _ := filepath.Glob(filepath.Join(out, "*.jsonl"))
			if *update {
				os.RemoveAll(want)
				if err := os.MkdirAll(want, 0o755); err != nil {
					t.Fatal(err)
				}
				for _, g := range got {
					data, _ := os.ReadFile(g)
					if len(data) == 0 {
						continue // no records of this type: no golden file
					}
					if err := os.WriteFile(filepath.Join(want, filepath.Base(g)), data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			seen := map[string]bool{}
			for _, g := range got {
				name := filepath.Base(g)
				data, _ := os.ReadFile(g)
				golden, err := os.ReadFile(filepath.Join(want, name))
				if os.IsNotExist(err) && len(data) == 0 {
					continue
				}
				seen[name] = true
				if err != nil {
					t.Errorf("%s: no golden file (%v); run go test ./pipeline -run TestGolden -update and review", name, err)
					continue
				}
				if !bytes.Equal(data, golden) {
					t.Errorf("%s differs from %s: %s", name, want, firstDiff(data, golden))
				}
			}
			ents, _ := os.ReadDir(want)
			for _, e := range ents {
				if !seen[e.Name()] {
					t.Errorf("golden %s/%s was not written", want, e.Name())
				}
			}
		})
	}
}

func firstDiff(a, b []byte) string {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y []byte
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if !bytes.Equal(x, y) {
			return "line " + itoa(i+1) + ":\n got  " + trunc(x) + "\n want " + trunc(y)
		}
	}
	return "same lines"
}

func trunc(b []byte) string {
	if len(b) > 400 {
		return string(b[:400]) + "…"
	}
	return string(b)
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestDeterministic checks that the output does not depend on the number
// of workers: the emit stage writes in input order.
func TestDeterministic(t *testing.T) {
	t.Chdir("../..")
	files := fixtureFiles(t)
	a, b := runOne(t, files, 1), runOne(t, files, 4)
	names, _ := filepath.Glob(filepath.Join(a, "*.jsonl"))
	for _, n := range names {
		x, _ := os.ReadFile(n)
		y, _ := os.ReadFile(filepath.Join(b, filepath.Base(n)))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between 1 and 4 workers", filepath.Base(n))
		}
	}
}

// TestBadDocumentsDoNotStopOthers mixes broken inputs with a good one.
func TestBadDocumentsDoNotStopOthers(t *testing.T) {
	dir := t.TempDir()
	good, _ := filepath.Abs("../../fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt")
	bad := map[string][]byte{
		"a-not-a-zip.docx":  []byte("this is not a zip"),
		"b-binary.txt":      {'\t', 0xff, 0xfe, '\n'},
		"c-unsupported.xls": []byte("x"),
		"d-empty.txt":       nil,
	}
	var files []string
	for name, data := range bad {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		files = append(files, p)
	}
	sort.Strings(files)
	files = append(files, good)
	out := t.TempDir()
	st, err := Run(context.Background(), files, Config{Out: out, Formats: emit.Formats{JSONL: true, Parquet: true}, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 5 || st.Failed != 4 {
		t.Errorf("stats %+v, want 5 documents, 4 failed (an empty file has nothing to read)", st)
	}
	data, _ := os.ReadFile(filepath.Join(out, "documents.jsonl"))
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 5 {
		t.Fatalf("documents.jsonl has %d lines, want 5", len(lines))
	}
	for i, l := range lines[:4] {
		var d struct {
			Status string `json:"status"`
			Error  string `json:"error"`
		}
		json.Unmarshal([]byte(l), &d)
		if d.Status != string(model.StatusFailed) || !strings.Contains(d.Error, filepath.Base(files[i])) {
			t.Errorf("line %d: %s", i+1, l)
		}
	}
	rbf, _ := os.ReadFile(filepath.Join(out, "revenue_by_function.jsonl"))
	if n := bytes.Count(rbf, []byte("\n")); n != 38 {
		t.Errorf("the good document gave %d revenue_by_function lines, want 38", n)
	}
}

// TestCancelLeavesNoOutput cancels a run before it starts writing.
func TestCancelLeavesNoOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, []string{"../../fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt"}, Config{Out: out, Formats: emit.Formats{JSONL: true}, Workers: 1})
	if err == nil {
		t.Fatal("want an error from a cancelled run")
	}
	ents, _ := os.ReadDir(out)
	if len(ents) != 0 {
		t.Errorf("cancelled run left %d files in %s", len(ents), out)
	}
}
