package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// command returns the test binary set up to run as budgetx.
func command(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), envMain+"=1")
	return cmd
}

// workersOf lists the live worker processes that parent started: those
// whose environment names it as their parent.
func workersOf(parent int) []int {
	var pids []int
	ents, _ := os.ReadDir("/proc")
	want := []byte("BUDGETX_WORKER_PARENT=" + strconv.Itoa(parent) + "\x00")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil || !bytes.Contains(env, want) {
			continue
		}
		if stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat")); err == nil {
			if i := bytes.LastIndexByte(stat, ')'); i > 0 && i+2 < len(stat) && stat[i+2] == 'Z' {
				continue // a zombie is dead
			}
		}
		pids = append(pids, pid)
	}
	return pids
}

// slowInputs makes n documents that each keep a worker busy for a
// second: the reference document nine times over, in the text form
// (inside every default limit).
func slowInputs(t *testing.T, n int) []string {
	t.Helper()
	data, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Repeat(data, 9)
	dir := t.TempDir()
	var files []string
	for i := range n {
		p := filepath.Join(dir, "copy"+strconv.Itoa(i)+".txt")
		if err := os.WriteFile(p, append(data, byte('0'+i)), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	return files
}

// startBusy starts budgetx on slow inputs and waits until a worker runs.
func startBusy(t *testing.T, out string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	var stderr bytes.Buffer
	cmd := command(append([]string{"extract", "--workers", "2", "--out", out}, slowInputs(t, 8)...)...)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if len(workersOf(cmd.Process.Pid)) > 0 {
			time.Sleep(300 * time.Millisecond) // into its document
			return cmd, &stderr
		}
	}
	cmd.Process.Kill()
	t.Fatalf("no worker started: %s", stderr.String())
	return nil, nil
}

// No worker outlives the command, however it ends.
func TestWorkersDieWithTheRun(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			cmd, stderr := startBusy(t, out)
			parent := cmd.Process.Pid
			cmd.Process.Signal(sig)
			start := time.Now()
			err := cmd.Wait()
			took := time.Since(start)
			// a worker that merely noticed its closed stdin would live on
			// for the rest of its document (most of a second): one killed
			// with its parent is gone in milliseconds
			for deadline := time.Now().Add(300 * time.Millisecond); len(workersOf(parent)) > 0 && time.Now().Before(deadline); {
				time.Sleep(20 * time.Millisecond)
			}
			if left := workersOf(parent); len(left) > 0 {
				for _, p := range left {
					syscall.Kill(p, syscall.SIGKILL)
				}
				t.Fatalf("workers %v outlived their parent (%v)", left, sig)
			}
			if sig == syscall.SIGKILL {
				return
			}
			// a signal the command handles: it stops at once, says why,
			// exits 128+n and leaves no file behind
			code := -1
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
			if want := 128 + int(sig); code != want {
				t.Errorf("exit %d, want %d: %s", code, want, stderr)
			}
			if took > 5*time.Second { // a hang guard: the issue asks for 2 s
				t.Errorf("stopping took %v", took)
			}
			if !strings.Contains(stderr.String(), "the batches committed are kept") || strings.Contains(stderr.String(), "context canceled") {
				t.Errorf("stderr: %s", stderr)
			}
			// the dataset keeps its index and its state; nothing staged
			ents, _ := os.ReadDir(out)
			for _, e := range ents {
				switch e.Name() {
				case "documents.jsonl", "issues.jsonl", ".budgetx":
				default:
					t.Errorf("left %s in the output directory", e.Name())
				}
			}
			if st, _ := os.ReadDir(filepath.Join(out, ".budgetx", "staging")); len(st) != 0 {
				t.Errorf("left a staged batch: %v", st)
			}
		})
	}
}
