//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package emit

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
)

// startChild starts this test binary as a child run (see TestMain).
func startChild(t *testing.T, role, dir string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), append(env, childEnv+"="+role, childDirEnv+"="+dir)...)
	cmd.Stderr = os.Stderr
	return cmd
}

// TestLockOfADeadRun: a run in another process holds the lock, and Create
// fails naming its pid; once it is killed (SIGKILL: no deferred function,
// no cleanup), the lock is free, and the next Create removes the temporary
// files it left.
func TestLockOfADeadRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	cmd := startChild(t, "hold", dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	if line, err := bufio.NewReader(stdout).ReadString('\n'); line != "ready\n" {
		t.Fatalf("child: %q, %v", line, err)
	}
	_, err = Create(dir, both)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "(pid "+strconv.Itoa(cmd.Process.Pid)+")") {
		t.Fatalf("Create while another process writes: %v, want ErrLocked naming pid %d", err, cmd.Process.Pid)
	}
	cmd.Process.Kill()
	cmd.Wait()
	temps := 0
	for _, name := range listDir(t, dir) {
		if leftoverName.MatchString(name) {
			temps++
		}
	}
	if temps == 0 {
		t.Fatal("the killed run left no temporary file: nothing is tested")
	}

	w, err := Create(dir, both)
	if err != nil {
		t.Fatalf("Create after the holder died: %v", err)
	}
	defer w.Abort()
	if got := len(w.Recovered()); got != temps {
		t.Errorf("Recovered: %d lines, want one for each of %d temporary files: %q", got, temps, w.Recovered())
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := listDir(t, dir), finalNames(); !slices.Equal(got, want) {
		t.Errorf("files:\n%v\nwant\n%v", got, want)
	}
}

// TestCrashMidCommit: a run in another process dies while it replaces the
// earlier run's files, setting them aside or putting its own in place; the
// next Create restores the earlier run's set exactly.
func TestCrashMidCommit(t *testing.T) {
	old, _ := writeSample(t, both)
	before := snapshot(t, old)
	// Step 1 puts the journal in place, steps 2 to n+1 set aside the n files
	// of the earlier run, and steps n+2 to n+m+1 put the m new ones in place.
	n, m := len(before), len(model.TableTypes)+3
	for _, step := range []int{3, n + 1, n + 2, n + m + 1} {
		t.Run(fmt.Sprint("step ", step), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			if err := os.CopyFS(dir, os.DirFS(old)); err != nil {
				t.Fatal(err)
			}
			cmd := startChild(t, "crash", dir, childStepEnv+"="+strconv.Itoa(step))
			var ee *exec.ExitError
			if err := cmd.Run(); !errors.As(err, &ee) || ee.ExitCode() != crashCode {
				t.Fatalf("child: %v, want exit status %d", err, crashCode)
			}
			if _, err := os.Stat(abs(dir, journalFile)); err != nil {
				t.Fatalf("the child died with no journal: %v", err)
			}
			w, err := Create(dir, both)
			if err != nil {
				t.Fatal(err)
			}
			rec := strings.Join(w.Recovered(), "\n")
			w.Abort()
			if !strings.Contains(rec, "restored ") {
				t.Errorf("Recovered does not say what it restored:\n%s", rec)
			}
			if d := diffSets(snapshot(t, dir), before); d != "" {
				t.Errorf("after the next Create: %s", d)
			}
		})
	}
}
