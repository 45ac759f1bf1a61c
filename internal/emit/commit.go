package emit

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/budgetx/budgetx/model"
)

// The bookkeeping files of a run in the output directory. Paths in them are
// relative to the directory, with slashes.
const (
	// ManifestFile lists the files of the run that wrote the directory's
	// current set, so that the next run knows which files are budgetx's to
	// replace or remove, whatever names the version that wrote them used.
	ManifestFile = ".budgetx-manifest.json"
	// journalFile exists only while a run replaces the set, and lists what
	// it moves; if it is found by Create, that run died mid-way.
	journalFile = ".budgetx-journal.json"
)

// Marks of the temporary and backup names: a file at path P is written as
// .B.budgetx-tmp-<digits>, where B is the last element of P, and an earlier
// run's P is set aside as .B.budgetx-bak-<digits>. Both are at the top of
// the output directory, whatever P's directory, so that the leftovers of a
// run that died are all found there.
const (
	tmpMark = ".budgetx-tmp-"
	bakMark = ".budgetx-bak-"
)

// leftoverName matches the temporary and backup names, and legacyTemp the
// temporary names of versions before the journal (.F.tmp-<digits>, where F
// must be one of knownNames).
var (
	leftoverName = regexp.MustCompile(`^\..+\.budgetx-(?:tmp|bak)-[0-9]+$`)
	legacyTemp   = regexp.MustCompile(`^\.(.+)\.tmp-[0-9]+$`)
)

// The file system operations of a commit and of its rollback. Tests replace
// them to fail at a chosen step.
var (
	rename = os.Rename
	remove = os.Remove
)

// knownNames are the paths that are budgetx's outputs without a manifest
// saying so: every table type's files, documents.jsonl, issues.jsonl and the
// manifest. A run written before manifests existed is found by them.
func knownNames() []string {
	names := make([]string, 0, 2*len(model.TableTypes)+3)
	for _, tt := range model.TableTypes {
		names = append(names, string(tt)+".jsonl", string(tt)+".parquet")
	}
	return append(names, DocumentsFile, IssuesFile, ManifestFile)
}

// journal is the content of journalFile.
type journal struct {
	Version int       `json:"budgetx_journal"`
	New     []newFile `json:"new"` // the files of the run, in commit order
	Old     []oldFile `json:"old"` // the files of the set they replace
}

// newFile is a finished file of the run: Tmp is renamed to Path.
type newFile struct {
	Path string `json:"path"`
	Tmp  string `json:"tmp"`
}

// oldFile is a file of the previous set: Path is renamed to Backup, which
// is removed once the run's set is in place.
type oldFile struct {
	Path   string `json:"path"`
	Backup string `json:"backup"`
}

// manifest is the content of ManifestFile.
type manifest struct {
	Version int      `json:"budgetx_manifest"`
	Files   []string `json:"files"`
}

// A CommitError is returned by Close when the run's files were complete but
// putting them in place failed. Close then rolls back: it restores every
// file of the previous run it had moved and removes those of this run.
type CommitError struct {
	Dir string // the output directory
	Err error  // the step that failed
	// Mixed is empty when the rollback succeeded: Dir then holds exactly
	// the files it held before the run. Otherwise it names each file (by
	// its path in Dir) that could not be restored, and what is at its
	// place; the journal is kept, and the next Create on Dir finishes the
	// rollback.
	Mixed []string
	// Stray names temporary files of the run that could not be removed.
	// They are not outputs; the next Create on Dir removes them.
	Stray []string

	rollbackErr error // the first failure of the rollback
}

func (e *CommitError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "emit: replacing the files in %s: %v; ", e.Dir, e.Err)
	if len(e.Mixed) == 0 {
		b.WriteString("rolled back: nothing was replaced")
	} else {
		fmt.Fprintf(&b, "rolling back failed too (%v), so %s holds files of both runs: %s; the next budgetx run into %s restores the earlier run's files",
			e.rollbackErr, e.Dir, strings.Join(e.Mixed, "; "), e.Dir)
	}
	if len(e.Stray) > 0 {
		fmt.Fprintf(&b, " (temporary files left, removed by the next run: %s)", strings.Join(e.Stray, ", "))
	}
	return b.String()
}

