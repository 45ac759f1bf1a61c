package budgetx_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestExternalProgram builds someone else's program that imports budgetx
// (testdata/libuser, in a module of its own that points here with a
// replace directive) and runs it: with no setup, it reads the seed in a
// worker process that is itself, survives the documents that fail —
// the PDF whose object streams once overflowed the PDF library's stack,
// and a document that kills its worker — and goes on; its init and main
// run once, in the program, never in a worker.
func TestExternalProgram(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the program: %v", err)
	}
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	mod := t.TempDir()
	src, err := os.ReadFile("testdata/libuser/main.go")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile("go.sum")
	if err != nil {
		t.Fatal(err)
	}
	gomod := "module example.com/libuser\n\ngo 1.26\n\nrequire github.com/budgetx/budgetx v0.0.0\n\nreplace github.com/budgetx/budgetx => " + root + "\n"
	for name, data := range map[string][]byte{"main.go": src, "go.sum": sum, "go.mod": []byte(gomod)} {
		if err := os.WriteFile(filepath.Join(mod, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exe := filepath.Join(mod, "libuser")
	build := exec.Command(goTool, "build", "-mod=mod", "-o", exe, ".")
	build.Dir = mod
	// Everything it needs is in the module cache already: budgetx's tests
	// were built from it.
	build.Env = append(os.Environ(), "GOWORK=off", "GOPROXY=off", "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	big := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 128<<20); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(t.TempDir(), "pids")
	const (
		seed    = "fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt"
		seedPDF = "fixtures/pdf/hebei-hengshui-sthjj-2024-budget.pdf"
		stack   = "testdata/failing/stack-overflow-objstm.pdf"
		seedOK  = seed + ": ok: 衡水市生态环境局 2024 budget, 1098 records, 26 issues"
	)
	runs := []struct {
		args []string
		want []string // the lines of its output, each by its start
	}{
		{[]string{seed, stack, seedPDF}, []string{
			seedOK,
			stack + ": error (malformed): " + stack + ": malformed input: object streams: cycle",
			seedPDF + ": ok: 衡水市生态环境局 2024 budget, 1098 records,",
			"survived"}},
		// a document whose worker dies (its 128 MiB do not fit in the
		// worker's 48), then a fresh worker for the next
		{[]string{"-memory", "48", big, seed}, []string{
			big + ": error (limit): " + big + ": over a limit: it ran out of memory: it needed more than the limit of 48 MiB",
			seedOK,
			"survived"}},
		{[]string{"-isolation", "InProcess", seed, stack}, []string{
			seedOK,
			stack + ": error (malformed): ",
			"survived"}},
	}
	for _, r := range runs {
		cmd := exec.Command(exe, r.args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "LIBUSER_LOG="+log)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("libuser %s: %v\n%s", strings.Join(r.args, " "), err, out)
		}
		lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
		if len(lines) != len(r.want) {
			t.Fatalf("libuser %s: %d lines, want %d:\n%s", strings.Join(r.args, " "), len(lines), len(r.want), out)
		}
		for i, w := range r.want {
			if !strings.HasPrefix(lines[i], w) {
				t.Errorf("libuser %s: line %d:\n got  %s\n want %s…", strings.Join(r.args, " "), i+1, lines[i], w)
			}
		}
	}

	// init and main ran once per run, in one process: never in a worker.
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 2*len(runs) {
		t.Fatalf("init and main ran %d times, want %d:\n%s", len(lines), 2*len(runs), data)
	}
	for i := 0; i < len(lines); i += 2 {
		a, b := strings.Fields(lines[i]), strings.Fields(lines[i+1])
		if a[0] != "init" || b[0] != "main" || a[1] != b[1] {
			t.Errorf("not init then main in one process: %q, %q", lines[i], lines[i+1])
		}
		if _, err := strconv.Atoi(a[1]); err != nil {
			t.Errorf("pid %q", a[1])
		}
	}
}
