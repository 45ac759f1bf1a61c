//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package progress

import (
	"io"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// Terminal reports whether w is a terminal the live line can be drawn on,
// and its width in columns (0 if the terminal does not say). w must be a
// file (os.Stderr); a TERM of "dumb" (no "\x1b[K") is no terminal.
func Terminal(w io.Writer) (ok bool, width int) {
	c, isConn := w.(syscall.Conn)
	if !isConn || os.Getenv("TERM") == "dumb" {
		return false, 0
	}
	rc, err := c.SyscallConn()
	if err != nil {
		return false, 0
	}
	var ws *unix.Winsize
	var werr error
	if err := rc.Control(func(fd uintptr) { ws, werr = unix.IoctlGetWinsize(int(fd), unix.TIOCGWINSZ) }); err != nil || werr != nil {
		return false, 0
	}
	return true, int(ws.Col)
}
