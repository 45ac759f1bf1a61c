package emit

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
)

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// listDir returns the names in dir, sorted.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// finalNames is the layout of a run writing both formats.
func finalNames() []string {
	var names []string
	for _, tt := range model.TableTypes {
		names = append(names, string(tt)+".jsonl", string(tt)+".parquet")
	}
	names = append(names, DocumentsFile, IssuesFile, ManifestFile)
	slices.Sort(names)
	return names
}

var both = Formats{JSONL: true, Parquet: true}

func TestLayout(t *testing.T) {
	dir, results := writeSample(t, both)
	if got, want := listDir(t, dir), finalNames(); !slices.Equal(got, want) {
		t.Errorf("files:\n%v\nwant\n%v", got, want)
	}
	for _, name := range finalNames() {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != filePerm {
			t.Errorf("%s: mode %v, want %v", name, fi.Mode().Perm(), fs.FileMode(filePerm))
		}
	}
	for _, tt := range model.TableTypes {
		lines := strings.Split(strings.TrimSuffix(readFile(t, dir, string(tt)+".jsonl"), "\n"), "\n")
		recs := recordsOf(results, tt)
		if len(lines) != len(recs) {
			t.Fatalf("%s.jsonl: %d lines, want %d", tt, len(lines), len(recs))
		}
		for i, line := range lines {
			var obj map[string]json.RawMessage
			if err := json.Unmarshal([]byte(line), &obj); err != nil {
				t.Fatalf("%s.jsonl:%d: %v", tt, i+1, err)
			}
			if got, want := string(obj["row_no"]), itoa(recs[i].RowNo); got != want {
				t.Errorf("%s.jsonl:%d: row_no %s, want %s (order kept)", tt, i+1, got, want)
			}
			// Keys in contract order.
			dec := json.NewDecoder(strings.NewReader(line))
			dec.Token() // {
			for j, f := range model.Fields(tt) {
				key, err := dec.Token()
				if err != nil || key != f.Name {
					t.Fatalf("%s.jsonl:%d: key %d is %v, want %s", tt, i+1, j, key, f.Name)
				}
				var skip json.RawMessage
				dec.Decode(&skip)
			}
		}
	}
	if n := strings.Count(readFile(t, dir, DocumentsFile), "\n"); n != len(results) {
		t.Errorf("documents.jsonl: %d lines, want %d", n, len(results))
	}
	if n := strings.Count(readFile(t, dir, IssuesFile), "\n"); n != 2 {
		t.Errorf("issues.jsonl: %d lines, want 2", n)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestContractCheck(t *testing.T) {
	shared := sharedDir(t)
	if shared == "" {
		t.Fatal("shared/tools/contract-check not found above the package directory (../shared sits beside the repository)")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is needed to run the contract checker")
	}
	for _, tc := range []struct {
		name string
		f    Formats
	}{{"jsonl", Formats{JSONL: true}}, {"both", both}} {
		t.Run(tc.name, func(t *testing.T) {
			dir, _ := writeSample(t, tc.f)
			out, err := exec.Command(py, filepath.Join(shared, "tools", "contract-check"), dir, filepath.Join("..", "..", "docs", "schema.json")).CombinedOutput()
			if err != nil || !bytes.Contains(out, []byte("contract-check: ok")) {
				t.Fatalf("contract-check: %v\n%s", err, out)
			}
			if bytes.Contains(out, []byte("note:")) {
				t.Errorf("contract-check notes extra fields:\n%s", out)
			}
		})
	}
}

func TestEmptyRun(t *testing.T) {
	dir := t.TempDir()
	w, err := Create(dir, both)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := listDir(t, dir), finalNames(); !slices.Equal(got, want) {
		t.Fatalf("files:\n%v\nwant\n%v", got, want)
	}
	for _, name := range finalNames() {
		if strings.HasSuffix(name, ".jsonl") && name != ManifestFile && readFile(t, dir, name) != "" {
			t.Errorf("%s is not empty", name)
		}
	}
	// The Parquet files hold the full schema: see TestParquetReadBack.
}

func TestFormats(t *testing.T) {
	if _, err := Create(t.TempDir(), Formats{}); !errors.Is(err, ErrNoFormat) {
		t.Errorf("Create with no format: %v, want ErrNoFormat", err)
	}
	dir, _ := writeSample(t, Formats{Parquet: true})
	for _, name := range listDir(t, dir) {
		if strings.HasSuffix(name, ".jsonl") && name != DocumentsFile && name != IssuesFile {
			t.Errorf("Parquet only wrote %s", name)
		}
	}
	if n := len(listDir(t, dir)); n != len(model.TableTypes)+3 {
		t.Errorf("Parquet only: %d files, want %d", n, len(model.TableTypes)+3)
	}
}

func TestAbort(t *testing.T) {
	dir := t.TempDir()
	w, err := Create(dir, both)
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range sampleResults() {
		if err := w.WriteResult(res); err != nil {
			t.Fatal(err)
		}
	}
	// Every file but the manifest, written by Close, and the lock.
	if n := len(listDir(t, dir)); n != len(finalNames()) {
		t.Errorf("while writing: %d files, want %d temporary files and the lock", n, len(finalNames())-1)
	}
	for _, name := range listDir(t, dir) {
		if name != LockFile && !leftoverName.MatchString(name) {
			t.Errorf("while writing: %s is not a temporary name", name)
		}
	}
	w.Abort()
	if names := listDir(t, dir); len(names) != 0 {
		t.Errorf("after Abort: %v", names)
	}
	w.Abort() // idempotent
	if err := w.WriteResult(sampleResults()[0]); !errors.Is(err, ErrClosed) {
		t.Errorf("WriteResult after Abort: %v, want ErrClosed", err)
	}
	if err := w.Close(); !errors.Is(err, ErrClosed) {
		t.Errorf("Close after Abort: %v, want ErrClosed", err)
	}
}

func TestInvalidValueWritesNothingOfTheDocument(t *testing.T) {
	// An old complete run that a failed run must leave alone.
	dir, _ := writeSample(t, both)
	old := map[string]string{}
	for _, name := range finalNames() {
		old[name] = readFile(t, dir, name)
	}

	// The second sample document, with a money value of 3 decimals in a
	// record halfway through.
	good, res := sampleResults()[0], sampleResults()[1]
	var rec *model.Record
	for i := len(res.Records) / 2; i < len(res.Records); i++ {
		if res.Records[i].TableType == model.ExpenditureByFunction {
			rec = &res.Records[i]
			break
		}
	}
	const moneyField = "basic_yuan"
	rec.Set(moneyField, dec("21541.255"))

	t.Run("abort", func(t *testing.T) {
		w, err := Create(dir, both)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.WriteResult(good); err != nil {
			t.Fatal(err)
		}
		err = w.WriteResult(res)
		var fe *FieldError
		if !errors.As(err, &fe) || !errors.Is(err, ErrPrecision) {
			t.Fatalf("WriteResult: %v, want a *FieldError wrapping ErrPrecision", err)
		}
		if fe.Field != moneyField || fe.Row != rec.RowNo || fe.TableType != rec.TableType || fe.SourceFile != rec.SourceFile {
			t.Errorf("FieldError %+v does not point at %s row %d field %s", fe, rec.TableType, rec.RowNo, moneyField)
		}
		for _, want := range []string{rec.SourceFile, rec.TableTitle, "row " + itoa(rec.RowNo), moneyField, "21541.255"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not name %q", err, want)
			}
		}
		w.Abort()
		if got, want := listDir(t, dir), finalNames(); !slices.Equal(got, want) {
			t.Errorf("after Abort:\n%v\nwant\n%v", got, want)
		}
		for _, name := range finalNames() {
			if readFile(t, dir, name) != old[name] {
				t.Errorf("%s of the earlier run was changed", name)
			}
		}
	})

	t.Run("go on", func(t *testing.T) {
		out := t.TempDir()
		w, err := Create(out, both)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Abort()
		if err := w.WriteResult(res); !errors.Is(err, ErrPrecision) {
			t.Fatalf("WriteResult: %v, want ErrPrecision", err)
		}
		if err := w.WriteResult(good); err != nil {
			t.Fatalf("the Writer is unusable after an invalid document: %v", err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		for _, tt := range model.TableTypes {
			got := readFile(t, out, string(tt)+".jsonl")
			if strings.Contains(got, res.Summary.DocID) {
				t.Errorf("%s.jsonl holds records of the refused document", tt)
			}
			if n := strings.Count(got, "\n"); n != len(recordsOf([]*model.Result{good}, tt)) {
				t.Errorf("%s.jsonl: %d lines, want those of the good document", tt, n)
			}
		}
		if got := readFile(t, out, DocumentsFile); strings.Count(got, "\n") != 1 || strings.Contains(got, res.Summary.DocID) {
			t.Errorf("documents.jsonl:\n%s", got)
		}
	})
}

func TestInvalidValues(t *testing.T) {
	for _, tc := range []struct {
		name  string
		tt    model.TableType
		field string
		v     any
		err   error
	}{
		{"money with 3 decimals", model.RevenueByFunction, "total_yuan", dec("1.001"), ErrPrecision},
		{"money over 18 digits", model.ExpenditureByFunction, "basic_yuan", dec("10000000000000000"), ErrOverflow},
		{"decimal with 7 decimals", model.PerformanceIndicators, "target_value", dec("0.1234567"), ErrPrecision},
		{"decimal over 18 digits", model.OtherTables, "value", dec("-100000000000000"), ErrOverflow},
		{"pct with 7 decimals", model.Projects, "spend_plan", []model.SpendPoint{{Checkpoint: "3月底", Month: 3, Pct: dec("33.3333333")}}, ErrPrecision},
		{"money as a string", model.Procurement, "amount_yuan", "12.00", ErrType},
		{"int as a string", model.OtherTables, "column_index", "3", ErrType},
		{"bool as an int", model.GeneralBudgetExpenditure, "is_total", int64(1), ErrType},
		{"spend plan as a point", model.Projects, "spend_plan", model.SpendPoint{}, ErrType},
		{"required string null", model.Institutions, "unit_name", nil, ErrNull},
		{"required int null", model.OtherTables, "column_index", nil, ErrNull},
		{"unknown field", model.FixedAssets, "value_wan", dec("1"), ErrUnknownField},
		{"field of another table", model.Institutions, "total_yuan", dec("1"), ErrUnknownField},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := sampleRecord(0, tc.tt, 2)
			if tc.v == nil {
				delete(r.Values, tc.field)
			} else {
				r.Set(tc.field, tc.v)
			}
			w, err := Create(t.TempDir(), both)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Abort()
			err = w.WriteResult(&model.Result{Records: []model.Record{r}})
			var fe *FieldError
			if !errors.Is(err, tc.err) || !errors.As(err, &fe) || fe.Field != tc.field {
				t.Fatalf("got %v, want %v on field %s", err, tc.err, tc.field)
			}
		})
	}
	t.Run("unknown table type", func(t *testing.T) {
		r := sampleRecord(0, model.Institutions, 2)
		r.TableType = "budget_narrative"
		w, err := Create(t.TempDir(), both)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Abort()
		err = w.WriteResult(&model.Result{Records: []model.Record{r}})
		if !errors.Is(err, ErrUnknownTable) || !strings.Contains(err.Error(), "budget_narrative") {
			t.Fatalf("got %v, want ErrUnknownTable naming the type", err)
		}
	})
}

func TestUnwritableDir(t *testing.T) {
	t.Run("a file in the way", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "out")
		if err := os.WriteFile(file, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Create(file, both)
		if err == nil || !strings.Contains(err.Error(), file) {
			t.Fatalf("Create over a file: %v, want an error naming %s", err, file)
		}
		_, err = Create(filepath.Join(file, "sub"), both)
		if err == nil || !strings.Contains(err.Error(), file) {
			t.Fatalf("Create under a file: %v, want an error naming %s", err, file)
		}
	})
}

