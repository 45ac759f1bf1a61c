package isolate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestMain makes the test binary serve as its own worker, as a program
// that links the package calling Serve does, and as a parent process
// for TestParentDeath.
func TestMain(m *testing.M) {
	Serve(testHandler)
	if os.Getenv("ISOLATE_TEST_PARENT") != "" {
		parentMain()
		return
	}
	os.Exit(m.Run())
}

var keep [][]byte

func testHandler(task, name string, payload, body []byte, reply io.Writer) {
	switch task {
	case "echo":
		fmt.Fprintf(reply, "%s|%s|%s", name, payload, body)
	case "pid":
		fmt.Fprint(reply, os.Getpid())
	case "hang":
		if len(payload) > 0 { // write the pid where the test can see it
			os.WriteFile(string(payload), []byte(strconv.Itoa(os.Getpid())), 0o644)
		}
		time.Sleep(time.Hour)
	case "alloc":
		for {
			b := make([]byte, 16<<20)
			for i := range b {
				b[i] = 1
			}
			keep = append(keep, b)
		}
	case "softlimit":
		// the soft limit with a small live heap, then with 100 MiB live
		fmt.Fprint(reply, debug.SetMemoryLimit(-1)>>20, " ")
		live := make([][]byte, 100)
		for i := range live {
			live[i] = make([]byte, 1<<20)
			live[i][0] = 1
		}
		runtime.GC()
		time.Sleep(100 * time.Millisecond)
		fmt.Fprint(reply, debug.SetMemoryLimit(-1)>>20)
		runtime.KeepAlive(live)
	case "recurse":
		fmt.Fprint(reply, recurse(1))
	case "panic":
		panic("boom")
	case "panic-midway":
		reply.Write(bytes.Repeat([]byte("x"), 200_000))
		panic("boom midway")
	case "exit":
		os.Exit(7)
	case "print":
		fmt.Println("stray output on stdout")
		fmt.Fprint(reply, "clean")
	case "nested":
		_, err := NewPool(Options{}).Do(context.Background(), "echo", "x", nil, nil, 0)
		fmt.Fprint(reply, errors.Is(err, ErrNested))
	case "big":
		for i := range 100 {
			fmt.Fprintf(reply, "%08d%s", i, bytes.Repeat([]byte{'a' + byte(i%26)}, 10_000))
		}
	}
}

func recurse(n int) int {
	var pad [256]byte
	pad[n%256] = byte(n)
	return recurse(n+1) + int(pad[0])
}

func do(t *testing.T, p *Pool, task string, payload []byte, body string) ([]byte, error) {
	t.Helper()
	return p.Do(context.Background(), task, "doc.pdf", payload, strings.NewReader(body), int64(len(body)))
}

// A worker's soft memory limit is workerSoftMemory while its live heap is
// small, and twice its live heap when that is more; never over 3/4 of its
// memory.
func TestSoftLimit(t *testing.T) {
	p := NewPool(Options{Size: 1, Memory: 1 << 30})
	defer p.Close()
	got, err := do(t, p, "softlimit", nil, "")
	if err != nil {
		t.Fatal(err)
	}
	var small, large int64
	if _, err := fmt.Sscan(string(got), &small, &large); err != nil {
		t.Fatalf("%q: %v", got, err)
	}
	if small != workerSoftMemory>>20 || large < 200 || large > 768 {
		t.Errorf("soft limit %d MiB with a small heap (want %d), %d MiB with 100 MiB live (want 200 or more, at most 768)",
			small, workerSoftMemory>>20, large)
	}
	for _, c := range []struct{ live, hard, want int64 }{
		{0, 1 << 30, workerSoftMemory}, {10 << 20, 1 << 30, workerSoftMemory}, {40 << 20, 1 << 30, 80 << 20},
		{400 << 20, 1 << 30, 800 << 20}, {600 << 20, 1 << 30, 1 << 30}, {0, 32 << 20, 32 << 20},
	} {
		if got := softLimit(c.live, c.hard); got != c.want {
			t.Errorf("softLimit(%d MiB, %d MiB) = %d MiB, want %d", c.live>>20, c.hard>>20, got>>20, c.want>>20)
		}
	}
}

func TestEchoAndReuse(t *testing.T) {
	p := NewPool(Options{Size: 1})
	defer p.Close()
	for i := range 3 {
		body := strings.Repeat("x", i*100_000)
		got, err := do(t, p, "echo", []byte("p"), body)
		if err != nil {
			t.Fatal(err)
		}
		if want := "doc.pdf|p|" + body; string(got) != want {
			t.Fatalf("echo %d: got %d bytes, want %d", i, len(got), len(want))
		}
	}
	a, _ := do(t, p, "pid", nil, "")
	b, _ := do(t, p, "pid", nil, "")
	if string(a) != string(b) || len(a) == 0 {
		t.Errorf("worker not reused: pids %s, %s", a, b)
	}
}

