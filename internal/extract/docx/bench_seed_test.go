package docx

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/budgetx/budgetx/model"
)

// BenchmarkReadSeed reads the seed DOCX (fixtures/docx), whose main part is
// 2.9 MB of XML: the scanner, and encoding/xml as before it (Ref).
func BenchmarkReadSeed(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "fixtures", "docx", "hebei-hengshui-sthjj-2024-budget.docx"))
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range []struct {
		name string
		read func(string, []byte, model.Limits) (*model.Document, error)
	}{{"Scanner", Read}, {"Ref", readRef}} {
		b.Run(r.name, func(b *testing.B) {
			b.ReportAllocs()
			start, ok := cpuTime()
			for b.Loop() {
				if _, err := r.read("seed.docx", data, model.Limits{}); err != nil {
					b.Fatal(err)
				}
			}
			// On a busy machine the time per op says little; the CPU
			// time per op more.
			if end, ok2 := cpuTime(); ok && ok2 {
				b.ReportMetric(float64(end-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
			}
		})
	}
}