func TestCloseReplacesEarlierRun(t *testing.T) {
	dir, _ := writeSample(t, both)
	w, err := Create(dir, both)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, dir, string(model.Projects)+".jsonl"); got != "" {
		t.Errorf("projects.jsonl of the earlier run not replaced: %d bytes", len(got))
	}
	if err := w.Close(); !errors.Is(err, ErrClosed) {
		t.Errorf("second Close: %v, want ErrClosed", err)
	}
	w.Abort() // a no-op after Close
	if got, want := listDir(t, dir), finalNames(); !slices.Equal(got, want) {
		t.Errorf("Abort after Close changed the files: %v", got)
	}
}

// jsonlNames is the layout of a run writing JSON Lines only.
func jsonlNames() []string {
	var names []string
	for _, name := range finalNames() {
		if !strings.HasSuffix(name, ".parquet") {
			names = append(names, name)
		}
	}
	return names
}

// userFiles are files of the user's in an output directory, some named
// like budgetx's files; no run may touch them.
var userFiles = map[string]string{
	"README.txt":                 "mine",
	"mine.parquet":               "mine",
	"projects.csv":               "mine",
	".notes.tmp-12":              "mine", // the old temporary naming, not an output's name
	"archive/projects.parquet":   "mine", // an output's name, below the top
	"archive/.x.budgetx-tmp-123": "mine",
}

