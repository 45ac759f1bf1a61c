// Package isolate runs work on untrusted documents in worker processes
// whose death the calling process survives.
//
// A worker is the running executable, re-executed with an environment
// variable that makes Serve, called from an init function, take over the
// process: it reads requests from its stdin and writes replies to its
// stdout until its stdin closes, and never returns to main. Because
// Serve runs from init, a program that links the package that calls it
// cannot forget to serve, and a worker never runs main: a worker that
// would start workers itself is refused (ErrNested), so the mechanism
// cannot recurse whoever embeds it.
//
// A Pool keeps up to Size workers alive and hands each request to an idle
// one. Every request runs under the Pool's limits:
//
//   - Time: the worker is killed when a request takes longer than
//     Options.Timeout (ErrTimeout).
//   - Memory: the parent kills a worker whose resident memory passes
//     Options.Memory, and on Linux RLIMIT_DATA at twice that above what
//     the runtime has mapped at start is a backstop; a worker that runs
//     out dies (ErrOutOfMemory). Unless GOGC is set in the environment,
//     the collector runs at GOGC 400 (a worker holds one document at a
//     time, and collecting less often costs it less CPU) under a Go soft
//     memory limit of 48 MiB, or twice the live heap when that is more,
//     never more than 3/4 of Options.Memory.
//   - Stack: the largest goroutine stack is Options.MaxStack, so a
//     runaway recursion dies quickly (ErrCrashed).
//
// A worker that dies, hangs or goes over a limit fails its request alone;
// the next request starts a fresh worker. A worker never outlives its
// parent: on Linux it gets SIGKILL when the parent dies (any way it dies,
// kill -9 included), it checks at start that the parent that started it
// is still there, and Close and a cancelled context kill its whole
// process group.
//
// The wire protocol is private to the package and to one executable: a
// request is a header (task name, a name for errors, a payload) and a
// body streamed from an io.Reader; the reply is a payload or an error
// message. Callers encode their payloads themselves.
package isolate

import (
	"errors"
	"time"
)

// Errors of a request. Each is wrapped with what happened.
var (
	// ErrTimeout: the worker was killed at the time limit.
	ErrTimeout = errors.New("took longer than the time limit")
	// ErrOutOfMemory: the worker ran out of memory under its limit.
	ErrOutOfMemory = errors.New("ran out of memory")
	// ErrCrashed: the worker died (a fatal runtime error, a signal).
	ErrCrashed = errors.New("worker process died")
	// ErrNested: a worker process tried to start workers.
	ErrNested = errors.New("a worker process may not start workers")
	// ErrStart: the worker process could not be started (the executable
	// cannot be found or run).
	ErrStart = errors.New("isolate: starting a worker process")
	// ErrNotServing: the executable did not serve (no package of it
	// calls Serve from init).
	ErrNotServing = errors.New("the worker process did not answer (the program must link the package that calls isolate.Serve)")
	// ErrBody: reading the request's body failed, or it ended early: the
	// input's fault, not the worker's.
	ErrBody = errors.New("reading the input")
	// ErrClosed: the Pool was closed.
	ErrClosed = errors.New("worker pool closed")
)

// Defaults for the zero fields of Options.
const (
	DefaultTimeout  = 60 * time.Second
	DefaultMemory   = 512 << 20
	DefaultMaxStack = 64 << 20
)

// Options configure a Pool.
type Options struct {
	// Size is the most workers alive at once; <= 0 means 1.
	Size int
	// Timeout is the time one request may take.
	Timeout time.Duration
	// Memory is the memory limit of a worker process, in bytes.
	Memory int64
	// MaxStack is the largest goroutine stack of a worker, in bytes.
	MaxStack int
	// Env is added to the worker's environment.
	Env []string
	// Idle is how long a worker may wait for a request before it is
	// stopped; 0 keeps idle workers until Close.
	Idle time.Duration
}

func (o Options) withDefaults() Options {
	if o.Size <= 0 {
		o.Size = 1
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Memory <= 0 {
		o.Memory = DefaultMemory
	}
	if o.MaxStack <= 0 {
		o.MaxStack = DefaultMaxStack
	}
	return o
}

// Environment of a worker.
const (
	envWorker   = "BUDGETX_WORKER"        // protocol version: the process is a worker
	envParent   = "BUDGETX_WORKER_PARENT" // the pid of the parent that started it
	envMemory   = "BUDGETX_WORKER_MEMORY" // bytes
	envMaxStack = "BUDGETX_WORKER_STACK"  // bytes
	protocol    = "1"
)

// IsWorker reports whether this process is a worker.
func IsWorker() bool { return getenv(envWorker) != "" }
