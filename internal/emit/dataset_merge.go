package emit

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/budgetx/budgetx/model"
)

// MergeStats says what Merge did.
type MergeStats struct {
	Documents  int // documents added from the sources
	Duplicates int // documents a source held that the dataset already had
}

// Merge adds the dataset in src (written by another run: a shard of the
// same corpus, on another machine) to ds, as one batch: its documents,
// their records (the parts copied, row for row), their index lines. A
// document both hold (the same doc_id) is kept once: from the source file
// that sorts first, as one run over all the inputs would have read it.
// src is locked while it is read; it is not changed.
func (ds *Dataset) Merge(src string) (MergeStats, error) {
	var st MergeStats
	from, err := Open(src, DatasetOptions{Formats: Formats{JSONL: true, Parquet: true}, Version: ds.version, ContractVersion: ds.contract})
	if err != nil {
		return st, err
	}
	if err := from.WriteIndex(); err != nil { // its index, current
		from.Release()
		return st, err
	}
	defer from.Release()
	b, err := ds.Begin()
	if err != nil {
		return st, err
	}
	ok := false
	defer func() {
		if !ok {
			b.Abort()
		}
	}()
	// the documents taken, the ones left
	take := map[string]*DocEntry{}
	leave := map[string]bool{}
	ids := make([]string, 0, len(from.docs))
	for id := range from.docs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		d := from.docs[id]
		if mine, held := ds.docs[id]; held && mine.SourceFile <= d.SourceFile {
			leave[id] = true
			st.Duplicates++
			continue
		} else if held {
			st.Duplicates++
		}
		take[id] = d
	}
	// their parts, copied without the documents left
	var parts []string
	for p := range from.parts {
		parts = append(parts, p)
	}
	sort.Strings(parts)
	moved := map[string]string{}
	for i, p := range parts {
		to := filepath.ToSlash(filepath.Join(filepath.Dir(filepath.FromSlash(p)), "part-"+b.id+"-m"+strconv.Itoa(i)+filepath.Ext(p)))
		n, err := ds.mergeParts([]string{from.abs(p)}, stagedPart(b.dir, to), leave)
		if err != nil {
			return st, fmt.Errorf("copying %s from %s: %w", p, src, err)
		}
		if n > 0 {
			b.extraAdd = append(b.extraAdd, to)
			moved[p] = to
		}
	}
	for _, id := range ids {
		d, taken := take[id]
		if !taken {
			continue
		}
		e := *d
		e.Parts = nil
		for _, p := range d.Parts {
			if to, ok := moved[p]; ok {
				e.Parts = append(e.Parts, to)
			}
		}
		if _, held := ds.docs[id]; held && !b.dropSet[id] {
			b.dropSet[id] = true
			b.drop = append(b.drop, id)
		}
		b.docs = append(b.docs, &e)
		st.Documents++
	}
	// their index lines, and the paths that failed
	failedPaths := map[string]bool{}
	if err := readLines(filepath.Join(src, DocumentsFile), func(line []byte) {
		var h struct {
			DocID      string `json:"doc_id"`
			SourceFile string `json:"source_file"`
			Status     string `json:"status"`
		}
		if json.Unmarshal(line, &h) != nil {
			return
		}
		failed := h.Status == string(model.StatusFailed)
		if _, taken := take[h.DocID]; taken && !failed || failed {
			if failed {
				b.failed = append(b.failed, h.SourceFile)
				failedPaths[h.SourceFile] = true
			}
			b.docOut.Write(append(append([]byte(nil), line...), '\n'))
		}
	}); err != nil {
		return st, err
	}
	if err := readLines(filepath.Join(src, IssuesFile), func(line []byte) {
		var h struct {
			DocID      string `json:"doc_id"`
			SourceFile string `json:"source_file"`
			Kind       string `json:"kind"`
		}
		if json.Unmarshal(line, &h) != nil {
			return
		}
		_, taken := take[h.DocID]
		if taken || h.Kind == string(model.IssueDocError) && failedPaths[h.SourceFile] || h.Kind == string(model.IssueDuplicate) {
			b.issOut.Write(append(append([]byte(nil), line...), '\n'))
		}
	}); err != nil {
		return st, err
	}
	if err := b.Commit(); err != nil {
		return st, err
	}
	ok = true
	return st, nil
}