func TestFailures(t *testing.T) {
	cases := []struct {
		task  string
		opt   Options
		want  error
		words string
	}{
		{"hang", Options{Timeout: 500 * time.Millisecond}, ErrTimeout, "time limit of 500ms"},
		{"alloc", Options{Memory: 64 << 20}, ErrOutOfMemory, "limit of 64 MiB"},
		{"recurse", Options{MaxStack: 8 << 20}, ErrCrashed, "stack overflow"},
		{"panic", Options{}, ErrCrashed, "(panic): boom"},
		{"panic-midway", Options{}, ErrCrashed, "(panic): boom midway"},
		{"exit", Options{}, ErrCrashed, "exit status 7"},
	}
	for _, c := range cases {
		t.Run(c.task, func(t *testing.T) {
			p := NewPool(c.opt)
			defer p.Close()
			_, err := do(t, p, c.task, nil, "")
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.words) {
				t.Fatalf("error %v, want %v with %q", err, c.want, c.words)
			}
			if strings.Contains(err.Error(), "goroutine ") || strings.Contains(err.Error(), ".go:") {
				t.Errorf("error carries a trace: %v", err)
			}
			// the next request gets a fresh worker
			got, err := do(t, p, "echo", nil, "ok")
			if err != nil || !strings.HasSuffix(string(got), "|ok") {
				t.Fatalf("after %s: %q, %v", c.task, got, err)
			}
		})
	}
}

func TestStrayStdout(t *testing.T) {
	p := NewPool(Options{})
	defer p.Close()
	got, err := do(t, p, "print", nil, "")
	if err != nil || string(got) != "clean" {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestNested(t *testing.T) {
	p := NewPool(Options{})
	defer p.Close()
	got, err := do(t, p, "nested", nil, "")
	if err != nil || string(got) != "true" {
		t.Fatalf("a worker starting workers: %q, %v; want ErrNested", got, err)
	}
}

func TestCancel(t *testing.T) {
	p := NewPool(Options{})
	defer p.Close()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	_, err := p.Do(ctx, "hang", "doc", nil, nil, 0)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("cancel took %v", d) // a hang guard, not a speed target
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestBody(t *testing.T) {
	p := NewPool(Options{})
	defer p.Close()
	_, err := p.Do(context.Background(), "echo", "doc", nil, failingReader{}, 10)
	if !errors.Is(err, ErrBody) || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("body read error: %v", err)
	}
	_, err = p.Do(context.Background(), "echo", "doc", nil, strings.NewReader("short"), 10)
	if !errors.Is(err, ErrBody) || !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), "changed") {
		t.Errorf("short body: %v", err)
	}
	got, err := p.Do(context.Background(), "echo", "doc", nil, bytes.NewReader([]byte("longer than size")), 6)
	if err != nil || string(got) != "doc||longer" {
		t.Errorf("body cut at size: %q, %v", got, err)
	}
}

func TestConcurrent(t *testing.T) {
	p := NewPool(Options{Size: 2})
	defer p.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := strconv.Itoa(i)
			got, err := do(t, p, "echo", nil, body)
			if err == nil && !strings.HasSuffix(string(got), "|"+body) {
				err = fmt.Errorf("request %d got %q", i, got)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// parentMain is a parent process that starts a worker on a request that
// never ends; the test kills it and looks for the worker.
func parentMain() {
	p := NewPool(Options{Timeout: time.Hour})
	p.Do(context.Background(), "hang", "doc", []byte(os.Getenv("ISOLATE_TEST_PIDFILE")), nil, 0)
}

// TestParentDeath kills a parent with SIGKILL while its worker is busy:
// the worker must not outlive it.
func TestParentDeath(t *testing.T) {
	pidfile := filepath.Join(t.TempDir(), "pid")
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "ISOLATE_TEST_PARENT=1", "ISOLATE_TEST_PIDFILE="+pidfile)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var pid int
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(pidfile); err == nil && len(b) > 0 {
			pid, _ = strconv.Atoi(string(b))
			break
		}
	}
	if pid == 0 {
		cmd.Process.Kill()
		t.Fatal("the worker never started")
	}
	if err := syscall.Kill(pid, 0); err != nil {
		t.Fatalf("worker %d not running: %v", pid, err)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if !alive(pid) {
			return
		}
	}
	syscall.Kill(pid, syscall.SIGKILL)
	t.Fatalf("worker %d outlived its parent", pid)
}

// alive reports whether pid is a live process (not a zombie).
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] != 'Z'
	}
	return true
}

