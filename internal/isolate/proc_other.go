//go:build !linux

package isolate

import (
	"os"
	"os/exec"
)

var getenv = os.Getenv

// spawn starts cmd. Without a parent-death signal a worker notices its
// parent is gone when its stdin closes.
func spawn(cmd *exec.Cmd) error { return cmd.Start() }

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		cmd.Process.Kill()
	}
}

func protocolOut() *os.File { return os.Stdout }

// setAddressLimit is a no-op where there is no RLIMIT_AS; the Go soft
// limit still applies.
func setAddressLimit(n int64) error { return nil }

// residentBytes is not known here: the Go soft limit alone bounds a worker.
func residentBytes(pid int) (int64, bool) { return 0, false }

func maxRSS(ps *os.ProcessState) int64 { return 0 }
