//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package emit

import (
	"errors"
	"io/fs"
	"os"
)

// lockFile creates the lock file at path exclusively: where flock is not
// available, the lock is the file's existence. A run that dies leaves it
// behind, and the directory stays locked until it is removed by hand (the
// error of Create says so).
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, errBusy
	}
	return f, err
}

func staleHint(path string) string {
	return "if no budgetx run is writing it, one died: remove " + path
}

// unlock closes and removes the lock file.
func (l *dirLock) unlock() {
	if l == nil || l.f == nil {
		return
	}
	l.f.Close()
	os.Remove(l.path)
	l.f = nil
}
