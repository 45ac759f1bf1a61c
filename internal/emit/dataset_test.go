package emit

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/budgetx/budgetx/model"
)

var dsOpts = DatasetOptions{Formats: Formats{JSONL: true, Parquet: true}, Version: "v1", ContractVersion: "1.3"}

// datasetRecords reads every live part of a dataset directory: the JSON
// Lines records (doc_id and row_no per table type, sorted) and the row
// count of the Parquet parts, read with Arrow's reader.
func datasetRecords(t *testing.T, dir string) (jsonl map[model.TableType][]string, pqRows map[model.TableType]int) {
	t.Helper()
	jsonl, pqRows = map[model.TableType][]string{}, map[model.TableType]int{}
	for _, tt := range model.TableTypes {
		root := filepath.Join(dir, string(tt))
		filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return nil
			}
			rel, _ := filepath.Rel(root, p)
			if !strings.HasPrefix(rel, "fiscal_year=") {
				t.Errorf("part %s is not under a fiscal_year partition", p)
			}
			switch filepath.Ext(p) {
			case ".jsonl":
				for _, m := range readJSONL(t, p) {
					jsonl[tt] = append(jsonl[tt], m["doc_id"].(string)[60:]+"/"+string(m["row_no"].(json.Number)))
					if want := strings.TrimPrefix(filepath.Dir(rel), "fiscal_year="); string(m["fiscal_year"].(json.Number)) != want {
						t.Errorf("%s: a record of year %v in partition %s", p, m["fiscal_year"], want)
					}
				}
			case ".parquet":
				rdr, err := file.OpenParquetFile(p, false)
				if err != nil {
					t.Fatalf("%s: %v", p, err)
				}
				checkColumnTypes(t, tt, rdr)
				if v := rdr.MetaData().KeyValueMetadata().FindValue("budgetx.version"); v == nil || *v != "v1" {
					t.Errorf("%s: budgetx.version %v, want v1", p, v)
				}
				pqRows[tt] += int(rdr.NumRows())
				rdr.Close()
			}
			return nil
		})
		sort.Strings(jsonl[tt])
	}
	return jsonl, pqRows
}

