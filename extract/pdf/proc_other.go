//go:build !linux

package pdf

import "os/exec"

// setProcessGroup is a no-op where there are no process groups; the
// default cancellation kills the child itself.
func setProcessGroup(cmd *exec.Cmd) {}

// setAddressLimit is a no-op where there is no RLIMIT_AS; the Go soft limit
// still applies.
func setAddressLimit(n int64) error { return nil }
