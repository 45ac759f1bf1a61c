package emit

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/budgetx/budgetx/model"
	"github.com/parquet-go/parquet-go"
)

// Errors of the Writer.
var (
	// ErrNoFormat is returned by Create when Formats selects no format.
	ErrNoFormat = errors.New("emit: no output format selected")
	// ErrClosed is returned by a Writer after Close or Abort.
	ErrClosed = errors.New("emit: writer is closed")
)

// Names of the files that are not a table type's.
const (
	DocumentsFile = "documents.jsonl" // one line per document
	IssuesFile    = "issues.jsonl"    // one line per issue
)

// Formats selects the files written for each table type. At least one must
// be set; documents.jsonl and issues.jsonl are written either way.
type Formats struct {
	JSONL   bool // DIR/<table_type>.jsonl
	Parquet bool // DIR/<table_type>.parquet
}

// Writer writes an output directory. Create it with Create, call WriteResult
// once per document in document order, then Close to put the files in place,
// or Abort to give up:
//
//	w, err := emit.Create(dir, emit.Formats{JSONL: true, Parquet: true})
//	if err != nil { ... }
//	defer w.Abort() // a no-op after a successful Close
//	for _, res := range results {
//		if err := w.WriteResult(res); err != nil { ... }
//	}
//	return w.Close()
//
// The Writer holds the lock on the directory from Create to Close or Abort,
// and Close replaces budgetx's files in it as one set (see the package
// documentation, "The output directory").
//
// Records are streamed to the files as they come; a Writer holds only the
// document being written and, for the Parquet files together, at most
// parquetBudget bytes of row groups between two documents (see Buffered).
// It is meant to
// be driven by one goroutine, which keeps the order of the lines that of the
// calls; its methods are nonetheless safe to call concurrently.
type Writer struct {
	mu        sync.Mutex
	dir       string
	lock      *dirLock // held from Create to Close or Abort
	owned     []string // the files the previous run's manifest lists
	recovered []string // what Create cleaned up: see Recovered
	sinks     map[model.TableType]*sink
	files     []*outFile // every file, in the order they are committed
	docs      *json.Encoder
	issues    *json.Encoder
	cells     []cell // scratch: the cells of one record
	buf       []byte // scratch: one JSON line
	opt       Options
	budget    int64 // parquetBudget (tests lower it)
	err       error // the first write error; the Writer is then broken
	done      bool  // Close or Abort was called
}

// sink is where the records of one table type go.
type sink struct {
	t     *table
	jsonl *outFile // nil unless Formats.JSONL
	pq    *pqSink  // nil unless Formats.Parquet
	skip  bool     // a table type Options.Tables leaves out
}

// Create starts writing the output directory dir, creating it if it does not
// exist, with f selecting the table files.
//
// It first locks dir for the whole run, until Close or Abort: if another
// run, in this process or another, holds the lock, Create fails at once with
// an error that matches ErrLocked and names that run's process id. Under the
// lock it cleans up after runs that died in dir (see Recovered): a run that
// died while replacing the files is rolled back, so that dir holds the set
// of files it held before that run, and the temporary and backup files of
// runs that did not finish are removed. Then every file is created under a
// temporary name, so an unwritable directory fails here.
func Create(dir string, f Formats) (*Writer, error) {
	return CreateWith(dir, Options{Formats: f})
}

// Options configure CreateWith.
type Options struct {
	Formats Formats
	// Tables restricts the table types written; nil writes all.
	Tables []model.TableType
	// Version is the budgetx version and ContractVersion the data
	// contract's: written into documents.jsonl and every Parquet file's
	// key-value metadata.
	Version, ContractVersion string
}

// CreateWith is Create with options.
func CreateWith(dir string, o Options) (*Writer, error) {
	f := o.Formats
	if !f.JSONL && !f.Parquet {
		return nil, ErrNoFormat
	}
	tabs, err := tables()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("emit: creating output directory: %w", err)
	}
	lock, err := lockDir(dir)
	if errors.Is(err, ErrLocked) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("emit: cannot write in output directory %s: %w", dir, err)
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(batchesDir))); err == nil {
		lock.unlock()
		return nil, fmt.Errorf("emit: %s: %w: it holds a dataset (the default layout); use another directory", dir, ErrNotDataset)
	}
	w := &Writer{dir: dir, lock: lock, sinks: make(map[model.TableType]*sink, len(tabs)), opt: o, budget: parquetBudget}
	if w.owned, w.recovered, err = prepare(dir); err != nil {
		lock.unlock()
		return nil, fmt.Errorf("emit: %w", err)
	}
	if err := w.open(tabs, f); err != nil {
		w.discard()
		lock.unlock()
		return nil, fmt.Errorf("emit: cannot write in output directory %s: %w", dir, err)
	}
	return w, nil
}

