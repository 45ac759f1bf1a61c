package pdf

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/budgetx/budgetx/model"
)

// Environment variables through which ReadFile talks to its child.
const (
	// EnvChild marks a process started by ReadFile as a PDF child. Its value
	// is "1"; the path to parse is the last command-line argument.
	EnvChild = "BUDGETX_PDF_CHILD"

	envMemLimit = "BUDGETX_PDF_MEMLIMIT" // bytes
	envMaxStack = "BUDGETX_PDF_MAXSTACK" // bytes
)

// Defaults for the zero fields of Options.
const (
	DefaultTimeout     = 60 * time.Second
	DefaultMemoryLimit = 2 << 30   // bytes
	DefaultMaxStack    = 256 << 20 // bytes
)

// Options bounds the child process that ReadFile starts. The zero value
// gives the defaults above.
type Options struct {
	// Timeout is the wall-clock time the child may take; 0 means
	// DefaultTimeout. At the deadline the child's process group is killed.
	Timeout time.Duration
	// MemoryLimit is the child's memory limit in bytes; 0 means
	// DefaultMemoryLimit. It is applied as the Go soft limit
	// (debug.SetMemoryLimit) and, on Linux, as a hard address-space limit
	// (RLIMIT_AS) of MemoryLimit above the address space the child has
	// already reserved when it starts (a Go process reserves about 1.2 GB
	// of address space it never touches).
	MemoryLimit int64
	// MaxStack is the largest goroutine stack in bytes; 0 means
	// DefaultMaxStack. A runaway recursion in the parser then dies quickly.
	MaxStack int
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MemoryLimit <= 0 {
		o.MemoryLimit = DefaultMemoryLimit
	}
	if o.MaxStack <= 0 {
		o.MaxStack = DefaultMaxStack
	}
	return o
}

// childResult is what the child writes to its stdout, gob-encoded.
type childResult struct {
	Doc *model.Document
	Err *wireError
}

// wireError carries a reader error across the process boundary.
type wireError struct {
	Kind string // "malformed", "notext", "unsupported" or ""
	Page int
	Msg  string // the message of the wrapped error, without file and page
}

var sentinels = map[string]error{
	"malformed":   model.ErrMalformed,
	"notext":      model.ErrNoText,
	"unsupported": model.ErrUnsupported,
}

func toWire(err error) *wireError {
	w := &wireError{Msg: err.Error()}
	var me *model.Error
	if errors.As(err, &me) {
		w.Page = me.Page
		if me.Err != nil {
			w.Msg = me.Err.Error()
		}
	}
	for k, s := range sentinels {
		if errors.Is(err, s) {
			w.Kind = k
		}
	}
	return w
}

// remoteError is an error that happened in the child: its message as the
// child printed it, wrapping the sentinel it wrapped there.
type remoteError struct {
	msg      string
	sentinel error
}

func (e *remoteError) Error() string { return e.msg }
func (e *remoteError) Unwrap() error { return e.sentinel }

func (w *wireError) toError(path string) error {
	return &model.Error{File: path, Page: w.Page, Err: &remoteError{w.Msg, sentinels[w.Kind]}}
}

// childHook, when set (by tests), runs in the child after the limits are
// applied and before the parse.
var childHook func()

// ChildMain is the child half of ReadFile. The main program calls it first
// thing; it returns false at once unless the process was started by
// ReadFile. Otherwise it parses the PDF named by the last argument, writes
// the result to stdout and exits the process, so it never returns true.
func ChildMain() (handled bool) {
	if os.Getenv(EnvChild) != "1" {
		return false
	}
	if v, err := strconv.ParseInt(os.Getenv(envMaxStack), 10, 64); err == nil && v > 0 {
		debug.SetMaxStack(int(v))
	}
	if v, err := strconv.ParseInt(os.Getenv(envMemLimit), 10, 64); err == nil && v > 0 {
		debug.SetMemoryLimit(v)
		if err := setAddressLimit(v); err != nil {
			fmt.Fprintf(os.Stderr, "budgetx pdf child: setting address-space limit: %v\n", err)
		}
	}
	if childHook != nil {
		childHook()
	}
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "budgetx pdf child: no file argument")
		os.Exit(2)
	}
	path := os.Args[len(os.Args)-1]
	var res childResult
	doc, err := ReadFileInProcess(path)
	if err != nil {
		res.Err = toWire(err)
	} else {
		res.Doc = doc
	}
	if err := gob.NewEncoder(os.Stdout).Encode(&res); err != nil {
		fmt.Fprintf(os.Stderr, "budgetx pdf child: writing result: %v\n", err)
		os.Exit(3)
	}
	os.Exit(0)
	return true
}

