package emit

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/budgetx/budgetx/model"
)

// A Dataset is an output directory that runs add to: records are written
// into Hive-style partitions,
//
//	DIR/<table_type>/fiscal_year=<year>/part-<batch>.parquet (and .jsonl)
//
// with DIR/documents.jsonl and DIR/issues.jsonl as its index. Documents
// come in batches (Begin, Batch.WriteResult, Batch.Commit); a batch is the
// unit that becomes visible, and that a run killed at any moment loses at
// most: the next Open finishes a batch that was committed and removes one
// that was not, so that the directory always holds whole batches.
//
// The dataset's state is the list of its committed batches, kept in
// DIR/.budgetx/batches/<batch>.json: the documents each added (doc_id,
// source, size and modification time, budgetx version, the parts their
// records are in), the documents it replaced, the parts it added and
// removed. Open reads it back to say which documents the dataset already
// holds (Lookup, Known), so that a later run skips them.
//
// The index files are rewritten from the batches by WriteIndex (at the end
// of a run, and by Open after a run that died before it), sorted by
// source file: a reader that wants one consistent view reads the dataset
// between runs.
type Dataset struct {
	dir       string
	lock      *dirLock
	formats   Formats
	tables    map[model.TableType]*table
	runID     string
	seq       atomic.Int64
	version   string
	contract  string
	docs      map[string]*DocEntry // live documents by doc_id
	bySource  map[string]*DocEntry // live documents by source file
	failures  map[string]string    // source file → batch of its latest failure line (no doc_id)
	parts     map[string]bool      // live parts, relative slash paths
	batches   []string             // committed batch ids, in order
	recovered []string
	names     map[string]string // part names, versions, statuses: see intern
}

// intern returns s, sharing the bytes of an equal string the dataset holds
// already: the documents of a batch name the same parts, and every entry
// its version and status, so that the state of a dataset of many
// documents is mostly their ids and sources.
func (ds *Dataset) intern(s string) string {
	if v, ok := ds.names[s]; ok {
		return v
	}
	if ds.names == nil {
		ds.names = map[string]string{}
	}
	ds.names[s] = s
	return s
}

// DocEntry is what a dataset keeps of one document.
type DocEntry struct {
	DocID      string   `json:"doc_id"`
	SourceFile string   `json:"source_file"`
	Size       int64    `json:"size"`
	ModTime    int64    `json:"mtime_ns"` // of the file when it was read; 0 unknown
	Version    string   `json:"version"`  // budgetx's
	Status     string   `json:"status"`
	Parts      []string `json:"parts,omitempty"` // parts holding its records
	Batch      string   `json:"-"`
}

// batchManifest is one committed batch.
type batchManifest struct {
	ID      string      `json:"id"`
	Created string      `json:"created"`
	Version string      `json:"version"`
	Docs    []*DocEntry `json:"docs,omitempty"`
	// Failed are the source files whose reading failed: their line is in
	// the batch's documents (and a failed document is read again by the
	// next run).
	Failed []string `json:"failed,omitempty"`
	Drop   []string `json:"drop,omitempty"`   // doc_ids whose records the batch removed
	Add    []string `json:"add,omitempty"`    // parts added
	Remove []string `json:"remove,omitempty"` // parts removed
	// Moves are parts compacted into another: a document whose Parts name
	// a key now lives in the value.
	Moves map[string]string `json:"moves,omitempty"`
}

// Layout of the state directory.
const (
	stateDir   = ".budgetx"
	batchesDir = ".budgetx/batches"
	stagingDir = ".budgetx/staging"
)

// ErrNotDataset is returned by Open for a directory that holds another
// kind of output (a flat one), and by Create for a directory that holds a
// dataset.
var ErrNotDataset = errors.New("the output directory holds another layout")

// DatasetOptions configure Open.
type DatasetOptions struct {
	Formats Formats
	// Tables restricts the table types written; nil writes all.
	Tables []model.TableType
	// Version is the budgetx version recorded with each document, and
	// ContractVersion the data contract's, written into every Parquet
	// file's key-value metadata.
	Version, ContractVersion string
}

