//go:build !unix

package inputfile

import "path/filepath"

const oNonblock = 0

// ID identifies a file across the paths that name it.
type ID struct{ path string }

// IDOf returns the identity of the file at path (following links).
func IDOf(path string) (ID, bool) {
	abs, err := filepath.Abs(path)
	return ID{abs}, err == nil
}

func isLoop(error) bool { return false }
