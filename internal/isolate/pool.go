package isolate

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// helloTimeout is how long a new worker may take to say hello.
const helloTimeout = 20 * time.Second

// A Pool hands requests to worker processes. It is safe for concurrent
// use; at most Options.Size requests run at once, the others wait.
type Pool struct {
	opt  Options
	exe  string
	exeE error
	sem  chan struct{}

	mu     sync.Mutex
	idle   []*worker
	all    map[*worker]struct{}
	closed bool
}

// NewPool returns a Pool of workers running the current executable.
// Workers start when the first requests need them.
func NewPool(opt Options) *Pool {
	opt = opt.withDefaults()
	p := &Pool{opt: opt, sem: make(chan struct{}, opt.Size), all: map[*worker]struct{}{}}
	p.exe, p.exeE = os.Executable()
	return p
}

// worker is one worker process.
type worker struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr *tailBuffer
	dead   chan struct{} // closed when Wait returned
	werr   error         // Wait's error, once dead is closed
	// overMemory is set by the monitor when it killed the worker for its
	// resident memory.
	overMemory atomic.Bool
	peak       atomic.Int64 // the largest resident memory seen, bytes
	// idleSince counts the times the worker went idle (under Pool.mu): an
	// Idle timer stops the worker only if it has been idle since it was set.
	idleSince uint64
}

// monitorEvery is how often a worker's resident memory is looked at.
const monitorEvery = 20 * time.Millisecond

// monitor kills w when its resident memory passes limit, until it dies.
func (w *worker) monitor(limit int64) {
	t := time.NewTicker(monitorEvery)
	defer t.Stop()
	for {
		select {
		case <-w.dead:
			return
		case <-t.C:
		}
		rss, ok := residentBytes(w.cmd.Process.Pid)
		if !ok {
			continue
		}
		if rss > w.peak.Load() {
			w.peak.Store(rss)
		}
		if rss > limit {
			w.overMemory.Store(true)
			killGroup(w.cmd)
			return
		}
	}
}

// Do runs task in a worker and returns its whole reply; see DoStream.
func (p *Pool) Do(ctx context.Context, task, name string, payload []byte, body io.Reader, size int64) ([]byte, error) {
	var reply []byte
	err := p.DoStream(ctx, task, name, payload, body, size, func(r io.Reader) error {
		var err error
		reply, err = io.ReadAll(r)
		return err
	})
	return reply, err
}

// DoStream runs task in a worker: name names the request in errors,
// payload goes as it is, and size bytes of body are streamed from body.
// read reads the reply as the worker writes it (it need not read all of
// it). A worker that goes over a limit or dies is killed and fails this
// request alone: the error wraps ErrTimeout, ErrOutOfMemory or ErrCrashed
// and ends with what the worker said on stderr. An error reading body
// wraps ErrBody and the reader's error; an error of read is returned as
// it is. Cancelling ctx kills the worker and returns ctx's error.
func (p *Pool) DoStream(ctx context.Context, task, name string, payload []byte, body io.Reader, size int64, read func(io.Reader) error) error {
	if IsWorker() {
		return ErrNested
	}
	if p.exeE != nil {
		return fmt.Errorf("%w: finding the executable: %w", ErrStart, p.exeE)
	}
	select {
	case p.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-p.sem }()
	w, err := p.get(ctx)
	if err != nil {
		return err
	}
	w.stderr.reset()

	type result struct {
		err     error // the exchange failed: the worker's fault
		bodyErr error // reading body failed: not the worker's fault
		readErr error // read failed on a reply that came whole
	}
	done := make(chan result, 1)
	go func() {
		var r result
		r.err, r.bodyErr, r.readErr = w.exchange(task, name, payload, body, size, read)
		done <- r
	}()
	timer := time.NewTimer(p.opt.Timeout)
	defer timer.Stop()
	var r result
	var why error
	select {
	case r = <-done:
	case <-timer.C:
		why = fmt.Errorf("%w of %v", ErrTimeout, p.opt.Timeout)
	case <-ctx.Done():
		why = ctx.Err()
	}
	if why != nil {
		p.discard(w)
		<-done
		return why
	}
	switch {
	case r.bodyErr != nil:
		p.discard(w) // it is waiting for the rest of the body
		return r.bodyErr
	case r.err != nil:
		p.discard(w)
		return w.death(r.err, p.opt, size)
	}
	p.put(w)
	return r.readErr
}