func writeBatch(t *testing.T, ds *Dataset, res ...*model.Result) {
	t.Helper()
	b, err := ds.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if err := b.WriteResult(r, Source{Size: 100, ModTime: 42}); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestDatasetBatches(t *testing.T) {
	dir := t.TempDir()
	results := sampleResults()
	ds, err := Open(dir, dsOpts)
	if err != nil {
		t.Fatal(err)
	}
	writeBatch(t, ds, results[0])
	writeBatch(t, ds, results[1])
	if err := ds.Close(); err != nil {
		t.Fatal(err)
	}
	jsonl, pq := datasetRecords(t, dir)
	for _, tt := range model.TableTypes {
		want := results[0].Summary.Records[tt] + results[1].Summary.Records[tt]
		if len(jsonl[tt]) != want || pq[tt] != want {
			t.Errorf("%s: %d JSONL records, %d Parquet rows, want %d", tt, len(jsonl[tt]), pq[tt], want)
		}
	}
	docs := readJSONL(t, filepath.Join(dir, DocumentsFile))
	if len(docs) != 2 || docs[0]["source_file"] != "in/部门预算-0.pdf" || docs[0]["budgetx_version"] != "v1" || docs[0]["contract_version"] != "1.3" {
		t.Errorf("documents.jsonl: %v", docs)
	}
	if iss := readJSONL(t, filepath.Join(dir, IssuesFile)); len(iss) != 2 {
		t.Errorf("issues.jsonl has %d lines, want 2", len(iss))
	}
	// reopened, it knows its documents
	ds, err = Open(dir, dsOpts)
	if err != nil {
		t.Fatal(err)
	}
	defer ds.Close()
	if d, ok := ds.Lookup(results[1].Summary.DocID); !ok || d.Version != "v1" || len(d.Parts) == 0 {
		t.Errorf("Lookup: %+v, %v", d, ok)
	}
	if _, ok := ds.Known("in/部门预算-0.pdf", 100, 42); !ok {
		t.Error("Known: the unchanged file is not known")
	}
	if _, ok := ds.Known("in/部门预算-0.pdf", 100, 43); ok {
		t.Error("Known: a changed file is known")
	}
	if len(ds.Recovered()) != 0 {
		t.Errorf("recovered %v from a clean dataset", ds.Recovered())
	}
}

// A document read again replaces its records, and nothing else.
func TestDatasetReplace(t *testing.T) {
	dir := t.TempDir()
	results := sampleResults()
	ds, err := Open(dir, dsOpts)
	if err != nil {
		t.Fatal(err)
	}
	writeBatch(t, ds, results[0], results[1])
	again := sampleResults()[0]
	again.Records = again.Records[:3] // fewer records this time
	writeBatch(t, ds, again)
	if err := ds.Close(); err != nil {
		t.Fatal(err)
	}
	jsonl, pq := datasetRecords(t, dir)
	total, totalPQ := 0, 0
	for _, tt := range model.TableTypes {
		total += len(jsonl[tt])
		totalPQ += pq[tt]
	}
	want := len(results[1].Records) + 3
	if total != want || totalPQ != want {
		t.Errorf("%d JSONL records, %d Parquet rows after the replacement, want %d", total, totalPQ, want)
	}
	docs := readJSONL(t, filepath.Join(dir, DocumentsFile))
	if len(docs) != 2 {
		t.Errorf("documents.jsonl has %d lines, want 2", len(docs))
	}
}

// Many batches into one partition are compacted into one part.
func TestDatasetCompact(t *testing.T) {
	dir := t.TempDir()
	ds, err := Open(dir, dsOpts)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		res := sampleResults()[0]
		res.Summary.DocID = strings.Repeat("0", 63) + string(rune('a'+i))
		res.Summary.SourceFile += string(rune('a' + i))
		for k := range res.Records {
			res.Records[k].DocID = res.Summary.DocID
		}
		writeBatch(t, ds, res)
	}
	n, err := ds.Compact(4)
	if err != nil || n == 0 {
		t.Fatalf("Compact: %d, %v", n, err)
	}
	ds.Close()
	parts, _ := filepath.Glob(filepath.Join(dir, "projects", "fiscal_year=2024", "part-*"))
	if len(parts) != 2 { // one .parquet, one .jsonl
		t.Errorf("after compaction: %v", parts)
	}
	jsonl, pq := datasetRecords(t, dir)
	if len(jsonl[model.Projects]) != 6*sampleResults()[0].Summary.Records[model.Projects] || pq[model.Projects] != len(jsonl[model.Projects]) {
		t.Errorf("projects: %d JSONL, %d Parquet after compaction", len(jsonl[model.Projects]), pq[model.Projects])
	}
	// the documents still know where their records are: a replacement
	// after compaction removes them
	ds, _ = Open(dir, dsOpts)
	again := sampleResults()[0]
	again.Summary.DocID = strings.Repeat("0", 63) + "a"
	again.Records = nil
	writeBatch(t, ds, again)
	ds.Close()
	jsonl, _ = datasetRecords(t, dir)
	if len(jsonl[model.Projects]) != 5*sampleResults()[0].Summary.Records[model.Projects] {
		t.Errorf("projects after replacing a compacted document: %d", len(jsonl[model.Projects]))
	}
}

// A run that dies before its commit point loses its batch; one that dies
// after it has its batch finished by the next Open.
func TestDatasetRecovery(t *testing.T) {
	dir := t.TempDir()
	results := sampleResults()
	ds, err := Open(dir, dsOpts)
	if err != nil {
		t.Fatal(err)
	}
	writeBatch(t, ds, results[0])
	// dies before the commit point: staged records, no state file
	b, _ := ds.Begin()
	b.WriteResult(results[1], Source{})
	ds.Release() // the process is gone: its lock with it
	ds, err = Open(dir, dsOpts)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Recovered()) != 1 || !strings.Contains(ds.Recovered()[0], "uncommitted") {
		t.Errorf("recovered %v", ds.Recovered())
	}
	if _, ok := ds.Lookup(results[1].Summary.DocID); ok || ds.Documents() != 1 {
		t.Error("an uncommitted document is in the dataset")
	}
	// dies after the commit point, before the parts are in place
	b, _ = ds.Begin()
	b.WriteResult(results[1], Source{})
	commitStateOnly(t, b)
	ds.Release()
	ds, err = Open(dir, dsOpts)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Recovered()) != 1 || !strings.Contains(ds.Recovered()[0], "finished batch") {
		t.Errorf("recovered %v", ds.Recovered())
	}
	ds.Close()
	jsonl, pq := datasetRecords(t, dir)
	for _, tt := range model.TableTypes {
		want := results[0].Summary.Records[tt] + results[1].Summary.Records[tt]
		if len(jsonl[tt]) != want || pq[tt] != want {
			t.Errorf("%s: %d, %d, want %d", tt, len(jsonl[tt]), pq[tt], want)
		}
	}
	if docs := readJSONL(t, filepath.Join(dir, DocumentsFile)); len(docs) != 2 {
		t.Errorf("documents.jsonl: %d lines", len(docs))
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, filepath.FromSlash(stagingDir))); len(ents) != 0 {
		t.Errorf("staging left: %v", ents)
	}
}

