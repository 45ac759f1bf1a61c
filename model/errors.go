package model

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors that readers and stages wrap in an *Error.
var (
	// ErrNoText is returned for a PDF with no text layer (a scan).
	ErrNoText = errors.New("no text layer (scanned document?)")
	// ErrUnsupported is returned for an input whose format budgetx does not read.
	ErrUnsupported = errors.New("unsupported input format")
	// ErrMalformed is returned for an input that is not a well-formed file of its format.
	ErrMalformed = errors.New("malformed input")
	// ErrChildDied is returned when the worker process reading a document
	// died (a fatal fault no recover catches: a bug in budgetx or its PDF
	// library). A worker stopped at a time or memory limit is ErrLimit.
	ErrChildDied = errors.New("crashed")
)

// Error is an error positioned in an input document, in the manner of
// encoding/csv's ParseError. Zero fields are omitted from the message.
type Error struct {
	File   string // the path as given
	Page   int    // 1-based PDF page, 0 if unknown or not paged
	Line   int    // 1-based line (flattened text form), 0 if unknown
	Table  string // table title or "table N"
	Row    int    // 1-based row in the table, 0 if unknown
	Column int    // 1-based column in the table, 0 if unknown
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Page > 0 {
		fmt.Fprintf(&b, ": page %d", e.Page)
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, ": line %d", e.Line)
	}
	if e.Table != "" {
		fmt.Fprintf(&b, ": table %q", e.Table)
	}
	if e.Row > 0 {
		fmt.Fprintf(&b, ": row %d", e.Row)
	}
	if e.Column > 0 {
		fmt.Fprintf(&b, ": column %d", e.Column)
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("unknown error")
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }
