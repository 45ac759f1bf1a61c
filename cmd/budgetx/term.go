package main

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"syscall"
	"unicode"
)

// signalError is the cause of a context a signal cancelled.
type signalError struct{ sig syscall.Signal }

func (e signalError) Error() string {
	switch e.sig {
	case syscall.SIGINT:
		return "interrupted (SIGINT)"
	case syscall.SIGTERM:
		return "terminated (SIGTERM)"
	}
	return "stopped by " + e.sig.String()
}

// interrupted reports whether ctx was cancelled by a signal, and the exit
// code for it.
func interrupted(ctx context.Context) (int, bool) {
	var se signalError
	if ctx.Err() == nil || !errors.As(context.Cause(ctx), &se) {
		return 0, false
	}
	return 128 + int(se.sig), true
}

// term makes s safe to print as one line on a terminal: control
// characters (an escape sequence or a line end in a file name) and invalid
// UTF-8 are written as Go escapes.
func term(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == unicode.ReplacementChar && !strings.HasPrefix(s[i:], "\uFFFD"):
			b.WriteString(`\x` + strconv.FormatUint(uint64(s[i]), 16))
		case unsafeRune(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return (unicode.IsControl(r) || r == unicode.ReplacementChar ||
		r == '\u2028' || r == '\u2029' || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069'))
}

// terminalWriter writes lines to w as term makes them: each Write is one
// line, its final line end kept.
type terminalWriter struct{ w io.Writer }

func (t terminalWriter) Write(p []byte) (int, error) {
	s, nl := strings.CutSuffix(string(p), "\n")
	s = term(s)
	if nl {
		s += "\n"
	}
	if _, err := io.WriteString(t.w, s); err != nil {
		return 0, err
	}
	return len(p), nil
}
