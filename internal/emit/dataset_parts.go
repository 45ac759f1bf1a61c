package emit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/budgetx/budgetx/model"
	"github.com/parquet-go/parquet-go"
)

// partOut is one part file being written: JSON Lines or Parquet.
type partOut struct {
	rel  string
	f    *os.File
	bw   *bufio.Writer // JSON Lines
	pq   *pqSink       // Parquet
	buf  []byte
	rows int
}

// newPartOut creates the part file at p (its directory too).
func (ds *Dataset) newPartOut(t *table, p, ext string) (*partOut, error) {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(p)
	if err != nil {
		return nil, err
	}
	o := &partOut{f: f}
	if ext == ".jsonl" {
		o.bw = bufio.NewWriterSize(f, jsonlBuffer)
		return o, nil
	}
	if o.pq, err = newPQSink(t, f, ds.keyValues()...); err != nil {
		f.Close()
		return nil, err
	}
	return o, nil
}

// keyValues is the provenance written into every Parquet file.
func (ds *Dataset) keyValues() []parquet.WriterOption {
	return provenance(ds.version, ds.contract)
}

// provenance returns the key-value metadata options of a Parquet file.
func provenance(version, contract string) []parquet.WriterOption {
	var o []parquet.WriterOption
	if version != "" {
		o = append(o, parquet.KeyValueMetadata("budgetx.version", version))
	}
	if contract != "" {
		o = append(o, parquet.KeyValueMetadata("budgetx.contract_version", contract))
	}
	return o
}

func (o *partOut) write(t *table, cells []cell) error {
	o.rows++
	if o.bw != nil {
		o.buf = appendRecord(o.buf[:0], t, cells)
		_, err := o.bw.Write(o.buf)
		return err
	}
	return o.pq.write(cells)
}

// close finishes the file and syncs it.
func (o *partOut) close() error {
	var err error
	if o.bw != nil {
		err = o.bw.Flush()
	} else {
		err = o.pq.close()
	}
	return errors.Join(err, o.f.Chmod(filePerm), o.f.Sync(), o.f.Close())
}

// copyPart writes to dst the rows of part src (relative to the dataset)
// whose doc_id is not in drop, in the same format; it returns the rows
// written. Rows are copied as they are, not decoded into records.
func (ds *Dataset) copyPart(src, dst string, drop map[string]bool) (int, error) {
	return ds.mergeParts([]string{ds.abs(src)}, dst, drop)
}

// abs is the path of p, relative to the dataset.
func (ds *Dataset) abs(p string) string { return filepath.Join(ds.dir, filepath.FromSlash(p)) }

// mergeParts writes to dst the rows of the part files srcs (all of one
// table type and format) whose doc_id is not in drop; it returns the rows
// written.
func (ds *Dataset) mergeParts(srcs []string, dst string, drop map[string]bool) (int, error) {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return 0, err
	}
	out, err := os.Create(dst)
	if err != nil {
		return 0, err
	}
	var n int
	if strings.HasSuffix(dst, ".jsonl") {
		n, err = ds.mergeJSONL(srcs, out, drop)
	} else {
		n, err = ds.mergeParquet(srcs, out, drop)
	}
	err = errors.Join(err, out.Chmod(filePerm), out.Sync(), out.Close())
	if err != nil {
		os.Remove(dst)
	}
	return n, err
}

func (ds *Dataset) mergeJSONL(srcs []string, out io.Writer, drop map[string]bool) (int, error) {
	bw := bufio.NewWriterSize(out, jsonlBuffer)
	n := 0
	for _, src := range srcs {
		err := readLines(src, func(line []byte) {
			if len(drop) > 0 && drop[DocIDOfLine(line)] {
				return
			}
			bw.Write(line)
			bw.WriteByte('\n')
			n++
		})
		if err != nil {
			return 0, err
		}
	}
	return n, bw.Flush()
}

// DocIDOfLine returns the doc_id of a record's JSON line: emit writes it
// first, so it is read without decoding the line (a line written by
// something else is decoded).
func DocIDOfLine(line []byte) string {
	const key = `{"doc_id":"`
	if bytes.HasPrefix(line, []byte(key)) {
		if end := bytes.IndexByte(line[len(key):], '"'); end >= 0 {
			return string(line[len(key) : len(key)+end])
		}
	}
	var h struct {
		DocID string `json:"doc_id"`
	}
	json.Unmarshal(line, &h)
	return h.DocID
}

