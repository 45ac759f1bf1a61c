package budgetx

import (
	"context"
	"testing"
)

// BenchmarkExtract is one call on the seed text: in a worker reused from
// the previous call, in this process, and in a worker started for the
// call (the first call of a program, or one after the workers went idle).
func BenchmarkExtract(b *testing.B) {
	for _, c := range []struct {
		name string
		opts []Option
		cold bool
	}{
		{"worker", nil, false},
		{"inprocess", []Option{WithIsolation(InProcess)}, false},
		{"worker-cold", nil, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if c.cold {
					b.StopTimer()
					closePools()
					b.StartTimer()
				}
				if _, err := Extract(context.Background(), seed, c.opts...); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// closePools stops every worker.
func closePools() {
	poolsMu.Lock()
	defer poolsMu.Unlock()
	for k, p := range pools {
		p.Close()
		delete(pools, k)
	}
}
