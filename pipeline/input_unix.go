//go:build unix

package pipeline

import (
	"errors"
	"os"
	"syscall"
)

// oNonblock opens a named pipe without waiting for a writer.
const oNonblock = syscall.O_NONBLOCK

// fileID identifies a file across paths.
type fileID struct{ dev, ino uint64 }

func idOf(path string) (fileID, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileID{}, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{uint64(st.Dev), uint64(st.Ino)}, true
}

func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }
