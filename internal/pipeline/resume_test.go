package pipeline

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/budgetx/budgetx/internal/emit"
)

// envRunner makes the test binary a process that runs the pipeline into
// a dataset (the files and the output in the environment), for a test to
// kill.
const envRunner = "PIPELINE_TEST_RUNNER"

func TestMain(m *testing.M) {
	if os.Getenv(envRunner) != "" {
		files := strings.Split(os.Getenv("PIPELINE_TEST_FILES"), "\n")
		cfg := Config{Out: os.Getenv("PIPELINE_TEST_OUT"), Layout: LayoutDataset, Formats: emit.Formats{JSONL: true, Parquet: true},
			Workers: 2, Version: "test", BatchDocs: 2, CompactParts: 3}
		if _, err := Run(context.Background(), files, cfg); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// A run killed at random moments (while reading, while a batch is
// committed, while the index is written, while parts are compacted) and
// run again until it finishes gives the dataset a clean run gives, record
// for record.
func TestResumeAfterKill(t *testing.T) {
	dir, files := corpusFiles(t)
	// more documents: copies of the seed with bytes of their own
	seed, _ := os.ReadFile(files[len(files)-1])
	for _, f := range files {
		if strings.HasSuffix(f, ".txt") {
			seed, _ = os.ReadFile(f)
		}
	}
	for i := range 12 {
		p := filepath.Join(dir, fmt.Sprintf("seed-copy-%02d.txt", i))
		os.WriteFile(p, append(append([]byte{}, seed...), []byte(strings.Repeat("\n", i+1))...), 0o644)
		files = append(files, p)
	}
	clean := filepath.Join(t.TempDir(), "clean")
	runDataset(t, clean, files, Config{BatchDocs: 2, CompactParts: 3})

	out := filepath.Join(t.TempDir(), "killed")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	runOnce := func(kill time.Duration) (finished bool) {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), envRunner+"=1", "PIPELINE_TEST_OUT="+out, "PIPELINE_TEST_FILES="+strings.Join(files, "\n"))
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("run failed: %v: %s", err, stderr.String())
			}
			return true
		case <-time.After(kill):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			return false
		}
	}
	kills := 0
	for range 20 {
		// kill anywhere in the first seconds of a run: early runs die
		// mid-way, later ones have less left to do and may finish
		if runOnce(time.Duration(100+rng.IntN(1500)) * time.Millisecond) {
			break
		}
		kills++
	}
	for !runOnce(time.Minute) {
	}
	if kills < 3 {
		t.Logf("only %d runs were killed before one finished", kills)
	}
	if d := takeSnapshot(t, out).diff(takeSnapshot(t, clean)); d != "" {
		t.Errorf("after %d kills, the dataset differs from a clean run's:\n%s", kills, d)
	}
	if ents, _ := os.ReadDir(filepath.Join(out, ".budgetx", "staging")); len(ents) != 0 {
		t.Errorf("staging left behind: %v", ents)
	}
	t.Logf("%d kills", kills)
}
