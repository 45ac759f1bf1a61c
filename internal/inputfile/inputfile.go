// Package inputfile opens the files budgetx reads: only regular files
// (never blocking on a named pipe or reading a device), under a size
// limit, with errors that say in words what the path is and why it
// cannot be read. Every reader and the pipeline open files through it.
package inputfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/budgetx/budgetx/model"
)

// Kind names what a file of mode m is, when it is not a regular file.
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	}
	return "not a regular file (" + m.Type().String() + ")"
}

// ReadAll reads the regular file at path, at most maxBytes; see Open.
func ReadAll(path string, maxBytes int64) ([]byte, error) {
	f, size, err := Open(path, maxBytes)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data := make([]byte, size)
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: %v (the file changed while it was read?)", model.ErrIO, err)}
	}
	return data, nil
}

// ReadLimited reads r to its end, failing with a limit error once it has
// more than maxBytes; path names it in errors.
func ReadLimited(path string, r io.Reader, maxBytes int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: %v", model.ErrIO, err)}
	}
	if int64(len(data)) > maxBytes {
		return nil, &model.Error{File: path, Err: model.LimitError("file size in bytes", int64(len(data)), maxBytes)}
	}
	return data, nil
}

// Open opens the document at path for reading: only a regular file,
// not larger than maxBytes and not empty. It never blocks on a named pipe
// or a device. The errors are *model.Error wrapping the class's sentinel.
func Open(path string, maxBytes int64) (*os.File, int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, 0, IOError(path, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, 0, NotRegular(path, fi.Mode())
	}
	// O_NONBLOCK: if the path was swapped for a pipe since the Stat, the
	// open must not wait for a writer.
	f, err := os.OpenFile(path, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, 0, IOError(path, err)
	}
	fi2, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, IOError(path, err)
	}
	if !fi2.Mode().IsRegular() {
		f.Close()
		return nil, 0, NotRegular(path, fi2.Mode())
	}
	size := fi2.Size()
	switch {
	case size == 0:
		f.Close()
		return nil, 0, &model.Error{File: path, Err: fmt.Errorf("%w: empty file (0 bytes)", model.ErrEmpty)}
	case size > maxBytes:
		f.Close()
		return nil, 0, &model.Error{File: path, Err: model.LimitError("file size in bytes", size, maxBytes)}
	}
	return f, size, nil
}

// NotRegular says what a path that is not a regular file is.
func NotRegular(path string, m fs.FileMode) error {
	what := Kind(m)
	return &model.Error{File: path, Err: fmt.Errorf("%w: it is %s; budgetx reads only regular files", model.ErrNotRegular, what)}
}

// IOError says why a path could not be opened, in words.
func IOError(path string, err error) error {
	var why string
	switch {
	case errors.Is(err, fs.ErrNotExist):
		why = "no such file"
		if _, lerr := os.Lstat(path); lerr == nil {
			why = "a symbolic link to nothing (dangling)"
		}
	case isLoop(err):
		why = "too many levels of symbolic links (a link loop)"
	case errors.Is(err, fs.ErrPermission):
		why = "permission denied"
	default:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		why = err.Error()
	}
	return &model.Error{File: path, Err: fmt.Errorf("%w: %s", model.ErrIO, why)}
}
