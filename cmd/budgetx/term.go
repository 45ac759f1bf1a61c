package main

import (
	"context"
	"errors"
	"syscall"

	"github.com/budgetx/budgetx/internal/progress"
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

// term makes s safe to print as one line on a terminal (progress.Sanitize).
func term(s string) string { return progress.Sanitize(s) }
