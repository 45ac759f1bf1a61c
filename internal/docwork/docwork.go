// Package docwork does one document's work — read it, normalize it,
// check it — in a worker process (internal/isolate), or in this process
// where the caller chose so. The command's pipeline (internal/pipeline)
// and the library (package budgetx) both do their documents' work here.
//
// Any program that links this package serves as its own worker process
// (from this package's init), so it needs no setup; a worker never starts
// workers.
package docwork

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/budgetx/budgetx/internal/inputfile"
	"github.com/budgetx/budgetx/internal/isolate"
	"github.com/budgetx/budgetx/internal/pageview"
	"github.com/budgetx/budgetx/model"
)

// A Runner does documents' work in the worker processes of Pool. It is
// safe for concurrent use, as the Pool is.
type Runner struct {
	Pool *isolate.Pool
	// TimeHint and MemoryHint say how the time and memory limits are set
	// ("--doc-timeout", "Limits.Time"), in the error of a document stopped
	// at one; "" says nothing.
	TimeHint, MemoryHint string
}

// ProcessFile reads, normalizes and checks the document at path in a
// worker under lim, streaming the file to it. It returns the result and
// the document's id: the sha256 of its bytes, "" unless they were all
// read (a document can fail and still have an id). Errors are
// *model.Error naming path and wrapping the sentinel of their class, or
// ctx's error.
func (r *Runner) ProcessFile(ctx context.Context, path string, lim model.Limits) (*model.Result, string, error) {
	lim = lim.WithDefaults()
	f, size, err := inputfile.Open(path, lim.InputBytes)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	return r.Process(ctx, path, f, size, lim)
}

// Process is ProcessFile on size bytes of body, the document named name.
func (r *Runner) Process(ctx context.Context, name string, body io.Reader, size int64, lim model.Limits) (*model.Result, string, error) {
	lim = lim.WithDefaults()
	rep, id, err := r.work(ctx, taskProcess, name, body, size, lim)
	if err != nil {
		return nil, id, err
	}
	if rep.Result == nil {
		return nil, id, &model.Error{File: name, Err: errors.New("internal error: the worker sent no result")}
	}
	return rep.Result, id, nil
}

// ReadFile reads the document at path into the document model in a
// worker under lim, as ProcessFile reads it, and stops there.
func (r *Runner) ReadFile(ctx context.Context, path string, lim model.Limits) (*model.Document, error) {
	lim = lim.WithDefaults()
	f, size, err := inputfile.Open(path, lim.InputBytes)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rep, _, err := r.work(ctx, taskRead, path, f, size, lim)
	if err != nil {
		return nil, err
	}
	if rep.Doc == nil {
		return nil, &model.Error{File: path, Err: errors.New("internal error: the worker sent no document")}
	}
	return rep.Doc, nil
}

// ReadPages reads what pictures of pages of the PDF at path need (see
// pageview.Doc.View; each request says which page) in a worker under lim:
// a PDF that crashes the PDF library fails the call, not the caller. err
// is the document's error (it could not be read); errs[i] is the error of
// request i (a page or table it does not have), views[i] its view.
// Errors are *model.Error naming the file (and the page or table, when
// one is concerned).
func (r *Runner) ReadPages(ctx context.Context, path string, reqs []pageview.Request, lim model.Limits) (views []*pageview.View, errs []error, err error) {
	lim = lim.WithDefaults()
	f, size, err := inputfile.Open(path, lim.InputBytes)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	rep, _, err := r.workWith(ctx, taskPage, path, f, size, lim, reqs)
	if err != nil {
		return nil, nil, err
	}
	if len(rep.Pages) != len(reqs) {
		return nil, nil, &model.Error{File: path, Err: fmt.Errorf("internal error: the worker sent %d pages for %d requests", len(rep.Pages), len(reqs))}
	}
	views, errs = make([]*pageview.View, len(reqs)), make([]error, len(reqs))
	for i, pg := range rep.Pages {
		switch {
		case pg.Err != nil:
			errs[i] = pg.Err.toError(path)
		case pg.View == nil:
			errs[i] = &model.Error{File: path, Page: reqs[i].Page, Err: errors.New("internal error: the worker sent no page")}
		default:
			views[i] = pg.View
		}
	}
	return views, errs, nil
}

