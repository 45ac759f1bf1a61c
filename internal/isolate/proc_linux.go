//go:build linux

package isolate

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

var getenv = os.Getenv

// spawner is a goroutine locked to its own thread that never exits: on
// Linux the parent-death signal follows the thread that forked the child,
// so children are forked from a thread that lives as long as the process.
var (
	spawnOnce sync.Once
	spawnReq  chan func()
)

func spawn(cmd *exec.Cmd) error {
	spawnOnce.Do(func() {
		spawnReq = make(chan func())
		go func() {
			runtime.LockOSThread() // and never unlock: the thread stays
			for f := range spawnReq {
				f()
			}
		}()
	})
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	errc := make(chan error, 1)
	spawnReq <- func() { errc <- cmd.Start() }
	return <-errc
}

// killGroup kills the worker's process group.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// protocolOut moves the process's stdout to a descriptor of its own and
// points descriptor 1 at stderr.
func protocolOut() *os.File {
	fd, err := syscall.Dup(1)
	if err != nil {
		return os.Stdout
	}
	if err := syscall.Dup3(2, 1, 0); err != nil {
		syscall.Close(fd)
		return os.Stdout
	}
	syscall.CloseOnExec(fd)
	return os.NewFile(uintptr(fd), "protocol")
}

// minAddressHeadroom is the least address space left above what the
// worker has reserved when it starts: the Go runtime reserves heap arenas
// 64 MiB at a time, so a tighter hard limit kills a worker that is well
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
