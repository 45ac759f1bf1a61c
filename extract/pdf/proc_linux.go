//go:build linux

package pdf

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
)

// setProcessGroup puts the child in a process group of its own and makes
// cancellation kill the whole group, so nothing it started outlives it.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		if cmd.Process == nil {
			return nil
		}
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// minAddressHeadroom is the least address space left above what the
// child has reserved when it starts: the Go runtime reserves heap arenas
// 64 MiB at a time, so a tighter hard limit kills a child that is well
// under its memory limit (the soft limit, debug.SetMemoryLimit, still
// applies as given).
const minAddressHeadroom = 256 << 20

// setAddressLimit sets the process's hard and soft RLIMIT_AS to n bytes
// (at least minAddressHeadroom) above its present address-space size.
func setAddressLimit(n int64) error {
	n = max(n, minAddressHeadroom)
	base := int64(2 << 30) // if /proc cannot say
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmSize:" {
				if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil {
					base = kb << 10
				}
			}
		}
	}
	lim := &syscall.Rlimit{Cur: uint64(base + n), Max: uint64(base + n)}
	return syscall.Setrlimit(syscall.RLIMIT_AS, lim)
}
