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

// setAddressLimit sets the process's hard and soft RLIMIT_DATA to twice n
// bytes above the data it has mapped when it starts: a backstop against a
// burst of allocation between two looks of the parent's monitor (which
// kills a worker whose resident memory passes n). RLIMIT_DATA counts the
// private writable memory a process maps — the Go heap as it grows, the
// stacks, the runtime's own — and not the address space the runtime only
// reserves (RLIMIT_AS does, which kills a Go process long before its heap
// reaches the limit). The Go soft limit (debug.SetMemoryLimit) at n makes
// the collector keep the heap under n while it can.
func setAddressLimit(n int64) error {
	n *= 2
	base := int64(0)
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmData:" {
				if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil {
					base = kb << 10
				}
			}
		}
	}
	lim := &syscall.Rlimit{Cur: uint64(base + n), Max: uint64(base + n)}
	return syscall.Setrlimit(syscall.RLIMIT_DATA, lim)
}

var pageSize = int64(os.Getpagesize())

// residentBytes returns the resident memory of process pid.
func residentBytes(pid int) (int64, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0, false
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	return pages * pageSize, err == nil
}

// maxRSS returns the peak resident memory of a process that ended, bytes.
func maxRSS(ps *os.ProcessState) int64 {
	if ps == nil {
		return 0
	}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss) << 10
	}
	return 0
}
