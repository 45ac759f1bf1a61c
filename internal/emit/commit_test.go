package emit

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// snapshot returns every file under dir, hidden ones included, as its
// relative slash path and content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		p := abs(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func union(ms ...map[string]string) map[string]string {
	u := map[string]string{}
	for _, m := range ms {
		maps.Copy(u, m)
	}
	return u
}

func diffSets(got, want map[string]string) string {
	var d []string
	for _, k := range slices.Sorted(maps.Keys(union(got, want))) {
		g, gok := got[k]
		w, wok := want[k]
		switch {
		case !gok:
			d = append(d, "missing "+k)
		case !wok:
			d = append(d, "extra "+k)
		case g != w:
			d = append(d, fmt.Sprintf("%s is %q, want %q", k, g, w))
		}
	}
	return strings.Join(d, "; ")
}

// The sets of the commit tests: a previous run with a table type in both
// formats, a partition file in a subdirectory (the layout of issue 10) and a
// manifest; a run that writes the JSONL only, another partition, and its
// manifest; and files of the user's, which budgetx never touches.
var (
	oldSet = map[string]string{
		"a.jsonl":                         "old a",
		"a.parquet":                       "old a pq",
		"documents.jsonl":                 "old docs",
		"t/fiscal_year=2023/part-0.jsonl": "old 2023",
		ManifestFile:                      `{"budgetx_manifest":1,"files":["a.jsonl","a.parquet","documents.jsonl","t/fiscal_year=2023/part-0.jsonl"]}`,
	}
	newSet = map[string]string{
		"a.jsonl":                         "new a",
		"documents.jsonl":                 "new docs",
		"t/fiscal_year=2024/part-0.jsonl": "new 2024",
		ManifestFile:                      `{"budgetx_manifest":1,"files":["a.jsonl","documents.jsonl","t/fiscal_year=2024/part-0.jsonl"]}`,
	}
	userSet = map[string]string{
		"notes.txt":      "mine",
		"a.csv":          "mine",
		".hidden":        "mine",
		".a.jsonl.tmp-x": "mine", // not budgetx's naming
		"t/x.txt":        "mine",
	}
	// owned: what knownNames and the old manifest would say.
	ownedSet = []string{"a.jsonl", "a.parquet", "b.jsonl", "b.parquet", "documents.jsonl", ManifestFile, "t/fiscal_year=2023/part-0.jsonl"}
)

// setupCommit makes a directory holding oldSet and userSet, and the
// finished temporary files of newSet.
func setupCommit(t *testing.T) (string, []newFile) {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, union(oldSet, userSet))
	var news []newFile
	for _, rel := range slices.Sorted(maps.Keys(newSet)) {
		o, err := createOut(dir, rel, true)
		if err != nil {
			t.Fatal(err)
		}
		o.Write([]byte(newSet[rel]))
		if err := o.finish(); err != nil {
			t.Fatal(err)
		}
		news = append(news, o.entry())
	}
	return dir, news
}

// errInjected is the failure of a step.
var errInjected = errors.New("injected failure")

// faultFS replaces rename and remove, numbering their calls from 1: act
// says what call k, on src, does. Calls on a missing file do what the
// system does.
func faultFS(t *testing.T, act func(k int, src string) error) *int {
	t.Helper()
	realRename, realRemove := rename, remove
	t.Cleanup(func() { rename, remove = realRename, realRemove })
	n := new(int)
	step := func(src string, do func() error) error {
		if _, err := os.Lstat(src); err != nil {
			return do()
		}
		*n++
		if err := act(*n, src); err != nil {
			return &os.PathError{Op: "step", Path: src, Err: err}
		}
		return do()
	}
	rename = func(a, b string) error { return step(a, func() error { return realRename(a, b) }) }
	remove = func(a string) error { return step(a, func() error { return realRemove(a) }) }
	return n
}

// commitSteps counts the steps of a successful commit of the test sets, and
// finds the step that removes the journal (the commit point).
func commitSteps(t *testing.T) (steps, point int) {
	dir, news := setupCommit(t)
	n := faultFS(t, func(k int, src string) error {
		if filepath.Base(src) == journalFile && point == 0 && k > 1 {
			point = k
		}
		return nil
	})
	if err := commit(dir, news, ownedSet); err != nil {
		t.Fatal(err)
	}
	if point == 0 {
		t.Fatal("the journal was not removed")
	}
	return *n, point
}

func TestCommit(t *testing.T) {
	dir, news := setupCommit(t)
	// A path a manifest lists below what is now a file of the user's.
	owned := append(slices.Clone(ownedSet), "notes.txt/x.jsonl")
	if err := commit(dir, news, owned); err != nil {
		t.Fatal(err)
	}
	if d := diffSets(snapshot(t, dir), union(newSet, userSet)); d != "" {
		t.Errorf("after the commit: %s", d)
	}
	// The earlier partition's directory, left empty, is gone; the user's
	// file keeps its own.
	if _, err := os.Stat(abs(dir, "t/fiscal_year=2023")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the earlier partition's directory is left: %v", err)
	}
}

