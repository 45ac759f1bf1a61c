//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package emit

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockFile opens or creates the lock file at path and takes an exclusive
// flock on it without waiting. The kernel releases a flock when the last
// descriptor of its open file goes, so the lock of a run that died, however
// it died, is free; a stale lock file is no lock. flock belongs to an open
// file description, so two Creates in one process exclude each other too.
//
// unlock removes the file while holding the lock. A run that opened it just
// before may then lock the removed file: after locking, the file must still
// be the one at path, or the lock is worth nothing and is tried again.
func lockFile(path string) (*os.File, error) {
	for range 100 {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		for {
			err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
			if err != syscall.EINTR {
				break
			}
		}
		if err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, errBusy
			}
			return nil, &os.PathError{Op: "flock", Path: path, Err: err}
		}
		held, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, err
		}
		if cur, err := os.Stat(path); err == nil && os.SameFile(held, cur) {
			return f, nil
		}
		f.Close() // the file was removed or replaced after we opened it
	}
	return nil, fmt.Errorf("%s: the lock file keeps being replaced", path)
}

// staleHint: a flock does not outlive its run, so there is nothing to say.
func staleHint(string) string { return "" }

// unlock removes the lock file, then releases the lock by closing it.
func (l *dirLock) unlock() {
	if l == nil || l.f == nil {
		return
	}
	os.Remove(l.path)
	l.f.Close()
	l.f = nil
}