// Stages that go to files (the batch's stages past stageMemory) and
// stages held in memory make the same dataset, record for record.
func TestDatasetStageSpill(t *testing.T) {
	results := sampleResults()
	run := func(mem int) map[model.TableType][]string {
		defer func(m int) { stageMemory = m }(stageMemory)
		stageMemory = mem
		dir := t.TempDir()
		ds, err := Open(dir, dsOpts)
		if err != nil {
			t.Fatal(err)
		}
		b, err := ds.Begin()
		if err != nil {
			t.Fatal(err)
		}
		for _, res := range results {
			if err := b.WriteResult(res, Source{}); err != nil {
				t.Fatal(err)
			}
		}
		files := 0
		for _, st := range b.stages {
			if st.f != nil {
				files++
			}
		}
		if mem == 0 && files != len(b.stages) || mem > 1<<20 && files != 0 {
			t.Errorf("stageMemory %d: %d of %d stages in files", mem, files, len(b.stages))
		}
		if err := b.Commit(); err != nil {
			t.Fatal(err)
		}
		ds.Close()
		jsonl, _ := datasetRecords(t, dir)
		return jsonl
	}
	inMemory, spilled, some := run(4<<20), run(0), run(300)
	if !reflect.DeepEqual(inMemory, spilled) || !reflect.DeepEqual(inMemory, some) {
		t.Error("a dataset staged in files differs from one staged in memory")
	}
	if len(inMemory) == 0 {
		t.Error("no records")
	}
}

// A batch committed by an older budgetx, which staged its parts under
// their own paths (directories in the staging directory), is finished by
// this one.
func TestDatasetRecoveryOldStaging(t *testing.T) {
	dir := t.TempDir()
	results := sampleResults()
	ds, err := Open(dir, dsOpts)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := ds.Begin()
	b.WriteResult(results[0], Source{})
	commitStateOnly(t, b)
	ds.Release()
	staged := b.dir
	ents, err := os.ReadDir(staged)
	if err != nil {
		t.Fatal(err)
	}
	moved := 0
	for _, e := range ents {
		if !strings.Contains(e.Name(), "%") {
			continue
		}
		to := filepath.Join(staged, filepath.FromSlash(strings.ReplaceAll(e.Name(), "%", "/")))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(filepath.Join(staged, e.Name()), to); err != nil {
			t.Fatal(err)
		}
		moved++
	}
	if moved == 0 {
		t.Fatal("no part staged under a flat name")
	}
	ds, err = Open(dir, dsOpts)
	if err != nil {
		t.Fatal(err)
	}
	ds.Close()
	jsonl, pq := datasetRecords(t, dir)
	for _, tt := range model.TableTypes {
		if want := results[0].Summary.Records[tt]; len(jsonl[tt]) != want || pq[tt] != want {
			t.Errorf("%s: %d, %d, want %d", tt, len(jsonl[tt]), pq[tt], want)
		}
	}
}

// commitStateOnly commits b up to its commit point (the state file) and
// stops there, as a run killed right after it would.
func commitStateOnly(t *testing.T, b *Batch) {
	t.Helper()
	defer func() { finishHook = nil }()
	finishHook = func() bool { return false }
	if err := b.Commit(); err == nil || !strings.Contains(err.Error(), "hook") {
		t.Fatalf("Commit: %v, want the hook's stop", err)
	}
}

// A flat directory is not a dataset, and the other way round.
func TestDatasetLayouts(t *testing.T) {
	flat, _ := writeSample(t, Formats{JSONL: true})
	if _, err := Open(flat, dsOpts); err == nil || !strings.Contains(err.Error(), "flat") {
		t.Errorf("Open on a flat output: %v", err)
	}
	dir := t.TempDir()
	ds, err := Open(dir, dsOpts)
	if err != nil {
		t.Fatal(err)
	}
	ds.Close()
	if _, err := Create(dir, Formats{JSONL: true}); err == nil || !strings.Contains(err.Error(), "dataset") {
		t.Errorf("Create on a dataset: %v", err)
	}
	// two runs into one dataset: the second is refused
	ds, _ = Open(dir, dsOpts)
	defer ds.Close()
	if _, err := Open(dir, dsOpts); err == nil {
		t.Error("a second Open of a locked dataset succeeded")
	}
}
