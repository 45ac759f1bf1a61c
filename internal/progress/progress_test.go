package progress

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// The tests run in synctest bubbles: time.Now, the Reporter's timer and
// time.Sleep share a fake clock, which moves only when every goroutine of
// the bubble waits, so each test sees the same output on every run.

func okLine(path string) Line {
	return Line{Path: path, Status: OK, Pages: 10, Records: 7,
		Text: "ok   " + path + ": 2 tables, 7 records, 0 repairs, checks 4 run / 4 passed / 0 rounding / 0 mismatch / 0 skipped"}
}

func step(d time.Duration) {
	time.Sleep(d)
	synctest.Wait()
}

func TestTerminalDrawsAndRedrawsInPlace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out buffer
		r := New(&out, Options{Terminal: true, Width: 100, Total: 10})
		defer r.Close("")
		r.Start("in/a.pdf")
		if got := out.String(); got != "" {
			t.Fatalf("drawn within the first 100 ms: %q", got)
		}
		step(100 * time.Millisecond)
		if got, want := out.String(), "\r  0/10 docs  0s  0 failed  ETA —  reading a.pdf\x1b[K"; got != want {
			t.Fatalf("first draw\n got %q\nwant %q", got, want)
		}
		// A document finishes every second, from t = 1 s.
		time.Sleep(900 * time.Millisecond)
		for i := 1; i <= 5; i++ {
			r.Done(okLine(fmt.Sprintf("in/%d.pdf", i)))
			step(time.Second)
		}
		// At 6 s: 5 documents in 5 s, 50 pages, 5 left.
		f := frames(out.String())
		if got, want := last(t, f), "  5/10 docs  6s  1.0 docs/s  10 pages/s  0 failed  ETA 5s  reading a.pdf"; got != want {
			t.Fatalf("live line at 6 s\n got %q\nwant %q", got, want)
		}
		// Every draw is "\r" + line + "\x1b[K": nothing else on the line.
		if rest := frameRE.ReplaceAllString(out.String(), ""); rest != "" {
			t.Fatalf("output besides live lines: %q", rest)
		}
		// Drawn again only when the text changes: once for each
		// document and once for each second of elapsed time, at most.
		for i := 1; i < len(f); i++ {
			if f[i] == f[i-1] {
				t.Fatalf("the same line drawn twice: %q", f)
			}
		}
		if len(f) > 13 {
			t.Fatalf("%d draws in 6 s for 5 documents: %q", len(f), f)
		}
		if err := r.Close("budgetx: 5 documents"); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(out.String(), "\x1b[K\r\x1b[Kbudgetx: 5 documents\n") {
			t.Fatalf("Close does not clear the live line before the final line: %q", out.String())
		}
		lines, live := screen(t, out.String())
		if len(lines) != 1 || lines[0] != "budgetx: 5 documents" || live != "" {
			t.Fatalf("screen after Close: %q, live line %q", lines, live)
		}
	})
}

func TestTerminalThrottlesRedraws(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out buffer
		r := New(&out, Options{Terminal: true, Width: 100, Total: 2000})
		defer r.Close("")
		for i := range 1000 { // one document a millisecond for a second
			r.Start(fmt.Sprint(i))
			r.Done(Line{Path: fmt.Sprint(i), Status: OK})
			time.Sleep(time.Millisecond)
		}
		synctest.Wait()
		n := len(frames(out.String()))
		if n > 10 || n < 8 {
			t.Fatalf("%d draws in a second of 1000 documents, want about 10 (one per 100 ms)", n)
		}
		if out.Writes() != n {
			t.Fatalf("%d writes for %d draws", out.Writes(), n)
		}
		r.Close("")
	})
}

func TestTerminalUpdatesWhileNothingFinishes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out buffer
		r := New(&out, Options{Terminal: true, Width: 100, Total: 3})
		defer r.Close("")
		r.Start("big.pdf")
		step(12 * time.Second)
		f := frames(out.String())
		if got, want := last(t, f), "  0/3 docs  12s  0 failed  ETA —  reading big.pdf (12s)"; got != want {
			t.Fatalf("live line after 12 s idle\n got %q\nwant %q", got, want)
		}
		// Redrawn when the text changes (each second), not every 100 ms.
		if len(f) < 12 || len(f) > 14 {
			t.Fatalf("%d draws in 12 idle seconds, want one a second: %q", len(f), f)
		}
		r.Close("")
	})
}