func (e *CommitError) Unwrap() error { return e.Err }

// commit replaces the previous set of files in dir by news, whose temporary
// files are finished and synced. The previous set is every file at a path
// of owned (the paths that are budgetx's own: knownNames and the previous
// manifest's) or of news. Any other file in dir is left alone.
//
// The steps, each file system operation one step:
//
//  1. write the journal (news, and each file of the previous set with a
//     fresh backup name), sync it, and rename it into place;
//  2. rename each file of the previous set to its backup name;
//  3. rename each new file into place; sync the directories;
//  4. remove the journal: the commit point;
//  5. remove the backups and the directories left empty.
//
// A failure before step 4 rolls back (undo) and returns a *CommitError; a
// failure in step 5 leaves backup files that the next Create removes, and is
// not an error: the run's set is in place. If the process dies between steps
// 1 and 4, the next Create finds the journal and rolls back. On return, no
// temporary file of news is left (but those listed in a CommitError).
func commit(dir string, news []newFile, owned []string) error {
	j := journal{Version: 1, New: news}
	isNew := make(map[string]bool, len(news))
	cands := slices.Clone(owned)
	for _, n := range news {
		isNew[n.Path] = true
		cands = append(cands, n.Path)
	}
	slices.Sort(cands)
	early := func(err error) error {
		stray := removeTemps(dir, news)
		pruneDirs(dir, slices.Collect(maps.Keys(isNew)))
		return &CommitError{Dir: dir, Err: err, Stray: stray}
	}
	taken := map[string]bool{}
	for _, p := range slices.Compact(cands) {
		fi, err := os.Lstat(abs(dir, p))
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			continue // ENOTDIR: an element of p's directory is a file, not ours
		}
		if err != nil {
			return early(err)
		}
		if fi.IsDir() {
			if isNew[p] {
				return early(fmt.Errorf("%s is a directory", abs(dir, p)))
			}
			continue // not a file of ours
		}
		bak, err := freeName(dir, p, bakMark, taken)
		if err != nil {
			return early(err)
		}
		taken[bak] = true
		j.Old = append(j.Old, oldFile{Path: p, Backup: bak})
	}
	if err := writeJournal(dir, &j); err != nil {
		return early(err)
	}
	fail := func(err error) error {
		u := undo(dir, &j)
		return &CommitError{Dir: dir, Err: err, Mixed: u.mixed, Stray: u.stray, rollbackErr: u.err}
	}
	for _, o := range j.Old {
		if err := rename(abs(dir, o.Path), abs(dir, o.Backup)); err != nil {
			return fail(fmt.Errorf("setting aside the earlier run's file: %w", err))
		}
	}
	for _, n := range j.New {
		if err := rename(abs(dir, n.Tmp), abs(dir, n.Path)); err != nil {
			return fail(fmt.Errorf("putting a file in place: %w", err))
		}
	}
	syncDirs(dir, j.paths())
	if err := remove(abs(dir, journalFile)); err != nil {
		return fail(fmt.Errorf("removing the journal: %w", err))
	}
	syncDir(dir)
	var gone []string
	for _, o := range j.Old {
		remove(abs(dir, o.Backup)) // if it stays, the next Create removes it
		if !isNew[o.Path] {
			gone = append(gone, o.Path)
		}
	}
	pruneDirs(dir, gone)
	return nil
}

// undone is what undo did and could not do.
type undone struct {
	restored []string // files of the previous set put back
	removed  []string // files of the run removed from the set's paths
	temps    []string // temporary files of the run removed
	mixed    []string // files of the set that are not as before (see CommitError)
	stray    []string // temporary files that could not be removed
	err      error    // the first failure
}

func (u *undone) fail(err error) {
	if u.err == nil {
		u.err = err
	}
}

