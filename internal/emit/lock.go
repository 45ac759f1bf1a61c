package emit

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrLocked is matched (errors.Is) by the error of Create when another
// budgetx run, in this process or another, is writing the same directory.
var ErrLocked = errors.New("emit: output directory is in use by another budgetx run")

// LockFile is the name of the lock file a run holds in the output directory
// from Create to Close or Abort. It holds the process id of the run for the
// message of ErrLocked and is removed when the run ends; one left by a run
// that died is not a lock (see lockDir).
const LockFile = ".budgetx.lock"

// lockedError is the error of a Create that found the directory locked.
type lockedError struct {
	dir   string
	pid   int    // of the run holding the lock; 0 when unknown
	stale string // on systems without flock: how to free a lock left by a dead run
}

func (e *lockedError) Error() string {
	msg := "emit: output directory " + e.dir + " is in use by another budgetx run"
	if e.pid > 0 {
		msg += " (pid " + strconv.Itoa(e.pid) + ")"
	}
	if e.stale != "" {
		msg += "; " + e.stale
	}
	return msg
}

func (e *lockedError) Is(target error) bool { return target == ErrLocked }

// dirLock is a held lock on an output directory.
type dirLock struct {
	path string
	f    *os.File
}

// lockDir takes the lock on dir, failing at once with a *lockedError when
// another run holds it, and writes this process's id into the lock file.
func lockDir(dir string) (*dirLock, error) {
	path := filepath.Join(dir, LockFile)
	f, err := lockFile(path)
	if errors.Is(err, errBusy) {
		return nil, &lockedError{dir: dir, pid: holderPID(path), stale: staleHint(path)}
	}
	if err != nil {
		return nil, fmt.Errorf("locking: %w", err)
	}
	l := &dirLock{path: path, f: f}
	pid := []byte(strconv.Itoa(os.Getpid()) + "\n")
	if err := f.Truncate(0); err == nil {
		_, err = f.WriteAt(pid, 0)
	}
	if err != nil {
		l.unlock()
		return nil, fmt.Errorf("locking: writing %s: %w", path, err)
	}
	return l, nil
}

// errBusy is returned by lockFile when another holder has the lock.
var errBusy = errors.New("lock is held")

// holderPID reads the process id in the lock file at path; 0 if it cannot.
func holderPID(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

// Lock takes the lock of the output directory dir as a run does, for a
// reader that must see one run's set of files whole (budgetx report) or
// a writer of files beside them. It fails at once, with an error matching
// ErrLocked, while a run writes dir. The returned function releases it.
func Lock(dir string) (unlock func(), err error) {
	l, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	return l.unlock, nil
}