// Recovered describes what Create cleaned up in the directory after earlier
// runs that did not finish, one line per file restored or removed (with its
// path relative to the directory); nil when there was nothing to clean.
func (w *Writer) Recovered() []string { return w.recovered }

// open creates every temporary file.
func (w *Writer) open(tabs map[model.TableType]*table, f Formats) error {
	create := func(name string, buffered bool) (*outFile, error) {
		o, err := createOut(w.dir, name, buffered)
		if err == nil {
			w.files = append(w.files, o)
		}
		return o, err
	}
	only := map[model.TableType]bool{}
	for _, tt := range w.opt.Tables {
		if tabs[tt] == nil {
			return fmt.Errorf("unknown table type %q", tt)
		}
		only[tt] = true
	}
	for _, tt := range model.TableTypes {
		s := &sink{t: tabs[tt]}
		w.sinks[tt] = s
		if len(only) > 0 && !only[tt] {
			s.skip = true
			continue
		}
		var err error
		if f.JSONL {
			if s.jsonl, err = create(string(tt)+".jsonl", true); err != nil {
				return err
			}
		}
		if f.Parquet {
			o, err := create(string(tt)+".parquet", false)
			if err != nil {
				return err
			}
			opts := append(provenance(w.opt.Version, w.opt.ContractVersion), parquet.PageBufferSize(flatPageBytes))
			if s.pq, err = newPQSink(s.t, o, opts...); err != nil {
				return fmt.Errorf("%s: %w", o.final, err)
			}
		}
	}
	newEncoder := func(name string) (*json.Encoder, error) {
		o, err := create(name, true)
		if err != nil {
			return nil, err
		}
		enc := json.NewEncoder(o)
		enc.SetEscapeHTML(false)
		return enc, nil
	}
	var err error
	if w.docs, err = newEncoder(DocumentsFile); err != nil {
		return err
	}
	w.issues, err = newEncoder(IssuesFile)
	return err
}

// WriteResult appends one document: each record to the files of its
// TableType, each issue to issues.jsonl (with the summary's doc_id and
// source_file where the issue has none), and the summary to documents.jsonl.
//
// Every record is checked before anything is written. A value the contract
// cannot hold (see FieldError) makes WriteResult return a *FieldError and
// write nothing of the document; the Writer stays usable, so the caller may
// record the document as failed (a Result with only a Summary) and go on.
// Any other error is an I/O error: the Writer is then broken, and Close
// returns the error and leaves no file behind.
func (w *Writer) WriteResult(res *model.Result) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return ErrClosed
	}
	if w.err != nil {
		return w.err
	}
	if err := w.check(res); err != nil {
		return err
	}
	if err := w.write(res); err != nil {
		w.err = err
		return err
	}
	if err := w.bound(); err != nil {
		w.err = fmt.Errorf("emit: writing a Parquet row group: %w", err)
		return w.err
	}
	return nil
}

// parquetBudget is the most the Parquet files of a Writer hold in memory
// together between two documents: the row groups being filled (compressed
// pages, and the values of the pages being filled). Above it the largest
// is flushed to its file, then the next largest, and so on: the memory of
// a run does not grow with the documents written, and a table type with
// few rows still gets row groups of many documents.
const parquetBudget = 16 << 20

// bound flushes row groups, largest first, until the Parquet files hold at
// most w.budget bytes together.
func (w *Writer) bound() error {
	for {
		var total, top int64
		var big *sink
		for _, tt := range model.TableTypes {
			s := w.sinks[tt]
			if s == nil || s.pq == nil {
				continue
			}
			b := s.pq.buffered()
			total += b
			if b > top {
				big, top = s, b
			}
		}
		if total <= w.budget || big == nil {
			return nil
		}
		if err := big.pq.flush(); err != nil {
			return err
		}
	}
}

// Buffered returns the bytes the Writer's Parquet files hold in memory
// (an estimate: the row groups not yet flushed to the files, compressed,
// and the values of the pages being filled). Between two documents it is
// at most 16 MiB, whatever the number of records written.
func (w *Writer) Buffered() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	var n int64
	for _, s := range w.sinks {
		if s.pq != nil {
			n += s.pq.buffered()
		}
	}
	return n
}

// WriteIssue appends one issue line that belongs to no document written
// (a duplicate's: its doc_id is the document it duplicates).
func (w *Writer) WriteIssue(is *model.Issue) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return ErrClosed
	}
	if w.err != nil {
		return w.err
	}
	if err := w.issues.Encode(newIssueLine(is)); err != nil {
		w.err = err
		return err
	}
	return nil
}

