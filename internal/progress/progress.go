// Package progress reports a run's progress over many documents on
// stderr, in one of three modes chosen when the Reporter is made:
//
//   - Terminal: one live status line at the bottom, redrawn in place
//     ("\r", the line, then "\x1b[K" to erase what an older, longer line
//     left) at most once per Options.Redraw (100 ms), also while nothing
//     finishes (a timer keeps the elapsed time and the ETA current), never
//     wider than the terminal (CJK characters count two columns):
//
//     412/5000 docs  1m05s  8.3 docs/s  96 pages/s  3 failed  12 skipped  ETA 9m12s  reading 深圳市….pdf
//
//     Failed and partial documents and notes are printed as permanent
//     lines above it (the live line is cleared, the line printed, the live
//     line redrawn, in one write). ok, skipped and duplicate documents
//     only move the counts, unless Options.Verbose.
//
//   - Plain (a log file, CI): every finished document's line and every
//     note, in finishing order, and every Options.Every (30 s) a summary:
//
//     progress: 412/5000 documents in 1m05s, 8.3 docs/s, 96 pages/s, 3 failed, ETA 9m12s
//
//   - Quiet: only failed and partial documents' lines and the final line.
//
// Rates are taken over the documents finished in the last Options.Window
// (30 s), or over the last 10 documents when fewer finished in it, so that
// the ETA follows the current speed; they fall when nothing finishes for
// longer than usual. Skipped and duplicate documents count as done but
// not in the rates. Until 3 documents were processed over at least a
// second, there is no rate and the ETA is "—".
//
// All text is passed through Sanitize: a file name cannot move the cursor
// or end a line. A Reporter is safe for concurrent use; each event is one
// Write on the writer, made under the Reporter's lock, so lines never
// interleave. A failed write is kept (Close returns it) and the next write
// clears the line first, so no half-drawn line is left behind.
//
// The Reporter reads the time with time.Now and ticks with time.Ticker;
// there is no clock to pass. Tests fake both with testing/synctest, as
// this package's do; a test that compares a whole plain output sets
// Options.Every to -1.
//
// Use:
//
//	term, width := progress.Terminal(os.Stderr)
//	r := progress.New(os.Stderr, progress.Options{Terminal: term, Width: width, Quiet: quiet, Total: len(inputs)})
//	// from any goroutine:
//	r.Start(path)
//	r.Done(progress.Line{Path: path, Status: progress.OK, Text: summaryLine(res), Pages: pages, Records: n})
//	r.Note("note out: …")
//	// at the end, or on the way out after an interrupt:
//	err := r.Close("budgetx: 26 documents (3 failed, 0 partial), 13024 records, 348 issues → out")
package progress

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
)

// Status is a finished document's outcome.
type Status int

const (
	OK        Status = iota // read and written
	Partial                 // read, but standard tables named were not typed
	Failed                  // not read; Line.Err says why
	Skipped                 // already in the dataset, not read again
	Duplicate               // the same content as another input, read once
)

