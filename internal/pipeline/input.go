package pipeline

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/budgetx/budgetx/internal/extract"
	"github.com/budgetx/budgetx/internal/inputfile"
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
	seen := map[inputfile.ID]string{}
	add := func(p string) {
		if id, ok := inputfile.IDOf(p); ok {
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
				out = append(out, Input{Path: path, Err: inputfile.IOError(path, err)})
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
			out = append(out, Input{Path: p, Err: inputfile.IOError(p, err)})
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