// errRemote is an error reply: the handler panicked.
type errRemote string

func (e errRemote) Error() string { return string(e) }

// exchange writes one request and hands its reply to read.
func (w *worker) exchange(task, name string, payload []byte, body io.Reader, size int64, read func(io.Reader) error) (err, bodyErr, readErr error) {
	bw := bufio.NewWriterSize(w.in, 64<<10)
	for _, f := range [][]byte{[]byte(task), []byte(name), payload} {
		if err := writeFrame(bw, f); err != nil {
			return err, nil, nil
		}
	}
	if err := writeUint64(bw, uint64(max(size, 0))); err != nil {
		return err, nil, nil
	}
	if size > 0 {
		n, err := io.Copy(bw, &bodyReader{r: io.LimitReader(body, size)})
		var be *bodyError
		switch {
		case errors.As(err, &be):
			return nil, fmt.Errorf("%w: %w", ErrBody, be.err), nil
		case err != nil:
			return err, nil, nil
		case n < size:
			return nil, fmt.Errorf("%w: %w: %d of %d bytes (the file changed while it was read)", ErrBody, io.ErrUnexpectedEOF, n, size), nil
		}
	}
	if err := bw.Flush(); err != nil {
		return err, nil, nil
	}
	cr := &chunkReader{r: w.out}
	readErr = read(cr)
	// the rest of the reply, if read stopped early: the worker is then
	// ready for the next request
	if err := cr.drain(); err != nil {
		return err, nil, nil // the handler failed, or the stream broke
	}
	return nil, nil, readErr
}

// bodyReader tells a read error of the body from a write error of the
// pipe in io.Copy.
type bodyReader struct{ r io.Reader }

type bodyError struct{ err error }

func (e *bodyError) Error() string { return e.err.Error() }

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF {
		return n, &bodyError{err}
	}
	return n, err
}

// death explains why a worker's exchange failed: its exit and its last
// words. size is the request's body, which the worker must hold.
func (w *worker) death(err error, opt Options, size int64) error {
	if re, ok := err.(errRemote); ok {
		return fmt.Errorf("%w: %s", ErrCrashed, string(re))
	}
	select {
	case <-w.dead:
	case <-time.After(2 * time.Second):
	}
	last := w.stderr.summary()
	if f := getenv("BUDGETX_WORKER_STDERR"); f != "" { // for debugging budgetx
		w.stderr.mu.Lock()
		os.WriteFile(f, append(append([]byte{}, w.stderr.head...), w.stderr.tail...), 0o644)
		w.stderr.mu.Unlock()
	}
	maxrss := maxRSS(w.cmd.ProcessState)
	switch {
	case w.overMemory.Load():
		return fmt.Errorf("%w: it needed more than the limit of %d MiB", ErrOutOfMemory, opt.Memory>>20)
	case strings.Contains(last, "out of memory") || strings.Contains(last, "cannot allocate memory"),
		// a thread's stack refused under the data limit (setAddressLimit)
		strings.Contains(last, "pthread_create failed"),
		// the runtime may crash otherwise when the allocation it needs
		// to go on is refused: near the limit, a crash is the limit
		maxrss > opt.Memory*8/10, w.peak.Load() > opt.Memory*8/10,
		// a body that takes most of the limit: the runtime dies of the
		// refused allocation in one of many ways (a fatal error, a
		// thread not started, a fault in the collector)
		size > opt.Memory*8/10:
		return fmt.Errorf("%w: it needed more than the limit of %d MiB", ErrOutOfMemory, opt.Memory>>20)
	case strings.Contains(last, "stack exceeds") || strings.Contains(last, "stack overflow"):
		return fmt.Errorf("%w: recursion too deep: the stack grew past the limit of %d MiB (stack overflow)", ErrCrashed, opt.MaxStack>>20)
	}
	how := "exited"
	if w.werr != nil {
		how = w.werr.Error()
	}
	return fmt.Errorf("%w: %s%s", ErrCrashed, how, quote(last))
}

func quote(s string) string {
	if s == "" {
		return ""
	}
	return ": it said: " + s
}