func (s Status) String() string {
	switch s {
	case OK:
		return "ok"
	case Partial:
		return "partial"
	case Failed:
		return "failed"
	case Skipped:
		return "skipped"
	case Duplicate:
		return "duplicate"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Line is one finished document.
type Line struct {
	Path   string
	Status Status
	// Text is the line printed for the document, without its line end,
	// e.g. "ok   a.pdf: 210 tables, 1098 records, …" or "FAIL a.pdf: …".
	// When empty, a short line is made from Status, Path and Err.
	Text    string
	Pages   int // pages read (PDF); 0 otherwise
	Records int
	Err     error // why the document failed
}

// Options configure a Reporter. The zero value is a plain reporter with
// the defaults.
type Options struct {
	// Terminal selects the live line: w is a terminal that understands
	// "\r" and "\x1b[K" (see Terminal).
	Terminal bool
	// Width is the terminal's width in columns; <= 0 means 80. The live
	// line uses at most Width-1 columns, so that no terminal wraps it.
	Width int
	// Quiet prints only failed and partial documents and the final line.
	// It wins over Terminal and Verbose.
	Quiet bool
	// Verbose also prints ok, skipped and duplicate documents' lines above
	// the live line on a terminal (they are always printed in plain mode).
	Verbose bool
	// Total is the number of documents the run will report with Done;
	// 0 if unknown (no ETA).
	Total int
	// Redraw is the least time between two draws of the live line, and
	// the period of the timer that redraws it while nothing finishes;
	// 0 means 100 ms.
	Redraw time.Duration
	// Every is the period of the summary line in plain mode; 0 means 30 s,
	// < 0 never (for tests that compare a run's whole output).
	Every time.Duration
	// Window is how far back the rates look; 0 means 30 s.
	Window time.Duration
}

const (
	defaultWidth  = 80
	defaultRedraw = 100 * time.Millisecond
	defaultEvery  = 30 * time.Second
	defaultWindow = 30 * time.Second
	// slowAfter is how long the document on the live line has been read
	// before its time is shown.
	slowAfter = 10 * time.Second
)

type mode int

const (
	modePlain mode = iota
	modeTerminal
	modeQuiet
)

// Reporter reports a run's progress. Make one with New, and Close it.
type Reporter struct {
	w     io.Writer
	mode  mode
	width int
	opt   Options

	stop     chan struct{} // closed by Close to stop the timer
	loopDone chan struct{} // closed when the timer's goroutine has returned
	once     sync.Once

	mu       sync.Mutex
	start    time.Time
	meter    meter
	done     int // documents finished, of every status
	counts   [Duplicate + 1]int
	records  int
	pages    int
	inflight map[string]time.Time // path → when Start was called
	drawn    bool                 // a live line may be on the screen
	lastText string               // the live line last drawn
	lastDraw time.Time
	closed   bool
	err      error // the first write error
}

// New returns a Reporter writing to w (normally stderr). In terminal and
// plain mode it starts a timer, which Close stops.
func New(w io.Writer, o Options) *Reporter {
	if o.Width <= 0 {
		o.Width = defaultWidth
	}
	if o.Redraw <= 0 {
		o.Redraw = defaultRedraw
	}
	if o.Every == 0 {
		o.Every = defaultEvery
	}
	if o.Window <= 0 {
		o.Window = defaultWindow
	}
	now := time.Now()
	r := &Reporter{
		w:        w,
		width:    o.Width,
		opt:      o,
		stop:     make(chan struct{}),
		loopDone: make(chan struct{}),
		start:    now,
		meter:    meter{window: o.Window, min: minRecent, before: now},
		inflight: map[string]time.Time{},
		lastDraw: now, // nothing drawn in the first Redraw: a quick run shows no live line
	}
	var period time.Duration
	switch {
	case o.Quiet:
		r.mode = modeQuiet
	case o.Terminal:
		r.mode = modeTerminal
		period = o.Redraw
	default:
		r.mode = modePlain
		if o.Every > 0 {
			period = o.Every
		}
	}
	if period > 0 {
		go r.loop(period)
	} else {
		close(r.loopDone)
	}
	return r
}

func (r *Reporter) loop(period time.Duration) {
	defer close(r.loopDone)
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-t.C:
			r.tick()
		}
	}
}

// tick redraws the live line if it changed (terminal) or prints the
// periodic summary (plain).
func (r *Reporter) tick() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	now := time.Now()
	switch r.mode {
	case modeTerminal:
		if now.Sub(r.lastDraw) >= r.opt.Redraw {
			if text := r.liveLine(now); text != r.lastText {
				r.write("\r" + text + "\x1b[K")
				r.lastText, r.lastDraw, r.drawn = text, now, true
			}
		}
	case modePlain:
		r.write(r.summary(now) + "\n")
	}
}

// Start says that the document at path is being read; the live line
// names the one read the longest. Calling it is optional.
func (r *Reporter) Start(path string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	if _, ok := r.inflight[path]; !ok {
		r.inflight[path] = now
	}
	r.changed(now)
}

// Done reports a finished document.
func (r *Reporter) Done(l Line) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	delete(r.inflight, l.Path)
	r.done++
	if l.Status >= 0 && int(l.Status) < len(r.counts) {
		r.counts[l.Status]++
	}
	r.records += l.Records
	r.pages += max(l.Pages, 0)
	switch l.Status {
	case Skipped, Duplicate: // no work done: not a measure of speed
	default:
		r.meter.add(now, max(l.Pages, 0))
	}
	if r.shows(l.Status) {
		r.permanent(now, lineText(l))
	} else {
		r.changed(now)
	}
}