func TestTerminalPrintsFailuresAboveTheLiveLine(t *testing.T) {
	for _, verbose := range []bool{false, true} {
		t.Run(fmt.Sprint("verbose=", verbose), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var out buffer
				r := New(&out, Options{Terminal: true, Width: 80, Total: 6, Verbose: verbose})
				defer r.Close("")
				r.Start("a.pdf")
				r.Start("b.pdf")
				step(200 * time.Millisecond)
				r.Done(okLine("a.pdf"))
				r.Done(Line{Path: "b.pdf", Status: Failed, Err: errors.New("b.pdf: cannot read the file: no such file")})
				r.Done(Line{Path: "c.doc", Status: Failed, Err: errors.New("the worker was killed")})
				r.Done(Line{Path: "d.pdf", Status: Partial, Text: "part d.pdf: 1 tables"})
				r.Done(Line{Path: "e.pdf", Status: Skipped})
				r.Note("note out: a half-written run was cleared")
				lines, live := screen(t, out.String())
				want := []string{
					"FAIL b.pdf: cannot read the file: no such file",
					"FAIL c.doc: the worker was killed",
					"part d.pdf: 1 tables",
					"note out: a half-written run was cleared",
				}
				if verbose {
					want = []string{
						okLine("a.pdf").Text,
						want[0], want[1], want[2],
						"note e.pdf: already in the dataset, skipped",
						want[3],
					}
				}
				if strings.Join(lines, "\n") != strings.Join(want, "\n") {
					t.Fatalf("lines above the live line\n got %q\nwant %q", lines, want)
				}
				if wantLive := "  5/6 docs  0s  2 failed  1 partial  1 skipped  ETA —"; live != wantLive {
					t.Fatalf("live line\n got %q\nwant %q", live, wantLive)
				}
				// Each permanent line replaces the live line and draws it
				// again, in one write.
				if !strings.Contains(out.String(), "\r\x1b[KFAIL b.pdf: cannot read the file: no such file\n\r  ") {
					t.Fatalf("a failure is not printed in place of the live line: %q", out.String())
				}
				r.Close("budgetx: 5 documents (2 failed, 1 partial)")
				lines, live = screen(t, out.String())
				if lines[len(lines)-1] != "budgetx: 5 documents (2 failed, 1 partial)" || live != "" {
					t.Fatalf("after Close: %q, live %q", lines, live)
				}
			})
		})
	}
}

func TestTerminalLineFitsTheWidth(t *testing.T) {
	const name = "/data/深圳市/深圳市财政局2024年部门预算公开说明书.pdf"
	for _, tc := range []struct {
		width int
		want  string
	}{
		{100, "  0/10 docs  0s  0 failed  ETA —  reading 深圳市财政局2024年部门预算公开说明书.pdf"},
		{60, "  0/10 docs  0s  0 failed  ETA —  reading 深圳市财政局….pdf"},
		{40, "  0/10 docs  0s  0 failed  ETA —"},
		{20, "  0/10 docs  0s  0…"},
	} {
		t.Run(fmt.Sprint(tc.width), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var out buffer
				r := New(&out, Options{Terminal: true, Width: tc.width, Total: 10})
				defer r.Close("")
				r.Start(name)
				step(100 * time.Millisecond)
				got := last(t, frames(out.String()))
				if got != tc.want {
					t.Errorf("width %d\n got %q\nwant %q", tc.width, got, tc.want)
				}
				if w := Width(got); w > tc.width-1 {
					t.Errorf("width %d: the live line takes %d columns", tc.width, w)
				}
				r.Close("")
			})
		})
	}
}

func TestTerminalSanitizesNames(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out buffer
		r := New(&out, Options{Terminal: true, Width: 200, Total: 2})
		defer r.Close("")
		evil := "x\x1b]0;owned\x07\x1b[2J\n.pdf"
		r.Start(evil)
		step(100 * time.Millisecond)
		r.Done(Line{Path: evil, Status: Failed, Err: errors.New("bad\x1b[31m\r\nthing")})
		r.Note("note \u202eevil\n")
		lines, live := screen(t, out.String()) // fails on any other escape
		want := []string{`FAIL x\x1b]0;owned\a\x1b[2J\n.pdf: bad\x1b[31m\r\nthing`, `note \u202eevil`}
		if strings.Join(lines, "\n") != strings.Join(want, "\n") {
			t.Fatalf("got %q\nwant %q", lines, want)
		}
		if !strings.Contains(out.String(), `reading x\x1b]0;owned\a\x1b[2J\n.pdf`) {
			t.Fatalf("the live line does not name the file sanitized: %q", out.String())
		}
		_ = live
		r.Close("")
	})
}

