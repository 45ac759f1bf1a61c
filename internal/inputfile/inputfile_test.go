package inputfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/budgetx/budgetx/model"
)

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "f.pdf")
	syscall.Mkfifo(fifo, 0o644)
	empty := filepath.Join(dir, "e.txt")
	os.WriteFile(empty, nil, 0o644)
	big := filepath.Join(dir, "b.txt")
	os.WriteFile(big, make([]byte, 100), 0o644)
	dangling := filepath.Join(dir, "d.txt")
	os.Symlink(filepath.Join(dir, "nothing"), dangling)
	loop := filepath.Join(dir, "l.txt")
	os.Symlink(loop, loop)
	cases := []struct {
		path  string
		want  error
		words string
	}{
		{fifo, model.ErrNotRegular, "named pipe"},
		{"/dev/zero", model.ErrNotRegular, "character device"},
		{dir, model.ErrNotRegular, "directory"},
		{empty, model.ErrEmpty, "0 bytes"},
		{big, model.ErrLimit, "100, more than the limit of 50"},
		{dangling, model.ErrIO, "dangling"},
		{loop, model.ErrIO, "link loop"},
		{filepath.Join(dir, "missing"), model.ErrIO, "no such file"},
	}
	for _, c := range cases {
		f, _, err := Open(c.path, 50)
		if f != nil {
			f.Close()
		}
		var me *model.Error
		if !errors.Is(err, c.want) || !errors.As(err, &me) || me.File != c.path || !strings.Contains(err.Error(), c.words) {
			t.Errorf("Open(%s): %v, want %v with %q", c.path, err, c.want, c.words)
		}
	}
}

func TestReadAll(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.txt")
	os.WriteFile(p, []byte("0123456789"), 0o644)
	if b, err := ReadAll(p, 10); err != nil || string(b) != "0123456789" {
		t.Errorf("ReadAll: %q, %v", b, err)
	}
	if _, err := ReadAll(p, 9); !errors.Is(err, model.ErrLimit) {
		t.Errorf("ReadAll over the limit: %v", err)
	}
	if _, err := ReadLimited("r", strings.NewReader("0123456789"), 9); !errors.Is(err, model.ErrLimit) {
		t.Errorf("ReadLimited over the limit: %v", err)
	}
}