// An executable that does not serve is reported as such, at once.
func TestNotServing(t *testing.T) {
	p := NewPool(Options{})
	defer p.Close()
	p.exe = "/bin/true"
	_, err := do(t, p, "echo", nil, "")
	if !errors.Is(err, ErrNotServing) {
		t.Fatalf("error %v, want ErrNotServing", err)
	}
	q := NewPool(Options{})
	defer q.Close()
	q.exe = filepath.Join(t.TempDir(), "gone")
	if _, err := do(t, q, "echo", nil, ""); !errors.Is(err, ErrStart) {
		t.Fatalf("error %v, want ErrStart", err)
	}
}

// A reply streams: read may stop early, and the worker is ready for the
// next request.
func TestStream(t *testing.T) {
	p := NewPool(Options{})
	defer p.Close()
	var head []byte
	err := p.DoStream(context.Background(), "big", "doc", nil, nil, 0, func(r io.Reader) error {
		head = make([]byte, 8)
		_, err := io.ReadFull(r, head)
		return err
	})
	if err != nil || string(head) != "00000000" {
		t.Fatalf("head %q, %v", head, err)
	}
	all, err := do(t, p, "big", nil, "")
	if err != nil || len(all) != 100*10_008 || string(all[len(all)-10_008:len(all)-10_000]) != "00000099" {
		t.Fatalf("whole reply: %d bytes, %v", len(all), err)
	}
	sentinel := errors.New("stop")
	err = p.DoStream(context.Background(), "big", "doc", nil, nil, 0, func(io.Reader) error { return sentinel })
	if err != sentinel {
		t.Fatalf("read's error: %v", err)
	}
	if got, err := do(t, p, "echo", nil, "again"); err != nil || !strings.HasSuffix(string(got), "|again") {
		t.Fatalf("after an early stop: %q, %v", got, err)
	}
}

// An idle worker is stopped after Options.Idle, and the next request
// starts a fresh one; a worker used again before then is kept.
func TestIdle(t *testing.T) {
	p := NewPool(Options{Size: 1, Idle: time.Nanosecond})
	defer p.Close()
	a, err := do(t, p, "pid", nil, "")
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(string(a))
	for i := 0; alive(pid); i++ { // waits for the timer, not for a speed
		if i == 1000 {
			t.Fatalf("idle worker %d still alive after 10 s", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
	b, err := do(t, p, "pid", nil, "")
	if err != nil || string(a) == string(b) {
		t.Fatalf("after the idle worker stopped: pid %s then %s, %v", a, b, err)
	}

	q := NewPool(Options{Size: 1, Idle: time.Hour})
	defer q.Close()
	a, _ = do(t, q, "pid", nil, "")
	b, _ = do(t, q, "pid", nil, "")
	if string(a) != string(b) || len(a) == 0 {
		t.Errorf("worker not reused within Idle: pids %s, %s", a, b)
	}
}

// The telling line of a worker's last words is found whatever the
// runtime printed after it; a worker that could not start a thread
// under its data limit ran out of memory.
func TestSummary(t *testing.T) {
	cases := []struct{ stderr, want string }{
		{"fatal error: runtime: cannot allocate memory\n\nruntime stack:\nruntime.throw({0x6e9a7a?})\n\t/usr/local/go/src/runtime/panic.go:1229 +0x48 fp=0x37a30b719d60\n", "fatal error: runtime: cannot allocate memory"},
		{"runtime/cgo: pthread_create failed: Resource temporarily unavailable\nSIGABRT: abort\nPC=0x7f0 m=3 sigcode=18446744073709551610\n\nrax    0x0\ngs     0x0\n", "runtime/cgo: pthread_create failed: Resource temporarily unavailable"},
		{"goroutine 1 [running]:\nmain.f()\n\t/x.go:3 +0x1\nsomething odd\n", "something odd"},
	}
	for _, c := range cases {
		tb := &tailBuffer{max: 16 << 10}
		tb.Write([]byte(c.stderr))
		if got := tb.summary(); got != c.want {
			t.Errorf("summary of %q = %q, want %q", c.stderr, got, c.want)
		}
	}
}

// A body the worker cannot hold under its memory limit kills it, however
// the runtime dies of the refused allocation, and is out of memory.
func TestBodyOverMemory(t *testing.T) {
	p := NewPool(Options{Size: 1, Memory: 32 << 20})
	defer p.Close()
	for range 3 {
		_, err := p.Do(context.Background(), "echo", "big", nil, bytes.NewReader(make([]byte, 64<<20)), 64<<20)
		if !errors.Is(err, ErrOutOfMemory) {
			t.Fatalf("error %v, want ErrOutOfMemory", err)
		}
	}
}