func TestPlainPrintsFinishingOrderAndSummaries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out buffer
		r := New(&out, Options{Total: 5})
		defer r.Close("")
		r.Start("a.pdf")
		step(time.Second)
		r.Done(okLine("c.pdf")) // documents finish in any order
		step(time.Second)
		r.Done(Line{Path: "a.pdf", Status: Failed, Pages: 10, Records: 7, Err: errors.New("a.pdf: cannot read the file: no such file")})
		step(time.Second)
		r.Done(Line{Path: "b.pdf", Status: Partial, Pages: 10, Records: 7, Text: "part b.pdf: 1 tables\n"})
		r.Note("note d.pdf: the same file as c.pdf, read once")
		step(27 * time.Second)
		// 3 documents, the last at 3 s, usually 1 s apart: at 30 s the
		// span is 29 s (the clock less the usual gap), 2 left at 3/29 a
		// second is 19 s.
		want := okLine("c.pdf").Text + "\n" +
			"FAIL a.pdf: cannot read the file: no such file\n" +
			"part b.pdf: 1 tables\n" +
			"note d.pdf: the same file as c.pdf, read once\n" +
			"progress: 3/5 documents in 30s, 0.10 docs/s, 1.0 pages/s, 21 records, 1 failed, 1 partial, ETA 19s\n"
		if got := out.String(); got != want {
			t.Fatalf("after 30 s\n got %q\nwant %q", got, want)
		}
		step(30 * time.Second)
		want += "progress: 3/5 documents in 1m00s, 0.05 docs/s, 0.51 pages/s, 21 records, 1 failed, 1 partial, ETA 39s\n"
		if got := out.String(); got != want {
			t.Fatalf("after 60 s\n got %q\nwant %q", got, want)
		}
		r.Close("budgetx: 3 documents")
		if got := out.String(); got != want+"budgetx: 3 documents\n" {
			t.Fatalf("after Close: %q", got)
		}
	})
}

func TestPlainSummaryPeriodAndNever(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out, never buffer
		r := New(&out, Options{Every: 5 * time.Second})
		defer r.Close("")
		n := New(&never, Options{Every: -1})
		step(16 * time.Second)
		r.Done(okLine("a.pdf"))
		n.Done(okLine("a.pdf"))
		step(4 * time.Second)
		want := "progress: 0 documents in 5s, 0 records, 0 failed\n" +
			"progress: 0 documents in 10s, 0 records, 0 failed\n" +
			"progress: 0 documents in 15s, 0 records, 0 failed\n" +
			okLine("a.pdf").Text + "\n" +
			"progress: 1 documents in 20s, 7 records, 0 failed\n"
		if got := out.String(); got != want {
			t.Fatalf("every 5 s\n got %q\nwant %q", got, want)
		}
		if got := never.String(); got != okLine("a.pdf").Text+"\n" {
			t.Fatalf("Every < 0 printed %q", got)
		}
		r.Close("")
		n.Close("")
	})
}

func TestQuietPrintsOnlyFailuresAndTheFinalLine(t *testing.T) {
	for _, terminal := range []bool{false, true} {
		synctest.Test(t, func(t *testing.T) {
			var out buffer
			r := New(&out, Options{Quiet: true, Terminal: terminal, Verbose: true, Total: 5})
			defer r.Close("")
			r.Start("a.pdf")
			r.Done(okLine("a.pdf"))
			step(time.Second)
			r.Done(Line{Path: "b.pdf", Status: Failed, Err: errors.New("timeout")})
			r.Done(Line{Path: "c.pdf", Status: Partial, Text: "part c.pdf: 1 tables"})
			r.Done(Line{Path: "d.pdf", Status: Skipped})
			r.Done(Line{Path: "e.pdf", Status: Duplicate})
			r.Note("note out: recovered")
			step(2 * time.Minute)
			r.Close("budgetx: 5 documents (1 failed, 1 partial)")
			want := "FAIL b.pdf: timeout\npart c.pdf: 1 tables\nbudgetx: 5 documents (1 failed, 1 partial)\n"
			if got := out.String(); got != want {
				t.Fatalf("terminal %v\n got %q\nwant %q", terminal, got, want)
			}
		})
	}
}

func TestCloseStopsDrawingAndLaterLinesStillPrint(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out buffer
		r := New(&out, Options{Terminal: true, Total: 2})
		defer r.Close("")
		step(time.Second)
		r.Close("final")
		r.Close("again") // a second Close prints nothing
		before := out.String()
		step(5 * time.Second)
		if out.String() != before {
			t.Fatalf("drawn after Close: %q", strings.TrimPrefix(out.String(), before))
		}
		r.Done(Line{Path: "late.pdf", Status: Failed, Err: errors.New("late")})
		if got := strings.TrimPrefix(out.String(), before); got != "FAIL late.pdf: late\n" {
			t.Fatalf("a failure after Close: %q", got)
		}
		lines, live := screen(t, out.String())
		if strings.Join(lines, "|") != "final|FAIL late.pdf: late" || live != "" {
			t.Fatalf("screen %q, live %q", lines, live)
		}
	})
}