// TestRunReplacesTheWholeSet: a run with JSON Lines only after one with
// both formats leaves exactly its own files, the user's untouched, and
// removes what a run of the old naming left.
func TestRunReplacesTheWholeSet(t *testing.T) {
	dir, _ := writeSample(t, both)
	writeFiles(t, dir, union(userFiles, map[string]string{".documents.jsonl.tmp-4242": "left by an old version"}))
	w, err := Create(dir, Formats{JSONL: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	if rec := w.Recovered(); !slices.Equal(rec, []string{"removed .documents.jsonl.tmp-4242"}) {
		t.Errorf("Recovered: %q", rec)
	}
	if err := w.WriteResult(sampleResults()[0]); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := snapshot(t, dir)
	for rel, content := range userFiles {
		if got[rel] != content {
			t.Errorf("the user's %s is %q, want %q", rel, got[rel], content)
		}
		delete(got, rel)
	}
	if names := slices.Sorted(maps.Keys(got)); !slices.Equal(names, jsonlNames()) {
		t.Errorf("files:\n%v\nwant\n%v", names, jsonlNames())
	}
	var m manifest
	if err := json.Unmarshal([]byte(got[ManifestFile]), &m); err != nil {
		t.Fatal(err)
	}
	slices.Sort(m.Files)
	if want := slices.DeleteFunc(jsonlNames(), func(s string) bool { return s == ManifestFile }); !slices.Equal(m.Files, want) {
		t.Errorf("manifest lists\n%v\nwant\n%v", m.Files, want)
	}
}

// TestManifestOfALaterVersion: files that an earlier run's manifest lists
// are replaced or removed even when this version has no such name, in
// subdirectories too; files it does not list are not.
func TestManifestOfALaterVersion(t *testing.T) {
	dir := t.TempDir()
	later := map[string]string{
		"budget_narrative.jsonl":                   "later",
		"projects/fiscal_year=2024/part-0.parquet": "later",
		"projects/fiscal_year=2024/part-1.parquet": "later",
		DocumentsFile: "later",
		ManifestFile:  `{"budgetx_manifest":1,"files":["budget_narrative.jsonl","projects/fiscal_year=2024/part-0.parquet","projects/fiscal_year=2024/part-1.parquet","documents.jsonl"]}`,
	}
	mine := map[string]string{"budget_narrative.csv": "mine", "projects/notes.txt": "mine"}
	writeFiles(t, dir, union(later, mine))
	w, err := Create(dir, Formats{JSONL: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := snapshot(t, dir)
	for rel := range later {
		if rel != DocumentsFile && rel != ManifestFile {
			if _, ok := got[rel]; ok {
				t.Errorf("%s of the earlier run is left", rel)
			}
		}
	}
	for rel, content := range mine {
		if got[rel] != content {
			t.Errorf("the user's %s is %q", rel, got[rel])
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "projects", "fiscal_year=2024")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the emptied partition directory is left: %v", err)
	}
	if got[DocumentsFile] != "" {
		t.Errorf("documents.jsonl not replaced: %q", got[DocumentsFile])
	}
}

// TestCloseFailsToCommit: a rename that fails while Close replaces the
// files leaves the earlier run's set exactly, with an error that says so;
// if the rollback fails too, the error names the files of both runs, and
// the next Create restores the earlier set. The lock is released either way.
func TestCloseFailsToCommit(t *testing.T) {
	old, _ := writeSample(t, both)
	writeFiles(t, old, userFiles)
	before := snapshot(t, old)
	for _, tc := range []struct {
		name     string
		rollback bool // whether the rollback succeeds
	}{{"rolled back", true}, {"rollback fails", false}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(old)); err != nil {
				t.Fatal(err)
			}
			w, err := Create(dir, Formats{JSONL: true})
			if err != nil {
				t.Fatal(err)
			}
			if err := w.WriteResult(sampleResults()[0]); err != nil {
				t.Fatal(err)
			}
			const step = 30 // a file of the earlier run set aside, some replaced
			broken := true
			faultFS(t, func(k int, _ string) error {
				if broken && (k == step || !tc.rollback && k > step) {
					return errInjected
				}
				return nil
			})
			err = w.Close()
			broken = false
			var ce *CommitError
			if !errors.As(err, &ce) || !errors.Is(err, errInjected) {
				t.Fatalf("Close: %v, want a *CommitError", err)
			}
			if tc.rollback {
				if len(ce.Mixed) != 0 || !strings.Contains(err.Error(), "rolled back: nothing was replaced") {
					t.Errorf("Close: %v", err)
				}
			} else {
				if len(ce.Mixed) == 0 || !strings.Contains(err.Error(), "holds files of both runs") {
					t.Errorf("Close: %v", err)
				}
				w2, err := Create(dir, both)
				if err != nil {
					t.Fatalf("Create after a failed rollback: %v", err)
				}
				if rec := strings.Join(w2.Recovered(), "\n"); !strings.Contains(rec, "restored ") {
					t.Errorf("Recovered:\n%s", rec)
				}
				w2.Abort()
			}
			if d := diffSets(snapshot(t, dir), before); d != "" {
				t.Errorf("after the failure: %s", d)
			}
			w3, err := Create(dir, both) // the lock was released
			if err != nil {
				t.Fatal(err)
			}
			w3.Abort()
		})
	}
}
