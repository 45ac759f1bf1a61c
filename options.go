package budgetx

import (
	"fmt"

	"github.com/budgetx/budgetx/model"
)

// An Option changes how Extract and ExtractReader work.
type Option func(*config)

// WithLimits bounds the work one document may cause: its size, its
// structure (pages, tables, rows, columns, cells, text), and the time and
// memory of the worker that reads it (see model.Limits; a zero field is
// its default, model.DefaultLimits). A document over a limit fails with
// an error wrapping ErrLimit that names the limit and what was found.
func WithLimits(l model.Limits) Option {
	return func(c *config) { c.limits = l.WithDefaults() }
}

// WithIsolation says where documents are read; the default is Isolated.
func WithIsolation(i Isolation) Option {
	return func(c *config) { c.isolation = i }
}

// Isolation says where a document is read: in a worker process, or in
// the calling one. See the package documentation.
type Isolation int

// Isolations.
const (
	// Isolated reads every document in a worker process, under the time
	// and memory limits: a document that crashes its worker or crosses a
	// limit fails alone. When no worker can be started the call fails
	// with ErrNoWorker. The default.
	Isolated Isolation = iota
	// IsolatedIfPossible reads a document in a worker process when one
	// can be started, and in the calling process otherwise (as InProcess).
	IsolatedIfPossible
	// InProcess reads every document in the calling process: no process
	// is started, but nothing bounds a document's memory, and a fatal
	// runtime error in a parser (a stack overflow, running out of memory)
	// ends the program. For trusted inputs only.
	InProcess
)

func (i Isolation) String() string {
	switch i {
	case Isolated:
		return "Isolated"
	case IsolatedIfPossible:
		return "IsolatedIfPossible"
	case InProcess:
		return "InProcess"
	}
	return fmt.Sprintf("Isolation(%d)", int(i))
}

// config is a call's options.
type config struct {
	limits    model.Limits
	isolation Isolation
}

func newConfig(opts []Option) *config {
	c := &config{limits: model.DefaultLimits()}
	for _, o := range opts {
		o(c)
	}
	return c
}
