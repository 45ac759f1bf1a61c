package progress

import (
	"math"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func at(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestRatesNeedEnoughData(t *testing.T) {
	m := meter{window: 30 * time.Second, min: minRecent, before: t0}
	m.add(at(1), 1)
	m.add(at(2), 1)
	if _, _, ok := m.rates(at(10)); ok {
		t.Fatal("a rate from 2 documents")
	}
	q := meter{window: 30 * time.Second, min: minRecent, before: t0}
	for i := 1; i <= 5; i++ {
		q.add(at(0.1*float64(i)), 1)
	}
	if _, _, ok := q.rates(at(0.5)); ok {
		t.Fatal("a rate from half a second")
	}
	r := meter{window: 30 * time.Second, min: minRecent, before: t0}
	for i := 1; i <= 5; i++ {
		r.add(at(0.2*float64(i)), 1)
	}
	if d, p, ok := r.rates(at(1)); !ok || !near(d, 5) || !near(p, 5) {
		t.Fatalf("5 documents in the first second: %v %v %v", d, p, ok)
	}
	// Steady until the usual gap (0.2 s) has passed, then falling.
	if d, _, _ := r.rates(at(1.2)); !near(d, 5) {
		t.Fatalf("at 1.2 s: %v docs/s, want 5", d)
	}
	if d, _, _ := r.rates(at(2.2)); !near(d, 2.5) {
		t.Fatalf("at 2.2 s: %v docs/s, want 5 in 2 s", d)
	}
}

func TestRatesFollowTheCurrentSpeed(t *testing.T) {
	m := meter{window: 30 * time.Second, min: minRecent, before: t0}
	for i := 1; i <= 60; i++ { // 1 a second for a minute
		m.add(at(float64(i)), 2)
	}
	if d, p, _ := m.rates(at(60.5)); !near(d, 1) || !near(p, 2) {
		t.Fatalf("at 60 s: %v docs/s, %v pages/s, want 1 and 2", d, p)
	}
	for i := 1; i <= 120; i++ { // then 4 a second for 30 s
		m.add(at(60+float64(i)/4), 0)
	}
	d, p, _ := m.rates(at(90))
	if !near(d, 4) || !near(p, 0) {
		t.Fatalf("at 90 s: %v docs/s, %v pages/s, want 4 and 0 (the last 30 s only)", d, p)
	}
	if e, ok := eta(400, d); !ok || e != 100*time.Second {
		t.Fatalf("ETA of 400 at 4/s: %v %v", e, ok)
	}
	// Nothing for 20 s: the rate falls, the ETA grows.
	d, _, _ = m.rates(at(110))
	if !near(d, 40/29.75) {
		t.Fatalf("after 20 s stalled: %v docs/s, want 40 in 29.75 s (from 80 s, the last before the window, to 110 s less the usual gap)", d)
	}
	if len(m.ev) > 121+minRecent+1 {
		t.Fatalf("%d events kept", len(m.ev))
	}
}

func TestRatesOfSlowDocuments(t *testing.T) {
	// One document a minute: the window holds at most one, so the rate
	// is taken over the last 10.
	m := meter{window: 30 * time.Second, min: minRecent, before: t0}
	for i := 1; i <= 20; i++ {
		m.add(at(60*float64(i)), 100)
	}
	d, p, ok := m.rates(at(1200))
	if !ok || !near(d, 1.0/60) || !near(p, 100.0/60) {
		t.Fatalf("%v docs/s, %v pages/s, want 1/60 and 100/60", d, p)
	}
	if e, ok := eta(30, d); !ok || e != 30*time.Minute {
		t.Fatalf("ETA %v %v, want 30m", e, ok)
	}
	if len(m.ev) != minRecent+1 {
		t.Fatalf("%d events kept, want %d", len(m.ev), minRecent+1)
	}
}

func TestETA(t *testing.T) {
	for _, tc := range []struct {
		left int
		rate float64
		want time.Duration
		ok   bool
	}{
		{90, 1, 90 * time.Second, true},
		{4588, 8.3, 9*time.Minute + 13*time.Second, true},
		{0, 0, 0, true},
		{-3, 1, 0, true},
		{5, 0, 0, false},
		{5, math.NaN(), 0, false},
		{1e9, 0.01, 0, false},
	} {
		if got, ok := eta(tc.left, tc.rate); got != tc.want || ok != tc.ok {
			t.Errorf("eta(%d, %v) = %v %v, want %v %v", tc.left, tc.rate, got, ok, tc.want, tc.ok)
		}
	}
}

func TestFormats(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", 400 * time.Millisecond: "0s", 45 * time.Second: "45s", 59500 * time.Millisecond: "1m00s",
		9*time.Minute + 12*time.Second: "9m12s", 2*time.Hour + 5*time.Minute + 40*time.Second: "2h05m",
		-time.Second: "0s", 150 * time.Hour: "150h00m",
	} {
		if got := fmtDuration(d); got != want {
			t.Errorf("fmtDuration(%v) = %q, want %q", d, got, want)
		}
	}
	for x, want := range map[float64]string{0.05: "0.05", 0.5: "0.50", 8.33: "8.3", 96.4: "96", 1234.5: "1234"} {
		if got := fmtRate(x); got != want {
			t.Errorf("fmtRate(%v) = %q, want %q", x, got, want)
		}
	}
}
