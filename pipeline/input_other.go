//go:build !unix

package pipeline

import "path/filepath"

const oNonblock = 0

// fileID identifies a file across paths: here, by its absolute path.
type fileID struct{ path string }

func idOf(path string) (fileID, bool) {
	abs, err := filepath.Abs(path)
	return fileID{abs}, err == nil
}

func isLoop(error) bool { return false }