// Note prints a note (a recovered file, a duplicate left out before the
// run) above the live line, or as a line of its own in plain mode; quiet
// mode drops it. It counts no document.
func (r *Reporter) Note(text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.mode == modeQuiet {
		return
	}
	r.permanent(time.Now(), text)
}

// Close stops the timer, clears the live line and prints final (if not
// empty) as the last line. It returns the first error the writer gave, if
// any. Lines reported after Close are still printed, without a live line.
func (r *Reporter) Close(final string) error {
	r.once.Do(func() {
		close(r.stop)
		<-r.loopDone
		r.mu.Lock()
		defer r.mu.Unlock()
		r.closed = true
		var b strings.Builder
		if r.drawn {
			b.WriteString("\r\x1b[K")
		}
		if final != "" {
			b.WriteString(clean(final) + "\n")
		}
		if b.Len() > 0 {
			r.write(b.String())
		}
		r.drawn = false
	})
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// shows reports whether a document of status s gets a line of its own.
func (r *Reporter) shows(s Status) bool {
	switch r.mode {
	case modePlain:
		return true
	case modeTerminal:
		return s == Failed || s == Partial || r.opt.Verbose
	}
	return s == Failed || s == Partial
}

// permanent prints text as a line that stays: on a terminal, in place of
// the live line, which is drawn again below it.
func (r *Reporter) permanent(now time.Time, text string) {
	var b strings.Builder
	if r.drawn {
		b.WriteString("\r\x1b[K")
	}
	b.WriteString(clean(text))
	b.WriteByte('\n')
	r.drawn = false
	if r.mode == modeTerminal && !r.closed {
		live := r.liveLine(now)
		b.WriteString("\r" + live + "\x1b[K")
		r.lastText, r.lastDraw, r.drawn = live, now, true
	}
	r.write(b.String())
}

// changed redraws the live line after a change in the counts, unless it
// was drawn less than Redraw ago (the timer then draws it).
func (r *Reporter) changed(now time.Time) {
	if r.mode != modeTerminal || r.closed || now.Sub(r.lastDraw) < r.opt.Redraw {
		return
	}
	if text := r.liveLine(now); text != r.lastText {
		r.write("\r" + text + "\x1b[K")
		r.lastText, r.lastDraw, r.drawn = text, now, true
	}
}

// write writes s, keeping the first error. After an error the screen is
// unknown, so a live line is assumed to be there, to be cleared next time.
func (r *Reporter) write(s string) {
	if _, err := io.WriteString(r.w, s); err != nil {
		if r.err == nil {
			r.err = err
		}
		if r.mode == modeTerminal {
			r.drawn = true
		}
	}
}

// clean makes text one safe line: one final line end dropped, the rest
// sanitized.
func clean(text string) string {
	text = strings.TrimSuffix(text, "\n")
	return Sanitize(strings.TrimSuffix(text, "\r"))
}

// lineText is the line printed for l.
func lineText(l Line) string {
	if l.Text != "" {
		return l.Text
	}
	switch l.Status {
	case OK:
		return "ok   " + l.Path
	case Partial:
		return "part " + l.Path
	case Failed:
		if l.Err == nil {
			return "FAIL " + l.Path
		}
		msg := l.Err.Error()
		if strings.HasPrefix(msg, l.Path+":") {
			return "FAIL " + msg // the error names the file
		}
		return "FAIL " + l.Path + ": " + msg
	case Skipped:
		return "note " + l.Path + ": already in the dataset, skipped"
	case Duplicate:
		return "note " + l.Path + ": the same content as another document, read once"
	}
	return l.Path
}

// snapshot is what the live line and the summary say.
type snapshot struct {
	done, total                          int
	failed, partial, skipped, duplicates int
	records, pages                       int
	elapsed                              time.Duration
	docsRate, pagesRate                  float64
	rated                                bool
	eta                                  time.Duration
	etaKnown                             bool
}

func (r *Reporter) snap(now time.Time) snapshot {
	s := snapshot{
		done: r.done, total: r.opt.Total,
		failed: r.counts[Failed], partial: r.counts[Partial],
		skipped: r.counts[Skipped], duplicates: r.counts[Duplicate],
		records: r.records, pages: r.pages,
		elapsed: now.Sub(r.start),
	}
	s.docsRate, s.pagesRate, s.rated = r.meter.rates(now)
	if s.rated && s.total > 0 {
		s.eta, s.etaKnown = eta(s.total-s.done, s.docsRate)
	}
	return s
}

// liveLine is the live status line at now, fitted to the terminal.
func (r *Reporter) liveLine(now time.Time) string {
	s := r.snap(now)
	var b strings.Builder
	if s.total > 0 {
		fmt.Fprintf(&b, "  %d/%d docs", s.done, s.total)
	} else {
		fmt.Fprintf(&b, "  %d docs", s.done)
	}
	b.WriteString("  " + fmtDuration(s.elapsed))
	if s.rated {
		b.WriteString("  " + fmtRate(s.docsRate) + " docs/s")
		if s.pages > 0 {
			b.WriteString("  " + fmtRate(s.pagesRate) + " pages/s")
		}
	}
	fmt.Fprintf(&b, "  %d failed", s.failed)
	if s.partial > 0 {
		fmt.Fprintf(&b, "  %d partial", s.partial)
	}
	if s.skipped > 0 {
		fmt.Fprintf(&b, "  %d skipped", s.skipped)
	}
	if s.duplicates > 0 {
		fmt.Fprintf(&b, "  %d duplicate", s.duplicates)
	}
	if s.total > 0 {
		if s.etaKnown {
			b.WriteString("  ETA " + fmtDuration(s.eta))
		} else {
			b.WriteString("  ETA —")
		}
	}
	cols := r.width - 1
	line := b.String()
	if path, since, ok := r.longestRead(); ok {
		const reading = "  reading "
		name := Sanitize(baseName(path))
		var slow string
		if d := now.Sub(since); d >= slowAfter {
			slow = " (" + fmtDuration(d) + ")"
		}
		if room := cols - Width(line) - Width(reading) - Width(slow); room >= 8 {
			line += reading + fitMiddle(name, room) + slow
		}
	}
	return fit(line, cols)
}

// longestRead is the document read the longest, of those started and not
// done.
func (r *Reporter) longestRead() (string, time.Time, bool) {
	if len(r.inflight) == 0 {
		return "", time.Time{}, false
	}
	paths := make([]string, 0, len(r.inflight))
	for p := range r.inflight {
		paths = append(paths, p)
	}
	sort.Slice(paths, func(i, j int) bool {
		ti, tj := r.inflight[paths[i]], r.inflight[paths[j]]
		if !ti.Equal(tj) {
			return ti.Before(tj)
		}
		return paths[i] < paths[j]
	})
	return paths[0], r.inflight[paths[0]], true
}

// summary is the periodic line of plain mode.
func (r *Reporter) summary(now time.Time) string {
	s := r.snap(now)
	var b strings.Builder
	if s.total > 0 {
		fmt.Fprintf(&b, "progress: %d/%d documents in %s", s.done, s.total, fmtDuration(s.elapsed))
	} else {
		fmt.Fprintf(&b, "progress: %d documents in %s", s.done, fmtDuration(s.elapsed))
	}
	if s.rated {
		b.WriteString(", " + fmtRate(s.docsRate) + " docs/s")
		if s.pages > 0 {
			b.WriteString(", " + fmtRate(s.pagesRate) + " pages/s")
		}
	}
	fmt.Fprintf(&b, ", %d records, %d failed", s.records, s.failed)
	if s.partial > 0 {
		fmt.Fprintf(&b, ", %d partial", s.partial)
	}
	if s.skipped > 0 {
		fmt.Fprintf(&b, ", %d skipped", s.skipped)
	}
	if s.duplicates > 0 {
		fmt.Fprintf(&b, ", %d duplicate", s.duplicates)
	}
	if s.total > 0 {
		if s.etaKnown {
			b.WriteString(", ETA " + fmtDuration(s.eta))
		} else {
			b.WriteString(", ETA —")
		}
	}
	return b.String()
}

// baseName is the last element of a slash- or backslash-separated path.
func baseName(p string) string {
	p = strings.TrimRight(p, `/\`)
	if i := strings.LastIndexAny(p, `/\`); i >= 0 && i+1 < len(p) {
		return p[i+1:]
	}
	return p
}