// work hands size bytes of body, the document named name, to a worker.
// It returns the worker's reply and the document's id (the sha256 of its
// bytes, "" unless they were all read).
func (r *Runner) work(ctx context.Context, task, name string, body io.Reader, size int64, lim model.Limits) (*workReply, string, error) {
	return r.workWith(ctx, task, name, body, size, lim, nil)
}

// workWith is work with the pages a taskPage asks for.
func (r *Runner) workWith(ctx context.Context, task, name string, body io.Reader, size int64, lim model.Limits, pages []pageview.Request) (*workReply, string, error) {
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(&workRequest{Path: name, Limits: lim, Pages: pages}); err != nil {
		return nil, "", &model.Error{File: name, Err: err}
	}
	h := sha256.New()
	var rep *workReply
	err := r.Pool.DoStream(ctx, task, name, payload.Bytes(), io.TeeReader(body, h), size, func(r io.Reader) (err error) {
		rep, err = decodeReply(r)
		return err
	})
	id := ""
	if err == nil || !errors.Is(err, isolate.ErrBody) {
		id = hex.EncodeToString(h.Sum(nil))
	}
	switch {
	case err == nil:
	case ctx.Err() != nil:
		return nil, id, ctx.Err()
	case errors.Is(err, isolate.ErrTimeout):
		return nil, id, &model.Error{File: name, Err: fmt.Errorf("%w: it %v%s", model.ErrLimit, err, hint(r.TimeHint))}
	case errors.Is(err, isolate.ErrOutOfMemory):
		return nil, id, &model.Error{File: name, Err: fmt.Errorf("%w: it %v%s", model.ErrLimit, err, hint(r.MemoryHint))}
	case errors.Is(err, isolate.ErrCrashed):
		return nil, id, &model.Error{File: name, Err: fmt.Errorf("%w: %v", model.ErrChildDied, err)}
	case errors.Is(err, isolate.ErrBody):
		return nil, id, &model.Error{File: name, Err: fmt.Errorf("%w: %v", model.ErrIO, err)}
	default:
		return nil, id, &model.Error{File: name, Err: err}
	}
	if rep.Err != nil {
		return nil, id, rep.Err.toError(name)
	}
	return rep, id, nil
}

func hint(h string) string {
	if h == "" {
		return ""
	}
	return " (" + h + ")"
}

// Local reads, normalizes and checks data, the bytes of the document
// named name, in this process under lim: what a worker does, without a
// worker's protection. A panic in budgetx or its libraries becomes the
// document's error, but a fatal runtime error does not: a PDF that
// drives the PDF library into a stack overflow ends the process, and
// nothing bounds the memory the work takes but the structural limits.
//
// Local returns when ctx is done or lim.Time has passed, with ctx's error
// or a limit error; the work it leaves goes on in the background until it
// ends (a goroutine cannot be stopped), bounded by the structural limits.
// timeHint is as Runner.TimeHint. Errors are as ProcessFile's.
func Local(ctx context.Context, name string, data []byte, lim model.Limits, timeHint string) (*model.Result, error) {
	lim = lim.WithDefaults()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type outcome struct {
		res *model.Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		var o outcome
		defer func() {
			if p := recover(); p != nil {
				if os.Getenv("BUDGETX_DEBUG") != "" {
					fmt.Fprintf(os.Stderr, "%s\n", debug.Stack())
				}
				o = outcome{err: &model.Error{File: name, Err: fmt.Errorf("internal error (panic): %v", p)}}
			}
			done <- o
		}()
		o.res, o.err = process(name, data, lim)
	}()
	timer := time.NewTimer(lim.Time)
	defer timer.Stop()
	select {
	case o := <-done:
		return o.res, o.err
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-timer.C:
		return nil, &model.Error{File: name, Err: fmt.Errorf("%w: it %w of %v%s", model.ErrLimit, isolate.ErrTimeout, lim.Time, hint(timeHint))}
	}
}
