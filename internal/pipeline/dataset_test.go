package pipeline

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/internal/emit"
)

// snapshot is a dataset as a reader sees it: every record (its JSON line,
// per table type, sorted), documents.jsonl and issues.jsonl (sorted), and
// the Parquet files' row counts per table type.
type snapshot struct {
	records map[string][]string
	docs    []string
	issues  []string
	pqFiles map[string]int
}

func takeSnapshot(t *testing.T, dir string) snapshot {
	t.Helper()
	s := snapshot{records: map[string][]string{}, pqFiles: map[string]int{}}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && e.Name() == ".budgetx" {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(dir, p)
		tt, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
		switch {
		case e.IsDir():
		case strings.HasSuffix(p, ".jsonl") && strings.Contains(rel, "/"):
			b, _ := os.ReadFile(p)
			for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
				if l != "" {
					s.records[tt] = append(s.records[tt], l)
				}
			}
		case strings.HasSuffix(p, ".parquet"):
			s.pqFiles[tt]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range s.records {
		sort.Strings(v)
	}
	read := func(name string) []string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if l != "" {
				out = append(out, l)
			}
		}
		sort.Strings(out)
		return out
	}
	s.docs, s.issues = read("documents.jsonl"), read("issues.jsonl")
	return s
}

// diff says how two snapshots differ, "" when they hold the same records,
// documents and issues.
func (s snapshot) diff(o snapshot) string {
	var b strings.Builder
	for tt := range union(s.records, o.records) {
		if a, c := s.records[tt], o.records[tt]; strings.Join(a, "\n") != strings.Join(c, "\n") {
			b.WriteString(tt + ": " + itoa(len(a)) + " records, want " + itoa(len(c)) + "\n")
		}
	}
	if strings.Join(s.docs, "\n") != strings.Join(o.docs, "\n") {
		b.WriteString("documents.jsonl: " + itoa(len(s.docs)) + " lines, want " + itoa(len(o.docs)) + " (or they differ)\n")
	}
	if strings.Join(s.issues, "\n") != strings.Join(o.issues, "\n") {
		b.WriteString("issues.jsonl: " + itoa(len(s.issues)) + " lines, want " + itoa(len(o.issues)) + " (or they differ)\n")
	}
	return b.String()
}

func union(a, b map[string][]string) map[string]bool {
	u := map[string]bool{}
	for k := range a {
		u[k] = true
	}
	for k := range b {
		u[k] = true
	}
	return u
}

// corpusFiles copies a dozen fixture documents into a directory of their
// own (so that the tests can add, copy and rename them).
func corpusFiles(t *testing.T) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	var files []string
	for _, src := range []string{
		"../../fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt",
		"../../fixtures/docx/hebei-hengshui-sthjj-2024-budget-yuan.docx",
		"../../fixtures/docx/hebei-hengshui-sthjj-2024-budget-planted.docx",
		"../../fixtures/real/jiangsu-jianchayuan-2019-budget.pdf",
		"../../fixtures/real/shanghai-putuo-sifaju-2026-budget.pdf",
		"../../fixtures/real/shenzhen-minzhengju-2026-budget.pdf",
		"../../fixtures/real/foshan-guidao-2019-final-account.pdf",
		"../../fixtures/real/central-xinfangju-2024-final-account.pdf",
		"../../testdata/failing/truncated-objstm.pdf",
	} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.Base(src))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	sort.Strings(files)
	return dir, files
}

