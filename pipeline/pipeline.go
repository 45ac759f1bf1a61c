// Package pipeline runs budgetx's staged pipeline over many documents:
//
//	discover → read → normalize (+ checks) → emit
//
// Documents move through bounded channels between fixed pools of workers;
// the emit stage writes results in input order, so the output does not
// depend on scheduling. Cancelling the context stops every stage and
// leaves no output file half-written. A document that fails (an error or a
// panic in any stage) becomes a failed line in documents.jsonl and never
// stops the others.
package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"sync"

	"github.com/budgetx/budgetx/emit"
	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/pdf"
	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/normalize"
)

// Config configures a run.
type Config struct {
	Out     string       // output directory
	Formats emit.Formats // which formats to write
	Workers int          // workers per stage; <= 0 means runtime.NumCPU()
	Read    extract.Options
	PDF     pdf.Options // limits of the child process that parses each PDF
	// Check, if set, runs after normalize on each document's result (the
	// document's own arithmetic); it may add issues and counts.
	Check func(*model.Result)
	// Progress, if set, receives one line per finished document.
	Progress io.Writer
}

// Stats summarizes a run.
type Stats struct {
	Documents int
	Failed    int
	// Partial counts documents that name a standard table budgetx did not
	// type (model.StatusPartial).
	Partial int
	Records int
	Issues  int
	// Mismatched counts documents with at least one check mismatch.
	Mismatched int
}

// job is one document moving through the stages.
type job struct {
	idx  int
	path string
	doc  *model.Document
	res  *model.Result
	err  error
}

// Discover expands paths into the input files, in order: a file is taken
// as given (whatever its extension: an unsupported one fails as that
// document's error); a directory is walked recursively, in lexical order,
// for .docx, .pdf and .txt files.
func Discover(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && extract.FormatOf(path) != "" {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// Run runs the pipeline over files (see Discover) and writes cfg.Out. It
// returns an error only when the output cannot be written or ctx was
// cancelled; failed documents are counted in Stats.
func Run(ctx context.Context, files []string, cfg Config) (Stats, error) {
	var st Stats
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	w, err := emit.Create(cfg.Out, cfg.Formats)
	if err != nil {
		return st, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	paths := make(chan job)
	read := make(chan job, workers)
	done := make(chan job, workers)

	go func() { // discover
		defer close(paths)
		for i, p := range files {
			select {
			case paths <- job{idx: i, path: p}:
			case <-ctx.Done():
				return
			}
		}
	}()
	stage := func(in <-chan job, out chan<- job, f func(*job)) {
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range in {
					if j.err == nil {
						safely(&j, f)
					}
					select {
					case out <- j:
					case <-ctx.Done():
						return
					}
				}
			}()
		}
		go func() { wg.Wait(); close(out) }()
	}
	stage(paths, read, func(j *job) {
		j.doc, j.err = extract.Read(ctx, j.path, cfg.Read)
	})
	stage(read, done, func(j *job) {
		j.res = normalize.Normalize(j.doc)
		j.doc = nil // the document model is no longer needed
		if cfg.Check != nil {
			cfg.Check(j.res)
		}
	})

	// emit, in input order
	pending := map[int]job{}
	next := 0
	var werr error
	for j := range done {
		pending[j.idx] = j
		for {
			j, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			res := j.res
			if j.err != nil {
				res = failed(j.path, j.err)
			}
			if werr == nil {
				werr = w.WriteResult(res)
				var fe *emit.FieldError
				if errors.As(werr, &fe) {
					// A value the writers cannot hold exactly fails this
					// document, not the run; nothing of it was written.
					res = failed(j.path, werr)
					werr = w.WriteResult(res)
				}
				if werr != nil {
					cancel()
				}
			}
			st.Documents++
			switch res.Summary.Status {
			case model.StatusFailed:
				st.Failed++
			case model.StatusPartial:
				st.Partial++
			}
			if res.Summary.Checks.Mismatched > 0 {
				st.Mismatched++
			}
			st.Records += len(res.Records)
			st.Issues += len(res.Issues)
			if cfg.Progress != nil {
				fmt.Fprintln(cfg.Progress, summaryLine(res))
			}
		}
	}
	switch {
	case werr != nil:
		w.Abort()
		return st, werr
	case ctx.Err() != nil || next < len(files):
		w.Abort()
		if err := ctx.Err(); err != nil {
			return st, err
		}
		return st, errors.New("pipeline stopped before every document was written")
	}
	return st, w.Close()
}

// safely runs f on j, turning a panic into j's error.
func safely(j *job, f func(*job)) {
	defer func() {
		if r := recover(); r != nil {
			j.err = &model.Error{File: j.path, Err: fmt.Errorf("internal error (panic): %v\n%s", r, debug.Stack())}
		}
	}()
	f(j)
}

// failed returns the result of a document that could not be processed.
func failed(path string, err error) *model.Result {
	id := ""
	if data, rerr := os.ReadFile(path); rerr == nil {
		sum := sha256.Sum256(data)
		id = hex.EncodeToString(sum[:])
	}
	msg := err.Error()
	var pe *model.Error
	if !errors.As(err, &pe) {
		msg = path + ": " + msg
	}
	return model.Failed(id, path, extract.FormatOf(path), msg)
}

// summaryLine is the one line per document written to stderr.
func summaryLine(res *model.Result) string {
	s := res.Summary
	if s.Status == model.StatusFailed {
		return fmt.Sprintf("FAIL %s: %s", s.SourceFile, s.Error)
	}
	c := s.Checks
	status := "ok  "
	if s.Status == model.StatusPartial {
		status = "part"
	}
	return fmt.Sprintf("%s %s: %d tables, %d records, %d repairs, checks %d run / %d passed / %d rounding / %d mismatch / %d skipped",
		status, s.SourceFile, len(s.Tables), len(res.Records), s.Repairs, c.Run, c.Passed, c.Rounding, c.Mismatched, c.Skipped)
}
