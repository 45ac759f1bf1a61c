package progress

import (
	"bytes"
	"fmt"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

func TestTerminal(t *testing.T) {
	t.Setenv("TERM", "xterm-256color")
	if ok, _ := Terminal(&bytes.Buffer{}); ok {
		t.Error("a buffer is a terminal")
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	if ok, _ := Terminal(pw); ok {
		t.Error("a pipe is a terminal")
	}

	// A pseudo-terminal 123 columns wide.
	ptm, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer ptm.Close()
	if err := unix.IoctlSetPointerInt(int(ptm.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(ptm.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	pts, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer pts.Close()
	if err := unix.IoctlSetWinsize(int(pts.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 40, Col: 123}); err != nil {
		t.Fatal(err)
	}
	if ok, w := Terminal(pts); !ok || w != 123 {
		t.Errorf("a pty of 123 columns: %v %d", ok, w)
	}
	t.Setenv("TERM", "dumb")
	if ok, _ := Terminal(pts); ok {
		t.Error("TERM=dumb is a terminal")
	}
}