func runDataset(t *testing.T, out string, files []string, cfg Config) Stats {
	t.Helper()
	cfg.Out, cfg.Layout = out, LayoutDataset
	if cfg.Formats == (emit.Formats{}) {
		cfg.Formats = emit.Formats{JSONL: true, Parquet: true}
	}
	if cfg.Workers == 0 {
		cfg.Workers = 2
	}
	cfg.Version = "test"
	st, err := Run(context.Background(), files, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// Adding documents to a dataset reads none of the old ones again, not
// even to hash them; the dataset then equals one run over all of them.
func TestDatasetIncremental(t *testing.T) {
	_, files := corpusFiles(t)
	out := filepath.Join(t.TempDir(), "ds")
	st := runDataset(t, out, files[:5], Config{})
	if st.Documents != 5 || st.Skipped != 0 {
		t.Fatalf("first run: %+v", st)
	}
	st = runDataset(t, out, files, Config{})
	if st.Documents != 4 || st.Skipped != 5 || st.Unchanged != 5 {
		t.Errorf("second run: %+v, want 4 read, 5 skipped without reading", st)
	}
	clean := filepath.Join(t.TempDir(), "clean")
	runDataset(t, clean, files, Config{})
	if d := takeSnapshot(t, out).diff(takeSnapshot(t, clean)); d != "" {
		t.Errorf("incremental dataset differs from a clean run:\n%s", d)
	}
	// --force reads them all again and replaces, not doubles, their records
	st = runDataset(t, out, files, Config{Force: true})
	if st.Documents != 9 || st.Skipped != 0 {
		t.Errorf("--force: %+v", st)
	}
	if d := takeSnapshot(t, out).diff(takeSnapshot(t, clean)); d != "" {
		t.Errorf("after --force, the dataset differs from a clean run:\n%s", d)
	}
	// another budgetx version reads them again
	cfg := Config{Out: out, Layout: LayoutDataset, Formats: emit.Formats{JSONL: true, Parquet: true}, Workers: 2, Version: "test2"}
	st, err := Run(context.Background(), files, cfg)
	if err != nil || st.Documents != 9 {
		t.Errorf("a new version: %+v, %v", st, err)
	}
}

// The same bytes under several names are one document, read once, for the
// name that sorts first; the others are reported as duplicates.
func TestDatasetDuplicates(t *testing.T) {
	dir, files := corpusFiles(t)
	seed := files[len(files)-1] // hebei-…txt sorts after the others? find it
	for _, f := range files {
		if strings.HasSuffix(f, ".txt") {
			seed = f
		}
	}
	data, _ := os.ReadFile(seed)
	copyA := filepath.Join(dir, "a-copy.txt")
	copyZ := filepath.Join(dir, "z-copy.txt")
	os.WriteFile(copyA, data, 0o644)
	os.WriteFile(copyZ, data, 0o644)
	out := filepath.Join(t.TempDir(), "ds")
	st := runDataset(t, out, []string{seed, copyZ, copyA}, Config{})
	if st.Documents != 1 || st.Duplicates != 2 {
		t.Fatalf("stats %+v, want 1 document, 2 duplicates", st)
	}
	s := takeSnapshot(t, out)
	if len(s.docs) != 1 || !strings.Contains(s.docs[0], `"source_file":"`+copyA+`"`) {
		t.Errorf("documents.jsonl: %v, want one line for %s (its name sorts first)", s.docs, copyA)
	}
	dups := 0
	for _, l := range s.issues {
		if strings.Contains(l, `"kind":"duplicate"`) {
			dups++
		}
	}
	if dups != 2 {
		t.Errorf("%d duplicate issues, want 2", dups)
	}
	clean := filepath.Join(t.TempDir(), "clean")
	runDataset(t, clean, []string{copyA}, Config{})
	if d := snapshotRecords(takeSnapshot(t, out)).diff(snapshotRecords(takeSnapshot(t, clean))); d != "" {
		t.Errorf("records differ from reading the file once:\n%s", d)
	}
}

// snapshotRecords keeps only the records of s.
func snapshotRecords(s snapshot) snapshot {
	return snapshot{records: s.records}
}

// Three shards, merged, are the dataset one run gives.
func TestShardsMerge(t *testing.T) {
	dir, files := corpusFiles(t)
	data, _ := os.ReadFile(files[0])
	dup := filepath.Join(dir, "zz-duplicate"+filepath.Ext(files[0]))
	os.WriteFile(dup, data, 0o644)
	files = append(files, dup)
	whole := filepath.Join(t.TempDir(), "whole")
	runDataset(t, whole, files, Config{})
	var shards []string
	total := 0
	for i := range 3 {
		out := filepath.Join(t.TempDir(), "shard")
		st := runDataset(t, out, files, Config{Shard: Shard{i, 3}})
		total += st.Documents + st.Duplicates
		shards = append(shards, out)
	}
	if total > len(files) {
		t.Errorf("the shards read %d inputs, more than the %d given", total, len(files))
	}
	merged := filepath.Join(t.TempDir(), "merged")
	ds, err := emit.Open(merged, emit.DatasetOptions{Formats: emit.Formats{JSONL: true, Parquet: true}, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range shards {
		if _, err := ds.Merge(s); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ds.Compact(4); err != nil {
		t.Fatal(err)
	}
	if err := ds.Close(); err != nil {
		t.Fatal(err)
	}
	a, b := takeSnapshot(t, merged), takeSnapshot(t, whole)
	// a duplicate noted in one shard is a duplicate of a document read in
	// another: the notes may differ; the records and documents may not
	a.issues, b.issues = withoutDuplicates(a.issues), withoutDuplicates(b.issues)
	if d := a.diff(b); d != "" {
		t.Errorf("merged shards differ from one run:\n%s", d)
	}
}

func withoutDuplicates(issues []string) []string {
	var out []string
	for _, l := range issues {
		if !strings.Contains(l, `"kind":"duplicate"`) {
			out = append(out, l)
		}
	}
	return out
}