// Open opens (creating it if need be) the dataset in dir and locks it for
// the run, until Close. It finishes or removes what a run that died left
// (see Recovered) and reads the dataset's state.
func Open(dir string, o DatasetOptions) (*Dataset, error) {
	if !o.Formats.JSONL && !o.Formats.Parquet {
		return nil, ErrNoFormat
	}
	tabs, err := tables()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("emit: creating output directory: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ManifestFile)); err == nil {
		return nil, fmt.Errorf("emit: %s: %w: it holds the files of a flat run (--layout flat); use another directory", dir, ErrNotDataset)
	}
	lock, err := lockDir(dir)
	if errors.Is(err, ErrLocked) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("emit: cannot write in output directory %s: %w", dir, err)
	}
	ds := &Dataset{dir: dir, lock: lock, formats: o.Formats, tables: tabs,
		version: o.Version, contract: o.ContractVersion,
		docs: map[string]*DocEntry{}, bySource: map[string]*DocEntry{}, failures: map[string]string{}, parts: map[string]bool{},
		runID: time.Now().UTC().Format("20060102T150405.000000000") + "-" + strconv.Itoa(os.Getpid())}
	if o.Tables != nil {
		ds.tables = map[model.TableType]*table{}
		for _, t := range o.Tables {
			if tabs[t] == nil {
				lock.unlock()
				return nil, fmt.Errorf("emit: unknown table type %q", t)
			}
			ds.tables[t] = tabs[t]
		}
	}
	for _, d := range []string{batchesDir, stagingDir} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil {
			lock.unlock()
			return nil, fmt.Errorf("emit: cannot write in output directory %s: %w", dir, err)
		}
	}
	if err := ds.load(); err != nil {
		lock.unlock()
		return nil, fmt.Errorf("emit: %s: %w", dir, err)
	}
	return ds, nil
}

// Recovered describes what Open finished or removed after runs that died.
func (ds *Dataset) Recovered() []string { return ds.recovered }

// Dir returns the dataset's directory.
func (ds *Dataset) Dir() string { return ds.dir }

// Lookup returns the document with doc_id id, if the dataset holds it.
func (ds *Dataset) Lookup(id string) (DocEntry, bool) {
	d, ok := ds.docs[id]
	if !ok {
		return DocEntry{}, false
	}
	return *d, true
}

// Known returns the document last read from source when the file is
// unchanged since (same size and modification time): the document it
// holds, without reading the file again.
func (ds *Dataset) Known(source string, size, mtime int64) (DocEntry, bool) {
	d, ok := ds.bySource[source]
	if !ok || d.Size != size || d.ModTime != mtime || mtime == 0 {
		return DocEntry{}, false
	}
	return *d, true
}

// Documents returns the number of documents the dataset holds.
func (ds *Dataset) Documents() int { return len(ds.docs) }

// load reads the committed batches, finishes the one a dead run committed
// without putting its parts in place, and removes what no batch owns.
func (ds *Dataset) load() error {
	ents, err := os.ReadDir(filepath.Join(ds.dir, filepath.FromSlash(batchesDir)))
	if err != nil {
		return err
	}
	var ids []string
	for _, e := range ents {
		if id, ok := strings.CutSuffix(e.Name(), ".json"); ok && !strings.HasPrefix(e.Name(), ".") {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		m, err := ds.readManifest(id)
		if err != nil {
			return err
		}
		if err := ds.finish(m, true); err != nil {
			return err
		}
		ds.apply(m)
	}
	// staging of batches never committed: a run died before its commit
	st := filepath.Join(ds.dir, filepath.FromSlash(stagingDir))
	stale, _ := os.ReadDir(st)
	for _, e := range stale {
		if err := os.RemoveAll(filepath.Join(st, e.Name())); err != nil {
			return err
		}
		ds.recovered = append(ds.recovered, "removed the uncommitted batch "+e.Name()+" (a run died before it was committed; its documents will be read again)")
	}
	if st, err := os.ReadDir(filepath.Join(ds.dir, stateDir)); err == nil {
		for _, e := range st {
			if strings.HasPrefix(e.Name(), ".sort-") { // a run died while writing the index
				os.Remove(filepath.Join(ds.dir, stateDir, e.Name()))
			}
		}
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") { // a manifest being written when a run died
			os.Remove(filepath.Join(ds.dir, filepath.FromSlash(batchesDir), e.Name()))
		}
	}
	// parts no committed batch owns (cannot happen but by hand)
	if err := ds.sweepParts(); err != nil {
		return err
	}
	if len(ds.recovered) > 0 {
		return ds.WriteIndex()
	}
	return nil
}

func (ds *Dataset) readManifest(id string) (*batchManifest, error) {
	p := filepath.Join(ds.dir, filepath.FromSlash(batchesDir), id+".json")
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var m batchManifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("batch %s: unreadable state file %s: %v (remove the batch's files by hand, or the directory)", id, p, err)
	}
	if m.ID != id {
		return nil, fmt.Errorf("batch %s: its state file names batch %q", id, m.ID)
	}
	for _, p := range append(append([]string{}, m.Add...), m.Remove...) {
		if !partPath(p) {
			return nil, fmt.Errorf("batch %s: %q is not a part of a dataset", id, p)
		}
	}
	return &m, nil
}

