package emit

import (
	"bufio"
	"io"
	"sync"

	"github.com/budgetx/budgetx/model"
)

// A Stream writes records as JSON lines to one writer, every table type
// together (each line carries its table_type), as documents come: for
// pipes (budgetx extract -o -). It writes no index.
type Stream struct {
	mu    sync.Mutex
	w     *bufio.Writer
	only  map[model.TableType]bool
	cells []cell
	buf   []byte
}

// NewStream returns a Stream writing to w the records of tables (nil: all).
func NewStream(w io.Writer, tables []model.TableType) *Stream {
	s := &Stream{w: bufio.NewWriterSize(w, jsonlBuffer)}
	if len(tables) > 0 {
		s.only = map[model.TableType]bool{}
		for _, t := range tables {
			s.only[t] = true
		}
	}
	return s
}

// WriteResult writes the records of one document. Every record is checked
// first: a value the contract cannot hold returns a *FieldError and
// nothing of the document is written.
func (s *Stream) WriteResult(res *model.Result) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	tabs, err := tables()
	if err != nil {
		return err
	}
	for i := range res.Records {
		r := &res.Records[i]
		t := tabs[r.TableType]
		if t == nil {
			return newFieldError(r, "", "", ErrUnknownTable)
		}
		if s.cells, err = t.cells(r, s.cells[:0]); err != nil {
			return err
		}
	}
	for i := range res.Records {
		r := &res.Records[i]
		if s.only != nil && !s.only[r.TableType] {
			continue
		}
		t := tabs[r.TableType]
		s.cells, _ = t.cells(r, s.cells[:0])
		s.buf = appendRecord(s.buf[:0], t, s.cells)
		if _, err := s.w.Write(s.buf); err != nil {
			return err
		}
	}
	return s.w.Flush() // a reader down the pipe sees each document whole
}

// Flush writes what is buffered.
func (s *Stream) Flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Flush()
}
