package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/budgetx/budgetx/model"
)

func TestDiscover(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("docs/b.txt", "b")
	write("docs/a.pdf", "a")
	write("docs/notes.md", "skipped: not a document")
	if err := syscall.Mkfifo(filepath.Join(dir, "docs", "c.docx"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(dir, "none"), 0o755)
	link := filepath.Join(dir, "link.txt")
	os.Symlink(a, link)

	in, dups := Discover([]string{filepath.Join(dir, "docs"), a, link, filepath.Join(dir, "missing.pdf"), filepath.Join(dir, "none")})
	var got []string
	for _, i := range in {
		s := strings.TrimPrefix(i.Path, dir+"/")
		if i.Err != nil {
			s += " ! " + model.ErrorClass(i.Err)
		}
		got = append(got, s)
	}
	want := []string{"docs/a.pdf", "docs/b.txt", "docs/c.docx", "missing.pdf", "none ! empty"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("inputs %q, want %q", got, want)
	}
	if len(dups) != 2 || dups[0].Path != a || dups[1].Path != link || dups[0].SameAs != filepath.Join(dir, "docs/b.txt") {
		t.Errorf("duplicates %+v", dups)
	}
}