// partPath reports whether p is a relative path of a dataset's part.
func partPath(p string) bool {
	if p == "" || path.IsAbs(p) || strings.Contains(p, "..") || strings.Contains(p, "\\") {
		return false
	}
	return strings.HasPrefix(path.Base(p), "part-") && (strings.HasSuffix(p, ".parquet") || strings.HasSuffix(p, ".jsonl"))
}

// stagedPart is where a batch stages the part that will be p (relative to
// the dataset): in the staging directory itself, p's slashes written as
// '%' (which no part's path holds: a table type, fiscal_year=N, a batch
// id), so that a batch
// creates no directories there (a mkdir costs as much as writing a small
// part).
func stagedPart(staged, p string) string {
	return filepath.Join(staged, strings.ReplaceAll(p, "/", "%"))
}

// finish puts in place what a committed batch left staged: at the end of
// its commit, or for a run that died after its commit point (dead).
func (ds *Dataset) finish(m *batchManifest, dead bool) error {
	staged := filepath.Join(ds.dir, filepath.FromSlash(stagingDir), m.ID)
	if _, err := os.Stat(staged); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	for _, p := range m.Add {
		from := stagedPart(staged, p)
		if _, err := os.Stat(from); err != nil {
			// staged by an older budgetx, under the part's own path
			from = filepath.Join(staged, filepath.FromSlash(p))
			if _, err := os.Stat(from); err != nil {
				continue // already in place
			}
		}
		to := filepath.Join(ds.dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := os.Rename(from, to); err != nil {
			return err
		}
	}
	for _, name := range []string{"documents.jsonl", "issues.jsonl"} {
		from := filepath.Join(staged, name)
		if _, err := os.Stat(from); err == nil {
			if err := os.Rename(from, ds.indexPiece(m.ID, name)); err != nil {
				return err
			}
		}
	}
	for _, p := range m.Remove {
		if err := os.Remove(filepath.Join(ds.dir, filepath.FromSlash(p))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := os.RemoveAll(staged); err != nil {
		return err
	}
	if dead {
		ds.recovered = append(ds.recovered, "finished batch "+m.ID+" (a run died while putting it in place)")
	}
	return nil
}

// indexPiece is the path of a batch's documents or issues lines.
func (ds *Dataset) indexPiece(id, name string) string {
	return filepath.Join(ds.dir, filepath.FromSlash(batchesDir), id+"."+name)
}

// apply adds committed batch m to the state.
func (ds *Dataset) apply(m *batchManifest) {
	for _, id := range m.Drop {
		if d := ds.docs[id]; d != nil {
			delete(ds.docs, id)
			if ds.bySource[d.SourceFile] == d {
				delete(ds.bySource, d.SourceFile)
			}
		}
	}
	for _, p := range m.Remove {
		delete(ds.parts, p)
	}
	for _, p := range m.Add {
		ds.parts[ds.intern(p)] = true
	}
	if len(m.Moves) > 0 {
		for _, d := range ds.docs {
			for i, p := range d.Parts {
				if to, ok := m.Moves[p]; ok {
					d.Parts[i] = to
				}
			}
		}
	}
	for _, d := range m.Docs {
		d.Batch = m.ID
		d.Version, d.Status = ds.intern(d.Version), ds.intern(d.Status)
		for i, p := range d.Parts {
			d.Parts[i] = ds.intern(p)
		}
		if old := ds.docs[d.DocID]; old != nil && ds.bySource[old.SourceFile] == old {
			delete(ds.bySource, old.SourceFile)
		}
		ds.docs[d.DocID] = d
		ds.bySource[d.SourceFile] = d
		delete(ds.failures, d.SourceFile)
	}
	for _, f := range m.Failed {
		ds.failures[f] = m.ID
		if d := ds.bySource[f]; d != nil && ds.docs[d.DocID] == d {
			// the path now fails: its old document stays (by content)
			delete(ds.bySource, f)
		}
	}
	ds.batches = append(ds.batches, m.ID)
}

// sweepParts removes part files under the table directories that no
// committed batch lists, and temporary files of dead runs.
func (ds *Dataset) sweepParts() error {
	for tt := range ds.allTables() {
		root := filepath.Join(ds.dir, string(tt))
		if _, err := os.Stat(root); err != nil {
			continue
		}
		err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(ds.dir, p)
			rel = filepath.ToSlash(rel)
			if partPath(rel) && !ds.parts[rel] {
				if err := os.Remove(p); err != nil {
					return err
				}
				ds.recovered = append(ds.recovered, "removed "+rel+" (no committed batch lists it)")
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (ds *Dataset) allTables() map[model.TableType]*table {
	t, _ := tables()
	return t
}

// newBatchID returns the id of a new batch: ids sort in commit order.
func (ds *Dataset) newBatchID() string {
	return fmt.Sprintf("%s-%05d", ds.runID, ds.seq.Add(1))
}

// writeJSONAtomic writes v as JSON to path through a temporary file in the
// same directory, synced, then renamed.
func writeJSONAtomic(path string, v any) error {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(b, '\n'))
}

// writeFileAtomic writes data to path through a synced temporary file.
func writeFileAtomic(path string, data []byte) error {
	return writeFileAtomicFunc(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeFileAtomicFunc writes to path what write writes, through a buffered
// and synced temporary file in the same directory, then renamed.
func writeFileAtomicFunc(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	bw := bufio.NewWriterSize(f, 64<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	err = errors.Join(err, f.Chmod(filePerm), f.Sync(), f.Close())
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(dir)
	return nil
}

// WriteIndex rewrites DIR/documents.jsonl and DIR/issues.jsonl from the
// batches: the line of every document the dataset holds (from the batch
// that wrote it) and of every path whose latest reading failed, and their
// issues, sorted by source file (then doc_id, then the order the batches
// wrote them in). The lines are sorted on disk (lineSorter): the memory it
// takes does not grow with the dataset.
func (ds *Dataset) WriteIndex() error {
	tmp := filepath.Join(ds.dir, stateDir)
	docs, issues := newLineSorter(tmp, sortChunk), newLineSorter(tmp, sortChunk)
	defer docs.close()
	defer issues.close()
	var serr error
	add := func(s *lineSorter, key string, b []byte) {
		if serr == nil {
			serr = s.add(key, b)
		}
	}
	for _, id := range ds.batches {
		if err := readLines(ds.indexPiece(id, "documents.jsonl"), func(b []byte) {
			var h struct {
				DocID      string `json:"doc_id"`
				SourceFile string `json:"source_file"`
				Status     string `json:"status"`
			}
			if json.Unmarshal(b, &h) != nil {
				return
			}
			if d := ds.docs[h.DocID]; h.Status != string(model.StatusFailed) && d != nil && d.Batch == id && d.SourceFile == h.SourceFile ||
				h.Status == string(model.StatusFailed) && ds.failures[h.SourceFile] == id {
				add(docs, h.SourceFile+"\x00"+h.DocID, b)
			}
		}); err != nil {
			return err
		}
		if err := readLines(ds.indexPiece(id, "issues.jsonl"), func(b []byte) {
			var h struct {
				DocID      string `json:"doc_id"`
				SourceFile string `json:"source_file"`
				Kind       string `json:"kind"`
			}
			if json.Unmarshal(b, &h) != nil {
				return
			}
			d := ds.docs[h.DocID]
			keep := h.DocID != "" && d != nil && (d.Batch == id && d.SourceFile == h.SourceFile || h.Kind == string(model.IssueDuplicate)) ||
				h.Kind == string(model.IssueDocError) && ds.failures[h.SourceFile] == id
			if keep {
				add(issues, h.SourceFile+"\x00"+h.DocID, b)
			}
		}); err != nil {
			return err
		}
		if serr != nil {
			return fmt.Errorf("sorting the index: %w", serr)
		}
	}
	for _, set := range []struct {
		name  string
		lines *lineSorter
	}{{DocumentsFile, docs}, {IssuesFile, issues}} {
		err := writeFileAtomicFunc(filepath.Join(ds.dir, set.name), func(w io.Writer) error {
			return set.lines.each(func(b []byte) error {
				if _, err := w.Write(b); err != nil {
					return err
				}
				_, err := w.Write([]byte{'\n'})
				return err
			})
		})
		if err != nil {
			return fmt.Errorf("writing %s: %w", set.name, err)
		}
	}
	return nil
}

// readLines calls f with each line of the file at p (without its end); a
// missing file has no lines.
func readLines(p string, f func([]byte)) error {
	fh, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	for sc.Scan() {
		if len(sc.Bytes()) > 0 {
			f(sc.Bytes())
		}
	}
	return sc.Err()
}

// Close writes the index and releases the lock.
func (ds *Dataset) Close() error {
	if ds.lock == nil {
		return ErrClosed
	}
	err := ds.WriteIndex()
	ds.lock.unlock()
	ds.lock = nil
	return err
}

// Release gives the lock up without writing the index (after an
// interrupted run; the next Open rewrites it).
func (ds *Dataset) Release() {
	if ds.lock != nil {
		ds.lock.unlock()
		ds.lock = nil
	}
}
