package emit

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/budgetx/budgetx/model"
)

// A Batch is documents being added to a Dataset: their records go to
// staging files under DIR/.budgetx/staging/<batch>/ as they come (memory
// follows one document), and become parts of the dataset at Commit.
type Batch struct {
	ds       *Dataset
	id       string
	dir      string // the staging directory
	stages   map[partKey]*stage
	docs     []*DocEntry
	failed   []string
	drop     []string
	dropSet  map[string]bool
	docOut   *os.File
	docEnc   *json.Encoder
	issOut   *os.File
	issEnc   *json.Encoder
	cells    []cell
	pend     []*cellEncoder  // the document being written: its rows, per partition it reaches (past len: encoders to reuse)
	pendAt   map[partKey]int // partition → its encoder in pend
	frame    []byte          // scratch: one staged frame, written or read
	dec      cellDecoder
	inMemory int      // bytes of the stages held in memory
	extraAdd []string // parts already built in the staging directory (Merge)
	records  int
	err      error
	done     bool
}

// partKey is one partition of one table type.
type partKey struct {
	tt   model.TableType
	year int
}

// dir is the partition's directory, relative to the dataset.
func (k partKey) dir() string { return string(k.tt) + "/fiscal_year=" + strconv.Itoa(k.year) }

// A batch has a stage per partition its documents reach (a table type and
// a year: easily a hundred). A stage is held in memory while the batch's
// stages together hold less than stageMemory (a batch of a few documents
// writes no stage file), then goes to a file through a buffer of
// stageBuffer bytes. The document being written is held whole, its rows
// encoded (cellEncoder), until all its records are valid.
const stageBuffer = 4 << 10

var stageMemory = 4 << 20 // tests lower it

// stage is the staged rows of one partition: frames of rows (cellcodec.go),
// one per document, each after its length (a uvarint), turned into the
// partition's part files at Commit. (Staged as records, in gob and then in
// model.AppendRecords' form, converting them twice cost the main process
// a fifth of its time.)
type stage struct {
	name string        // its file, once it has one
	mem  []byte        // the frames, while in memory
	f    *os.File      // nil while in memory
	bw   *bufio.Writer // to f
	n    int
}

// Source says where a document's bytes came from, for the dataset to know
// the file again (Dataset.Known).
type Source struct {
	Size    int64
	ModTime int64 // ns; 0 when unknown
}