// failing fails the writes whose numbers (from 1) are in fail.
type failing struct {
	buffer
	n    int
	fail map[int]bool
	got  []string
}

var errDisk = errors.New("write /dev/stderr: broken pipe")

func (f *failing) Write(p []byte) (int, error) {
	f.n++
	f.got = append(f.got, string(p))
	if f.fail[f.n] {
		return len(p) / 2, errDisk // half a line went out
	}
	return f.buffer.Write(p)
}

func TestWriteErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := &failing{fail: map[int]bool{2: true}}
		r := New(w, Options{Terminal: true, Total: 3})
		defer r.Close("")
		step(100 * time.Millisecond)                                      // write 1: the live line
		r.Done(Line{Path: "a.pdf", Status: Failed, Err: errors.New("x")}) // write 2 fails
		r.Done(Line{Path: "b.pdf", Status: Failed, Err: errors.New("y")}) // write 3
		if len(w.got) != 3 || !strings.HasPrefix(w.got[2], "\r\x1b[KFAIL b.pdf: y\n") {
			t.Fatalf("after a failed write the line is not cleared first: %q", w.got)
		}
		if err := r.Close("end"); !errors.Is(err, errDisk) {
			t.Fatalf("Close returned %v, want the write error", err)
		}
		if last := w.got[len(w.got)-1]; last != "\r\x1b[Kend\n" {
			t.Fatalf("the final write is %q", last)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		fail := map[int]bool{}
		for i := range 1000 {
			fail[i] = true
		}
		for _, o := range []Options{{Terminal: true}, {Every: time.Second}, {Quiet: true}} {
			w := &failing{fail: fail}
			r := New(w, o)
			defer r.Close("")
			r.Start("a")
			step(3 * time.Second)
			r.Done(Line{Path: "a", Status: Failed})
			r.Note("n")
			if err := r.Close("end"); !errors.Is(err, errDisk) {
				t.Fatalf("%+v: Close returned %v", o, err)
			}
		}
	})
}

// TestConcurrentUse runs on the real clock, with workers calling at once;
// run it under -race.
func TestConcurrentUse(t *testing.T) {
	const workers, each = 8, 250
	run := func(t *testing.T, o Options) (string, *Reporter) {
		var out buffer
		r := New(&out, o)
		defer r.Close("")
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					p := fmt.Sprintf("doc-%d-%d.pdf", w, i)
					r.Start(p)
					if i%10 == 0 {
						r.Done(Line{Path: p, Status: Failed, Err: errors.New("bad")})
					} else {
						r.Done(Line{Path: p, Status: OK, Pages: 3, Text: "ok   " + p + ": 1 tables"})
					}
					if i%50 == 0 {
						r.Note("note " + p)
						time.Sleep(time.Millisecond)
					}
				}
			}()
		}
		wg.Wait()
		if err := r.Close("budgetx: done"); err != nil {
			t.Fatal(err)
		}
		return out.String(), r
	}
	t.Run("plain", func(t *testing.T) {
		out, _ := run(t, Options{Total: workers * each, Every: time.Millisecond})
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		re := regexp.MustCompile(`^(ok   doc-\d-\d+\.pdf: 1 tables|FAIL doc-\d-\d+\.pdf: bad|note doc-\d-\d+\.pdf|progress: \d+/2000 documents in .*)$`)
		docs := 0
		for _, l := range lines[:len(lines)-1] {
			if !re.MatchString(l) {
				t.Fatalf("a line broken by concurrent writes: %q", l)
			}
			if !strings.HasPrefix(l, "progress:") && !strings.HasPrefix(l, "note") {
				docs++
			}
		}
		if docs != workers*each || lines[len(lines)-1] != "budgetx: done" {
			t.Fatalf("%d document lines, last line %q", docs, lines[len(lines)-1])
		}
	})
	t.Run("terminal", func(t *testing.T) {
		out, _ := run(t, Options{Terminal: true, Total: workers * each, Redraw: time.Millisecond})
		lines, live := screen(t, out)
		fails := 0
		for _, l := range lines {
			if strings.HasPrefix(l, "FAIL") {
				fails++
			}
		}
		if fails != workers*each/10 || live != "" || lines[len(lines)-1] != "budgetx: done" {
			t.Fatalf("%d failures, live %q, last %q", fails, live, lines[len(lines)-1])
		}
	})
}