// get returns an idle worker or starts one.
func (p *Pool) get(ctx context.Context) (*worker, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, ErrClosed
	}
	if n := len(p.idle); n > 0 {
		w := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		select {
		case <-w.dead: // died while idle
			p.forget(w)
			return p.get(ctx)
		default:
			return w, nil
		}
	}
	p.mu.Unlock()
	w, err := p.start(ctx)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		w.kill()
		return nil, ErrClosed
	}
	p.all[w] = struct{}{}
	return w, nil
}

func (p *Pool) put(w *worker) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		w.kill()
		return
	}
	p.idle = append(p.idle, w)
	if p.opt.Idle > 0 {
		w.idleSince++
		n := w.idleSince
		time.AfterFunc(p.opt.Idle, func() { p.expire(w, n) })
	}
}

// expire stops w if it is still idle since its n-th time.
func (p *Pool) expire(w *worker, n uint64) {
	p.mu.Lock()
	i := slices.Index(p.idle, w)
	if i < 0 || w.idleSince != n {
		p.mu.Unlock()
		return
	}
	p.idle = slices.Delete(p.idle, i, i+1)
	delete(p.all, w)
	p.mu.Unlock()
	w.kill()
}

// discard kills w and forgets it.
func (p *Pool) discard(w *worker) {
	w.kill()
	p.forget(w)
}

func (p *Pool) forget(w *worker) {
	p.mu.Lock()
	delete(p.all, w)
	p.mu.Unlock()
}

// start starts a worker and waits for its hello.
func (p *Pool) start(ctx context.Context) (*worker, error) {
	cmd := exec.Command(p.exe)
	cmd.Env = append(os.Environ(), p.opt.Env...)
	cmd.Env = append(cmd.Env,
		envWorker+"="+protocol,
		envParent+"="+strconv.Itoa(os.Getpid()),
		envMemory+"="+strconv.FormatInt(p.opt.Memory, 10),
		envMaxStack+"="+strconv.Itoa(p.opt.MaxStack),
	)
	w := &worker{cmd: cmd, stderr: &tailBuffer{max: 16 << 10}, dead: make(chan struct{})}
	cmd.Stderr = w.stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	w.in = in
	w.out = bufio.NewReaderSize(out, 64<<10)
	if err := spawn(cmd); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStart, err)
	}
	go func() {
		w.werr = cmd.Wait()
		close(w.dead)
	}()
	go w.monitor(p.opt.Memory)
	got := make(chan error, 1)
	go func() {
		b := make([]byte, len(hello))
		_, err := io.ReadFull(w.out, b)
		if err == nil && string(b) != string(hello) {
			err = fmt.Errorf("said %q", b)
		}
		got <- err
	}()
	select {
	case err := <-got:
		if err != nil {
			w.kill()
			<-w.dead
			return nil, fmt.Errorf("%w: %v%s", ErrNotServing, err, quote(w.stderr.summary()))
		}
	case <-time.After(helloTimeout):
		w.kill()
		return nil, fmt.Errorf("%w: no hello after %v", ErrNotServing, helloTimeout)
	case <-ctx.Done():
		w.kill()
		return nil, ctx.Err()
	}
	return w, nil
}

// kill kills the worker's process group and closes its stdin.
func (w *worker) kill() {
	killGroup(w.cmd)
	w.in.Close()
}

// Close kills every worker and waits for them. Requests running fail.
func (p *Pool) Close() error {
	p.mu.Lock()
	p.closed = true
	ws := make([]*worker, 0, len(p.all))
	for w := range p.all {
		ws = append(ws, w)
	}
	idle := p.idle
	p.all = map[*worker]struct{}{}
	p.idle = nil
	p.mu.Unlock()
	if getenv(envProfile) != "" {
		// Profiling: idle workers end by themselves when their stdin
		// closes, and write their profiles first.
		for _, w := range idle {
			w.in.Close()
		}
		for _, w := range idle {
			select {
			case <-w.dead:
			case <-time.After(5 * time.Second):
			}
		}
	}
	for _, w := range ws {
		w.kill()
	}
	for _, w := range ws {
		select {
		case <-w.dead:
		case <-time.After(5 * time.Second):
		}
	}
	return nil
}
