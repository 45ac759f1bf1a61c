package budgetx

import (
	"debug/buildinfo"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/budgetx/budgetx/internal/docwork"
	"github.com/budgetx/budgetx/internal/isolate"
)

// The worker processes are served by internal/docwork's init: a program
// that imports this package links it, and so serves as its own worker.

// idleWorker is how long a worker waits for the next call before it stops.
const idleWorker = 10 * time.Second

// poolKey is what a worker pool is made for: its workers' limits.
type poolKey struct {
	time   time.Duration
	memory int64
}

var (
	poolsMu sync.Mutex
	pools   = map[poolKey]*isolate.Pool{}
)

// runner returns the runner of the worker pool for c's limits.
func (c *config) runner() *docwork.Runner {
	k := poolKey{c.limits.Time, c.limits.Memory}
	poolsMu.Lock()
	defer poolsMu.Unlock()
	p := pools[k]
	if p == nil {
		p = isolate.NewPool(isolate.Options{Size: runtime.GOMAXPROCS(0), Timeout: k.time, Memory: k.memory, Idle: idleWorker})
		pools[k] = p
	}
	return &docwork.Runner{Pool: p, TimeHint: timeHint, MemoryHint: memoryHint}
}

// canServe says why this program cannot be its own worker, or nil. A
// variable, for tests.
var canServe = sync.OnceValue(selfServes)

// selfServes checks that the program's executable is the program running:
// it is what a worker runs.
func selfServes() error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding the program's executable: %w", err)
	}
	return runs(exe)
}

// runs checks that exe is the program running. It is not when budgetx is
// linked into a C shared library loaded by another program (which must
// not be started as a worker: it would not serve, and who knows what it
// would do), or when the executable was replaced on disk since the
// program started.
func runs(exe string) error {
	own, ok := debug.ReadBuildInfo()
	if !ok {
		return nil // nothing to compare with: try it
	}
	bi, err := buildinfo.ReadFile(exe)
	if err != nil {
		return fmt.Errorf("the executable %s is not this Go program (%v): is budgetx linked into a shared library?", exe, err)
	}
	if bi.String() != own.String() {
		return fmt.Errorf("the executable %s is not the program running: it changed since the program started", exe)
	}
	return nil
}
