package isolate

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"time"
)

// A Handler does one request in a worker: task and name as the caller
// gave them, its payload, and the body's bytes. It writes the reply to
// reply, which streams it to the caller as it is written; a panic ends
// the reply with an error.
type Handler func(task, name string, payload, body []byte, reply io.Writer)

// Serve makes this process a worker when it was started as one by a
// Pool, and returns at once otherwise. Call it from an init function of
// the package whose work the workers do, so that no program that links
// that package can run main in a worker. As a worker, Serve answers
// requests until its parent closes the pipe, then exits the process.
func Serve(h Handler) {
	v := getenv(envWorker)
	if v == "" {
		return
	}
	if v != protocol {
		fmt.Fprintf(os.Stderr, "budgetx worker: protocol %q, want %q\n", v, protocol)
		os.Exit(2)
	}
	if strconv.Itoa(os.Getppid()) != getenv(envParent) {
		os.Exit(2) // the parent is gone already: nobody to work for
	}
	if n, err := strconv.ParseInt(getenv(envMaxStack), 10, 64); err == nil && n > 0 {
		debug.SetMaxStack(int(n))
	}
	if n, err := strconv.ParseInt(getenv(envMemory), 10, 64); err == nil && n > 0 {
		if getenv("GOGC") == "" {
			// A worker holds one document at a time, and the limit bounds
			// its memory, not the pace of collection: it collects when the
			// heap has grown to five times what the last collection kept,
			// or to a soft limit (softLimit), whichever comes first. On
			// real disclosures a quarter less CPU than Go's default; the
			// soft limit keeps a worker near 60 MiB on the largest of them
			// (90 MiB without it), with no CPU measurably spent on it.
			debug.SetGCPercent(workerGCPercent)
			go followLive(n / 4 * 3)
		} else {
			debug.SetMemoryLimit(n)
		}
		if err := setAddressLimit(n); err != nil {
			fmt.Fprintf(os.Stderr, "budgetx worker: setting address-space limit: %v\n", err)
		}
	}
	// The protocol gets its own descriptor; anything else that writes to
	// stdout (a library's stray print) goes to stderr instead.
	out := protocolOut()
	stop := startProfile()
	code := serve(os.Stdin, out, h)
	stop()
	os.Exit(code)
}

// workerGCPercent is a worker's GOGC (see Serve).
const workerGCPercent = 400

// workerSoftMemory is the soft memory limit of a worker whose live heap
// is small: most documents never reach it (their heap five times over
// stays under it), the largest real disclosures are collected a little
// more often under it.
const workerSoftMemory = 48 << 20

// softLimit is a worker's soft memory limit for a live heap of live bytes:
// workerSoftMemory, or twice the live heap when that is more (a document
// that lives near the soft limit is collected as often as Go's default
// would, not continuously), never more than hard.
func softLimit(live, hard int64) int64 {
	return min(max(workerSoftMemory, 2*live), hard)
}

// followLive keeps the worker's soft memory limit at softLimit of its
// live heap, as read every 20 ms, for the process's life.
func followLive(hard int64) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	cur := softLimit(0, hard)
	debug.SetMemoryLimit(cur)
	for range time.Tick(20 * time.Millisecond) {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		if want := softLimit(int64(sample[0].Value.Uint64()), hard); want != cur {
			cur = want
			debug.SetMemoryLimit(cur)
		}
	}
}

// envProfile, when set in the parent's environment, makes each worker
// write a CPU profile of its whole life to $BUDGETX_CPUPROFILE.worker.PID
// (for scripts/bench; go tool pprof merges several).
const envProfile = "BUDGETX_CPUPROFILE"

// startProfile starts the worker's CPU profile if envProfile asks for
// one, and returns what stops it.
func startProfile() func() {
	p := getenv(envProfile)
	if p == "" {
		return func() {}
	}
	f, err := os.Create(p + ".worker." + strconv.Itoa(os.Getpid()))
	if err != nil {
		fmt.Fprintf(os.Stderr, "budgetx worker: %v\n", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		fmt.Fprintf(os.Stderr, "budgetx worker: %v\n", err)
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// serve answers requests from in on out until in ends; it returns the
// process's exit code.
func serve(in io.Reader, out io.Writer, h Handler) int {
	r := bufio.NewReaderSize(in, 64<<10)
	w := bufio.NewWriterSize(out, 64<<10)
	if _, err := w.Write(hello); err != nil || w.Flush() != nil {
		return 3
	}
	for {
		req, err := readRequest(r, 1<<40)
		if err == io.EOF {
			return 0
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "budgetx worker: reading request: %v\n", err)
			return 3
		}
		cw := &chunkWriter{w: w}
		herr := handle(h, req, cw)
		req = nil
		if err := cw.end(herr); err != nil {
			fmt.Fprintf(os.Stderr, "budgetx worker: writing reply: %v\n", err)
			return 3
		}
		release()
	}
}

// handle runs h, turning a panic into an error message.
func handle(h Handler, req *request, reply io.Writer) (err string) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Sprintf("internal error (panic): %v", p)
			if getenv("BUDGETX_DEBUG") != "" {
				fmt.Fprintf(os.Stderr, "%s\n", debug.Stack())
			}
		}
	}()
	body := req.body
	req.body = nil // the handler's to drop when it has read it
	h(req.task, req.name, req.payload, body, reply)
	return ""
}

// release gives memory back to the system after a large request, so that
// an idle worker does not hold the peak of its last document: a run's
// workers together stay near what the documents being read need, not near
// the largest each has read (the Go runtime returns idle memory only
// slowly by itself).
func release() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if ms.HeapSys-ms.HeapReleased > releaseAbove {
		debug.FreeOSMemory()
	}
}

// releaseAbove is the heap a worker keeps between two requests without
// giving it back: its soft memory limit for a document of ordinary size,
// which the collector keeps it under anyway; only a document that took it
// past that is given back at once. (At 16 MiB, most PDFs were given back
// and the next document faulted the same pages in again: a sixth of a run's
// CPU on the 78 bench PDFs.)
const releaseAbove = workerSoftMemory
