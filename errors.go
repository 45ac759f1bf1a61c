package budgetx

import (
	"errors"

	"github.com/budgetx/budgetx/model"
)

// Error is the error of a document that cannot be read: the input (File,
// the path or name given) and, where known, the page, line, table, row
// and column it is about, and the error, which wraps one of the sentinel
// errors ErrLimit … ErrCrashed, or ErrNoWorker (errors.Is). model.ErrorClass(err) names the class as
// documents.jsonl does (error_class); an error that wraps none of them is
// a fault of budgetx ("internal").
type Error = model.Error

// The classes of a document's error. Each is the model package's
// sentinel of the same name, so that errors.Is holds with either.
var (
	// ErrLimit: the document crossed one of its limits (WithLimits):
	// its size or structure, or its worker's time or memory.
	ErrLimit = model.ErrLimit
	// ErrEncrypted: the document needs a password.
	ErrEncrypted = model.ErrEncrypted
	// ErrNotRegular: the path is not a regular file (a directory, a named
	// pipe, a device, a socket).
	ErrNotRegular = model.ErrNotRegular
	// ErrEmpty: there is nothing to read (an empty file, or neither text
	// nor a table).
	ErrEmpty = model.ErrEmpty
	// ErrIO: the input cannot be opened or read.
	ErrIO = model.ErrIO
	// ErrMalformed: the input is not a well-formed file of its format.
	ErrMalformed = model.ErrMalformed
	// ErrNoText: a PDF with no text layer (a scan).
	ErrNoText = model.ErrNoText
	// ErrUnsupported: budgetx does not read the input's format.
	ErrUnsupported = model.ErrUnsupported
	// ErrCrashed: the worker process reading the document died of a fault
	// no recover catches (a bug in budgetx or in its PDF library). It is
	// model.ErrChildDied.
	ErrCrashed = model.ErrChildDied
)

// ErrNoWorker is the error of a call that must read its document in a
// worker process (Isolated) when none can be started: the program cannot
// run its own executable (see the package documentation). The error says
// why.
var ErrNoWorker = errors.New("no worker process can be started")
