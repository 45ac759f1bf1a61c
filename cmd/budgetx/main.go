// Command budgetx turns Chinese government budget disclosures (部门预算 and
// 部门决算, as .docx, .pdf or the flattened text form) into typed datasets:
// JSON Lines and Parquet per table type, as docs/SCHEMA.md says.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"syscall"
)

// mainMemory is the main process's soft memory limit (GOMEMLIMIT overrides
// it); the workers have their own (--doc-memory). An extract run sets its
// own, from its layout and workers (pipeline.MainMemory): 52 MiB with two
// workers and the dataset layout.
const mainMemory = 256 << 20

// memoryLimit sets the main process's soft memory limit, in bytes; main
// makes it debug.SetMemoryLimit unless GOMEMLIMIT is set. It does nothing
// in the tests, which run commands inside the test process.
var memoryLimit = func(int64) {}

func main() {
	if os.Getenv("BUDGETX_DEBUG") == "" {
		// A bug in budgetx ends in one line, never in a runtime trace.
		debug.SetTraceback("none")
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// The main process holds the records of the documents being
		// written and little else: a soft limit makes the collector keep
		// it near that, not at twice it.
		debug.SetMemoryLimit(mainMemory)
		memoryLimit = func(n int64) { debug.SetMemoryLimit(n) }
	}
	ctx, stop := signalContext()
	stopProfile := startProfile()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopProfile()
	stop()
	os.Exit(code)
}

// startProfile writes a CPU profile of the main process to
// $BUDGETX_CPUPROFILE.main when that is set (the workers write theirs
// beside it: internal/isolate); it returns what stops it.
func startProfile() func() {
	p := os.Getenv("BUDGETX_CPUPROFILE")
	if p == "" {
		return func() {}
	}
	f, err := os.Create(p + ".main")
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "budgetx: profile: %v\n", err)
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// signalContext returns a context that SIGINT or SIGTERM cancels, with the
// signal as its cause. A second signal ends the process at once (the
// workers die with it).
func signalContext() (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-ch
		cancel(signalError{s.(syscall.Signal)})
		s = <-ch
		os.Exit(128 + int(s.(syscall.Signal)))
	}()
	return ctx, func() { signal.Stop(ch); cancel(nil) }
}