func (ds *Dataset) mergeParquet(srcs []string, out io.Writer, drop map[string]bool) (int, error) {
	var w *pqWriter
	n := 0
	buf := make([]parquet.Row, 256)
	for _, src := range srcs {
		f, err := os.Open(src)
		if err != nil {
			return 0, err
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return 0, err
		}
		pf, err := parquet.OpenFile(f, st.Size())
		if err != nil {
			f.Close()
			return 0, fmt.Errorf("%s: %w", src, err)
		}
		if w == nil {
			schema := pf.Schema()
			if own := ownSchema(schema); own != nil {
				schema = own
			}
			if w, err = newPQWriter(out, schema, ds.keyValues()...); err != nil {
				f.Close()
				return 0, err
			}
		}
		docCol := 0 // doc_id is the first column of every table
		for _, rg := range pf.RowGroups() {
			rows := rg.Rows()
			for {
				k, err := rows.ReadRows(buf)
				keep := buf[:0]
				for _, r := range buf[:k] {
					if len(drop) > 0 && len(r) > docCol && drop[r[docCol].String()] {
						continue
					}
					keep = append(keep, r)
				}
				if len(keep) > 0 {
					if werr := w.writeRows(keep); werr != nil {
						rows.Close()
						f.Close()
						return 0, werr
					}
					n += len(keep)
				}
				if err == io.EOF {
					break
				}
				if err != nil {
					rows.Close()
					f.Close()
					return 0, fmt.Errorf("%s: %w", src, err)
				}
			}
			rows.Close()
		}
		f.Close()
	}
	if w == nil {
		return 0, nil
	}
	return n, w.close()
}

// ownSchema returns budgetx's schema of the table type s is named after,
// if s has its columns, or nil. Rows copied from a part file are written
// with it: a file's own schema names the codec it was read with
// (parquet-go's zstd, an encoder of 16 MiB), which a writer takes over the
// one it is given.
func ownSchema(s *parquet.Schema) *parquet.Schema {
	tabs, _ := tables()
	if t := tabs[model.TableType(s.Name())]; t != nil && parquet.EqualNodes(t.pq.schema, s) {
		return t.pq.schema
	}
	return nil
}

// Compact merges the parts of every partition that has more than maxParts
// of them (per format) into one, as a batch of its own: a partition stays
// a handful of files however many runs and batches wrote it. It returns
// the number of parts merged away.
func (ds *Dataset) Compact(maxParts int) (int, error) {
	groups := map[string][]string{} // partition dir + ext → parts
	for p := range ds.parts {
		key := filepath.ToSlash(filepath.Dir(filepath.FromSlash(p))) + "|" + filepath.Ext(p)
		groups[key] = append(groups[key], p)
	}
	var keys []string
	for k, ps := range groups {
		if len(ps) > maxParts {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return 0, nil
	}
	sort.Strings(keys)
	id := ds.newBatchID()
	staged := filepath.Join(ds.dir, filepath.FromSlash(stagingDir), id)
	m := &batchManifest{ID: id, Version: ds.version, Moves: map[string]string{}}
	merged := 0
	for _, k := range keys {
		ps := groups[k]
		sort.Strings(ps)
		dir, ext, _ := strings.Cut(k, "|")
		to := dir + "/part-" + id + ext
		srcs := make([]string, len(ps))
		for i, p := range ps {
			srcs[i] = ds.abs(p)
		}
		n, err := ds.mergeParts(srcs, stagedPart(staged, to), nil)
		if err != nil {
			os.RemoveAll(staged)
			return 0, fmt.Errorf("compacting %s: %w", dir, err)
		}
		if n > 0 {
			m.Add = append(m.Add, to)
		}
		for _, p := range ps {
			m.Remove = append(m.Remove, p)
			if n > 0 {
				m.Moves[p] = to
			}
		}
		merged += len(ps)
	}
	if err := writeJSONAtomic(filepath.Join(ds.dir, filepath.FromSlash(batchesDir), id+".json"), m); err != nil {
		os.RemoveAll(staged)
		return 0, err
	}
	if err := ds.finish(m, false); err != nil {
		return 0, err
	}
	ds.apply(m)
	return merged, nil
}
