package docwork

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/budgetx/budgetx/internal/checks"
	"github.com/budgetx/budgetx/internal/extract"
	"github.com/budgetx/budgetx/internal/isolate"
	"github.com/budgetx/budgetx/internal/normalize"
	"github.com/budgetx/budgetx/internal/pageview"
	"github.com/budgetx/budgetx/model"
)

// Every document is read, normalized and checked in a worker process
// (internal/isolate): the running executable, which serves from here
// before its main runs. Any program that links this package therefore
// serves as its own worker, with no setup.
func init() {
	isolate.Serve(serveRequest)
}

// Worker tasks.
const (
	taskProcess = "process" // read, normalize, check: a *model.Result
	taskRead    = "read"    // read only: a *model.Document
	taskPage    = "page"    // what pictures of PDF pages need: a *pageview.View per request
)

// workRequest is the payload of a request.
type workRequest struct {
	Path   string
	Limits model.Limits
	Pages  []pageview.Request // taskPage: which pages
}

// workReply is the first message of a reply. A Result comes without its
// records: Records of them follow in batches (messages of up to
// recordBatch, each a []byte of model.AppendRecords: gob's reflection
// over every map[string]any value cost more than the rest of the
// exchange), so that neither side holds the encoded reply whole.
type workReply struct {
	Result  *model.Result
	Records int
	Doc     *model.Document
	Pages   []pageReply // taskPage: one per request
	Err     *wireError
}

// pageReply is the reply to one request of a taskPage: its view, or why
// there is none.
type pageReply struct {
	View *pageview.View
	Err  *wireError
}

// recordBatch is how many records one message of a reply carries.
const recordBatch = 2000

// batchBufs are the buffers the messages of a reply are encoded in, kept
// from one document to the next: grown anew for every document, they were
// a twentieth of a worker's time on a DOCX.
var batchBufs = sync.Pool{New: func() any { return new([]byte) }}

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

// serveRequest is the worker's side of a request: it writes the reply
// gob-encoded, streamed to the parent as it is encoded.
func serveRequest(task, _ string, payload, body []byte, reply io.Writer) {
	var req workRequest
	var rep workReply
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&req); err != nil {
		rep.Err = &wireError{Class: "internal", Msg: fmt.Sprintf("decoding the request: %v", err)}
		encodeReply(reply, &rep)
		return
	}
	if task == taskPage {
		d, err := pageview.Open(req.Path, body, req.Limits)
		body = nil
		if err != nil {
			rep.Err = toWire(err)
			encodeReply(reply, &rep)
			return
		}
		for _, pr := range req.Pages {
			v, err := d.View(pr)
			pg := pageReply{View: v}
			if err != nil {
				pg = pageReply{Err: toWire(err)}
			}
			rep.Pages = append(rep.Pages, pg)
		}
		encodeReply(reply, &rep)
		return
	}
	if task == taskRead {
		doc, err := extract.ReadBytes(req.Path, body, req.Limits)
		if err != nil {
			rep.Err = toWire(err)
		}
		rep.Doc = doc
		encodeReply(reply, &rep)
		return
	}
	res, err := process(req.Path, body, req.Limits)
	body = nil
	if err != nil {
		rep.Err = toWire(err)
		encodeReply(reply, &rep)
		return
	}
	records := res.Records
	res.Records = nil
	rep.Result, rep.Records = res, len(records)
	enc := gob.NewEncoder(reply)
	encode(enc, &rep)
	bp := batchBufs.Get().(*[]byte)
	defer batchBufs.Put(bp)
	batch := *bp
	defer func() { *bp = batch[:0] }()
	for len(records) > 0 {
		n := min(len(records), recordBatch)
		var err error
		if batch, err = model.AppendRecords(batch[:0], records[:n]); err != nil {
			panic(fmt.Sprintf("encoding the reply: %v", err))
		}
		encode(enc, &batch)
		clear(records[:n]) // let the collector have them
		records = records[n:]
	}
}

// process reads, normalizes and checks data, the bytes of the document
// named name, under lim: the work of a worker, and of Local.
func process(name string, data []byte, lim model.Limits) (*model.Result, error) {
	doc, err := extract.ReadBytes(name, data, lim)
	data = nil
	if err != nil {
		return nil, err
	}
	res, err := normalize.NormalizeLimited(doc, lim)
	doc = nil
	if err != nil {
		return nil, err
	}
	checks.Run(res, res.Narrative)
	res.Narrative = nil // not written out
	return res, nil
}

// encodeReply writes a reply that has no records.
func encodeReply(w io.Writer, rep *workReply) {
	encode(gob.NewEncoder(w), rep)
}

// encode writes v. An encoding error can only be a bug (a value gob
// cannot carry) or a broken pipe (the parent is gone): it panics, which
// the worker turns into an error reply.
func encode(enc *gob.Encoder, v any) {
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("encoding the reply: %v", err))
	}
}

// decodeReply reads a reply: the first message, and a Result's records.
func decodeReply(r io.Reader) (*workReply, error) {
	dec := gob.NewDecoder(r)
	var rep workReply
	if err := dec.Decode(&rep); err != nil {
		return nil, fmt.Errorf("decoding the worker's reply: %w", err)
	}
	if rep.Result == nil || rep.Records == 0 {
		return &rep, nil
	}
	rep.Result.Records = make([]model.Record, 0, rep.Records)
	in := interner{}
	var b []byte
	for len(rep.Result.Records) < rep.Records {
		if err := dec.Decode(&b); err != nil {
			return nil, fmt.Errorf("decoding the worker's records: %w", err)
		}
		batch, err := model.DecodeRecords(b)
		if err != nil {
			return nil, fmt.Errorf("decoding the worker's records: %w", err)
		}
		if len(batch) == 0 || len(rep.Result.Records)+len(batch) > rep.Records {
			return nil, fmt.Errorf("decoding the worker's records: a batch of %d after %d of %d", len(batch), len(rep.Result.Records), rep.Records)
		}
		for i := range batch {
			in.record(&batch[i])
		}
		rep.Result.Records = append(rep.Result.Records, batch...)
	}
	return &rep, nil
}

// An interner makes equal strings share their bytes. The records of a
// document repeat its doc_id, source file, department and region and each
// table's title, and gob decodes each copy anew: shared, the records take
// a quarter less of the main process's memory while the document waits to
// be written (830 bytes a record instead of 1,150 on the largest real
// document).
type interner map[string]string

func (in interner) get(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	in[s] = s
	return s
}

// record interns the strings of r's common fields.
func (in interner) record(r *model.Record) {
	c := &r.Common
	for _, p := range []*string{&c.DocID, &c.SourceFile, &c.DepartmentCode, &c.DepartmentName, &c.TableTitle,
		&c.Province, &c.City, &c.County, &c.AdminLevel} {
		*p = in.get(*p)
	}
	c.DocKind = model.DocKind(in.get(string(c.DocKind)))
	c.TableType = model.TableType(in.get(string(c.TableType)))
}
