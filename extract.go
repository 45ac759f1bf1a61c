package budgetx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/budgetx/budgetx/internal/docwork"
	"github.com/budgetx/budgetx/internal/inputfile"
	"github.com/budgetx/budgetx/internal/isolate"
	"github.com/budgetx/budgetx/model"
)

// Result is what budgetx extracts from one document: what the command
// writes for it.
type Result struct {
	// Summary is the document's line of documents.jsonl: its id (DocID,
	// the SHA-256 of its bytes, hex), SourceFile (the path or name given),
	// department, fiscal year, kind and region, Status (model.StatusOK, or
	// model.StatusPartial when it names a standard table that budgetx did
	// not type: see Summary.Untyped), the tables found, and the counts of
	// records per table type, issues, repairs and checks. A zero field is
	// unknown (null in documents.jsonl).
	Summary model.DocSummary
	// Records are the document's typed records in document order, as the
	// <table_type>.jsonl files hold them; Records[i].TableType says which
	// table type, Values its own fields. Money is in yuan.
	Records []model.Record
	// Issues are the repairs, anomalies and failed or skipped checks, as
	// issues.jsonl holds them.
	Issues []model.Issue
}

// Extract reads the document at path (a .pdf, .docx or the flattened
// text form: its bytes choose the reader, and for the text form, which
// has none of its own, the extension .txt), normalizes it into records
// and checks its arithmetic. By default it does the work in
// a worker process (see the package documentation) under the default
// Limits; opts change that.
//
// path must name a regular file. The Result's SourceFile, and the records'
// and issues', is path as given. A document that cannot be read returns a
// nil Result and an *Error naming path that wraps the sentinel error of
// its class (ErrLimit, ErrMalformed, ErrCrashed …); when ctx is done,
// Extract returns ctx's error. Extract is safe for concurrent use.
func Extract(ctx context.Context, path string, opts ...Option) (*Result, error) {
	o := newConfig(opts)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res, done, err := o.inWorker(ctx, path, func(r *docwork.Runner) (*model.Result, error) {
		res, _, err := r.ProcessFile(ctx, path, o.limits)
		return res, err
	})
	if done {
		return res, err
	}
	data, err := inputfile.ReadAll(path, o.limits.InputBytes)
	if err != nil {
		return nil, err
	}
	return result(docwork.Local(ctx, path, data, o.limits, timeHint))
}

// ExtractReader is Extract on the document read from r, named name in
// the Result and in errors (it need not be a path: a URL, an archive
// member; its extension matters as path's does). It reads r to its end
// first, holding at most Limits.InputBytes of it in memory, and fails
// with ErrLimit beyond that; a read error wraps ErrIO.
func ExtractReader(ctx context.Context, name string, r io.Reader, opts ...Option) (*Result, error) {
	o := newConfig(opts)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	data, err := inputfile.ReadLimited(name, r, o.limits.InputBytes)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res, done, err := o.inWorker(ctx, name, func(r *docwork.Runner) (*model.Result, error) {
		res, _, err := r.Process(ctx, name, bytes.NewReader(data), int64(len(data)), o.limits)
		return res, err
	})
	if done {
		return res, err
	}
	return result(docwork.Local(ctx, name, data, o.limits, timeHint))
}

// How the time and memory limits are set, as a limit error says.
const (
	timeHint   = "Limits.Time, budgetx.WithLimits"
	memoryHint = "Limits.Memory, budgetx.WithLimits"
)

// inWorker does work in a worker, as o's Isolation says. It returns done
// false when the document is to be read in this process instead: always
// for InProcess, and for IsolatedIfPossible when no worker can be
// started. When no worker can be started for Isolated, the error wraps
// ErrNoWorker.
func (o *config) inWorker(ctx context.Context, name string, work func(*docwork.Runner) (*model.Result, error)) (_ *Result, done bool, _ error) {
	if o.isolation == InProcess {
		return nil, false, nil
	}
	if err := canServe(); err != nil {
		if o.isolation == IsolatedIfPossible {
			return nil, false, nil
		}
		return nil, true, noWorker(name, err)
	}
	res, err := work(o.runner())
	switch {
	case err == nil || ctx.Err() != nil:
	case errors.Is(err, isolate.ErrStart) && o.isolation == IsolatedIfPossible:
		return nil, false, nil
	case errors.Is(err, isolate.ErrStart), errors.Is(err, isolate.ErrNotServing), errors.Is(err, isolate.ErrNested):
		var pe *Error
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, true, noWorker(name, err)
	}
	r, err := result(res, err)
	return r, true, err
}

// noWorker is the error of a document for which no worker can be started.
func noWorker(name string, why error) error {
	return &Error{File: name, Err: fmt.Errorf("%w: %w (WithIsolation(InProcess) reads documents in this process)", ErrNoWorker, why)}
}

func result(res *model.Result, err error) (*Result, error) {
	if err != nil {
		return nil, err
	}
	return &Result{Summary: res.Summary, Records: res.Records, Issues: res.Issues}, nil
}