// Begin starts a batch.
func (ds *Dataset) Begin() (*Batch, error) {
	id := ds.newBatchID()
	dir := filepath.Join(ds.dir, filepath.FromSlash(stagingDir), id)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	b := &Batch{ds: ds, id: id, dir: dir, stages: map[partKey]*stage{}, dropSet: map[string]bool{}}
	var err error
	if b.docOut, err = os.Create(filepath.Join(dir, "documents.jsonl")); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if b.issOut, err = os.Create(filepath.Join(dir, "issues.jsonl")); err != nil {
		b.docOut.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	b.docEnc, b.issEnc = json.NewEncoder(b.docOut), json.NewEncoder(b.issOut)
	b.docEnc.SetEscapeHTML(false)
	b.issEnc.SetEscapeHTML(false)
	return b, nil
}

// Documents returns the number of documents in the batch, and Records the
// number of records.
func (b *Batch) Documents() int { return len(b.docs) + len(b.failed) }

// Records returns the number of records written to the batch.
func (b *Batch) Records() int { return b.records }

// WriteResult adds one document. Its records are checked first: a value
// the contract cannot hold returns a *FieldError and nothing of the
// document is written (the caller records it as failed). A document the
// dataset already holds (by doc_id) is replaced: its old records are
// removed at Commit. Any other error breaks the batch.
func (b *Batch) WriteResult(res *model.Result, src Source) error {
	if b.done {
		return ErrClosed
	}
	if b.err != nil {
		return b.err
	}
	// validated, and staged in memory per partition: nothing is written
	// unless every record is valid
	for _, e := range b.pend {
		if cap(e.buf) > 1<<20 {
			e.buf = nil // a large document's: not kept for the next
		}
	}
	b.pend = b.pend[:0]
	if b.pendAt == nil {
		b.pendAt = map[partKey]int{}
	}
	clear(b.pendAt)
	all := b.ds.allTables()
	for i := range res.Records {
		r := &res.Records[i]
		t := all[r.TableType]
		if t == nil {
			return newFieldError(r, "", "", ErrUnknownTable)
		}
		var err error
		if b.cells, err = t.cells(r, b.cells[:0]); err != nil {
			return err
		}
		if b.ds.tables[r.TableType] == nil {
			continue // a table type this run does not write
		}
		k := partKey{r.TableType, r.FiscalYear}
		j, ok := b.pendAt[k]
		if !ok {
			j = len(b.pend)
			b.pendAt[k] = j
			b.pend = slices.Grow(b.pend, 1)[:j+1]
			if b.pend[j] == nil {
				b.pend[j] = &cellEncoder{}
			}
			b.pend[j].reset(t)
			b.pend[j].key = k
		}
		b.pend[j].add(b.cells)
	}
	if err := b.write(res, src); err != nil {
		b.err = err
		return err
	}
	return nil
}

func (b *Batch) write(res *model.Result, src Source) error {
	s := &res.Summary
	parts := map[string]bool{}
	for _, e := range b.pend {
		k := e.key
		st, err := b.stage(k)
		if err != nil {
			return err
		}
		if err := b.stageFrame(st, e); err != nil {
			return fmt.Errorf("staging %s: %w", k.dir(), err)
		}
		st.n += e.n
		b.records += e.n
		for _, ext := range b.ds.exts() {
			parts[k.dir()+"/part-"+b.id+ext] = true
		}
	}
	if s.DocID != "" && s.Status != model.StatusFailed {
		d := &DocEntry{DocID: s.DocID, SourceFile: s.SourceFile, Size: src.Size, ModTime: src.ModTime,
			Version: b.ds.version, Status: string(s.Status)}
		for p := range parts {
			d.Parts = append(d.Parts, b.ds.intern(p))
		}
		sort.Strings(d.Parts)
		if _, held := b.ds.docs[s.DocID]; held && !b.dropSet[s.DocID] {
			b.dropSet[s.DocID] = true
			b.drop = append(b.drop, s.DocID)
		}
		b.docs = append(b.docs, d)
	} else {
		b.failed = append(b.failed, s.SourceFile)
	}
	for i := range res.Issues {
		l := newIssueLine(&res.Issues[i])
		if l.DocID == "" {
			l.DocID = s.DocID
		}
		if l.SourceFile == "" {
			l.SourceFile = s.SourceFile
		}
		if err := b.issEnc.Encode(l); err != nil {
			return err
		}
	}
	dl := newDocLine(s)
	dl.BudgetxVersion, dl.ContractVersion = nullString(b.ds.version), nullString(b.ds.contract)
	return b.docEnc.Encode(dl)
}

// Note adds an issue line that belongs to no document of the batch: a
// duplicate's (its doc_id is the document it duplicates).
func (b *Batch) Note(is *model.Issue) error {
	if b.done {
		return ErrClosed
	}
	return b.issEnc.Encode(newIssueLine(is))
}

func (ds *Dataset) exts() []string {
	var e []string
	if ds.formats.Parquet {
		e = append(e, ".parquet")
	}
	if ds.formats.JSONL {
		e = append(e, ".jsonl")
	}
	return e
}

func (b *Batch) stage(k partKey) (*stage, error) {
	if st := b.stages[k]; st != nil {
		return st, nil
	}
	st := &stage{name: filepath.Join(b.dir, fmt.Sprintf("%s.%d.rec", k.tt, k.year))}
	b.stages[k] = st
	return st, nil
}

// stageFrame writes e's rows to st as one frame, after its length: in
// memory while the batch's stages hold less than stageMemory there, else
// to the stage's file.
func (b *Batch) stageFrame(st *stage, e *cellEncoder) error {
	b.frame = e.frame(b.frame[:0])
	var n [binary.MaxVarintLen64]byte
	head := n[:binary.PutUvarint(n[:], uint64(len(b.frame)))]
	if st.f == nil {
		if add := len(head) + len(b.frame); b.inMemory+add <= stageMemory {
			st.mem = append(append(st.mem, head...), b.frame...)
			b.inMemory += add
			return nil
		}
		f, err := os.Create(st.name)
		if err != nil {
			return err
		}
		st.f, st.bw = f, bufio.NewWriterSize(f, stageBuffer)
		if _, err := st.bw.Write(st.mem); err != nil {
			return err
		}
		b.inMemory -= len(st.mem)
		st.mem = nil
	}
	if _, err := st.bw.Write(head); err != nil {
		return err
	}
	_, err := st.bw.Write(b.frame)
	return err
}

// readFrame reads the next frame of a stage into buf; io.EOF at the end.
func readFrame(r *bufio.Reader, buf []byte) ([]byte, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return buf, err
	}
	if n > maxStageFrame {
		return buf, fmt.Errorf("a staged frame of %d bytes", n)
	}
	if uint64(cap(buf)) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if _, err := io.ReadFull(r, buf); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return buf, err
	}
	return buf, nil
}

// maxStageFrame bounds a frame read back: one document's rows of one
// partition, under a document's limits.
const maxStageFrame = 1 << 30

// Commit makes the batch part of the dataset: its staged records become
// one part file per partition and format, the parts holding documents it
// replaced are rewritten without them, and then, at the commit point, the
// batch's state file is written; the parts are then moved into place. A
// run killed before the commit point loses the batch (the next Open
// removes it); after it, the next Open finishes it.
func (b *Batch) Commit() error {
	if b.done {
		return ErrClosed
	}
	b.done = true
	committed, err := b.commit()
	if err != nil && !committed {
		b.discard()
	}
	return err
}

// finishHook, set by tests, runs at the commit point; false stops the
// commit there, as a run killed right after it would.
var finishHook func() bool