// TestCommitFailsAtEachStep fails each step of the commit in turn: up to the
// commit point the directory then holds exactly the earlier set and the
// error says nothing was replaced; after it, the new set is in place and
// the backup left is removed by the next Create.
func TestCommitFailsAtEachStep(t *testing.T) {
	steps, point := commitSteps(t)
	if want := 1 + len(oldSet) + len(newSet) + 1 + len(oldSet); steps != want {
		t.Fatalf("%d steps, want %d (journal, set aside, put in place, journal, backups)", steps, want)
	}
	for k := 1; k <= steps; k++ {
		t.Run(fmt.Sprint("step ", k), func(t *testing.T) {
			dir, news := setupCommit(t)
			faultFS(t, func(i int, _ string) error {
				if i == k {
					return errInjected
				}
				return nil
			})
			err := commit(dir, news, ownedSet)
			got := snapshot(t, dir)
			if k > point {
				if err != nil {
					t.Fatalf("a failure after the commit point: %v", err)
				}
				owned, done, err := prepare(dir)
				if err != nil || len(done) != 1 || !strings.Contains(done[0], bakMark) {
					t.Errorf("prepare after a backup was left: %v, %q", err, done)
				}
				if want := []string{"a.jsonl", "documents.jsonl", "t/fiscal_year=2024/part-0.jsonl"}; !slices.Equal(owned, want) {
					t.Errorf("manifest read as %q, want %q", owned, want)
				}
				if d := diffSets(snapshot(t, dir), union(newSet, userSet)); d != "" {
					t.Errorf("after the next Create: %s", d)
				}
				return
			}
			var ce *CommitError
			if !errors.As(err, &ce) || !errors.Is(err, errInjected) || len(ce.Mixed) != 0 || len(ce.Stray) != 0 {
				t.Fatalf("commit: %#v, want a *CommitError of the injected failure, rolled back", err)
			}
			if !strings.Contains(err.Error(), "nothing was replaced") || !strings.Contains(err.Error(), dir) {
				t.Errorf("error %q does not say that nothing was replaced in %s", err, dir)
			}
			if d := diffSets(got, union(oldSet, userSet)); d != "" {
				t.Errorf("after the rollback: %s", d)
			}
			if _, err := os.Stat(abs(dir, "t/fiscal_year=2024")); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("the new partition's directory is left: %v", err)
			}
		})
	}
}

// TestCommitRollbackFails fails each step before the commit point and every
// step after it, so that the rollback fails too: the error must then name
// the files that are not the earlier run's, and the next Create, finding
// the journal, must restore the earlier set.
func TestCommitRollbackFails(t *testing.T) {
	_, point := commitSteps(t)
	for k := 1; k <= point; k++ {
		t.Run(fmt.Sprint("step ", k), func(t *testing.T) {
			dir, news := setupCommit(t)
			broken := true
			faultFS(t, func(i int, _ string) error {
				if broken && i >= k {
					return errInjected
				}
				return nil
			})
			err := commit(dir, news, ownedSet)
			var ce *CommitError
			if !errors.As(err, &ce) {
				t.Fatalf("commit: %v, want a *CommitError", err)
			}
			if d := diffSets(snapshot(t, dir), union(oldSet, userSet)); len(ce.Mixed) == 0 {
				// Only true when the failure came before anything moved.
				if k > 2 || d != "" && !onlyBookkeeping(d) {
					t.Fatalf("rollback reported whole at step %d, but: %s", k, d)
				}
				if !strings.Contains(err.Error(), "nothing was replaced") {
					t.Errorf("error %q", err)
				}
			} else {
				msg := err.Error()
				for _, m := range ce.Mixed {
					if !strings.Contains(msg, m) {
						t.Errorf("error does not say %q", m)
					}
				}
				if strings.Contains(msg, "nothing was replaced") || !strings.Contains(msg, "rolling back failed") {
					t.Errorf("error %q does not say the directory is mixed", msg)
				}
			}
			broken = false
			if _, _, err := prepare(dir); err != nil {
				t.Fatalf("the next Create: %v", err)
			}
			if d := diffSets(snapshot(t, dir), union(oldSet, userSet)); d != "" {
				t.Errorf("after the next Create: %s", d)
			}
		})
	}
}

// onlyBookkeeping reports whether a difference of sets is only in temporary
// files and the journal, which a rollback that could not remove anything
// leaves, and which are not outputs.
func onlyBookkeeping(d string) bool {
	for _, part := range strings.Split(d, "; ") {
		name := strings.TrimPrefix(part, "extra ")
		if name == part || !leftoverName.MatchString(filepath.Base(name)) && name != journalFile {
			return false
		}
	}
	return true
}

// errCrash is the panic of a simulated crash.
type errCrash struct{}