// check validates every record of res. The cells are made again when the
// records are written, so that a document's cells are never all held at
// once: a writer's memory follows one record, not one document.
func (w *Writer) check(res *model.Result) error {
	for i := range res.Records {
		r := &res.Records[i]
		s, ok := w.sinks[r.TableType]
		if !ok {
			return newFieldError(r, "", "", ErrUnknownTable)
		}
		var err error
		if w.cells, err = s.t.cells(r, w.cells[:0]); err != nil {
			return err
		}
	}
	return nil
}

// write writes res, whose records check has validated.
func (w *Writer) write(res *model.Result) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("emit: %s: internal error: %v", res.Summary.SourceFile, r)
		}
	}()
	for i := range res.Records {
		r := &res.Records[i]
		s := w.sinks[r.TableType]
		cells, err := s.t.cells(r, w.cells[:0])
		if err != nil {
			return fmt.Errorf("emit: %s: record %d changed after it was checked: %w", res.Summary.SourceFile, i, err)
		}
		w.cells = cells
		if s.jsonl != nil {
			w.buf = appendRecord(w.buf[:0], s.t, cells)
			if _, err := s.jsonl.Write(w.buf); err != nil {
				return fmt.Errorf("emit: writing %s: %w", s.jsonl.final, err)
			}
		}
		if s.pq != nil {
			if err := s.pq.write(cells); err != nil {
				return fmt.Errorf("emit: writing %s.parquet: %w", s.t.typ, err)
			}
		}
	}
	for i := range res.Issues {
		line := newIssueLine(&res.Issues[i])
		if line.DocID == "" {
			line.DocID = res.Summary.DocID
		}
		if line.SourceFile == "" {
			line.SourceFile = res.Summary.SourceFile
		}
		if err := w.issues.Encode(line); err != nil {
			return fmt.Errorf("emit: writing %s: %w", IssuesFile, err)
		}
	}
	dl := newDocLine(&res.Summary)
	dl.BudgetxVersion, dl.ContractVersion = nullString(w.opt.Version), nullString(w.opt.ContractVersion)
	if err := w.docs.Encode(dl); err != nil {
		return fmt.Errorf("emit: writing %s: %w", DocumentsFile, err)
	}
	return nil
}

// Close finishes every file (flushes it, writes the Parquet footers, syncs
// it), writes the manifest, and then replaces the previous set of files in
// the directory by the run's, together (see the package documentation): on
// success the directory holds exactly the run's files, beside the files
// that are not budgetx's. If an earlier write failed, or finishing a file
// did, Close removes the temporary files and returns the error; nothing was
// replaced. If putting the files in place fails, Close rolls back and
// returns a *CommitError, which says whether the directory holds exactly
// the previous set again. Close releases the lock in every case. Close after
// Close or Abort returns ErrClosed.
func (w *Writer) Close() (err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return ErrClosed
	}
	w.done = true
	defer w.lock.unlock()
	committing := false
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("emit: closing %s: internal error: %v", w.dir, r)
		}
		if err != nil && !committing {
			w.discard()
		}
	}()
	if w.err != nil {
		return w.err
	}
	for _, tt := range model.TableTypes {
		if s := w.sinks[tt]; s.pq != nil {
			if err := s.pq.close(); err != nil {
				return fmt.Errorf("emit: finishing %s.parquet: %w", tt, err)
			}
		}
	}
	if err := w.writeManifest(); err != nil {
		return fmt.Errorf("emit: writing %s: %w", abs(w.dir, ManifestFile), err)
	}
	for _, o := range w.files {
		if err := o.finish(); err != nil {
			return fmt.Errorf("emit: finishing %s: %w", o.final, err)
		}
	}
	news := make([]newFile, len(w.files))
	for i, o := range w.files {
		news[i] = o.entry()
	}
	committing = true // commit removes the temporary files if it fails
	if err := commit(w.dir, news, append(knownNames(), w.owned...)); err != nil {
		return err
	}
	w.files = nil
	return nil
}

// writeManifest adds the manifest, listing every file of the run, to the
// run's files.
func (w *Writer) writeManifest() error {
	m := manifest{Version: 1}
	for _, o := range w.files {
		m.Files = append(m.Files, o.rel)
	}
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	o, err := createOut(w.dir, ManifestFile, true)
	if err != nil {
		return err
	}
	w.files = append(w.files, o)
	_, err = o.Write(append(data, '\n'))
	return err
}

// Abort gives up the run: it closes and removes every temporary file, leaves
// the files of an earlier run as they were, and releases the lock. It is a
// no-op after Close or Abort, so it can be deferred.
func (w *Writer) Abort() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return
	}
	w.done = true
	w.discard()
	w.lock.unlock()
}

// discard removes every temporary file, and the directories made for them
// that are left empty.
func (w *Writer) discard() {
	var rels []string
	for _, o := range w.files {
		o.discard()
		rels = append(rels, o.rel)
	}
	pruneDirs(w.dir, rels)
	w.files = nil
}
