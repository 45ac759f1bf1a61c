package progress

import (
	"fmt"
	"math"
	"sort"
	"time"
)

const (
	// minRecent is how many of the last documents the rates take at
	// least, when fewer finished in the window (slow documents).
	minRecent = 10
	// minDocs documents processed over at least minSpan are needed
	// before there is a rate (and an ETA).
	minDocs = 3
	minSpan = time.Second
)

// meter measures the rate of processed documents and their pages over a
// sliding window.
type meter struct {
	window time.Duration
	min    int       // at least this many of the last events are taken
	before time.Time // the last event dropped, or the run's start
	ev     []event   // recent events, oldest first
	total  int       // events ever
}

type event struct {
	t     time.Time
	pages int
}

// add records a document processed at t (in time order).
func (m *meter) add(t time.Time, pages int) {
	m.ev = append(m.ev, event{t, pages})
	m.total++
	// Drop the events older than the window but the last of them (it
	// bounds the span of the ones after it), keeping at least min+1.
	cut := t.Add(-m.window)
	i := 0
	for i < len(m.ev)-(m.min+1) && !m.ev[i+1].t.After(cut) {
		i++
	}
	if i > 0 {
		m.before = m.ev[i-1].t
		m.ev = m.ev[i:]
	}
}

// rates returns documents and pages per second at now. It takes the
// events of the last window, or the last min events when fewer are in the
// window (slow documents), over the time from the event before them to
// the last one: steady between two documents, whatever the moment of
// asking. When nothing has finished for longer than the usual gap between
// two documents, the span runs on with the clock (less the usual gap, so
// the rate does not jump), and the rate falls. ok is false until minDocs
// documents were processed over at least minSpan.
func (m *meter) rates(now time.Time) (docs, pages float64, ok bool) {
	if m.total < minDocs || len(m.ev) == 0 {
		return 0, 0, false
	}
	cut := now.Add(-m.window)
	k := sort.Search(len(m.ev), func(i int) bool { return m.ev[i].t.After(cut) })
	if len(m.ev)-k < m.min {
		k = max(len(m.ev)-m.min, 0)
	}
	n := len(m.ev) - k
	since := m.before
	if k > 0 {
		since = m.ev[k-1].t
	}
	lastT := m.ev[len(m.ev)-1].t
	gap := lastT.Sub(since) / time.Duration(n)
	end := lastT
	if late := now.Add(-gap); late.After(end) {
		end = late
	}
	span := end.Sub(since)
	if span < minSpan {
		return 0, 0, false
	}
	p := 0
	for _, e := range m.ev[k:] {
		p += e.pages
	}
	sec := span.Seconds()
	return float64(n) / sec, float64(p) / sec, true
}

// maxETA is the longest time left worth showing.
const maxETA = 1000 * time.Hour

// eta is the time left for remaining documents at rate documents a second;
// false when it cannot be told (no speed, or too long to mean anything).
func eta(remaining int, rate float64) (time.Duration, bool) {
	if remaining <= 0 {
		return 0, true
	}
	if rate <= 0 || math.IsNaN(rate) || math.IsInf(rate, 0) {
		return 0, false
	}
	sec := float64(remaining) / rate
	if sec > maxETA.Seconds() {
		return 0, false
	}
	return time.Duration(sec * float64(time.Second)).Round(time.Second), true
}

// fmtDuration writes d as 45s, 9m12s or 2h05m.
func fmtDuration(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	switch {
	case s < 0:
		s = 0
		fallthrough
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	return fmt.Sprintf("%dh%02dm", s/3600, s%3600/60)
}

// fmtRate writes a rate with two significant digits or more: 0.25, 8.3, 96.
func fmtRate(x float64) string {
	switch {
	case x < 1:
		return fmt.Sprintf("%.2f", x)
	case x < 10:
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.0f", x)
}
