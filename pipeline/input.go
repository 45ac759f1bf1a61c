package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/model"
)

// An Input is one document to read, or a path that could not be
// discovered (Err), which fails as a document of its own.
type Input struct {
	Path string
	Err  error
}

// A Duplicate is a path left out because it names a file already taken.
type Duplicate struct {
	Path, SameAs string
}

// Discover expands paths into the inputs, in order: a path that is not a
// directory is taken as given, whatever it is (a missing path, a named
// pipe, a device or an unsupported extension fails as that document's
// error, and the others still run); a directory is walked recursively,
// in lexical order, for names ending in .docx, .pdf and .txt (symbolic
// links to directories are not followed); a directory given with none
// fails as an empty input. The same file given twice, by
// any path, is read once; the paths left out are returned as duplicates.
func Discover(paths []string) ([]Input, []Duplicate) {
	var out []Input
	var dups []Duplicate
	seen := map[fileID]string{}
	add := func(p string) {
		if id, ok := idOf(p); ok {
			if first, dup := seen[id]; dup {
				dups = append(dups, Duplicate{p, first})
				return
			}
			seen[id] = p
		}
		out = append(out, Input{Path: p})
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil || !fi.IsDir() {
			add(p) // opening it says what is wrong
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if path == p {
					return err
				}
				out = append(out, Input{Path: path, Err: ioError(path, err)})
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() && extract.FormatOf(path) != "" {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			out = append(out, Input{Path: p, Err: ioError(p, err)})
		}
		if len(found) == 0 && err == nil {
			// a path given that yields nothing is said, not skipped
			out = append(out, Input{Path: p, Err: &model.Error{File: p,
				Err: fmt.Errorf("%w: a directory with no .docx, .pdf or .txt file in it", model.ErrEmpty)}})
			continue
		}
		sort.Strings(found)
		for _, f := range found {
			add(f)
		}
	}
	return out, dups
}

// openInput opens the document at path for reading: only a regular file,
// not larger than maxBytes and not empty. It never blocks on a named pipe
// or a device. The errors are *model.Error wrapping the class's sentinel.
func openInput(path string, maxBytes int64) (*os.File, int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, 0, ioError(path, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, 0, notRegular(path, fi.Mode())
	}
	// O_NONBLOCK: if the path was swapped for a pipe since the Stat, the
	// open must not wait for a writer.
	f, err := os.OpenFile(path, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, 0, ioError(path, err)
	}
	fi2, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, ioError(path, err)
	}
	if !fi2.Mode().IsRegular() {
		f.Close()
		return nil, 0, notRegular(path, fi2.Mode())
	}
	size := fi2.Size()
	switch {
	case size == 0:
		f.Close()
		return nil, 0, &model.Error{File: path, Err: fmt.Errorf("%w: empty file (0 bytes)", model.ErrEmpty)}
	case size > maxBytes:
		f.Close()
		return nil, 0, &model.Error{File: path, Err: fmt.Errorf("%w (--max-input-size)", model.LimitError("file size in bytes", size, maxBytes))}
	}
	return f, size, nil
}

// notRegular says what a path that is not a regular file is.
func notRegular(path string, m fs.FileMode) error {
	what := "not a regular file"
	switch {
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeCharDevice != 0:
		what = "a character device"
	case m&fs.ModeDevice != 0:
		what = "a block device"
	}
	return &model.Error{File: path, Err: fmt.Errorf("%w: it is %s; budgetx reads only regular files", model.ErrNotRegular, what)}
}

// ioError says why a path could not be opened, in words.
func ioError(path string, err error) error {
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