// commit commits the batch; committed reports whether it passed the
// commit point (after which its staging must stay for the next Open to
// finish).
func (b *Batch) commit() (committed bool, err error) {
	if b.err != nil {
		return false, b.err
	}
	if err := errors.Join(b.docOut.Close(), b.issOut.Close()); err != nil {
		return false, err
	}
	ds := b.ds
	m := &batchManifest{ID: b.id, Created: time.Now().UTC().Format(time.RFC3339), Version: ds.version,
		Docs: b.docs, Failed: b.failed, Drop: b.drop}
	// the staged partitions, one at a time: one Parquet writer is ever open
	keys := make([]partKey, 0, len(b.stages))
	for k := range b.stages {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].tt != keys[j].tt {
			return keys[i].tt < keys[j].tt
		}
		return keys[i].year < keys[j].year
	})
	for _, k := range keys {
		added, err := b.build(k)
		if err != nil {
			return false, fmt.Errorf("writing %s: %w", k.dir(), err)
		}
		m.Add = append(m.Add, added...)
	}
	m.Add = append(m.Add, b.extraAdd...)
	// the parts that hold documents this batch replaces
	if len(b.drop) > 0 {
		touched := map[string]bool{}
		for _, id := range b.drop {
			for _, p := range ds.docs[id].Parts {
				if ds.parts[p] {
					touched[p] = true
				}
			}
		}
		var list []string
		for p := range touched {
			list = append(list, p)
		}
		sort.Strings(list)
		for i, p := range list {
			to := rewrittenName(p, b.id, i)
			n, err := ds.copyPart(p, stagedPart(b.dir, to), b.dropSet)
			if err != nil {
				return false, fmt.Errorf("rewriting %s without the documents it replaces: %w", p, err)
			}
			m.Remove = append(m.Remove, p)
			if n > 0 {
				m.Add = append(m.Add, to)
				if m.Moves == nil {
					m.Moves = map[string]string{}
				}
				m.Moves[p] = to
			}
		}
	}
	for _, d := range b.docs { // a document's parts that a rewrite moved
		for i, p := range d.Parts {
			if to, ok := m.Moves[p]; ok {
				d.Parts[i] = to
			}
		}
	}
	// the commit point
	if err := writeJSONAtomic(filepath.Join(ds.dir, filepath.FromSlash(batchesDir), b.id+".json"), m); err != nil {
		return false, fmt.Errorf("committing batch %s: %w", b.id, err)
	}
	if finishHook != nil && !finishHook() {
		return true, errors.New("stopped at the commit point by a test hook")
	}
	if err := ds.finish(m, false); err != nil {
		return true, fmt.Errorf("putting batch %s in place (the next run finishes it): %w", b.id, err)
	}
	ds.apply(m)
	return true, nil
}

// rewrittenName is the name of the rewrite of part p by batch id.
func rewrittenName(p, id string, i int) string {
	dir, base := filepath.Split(filepath.FromSlash(p))
	ext := filepath.Ext(base)
	return filepath.ToSlash(filepath.Join(dir, fmt.Sprintf("part-%s-r%d%s", id, i, ext)))
}

// build turns the staged records of partition k into its part files in
// the staging directory, under their final relative paths.
func (b *Batch) build(k partKey) ([]string, error) {
	st := b.stages[k]
	// what is staged is read back here and now: a stage that had to go
	// to a file is not synced (a batch that dies before its commit point
	// is dropped whole)
	var src io.Reader = bytes.NewReader(st.mem)
	if st.f != nil {
		if err := st.bw.Flush(); err != nil {
			return nil, err
		}
		if _, err := st.f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		src = st.f
	}
	t := b.ds.tables[k.tt]
	var outs []*partOut
	for _, ext := range b.ds.exts() {
		rel := k.dir() + "/part-" + b.id + ext
		o, err := b.ds.newPartOut(t, stagedPart(b.dir, rel), ext)
		if err != nil {
			return nil, err
		}
		o.rel = rel
		outs = append(outs, o)
	}
	br := bufio.NewReaderSize(src, 32<<10)
	for {
		var err error
		if b.frame, err = readFrame(br, b.frame); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("reading the staged records: %w", err)
		}
		err = b.dec.rows(t, b.frame, func(cells []cell) error {
			for _, o := range outs {
				if err := o.write(t, cells); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("staged %s: %w", k.dir(), err)
		}
	}
	if st.f != nil {
		st.f.Close()
		os.Remove(st.f.Name())
	}
	b.inMemory -= len(st.mem)
	st.mem = nil
	var rels []string
	for _, o := range outs {
		if err := o.close(); err != nil {
			return nil, err
		}
		rels = append(rels, o.rel)
	}
	return rels, nil
}

// discard removes the batch's staging.
func (b *Batch) discard() {
	for _, st := range b.stages {
		if st.f != nil {
			st.f.Close()
		}
	}
	b.docOut.Close()
	b.issOut.Close()
	os.RemoveAll(b.dir)
}

// Abort drops the batch.
func (b *Batch) Abort() {
	if b.done {
		return
	}
	b.done = true
	b.discard()
}