// undo rolls back the commit that j journals, from whatever step it reached,
// so that dir holds the previous set: each backup that exists is renamed back
// to its path (replacing the new file there, if any); each new file at a
// path that had no file before is removed, as are the temporary files. It
// can be repeated. The journal is removed when the previous set is whole
// again, and kept otherwise.
func undo(dir string, j *journal) undone {
	var u undone
	wasOld := make(map[string]bool, len(j.Old))
	for _, o := range j.Old {
		wasOld[o.Path] = true
		b, p := abs(dir, o.Backup), abs(dir, o.Path)
		if _, err := os.Lstat(b); errors.Is(err, fs.ErrNotExist) {
			continue // not set aside yet, or already restored
		}
		if err := rename(b, p); err != nil {
			what := "missing"
			if _, err := os.Lstat(p); err == nil {
				what = "this run's file"
			}
			u.mixed = append(u.mixed, fmt.Sprintf("%s is %s (the earlier run's is %s)", o.Path, what, o.Backup))
			u.fail(err)
			continue
		}
		u.restored = append(u.restored, o.Path)
	}
	var added []string
	for _, n := range j.New {
		if wasOld[n.Path] {
			continue
		}
		added = append(added, n.Path)
		p := abs(dir, n.Path)
		err := remove(p)
		switch {
		case err == nil:
			u.removed = append(u.removed, n.Path)
		case !errors.Is(err, fs.ErrNotExist):
			u.mixed = append(u.mixed, n.Path+" is this run's file (there was none)")
			u.fail(err)
		}
	}
	for _, n := range j.New {
		err := remove(abs(dir, n.Tmp))
		switch {
		case err == nil:
			u.temps = append(u.temps, n.Tmp)
		case !errors.Is(err, fs.ErrNotExist):
			u.stray = append(u.stray, n.Tmp)
			u.fail(err)
		}
	}
	if len(u.mixed) == 0 {
		if err := remove(abs(dir, journalFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			u.stray = append(u.stray, journalFile)
			u.fail(err)
		}
		syncDir(dir)
		pruneDirs(dir, added)
	}
	return u
}

// removeTemps removes the temporary files of news; it returns those it
// could not remove.
func removeTemps(dir string, news []newFile) (stray []string) {
	for _, n := range news {
		if err := remove(abs(dir, n.Tmp)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			stray = append(stray, n.Tmp)
		}
	}
	return stray
}

// writeJournal writes j to journalFile, synced, through a temporary file.
func writeJournal(dir string, j *journal) error {
	data, err := json.Marshal(j)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, markPrefix(journalFile, tmpMark)+"*")
	if err != nil {
		return fmt.Errorf("writing the journal: %w", err)
	}
	_, err = f.Write(append(data, '\n'))
	err = errors.Join(err, f.Sync(), f.Close())
	if err == nil {
		err = rename(f.Name(), abs(dir, journalFile))
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("writing the journal: %w", err)
	}
	syncDir(dir)
	return nil
}

