package emit

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
)

// outFile is one output file being written under a temporary name in the
// output directory, renamed to its final name by commit.
type outFile struct {
	final string        // the final path
	tmp   string        // the temporary path
	f     *os.File      // the temporary file; nil once closed
	bw    *bufio.Writer // buffering for JSON Lines; nil for Parquet
}

// filePerm is the mode of a finished output file.
const filePerm = 0o644

// jsonlBuffer is the write buffer of a JSON Lines file.
const jsonlBuffer = 64 << 10

func createOut(dir, name string, buffered bool) (*outFile, error) {
	f, err := os.CreateTemp(dir, "."+name+".tmp-*")
	if err != nil {
		return nil, err
	}
	o := &outFile{final: filepath.Join(dir, name), tmp: f.Name(), f: f}
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

// commit renames the finished file into place.
func (o *outFile) commit() error { return os.Rename(o.tmp, o.final) }

// discard closes the temporary file if open and removes it.
func (o *outFile) discard() {
	if o.f != nil {
		o.f.Close()
		o.f = nil
	}
	os.Remove(o.tmp)
}
