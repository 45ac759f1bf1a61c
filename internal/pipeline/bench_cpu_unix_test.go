//go:build unix

package pipeline

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user and system) used so far by this
// process and by its children that have ended (the workers of a finished
// run), and whether it is known.
func cpuTime() (time.Duration, bool) {
	var total time.Duration
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var ru syscall.Rusage
		if err := syscall.Getrusage(who, &ru); err != nil {
			return 0, false
		}
		total += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return total, true
}