// TestCommitCrashesAtEachStep stops the commit dead at each step, without
// any rollback, as a kill would: the next Create must leave exactly the
// earlier set (a crash before the commit point) or the new one (after it),
// and no temporary, backup or journal file.
func TestCommitCrashesAtEachStep(t *testing.T) {
	steps, point := commitSteps(t)
	for k := 1; k <= steps; k++ {
		t.Run(fmt.Sprint("step ", k), func(t *testing.T) {
			dir, news := setupCommit(t)
			faultFS(t, func(i int, _ string) error {
				if i == k {
					panic(errCrash{})
				}
				return nil
			})
			func() {
				defer func() {
					if r := recover(); r != (errCrash{}) {
						t.Fatalf("commit did not crash at step %d: %v", k, r)
					}
				}()
				commit(dir, news, ownedSet)
			}()
			_, journaled := snapshot(t, dir)[journalFile]
			if journaled != (k > 1 && k <= point) {
				t.Errorf("journal present: %v at step %d", journaled, k)
			}
			_, done, err := prepare(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(done) == 0 {
				t.Error("prepare reports nothing cleaned")
			}
			want := union(oldSet, userSet)
			if k > point {
				want = union(newSet, userSet)
			}
			if d := diffSets(snapshot(t, dir), want); d != "" {
				t.Errorf("after the next Create: %s", d)
			}
		})
	}
}

// TestPrepareRemovesOnlyLeftovers: the temporary and backup files of runs
// that did not finish, all at the top of the directory, go; nothing else
// does, whatever its name.
func TestPrepareRemovesOnlyLeftovers(t *testing.T) {
	dir := t.TempDir()
	keep := union(userSet, map[string]string{
		"a.jsonl":                             "a",
		".budgetx-tmp-1":                      "mine: no name before the mark",
		".x.budgetx-tmp-12a":                  "mine: not digits",
		".notes.txt.tmp-123":                  "mine: the old naming, but not an output's name",
		"sub/.x.budgetx-tmp-1":                "below the top: budgetx makes none there",
		"p/y=1/.part-0.parquet.budgetx-bak-3": "below the top",
		"b.jsonl.budgetx-tmp-1":               "mine: not hidden",
		ManifestFile:                          `{"budgetx_manifest":1,"files":["a.jsonl","p/y=1/part-0.parquet"]}`,
		"p/y=1/part-0.parquet":                "part",
	})
	gone := map[string]string{
		".a.jsonl.budgetx-tmp-123":            "",
		".a.jsonl.budgetx-bak-9":              "",
		".future_table.parquet.budgetx-tmp-4": "",
		".budgetx-journal.json.budgetx-tmp-5": "",
		".documents.jsonl.tmp-77":             "the old naming",
		".projects.parquet.tmp-1":             "the old naming",
		".part-0.parquet.budgetx-bak-3":       "",
	}
	writeFiles(t, dir, union(keep, gone))
	if err := os.Mkdir(abs(dir, ".d.budgetx-tmp-1"), 0o755); err != nil {
		t.Fatal(err)
	}
	keep[".d.budgetx-tmp-1/"] = "" // a directory: not ours
	owned, done, err := prepare(dir)
	if err != nil {
		t.Fatal(err)
	}
	delete(keep, ".d.budgetx-tmp-1/")
	if want := []string{"a.jsonl", "p/y=1/part-0.parquet"}; !slices.Equal(owned, want) {
		t.Errorf("manifest: %q, want %q", owned, want)
	}
	if d := diffSets(snapshot(t, dir), keep); d != "" {
		t.Errorf("after prepare: %s", d)
	}
	var want []string
	for rel := range gone {
		want = append(want, "removed "+rel)
	}
	slices.Sort(want)
	slices.Sort(done)
	if !slices.Equal(done, want) {
		t.Errorf("reported\n%q\nwant\n%q", done, want)
	}
}

// TestBadBookkeeping: a manifest or journal that budgetx did not write, or
// that names a path outside the directory, stops Create with an error that
// names it, and nothing is touched.
func TestBadBookkeeping(t *testing.T) {
	for _, tc := range []struct{ name, file, content string }{
		{"manifest not JSON", ManifestFile, "hello"},
		{"manifest escaping", ManifestFile, `{"budgetx_manifest":1,"files":["../etc/passwd"]}`},
		{"manifest absolute", ManifestFile, `{"budgetx_manifest":1,"files":["/etc/passwd"]}`},
		{"manifest unknown version", ManifestFile, `{"budgetx_manifest":2,"files":[]}`},
		{"journal not JSON", journalFile, "{"},
		{"journal escaping", journalFile, `{"budgetx_journal":1,"old":[{"path":"../x","backup":"../.x.budgetx-bak-1"}]}`},
		{"journal backup elsewhere", journalFile, `{"budgetx_journal":1,"old":[{"path":"a.jsonl","backup":"notes.txt"}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files := union(oldSet, userSet, map[string]string{tc.file: tc.content})
			writeFiles(t, dir, files)
			_, err := Create(dir, both)
			if err == nil || !strings.Contains(err.Error(), abs(dir, tc.file)) {
				t.Fatalf("Create: %v, want an error naming %s", err, tc.file)
			}
			if d := diffSets(snapshot(t, dir), files); d != "" {
				t.Errorf("Create changed the directory: %s", d)
			}
		})
	}
}
