// Command peakrss runs a command and reports its wall time and the peak
// resident memory of the command's process and of its process tree (the
// process and its descendants: budgetx and its workers), for benchmarks
// (scripts/bench/corpus.sh). Linux only (it reads /proc).
//
//	peakrss [-interval 20ms] [-o FILE] -- CMD [ARG...]
//
// It prints one line, to FILE or to stderr:
//
//	wall_s=12.34 cpu_s=20.1 main_cpu_s=2.5 main_kib=81234 tree_kib=190000 child_kib=60000 samples=617 exit=0 at_peak_kib=70000,60000,60000
//
// cpu_s is the processor time (user and system) of the process and of the
// descendants it waited for: on a busy machine a steadier measure of the
// work done than the wall time; main_cpu_s the process's own, at the last
// sample.
// main_kib is the process's own peak (its VmHWM, read at every sample:
// exact but for the last interval of its life; getrusage cannot say, as it
// counts the largest of the process and the children it waited for);
// child_kib the largest peak of one descendant (its VmHWM, likewise);
// tree_kib the largest sum, over the samples, of the resident memory of
// the process and its descendants at one moment, and at_peak_kib the
// resident memory of each of them at that moment. The command's standard
// streams are peakrss's; its exit code is reported, and is peakrss's.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	interval := flag.Duration("interval", 20*time.Millisecond, "time between two samples of the process tree")
	outPath := flag.String("o", "", "write the result line to `FILE` (default stderr)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: peakrss [-interval D] [-o FILE] -- CMD [ARG...]")
		os.Exit(2)
	}
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		os.Exit(2)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var tree, child, own int64
	var atPeak []int64  // the resident memory of each process at the tree's peak
	var mainTicks int64 // the process's own processor time, at the last sample
	samples := 0
	tick := time.NewTicker(*interval)
	var werr error
loop:
	for {
		select {
		case werr = <-done:
			break loop
		case <-tick.C:
			sum, hwm, self, parts := sample(cmd.Process.Pid)
			if sum > tree {
				atPeak = parts
			}
			tree, child, own = max(tree, sum), max(child, hwm), max(own, self)
			if t := cpuTicks(cmd.Process.Pid); t > 0 {
				mainTicks = t
			}
			samples++
		}
	}
	wall := time.Since(start)
	code := 0
	var ee *exec.ExitError
	if errors.As(werr, &ee) {
		code = ee.ExitCode()
	} else if werr != nil {
		fmt.Fprintln(os.Stderr, "peakrss:", werr)
		code = 2
	}
	mainKiB := own
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && own == 0 {
		mainKiB = ru.Maxrss // a run too short to be sampled: KiB on Linux, an upper bound
	}
	tree = max(tree, mainKiB)
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	var ps []string
	for _, p := range atPeak {
		ps = append(ps, strconv.FormatInt(p, 10))
	}
	line := fmt.Sprintf("wall_s=%.3f cpu_s=%.3f main_cpu_s=%.2f main_kib=%d tree_kib=%d child_kib=%d samples=%d exit=%d at_peak_kib=%s\n",
		wall.Seconds(), cpu.Seconds(), float64(mainTicks)/100, mainKiB, tree, child, samples, code, strings.Join(ps, ","))
	var w io.Writer = os.Stderr
	if *outPath != "" {
		f, err := os.Create(*outPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, "peakrss:", err)
			os.Exit(2)
		}
		defer f.Close()
		w = f
	}
	io.WriteString(w, line)
	if f, ok := w.(*os.File); ok && f != os.Stderr {
		f.Close()
	}
	os.Exit(code)
}

// sample returns the resident memory (KiB) of pid and its descendants
// together, the largest peak (VmHWM) of one descendant, and the peak of pid.
func sample(pid int) (sum, childHWM, self int64, parts []int64) {
	parent := map[int]int{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if pp, ok := ppid(p); ok {
			parent[p] = pp
		}
	}
	in := func(p int) bool { // p is pid or one of its descendants
		for range 64 {
			if p == pid {
				return true
			}
			pp, ok := parent[p]
			if !ok || pp <= 1 {
				return false
			}
			p = pp
		}
		return false
	}
	for p := range parent {
		if !in(p) {
			continue
		}
		rss, hwm := status(p)
		sum += rss
		parts = append(parts, rss)
		if p != pid {
			childHWM = max(childHWM, hwm)
		} else {
			self = hwm
		}
	}
	return sum, childHWM, self, parts
}

// cpuTicks reads the processor time p used so far (user and system, in
// clock ticks of 1/100 s) from /proc/p/stat.
func cpuTicks(p int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p) + "/stat")
	if err != nil {
		return 0
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return u + s
}

// ppid reads the parent of p from /proc/p/stat.
func ppid(p int) (int, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p) + "/stat")
	if err != nil {
		return 0, false
	}
	// pid (comm) state ppid ...: comm may hold spaces and parentheses
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 2 {
		return 0, false
	}
	pp, err := strconv.Atoi(f[1])
	return pp, err == nil
}

// status reads VmRSS and VmHWM (KiB) of p.
func status(p int) (rss, hwm int64) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p) + "/status")
	if err != nil {
		return 0, 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		switch k {
		case "VmRSS", "VmHWM":
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if k == "VmRSS" {
				rss = n
			} else {
				hwm = n
			}
		}
	}
	return rss, hwm
}
