//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package progress

import "io"

// Terminal reports whether w is a terminal the live line can be drawn on,
// and its width. Here it never is: the progress is written as lines.
func Terminal(w io.Writer) (ok bool, width int) { return false, 0 }