// readJournal reads the journal of a run that died while committing; nil
// when there is none.
func readJournal(dir string) (*journal, error) {
	data, err := os.ReadFile(abs(dir, journalFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var j journal
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, err
	}
	if j.Version != 1 {
		return nil, fmt.Errorf("unknown journal version %d", j.Version)
	}
	for _, n := range j.New {
		if !ownPath(n.Path) || !isMarked(n.Path, n.Tmp, tmpMark) {
			return nil, fmt.Errorf("bad entry %q → %q", n.Tmp, n.Path)
		}
	}
	for _, o := range j.Old {
		if !ownPath(o.Path) || !isMarked(o.Path, o.Backup, bakMark) {
			return nil, fmt.Errorf("bad entry %q → %q", o.Path, o.Backup)
		}
	}
	return &j, nil
}

// readManifest returns the files that the manifest in dir lists; none when
// there is no manifest.
func readManifest(dir string) ([]string, error) {
	name := abs(dir, ManifestFile)
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if m.Version != 1 {
		return nil, fmt.Errorf("%s: unknown manifest version %d", name, m.Version)
	}
	for _, p := range m.Files {
		if !ownPath(p) {
			return nil, fmt.Errorf("%s: %q is not a path inside the directory that budgetx writes", name, p)
		}
	}
	return m.Files, nil
}

// ownPath reports whether p may be a file of a run's set: a clean relative
// path with slashes, inside the directory, not a bookkeeping file, and with
// no hidden component (the set's files are not hidden, bar the manifest).
func ownPath(p string) bool {
	if p == ManifestFile {
		return true
	}
	if p == "" || path.Clean(p) != p || !filepath.IsLocal(filepath.FromSlash(p)) || strings.Contains(p, `\`) {
		return false
	}
	for _, c := range strings.Split(p, "/") {
		if strings.HasPrefix(c, ".") {
			return false
		}
	}
	return true
}

// isMarked reports whether other is a temporary or backup name of p (see
// tmpMark): markPrefix(p, mark) and digits, at the top of the directory.
func isMarked(p, other, mark string) bool {
	digits, ok := strings.CutPrefix(other, markPrefix(p, mark))
	return ok && digits != "" && strings.Trim(digits, "0123456789") == ""
}

// markPrefix is the temporary or backup name of p before its digits: the
// last element of p, hidden, and mark.
func markPrefix(p, mark string) string {
	base := path.Base(p)
	if !strings.HasPrefix(base, ".") {
		base = "." + base
	}
	return base + mark
}

// freeName returns a name for p marked with mark that no file has, and
// that is not taken.
func freeName(dir, p, mark string, taken map[string]bool) (string, error) {
	for range 1000 {
		cand := markPrefix(p, mark) + strconv.FormatUint(uint64(rand.Uint32()), 10)
		if taken[cand] {
			continue
		}
		if _, err := os.Lstat(abs(dir, cand)); errors.Is(err, fs.ErrNotExist) {
			return cand, nil
		} else if err != nil {
			return "", err
		}
	}
	return "", fmt.Errorf("no free name for a backup of %s", abs(dir, p))
}

// abs is the path of the relative slash path p in dir.
func abs(dir, p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }

// paths are the paths that j moves files to or from.
func (j *journal) paths() []string {
	var ps []string
	for _, n := range j.New {
		ps = append(ps, n.Path)
	}
	for _, o := range j.Old {
		ps = append(ps, o.Path)
	}
	return ps
}

// syncDirs syncs dir and every directory of paths in it.
func syncDirs(dir string, paths []string) {
	seen := map[string]bool{}
	for _, p := range append(paths, ".") {
		d := path.Dir(p)
		if !seen[d] {
			seen[d] = true
			syncDir(abs(dir, d))
		}
	}
}

// syncDir makes the renames in dir durable where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// pruneDirs removes the directories of paths, and their parents below dir,
// that are empty.
func pruneDirs(dir string, paths []string) {
	for _, p := range paths {
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if os.Remove(abs(dir, d)) != nil {
				break // not empty, or not there
			}
		}
	}
}

// prepare is Create's look at dir, under the lock: it rolls back the commit
// of a run that died while committing (see undo), reads the manifest, and
// removes the temporary and backup files that runs which did not finish
// left at the top of dir (leftoverName, legacyTemp); never any other file.
// It returns the manifest's files and a line for each file it restored or
// removed.
func prepare(dir string) (owned, done []string, err error) {
	j, err := readJournal(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("a run died while replacing the files in %s, and its journal %s cannot be read (%v): the earlier run's files are the .*%s* files; restore them by hand and remove the journal",
			dir, abs(dir, journalFile), err, bakMark)
	}
	if j != nil {
		u := undo(dir, j)
		if len(u.mixed) > 0 {
			return nil, nil, fmt.Errorf("a run died while replacing the files in %s, and restoring the earlier run's failed (%v): %s", dir, u.err, strings.Join(u.mixed, "; "))
		}
		for _, p := range u.restored {
			done = append(done, "restored "+p+" (a run died while replacing it)")
		}
		for _, p := range u.removed {
			done = append(done, "removed "+p+" (written by a run that died while committing)")
		}
		for _, p := range u.temps {
			done = append(done, "removed "+p)
		}
	}
	if owned, err = readManifest(dir); err != nil {
		return nil, nil, fmt.Errorf("%w (a file budgetx did not write? move it away to go on)", err)
	}
	legacy := map[string]bool{}
	for _, n := range knownNames() {
		legacy[n] = true
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range ents {
		name := e.Name()
		m := legacyTemp.FindStringSubmatch(name)
		if !e.Type().IsRegular() || !leftoverName.MatchString(name) && (m == nil || !legacy[m[1]]) {
			continue
		}
		if err := remove(abs(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("removing a file an unfinished run left: %w", err)
		}
		done = append(done, "removed "+name)
	}
	return owned, done, nil
}
