//go:build unix

package inputfile

import (
	"errors"
	"os"
	"syscall"
)

// oNonblock opens a named pipe without waiting for a writer.
const oNonblock = syscall.O_NONBLOCK

// ID identifies a file across the paths that name it.
type ID struct{ dev, ino uint64 }

// IDOf returns the identity of the file at path (following links).
func IDOf(path string) (ID, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return ID{}, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ID{}, false
	}
	return ID{uint64(st.Dev), uint64(st.Ino)}, true
}

func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }
