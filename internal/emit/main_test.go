package emit

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"
)

// TestMain runs the tests, or, when the test binary is started by a test as
// a child process (childEnv set), plays a budgetx run that another process
// sees die.
func TestMain(m *testing.M) {
	switch role := os.Getenv(childEnv); role {
	case "":
		os.Exit(m.Run())
	case "hold", "crash":
		if err := child(role, os.Getenv(childDirEnv)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		os.Exit(0)
	default:
		fmt.Fprintf(os.Stderr, "unknown %s=%s\n", childEnv, role)
		os.Exit(2)
	}
}

const (
	childEnv     = "BUDGETX_EMIT_TEST_CHILD" // hold or crash
	childDirEnv  = "BUDGETX_EMIT_TEST_DIR"   // the output directory
	childStepEnv = "BUDGETX_EMIT_TEST_STEP"  // crash: the step of the commit to die at
	crashCode    = 7                         // the exit status of a child that died as told
)

// child writes the JSON Lines of the sample into dir. "hold" says "ready"
// on stdout once the files are being written, and waits to be killed;
// "crash" exits at the given step of the commit, without a rollback, as a
// killed run would.
func child(role, dir string) error {
	w, err := Create(dir, Formats{JSONL: true})
	if err != nil {
		return err
	}
	for _, res := range sampleResults() {
		if err := w.WriteResult(res); err != nil {
			return err
		}
	}
	if role == "hold" {
		fmt.Println("ready")
		time.Sleep(time.Minute)
		return errors.New("not killed")
	}
	stop, err := strconv.Atoi(os.Getenv(childStepEnv))
	if err != nil {
		return err
	}
	n := 0
	realRename := rename
	rename = func(a, b string) error {
		if n++; n == stop {
			os.Exit(crashCode)
		}
		return realRename(a, b)
	}
	return w.Close()
}