// ReadFile parses the PDF at path in a child process: the current
// executable, re-run with EnvChild set (it must call ChildMain first thing).
// The run survives whatever happens in the child: a child that crashes
// (a fatal stack overflow no recover can catch), hangs past opt.Timeout or
// runs out of memory yields a *model.Error wrapping model.ErrChildDied whose
// message ends with the child's last words on stderr. Errors the child
// reports (model.ErrMalformed, model.ErrNoText, …) come back as
// *model.Error wrapping the same sentinels. Cancelling ctx kills the child.
func ReadFile(ctx context.Context, path string, opt Options) (*model.Document, error) {
	opt = opt.withDefaults()
	exe, err := os.Executable()
	if err != nil {
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: finding own executable: %v", model.ErrChildDied, err)}
	}
	tctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	cmd := exec.CommandContext(tctx, exe, path)
	cmd.Env = append(os.Environ(),
		EnvChild+"=1",
		envMemLimit+"="+strconv.FormatInt(opt.MemoryLimit, 10),
		envMaxStack+"="+strconv.Itoa(opt.MaxStack),
	)
	setProcessGroup(cmd)
	var stdout bytes.Buffer
	stderr := &tailBuffer{max: 16 << 10}
	cmd.Stdout = &stdout
	cmd.Stderr = stderr
	cmd.WaitDelay = 2 * time.Second
	start := time.Now()
	runErr := cmd.Run()
	switch {
	case tctx.Err() != nil && ctx.Err() != nil:
		return nil, &model.Error{File: path, Err: fmt.Errorf("parsing in child process: %w", ctx.Err())}
	case tctx.Err() != nil:
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: killed after the %v time limit%s",
			model.ErrChildDied, opt.Timeout, stderr.summary())}
	case runErr != nil:
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: %v after %v%s",
			model.ErrChildDied, runErr, time.Since(start).Round(time.Millisecond), stderr.summary())}
	}
	var res childResult
	if err := gob.NewDecoder(&stdout).Decode(&res); err != nil {
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: reading its result: %v%s", model.ErrChildDied, err, stderr.summary())}
	}
	if res.Err != nil {
		return nil, res.Err.toError(path)
	}
	if res.Doc == nil {
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: empty result%s", model.ErrChildDied, stderr.summary())}
	}
	return res.Doc, nil
}

// tailBuffer keeps the first and the last max bytes written to it: the
// head holds the runtime's "fatal error:" line, the tail the last words.
type tailBuffer struct {
	mu   sync.Mutex
	max  int
	head []byte
	tail []byte
	cut  bool // bytes were dropped between head and tail
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(p)
	if room := t.max - len(t.head); room > 0 {
		k := min(room, len(p))
		t.head = append(t.head, p[:k]...)
		p = p[k:]
	}
	t.tail = append(t.tail, p...)
	if len(t.tail) > t.max {
		t.tail = append(t.tail[:0], t.tail[len(t.tail)-t.max:]...)
		t.cut = true
	}
	return n, nil
}

var _ io.Writer = (*tailBuffer)(nil)

// summary picks the child's telling stderr lines: the runtime's and
// panic's own lines, else the last line that is not a traceback frame.
// It returns "" or ": stderr: …".
func (t *tailBuffer) summary() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var picked []string
	seen := map[string]bool{}
	add := func(l string) {
		l = strings.TrimSpace(l)
		if l != "" && !seen[l] && len(picked) < 4 {
			seen[l] = true
			picked = append(picked, l)
		}
	}
	all := string(t.head) + string(t.tail)
	lines := strings.Split(all, "\n")
	for _, l := range lines {
		if strings.Contains(l, "=0x") {
			continue // register and stack dumps
		}
		for _, p := range []string{"runtime:", "fatal error:", "panic:", "budgetx pdf child:"} {
			if strings.HasPrefix(l, p) {
				add(l)
			}
		}
	}
	if len(picked) == 0 {
		// The last line that is not a traceback frame.
		for i := len(lines) - 1; i >= 0; i-- {
			s := strings.TrimSpace(lines[i])
			if s != "" && !strings.Contains(s, ".go:") && !strings.HasPrefix(s, "goroutine ") && !strings.HasSuffix(s, ")") {
				add(s)
				break
			}
		}
	}
	if len(picked) == 0 {
		return ""
	}
	return ": stderr: " + strings.Join(picked, " | ")
}
