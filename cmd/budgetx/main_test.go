package main

import (
	"fmt"
	"os"
	"syscall"
	"testing"
)

// envMain makes the test binary run as the budgetx command, for tests that
// need it as a process of its own (to kill it, to measure its memory);
// envRusage names a file where it then writes its peak memory and its
// largest child's, in KiB: "self children".
const (
	envMain   = "BUDGETX_TEST_MAIN"
	envRusage = "BUDGETX_TEST_RUSAGE"
)

// TestMain runs the tests, or the command (envMain). The test binary
// serves as its own worker process (package pipeline serves from init)
// with no setup.
func TestMain(m *testing.M) {
	if os.Getenv(envMain) == "1" {
		ctx, stop := signalContext()
		code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
		stop()
		if f := os.Getenv(envRusage); f != "" {
			var self, kids syscall.Rusage
			syscall.Getrusage(syscall.RUSAGE_SELF, &self)
			syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
			os.WriteFile(f, fmt.Appendf(nil, "%d %d\n", self.Maxrss, kids.Maxrss), 0o644)
		}
		os.Exit(code)
	}
	os.Exit(m.Run())
}
