package pipeline

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/budgetx/budgetx/checks"
	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/internal/isolate"
	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/normalize"
)

// Every document is read, normalized and checked in a worker process
// (internal/isolate): the running executable, which serves from here
// before its main runs. Any program that links this package therefore
// serves as its own worker, with no setup.
func init() {
	gob.Register(decimal.Decimal{})
	gob.Register([]model.SpendPoint{})
	gob.Register(int64(0))
	gob.Register("")
	gob.Register(false)
	isolate.Serve(serveRequest)
}

// Worker tasks.
const (
	taskProcess = "process" // read, normalize, check: a *model.Result
	taskRead    = "read"    // read only: a *model.Document
)

// workRequest is the payload of a request.
type workRequest struct {
	Path   string
	Limits model.Limits
}

// workReply is the payload of a reply.
type workReply struct {
	Result *model.Result
	Doc    *model.Document
	Err    *wireError
}

// wireError carries a document's error across the process boundary.
type wireError struct {
	Class                   string // model.ErrorClass
	Msg                     string // the message without its position
	Page, Line, Row, Column int
	Table                   string
}

func toWire(err error) *wireError {
	w := &wireError{Class: model.ErrorClass(err), Msg: err.Error()}
	var me *model.Error
	if errors.As(err, &me) {
		w.Page, w.Line, w.Table, w.Row, w.Column = me.Page, me.Line, me.Table, me.Row, me.Column
		if me.Err != nil {
			w.Msg = me.Err.Error()
		}
	}
	return w
}

// classError is an error from a worker: its message, wrapping the
// sentinel of its class.
type classError struct {
	msg      string
	sentinel error
}

func (e *classError) Error() string { return e.msg }
func (e *classError) Unwrap() error { return e.sentinel }

func (w *wireError) toError(path string) error {
	return &model.Error{File: path, Page: w.Page, Line: w.Line, Table: w.Table, Row: w.Row, Column: w.Column,
		Err: &classError{w.Msg, model.ClassError(w.Class)}}
}

// serveRequest is the worker's side of a request.
func serveRequest(task, _ string, payload, body []byte) []byte {
	var req workRequest
	var rep workReply
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&req); err != nil {
		rep.Err = &wireError{Class: "internal", Msg: fmt.Sprintf("decoding the request: %v", err)}
		return encodeReply(&rep)
	}
	doc, err := extract.ReadBytes(req.Path, body, req.Limits)
	body = nil
	switch {
	case err != nil:
		rep.Err = toWire(err)
	case task == taskRead:
		rep.Doc = doc
	default:
		res := normalize.Normalize(doc)
		doc = nil
		checks.Run(res, res.Narrative)
		res.Narrative = nil // not written out
		rep.Result = res
	}
	return encodeReply(&rep)
}

func encodeReply(rep *workReply) []byte {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(rep); err != nil {
		b.Reset()
		gob.NewEncoder(&b).Encode(&workReply{Err: &wireError{Class: "internal", Msg: fmt.Sprintf("encoding the reply: %v", err)}})
	}
	return b.Bytes()
}

func decodeReply(b []byte) (*workReply, error) {
	var rep workReply
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&rep); err != nil {
		return nil, fmt.Errorf("decoding the worker's reply: %w", err)
	}
	return &rep, nil
}
