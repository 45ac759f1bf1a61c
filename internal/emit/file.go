package emit

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
)

// outFile is one output file being written under a temporary name at the
// top of the output directory (see tmpMark), renamed to its final name by
// commit.
type outFile struct {
	rel   string        // the final path, relative to the output directory, with slashes
	final string        // the final path
	tmp   string        // the temporary path
	f     *os.File      // the temporary file; nil once closed
	bw    *bufio.Writer // buffering for JSON Lines; nil for Parquet
}

// filePerm is the mode of a finished output file.
const filePerm = 0o644

// jsonlBuffer is the write buffer of a JSON Lines file.
const jsonlBuffer = 64 << 10

// createOut creates the temporary file of rel (a relative slash path) in
// the output directory dir, and rel's directory if need be, so that the
// file can be renamed there.
func createOut(dir, rel string, buffered bool) (*outFile, error) {
	final := abs(dir, rel)
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, markPrefix(rel, tmpMark)+"*")
	if err != nil {
		return nil, err
	}
	o := &outFile{rel: rel, final: final, tmp: f.Name(), f: f}
	if buffered {
		o.bw = bufio.NewWriterSize(f, jsonlBuffer)
	}
	return o, nil
}

// Write writes p to the buffer (JSON Lines) or the file (Parquet, which
// buffers itself).
func (o *outFile) Write(p []byte) (int, error) {
	if o.bw != nil {
		return o.bw.Write(p)
	}
	return o.f.Write(p)
}

// finish flushes, syncs and closes the temporary file and gives it its final
// mode; it stays under its temporary name.
func (o *outFile) finish() error {
	var err error
	if o.bw != nil {
		err = o.bw.Flush()
	}
	err = errors.Join(err, o.f.Chmod(filePerm), o.f.Sync())
	err = errors.Join(err, o.f.Close())
	o.f = nil
	return err
}

// entry is o's line in the journal.
func (o *outFile) entry() newFile {
	return newFile{Path: o.rel, Tmp: filepath.Base(o.tmp)}
}

// discard closes the temporary file if open and removes it.
func (o *outFile) discard() {
	if o.f != nil {
		o.f.Close()
		o.f = nil
	}
	remove(o.tmp)
}
