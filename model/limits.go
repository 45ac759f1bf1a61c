package model

import (
	"errors"
	"fmt"
	"time"
)

// Limits bound the work one document may cause. Every reader and stage
// checks the ones that concern it and fails the document with a
// *Error wrapping ErrLimit (positioned: page, table, row, column) when
// one is crossed. The zero value of a field means its default
// (DefaultLimits).
//
// The defaults are far above any real disclosure: the largest documents
// of fixtures/ and ../shared/real-wide/ are 3.7 MB, 262 pages, 248 tables,
// 700 rows and 30 grid columns in a table, 24,000 cells, 2,800 bytes in a
// cell and 3,200 bytes in a paragraph. The structural defaults are also
// what the default memory holds: a document costs about 1 KiB per cell
// (its records in the worker, and again in the main process while they
// are written), so one inside every default limit is read within the
// default 512 MiB.
type Limits struct {
	// InputBytes is the largest input file.
	InputBytes int64
	// PartBytes is the largest decompressed part: a DOCX package part
	// (word/document.xml …), a PDF stream.
	PartBytes int64
	// Pages is the most pages a PDF may have.
	Pages int
	// Tables is the most tables in a document, nested ones included.
	Tables int
	// Rows is the most rows in one table (after joining its pages).
	Rows int
	// Cols is the most grid columns in one table (w:gridCol, the spans of a
	// row, the columns a PDF table's ruling lines make).
	Cols int
	// Cells is the most grid positions in a document: the rows times the
	// grid columns of each table, summed (a cell spanning three columns
	// takes three). It bounds what a table's grid costs to build, not
	// only what the input spelled out.
	Cells int
	// CellText is the most bytes of text in one cell.
	CellText int
	// ParaText is the most bytes of text in one paragraph (or one line of
	// the flattened text form).
	ParaText int
	// Nesting is how deep tables may nest (a body table is 1).
	Nesting int
	// Time is the wall-clock time one document may take, read to records.
	Time time.Duration
	// Memory is the memory one document may use, in bytes (the limit of
	// the process that reads it).
	Memory int64
}

// Default limits (see Limits).
const (
	DefaultInputBytes = 256 << 20
	DefaultPartBytes  = 64 << 20
	DefaultPages      = 10_000
	DefaultTables     = 50_000
	DefaultRows       = 100_000
	DefaultCols       = 1_000
	DefaultCells      = 300_000
	DefaultCellText   = 64 << 10
	DefaultParaText   = 1 << 20
	DefaultNesting    = 8
	DefaultTime       = 60 * time.Second
	DefaultMemory     = 512 << 20
)

// DefaultLimits returns the default limits.
func DefaultLimits() Limits {
	return Limits{}.WithDefaults()
}

// WithDefaults returns l with every zero (or negative) field set to its
// default.
func (l Limits) WithDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def64 := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	def64(&l.InputBytes, DefaultInputBytes)
	def64(&l.PartBytes, DefaultPartBytes)
	def(&l.Pages, DefaultPages)
	def(&l.Tables, DefaultTables)
	def(&l.Rows, DefaultRows)
	def(&l.Cols, DefaultCols)
	def(&l.Cells, DefaultCells)
	def(&l.CellText, DefaultCellText)
	def(&l.ParaText, DefaultParaText)
	def(&l.Nesting, DefaultNesting)
	if l.Time <= 0 {
		l.Time = DefaultTime
	}
	def64(&l.Memory, DefaultMemory)
	return l
}

// LimitError returns the error of a limit crossed: what, how much was
// found (or "more than") and the limit, wrapping ErrLimit.
func LimitError(what string, found, limit int64) error {
	return fmt.Errorf("%w: %s: %d, more than the limit of %d", ErrLimit, what, found, limit)
}

// Error classes beyond the readers' (see errors.go); ErrorClass names them.
var (
	// ErrLimit is returned when a document crosses one of its Limits.
	ErrLimit = errors.New("over a limit")
	// ErrEncrypted is returned for a document that needs a password.
	ErrEncrypted = errors.New("encrypted")
	// ErrNotRegular is returned for a path that is not a regular file (a
	// directory given where a file was expected, a named pipe, a device, a
	// socket).
	ErrNotRegular = errors.New("not a regular file")
	// ErrEmpty is returned for a document with nothing to read: an empty
	// file, or one with no table and no text.
	ErrEmpty = errors.New("nothing to read")
	// ErrIO is returned when the input cannot be opened or read.
	ErrIO = errors.New("cannot read the file")
)

// ErrorClass returns the class of a document's error, as documents.jsonl
// writes it (error_class): limit, encrypted, not_regular, empty, io,
// malformed, no_text, unsupported, crashed, or internal for anything else.
func ErrorClass(err error) string {
	for _, c := range errorClasses {
		if errors.Is(err, c.err) {
			return c.name
		}
	}
	return "internal"
}

// ClassError returns the sentinel error of class (ErrorClass's inverse),
// or nil for "internal" and unknown classes.
func ClassError(class string) error {
	for _, c := range errorClasses {
		if c.name == class {
			return c.err
		}
	}
	return nil
}

var errorClasses = []struct {
	err  error
	name string
}{
	{ErrLimit, "limit"},
	{ErrEncrypted, "encrypted"},
	{ErrNotRegular, "not_regular"},
	{ErrEmpty, "empty"},
	{ErrIO, "io"},
	{ErrNoText, "no_text"},
	{ErrUnsupported, "unsupported"},
	{ErrMalformed, "malformed"},
	{ErrChildDied, "crashed"},
}
