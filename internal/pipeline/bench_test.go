package pipeline

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/budgetx/budgetx/internal/emit"
)

// BenchmarkPipelineSeedDOCX runs the whole pipeline (read, normalize,
// checks, JSONL + Parquet) on the seed DOCX, one document per iteration.
// scripts/bench.sh reports documents per second and peak memory.
func BenchmarkPipelineSeedDOCX(b *testing.B) {
	benchFiles(b, []string{"../../fixtures/docx/hebei-hengshui-sthjj-2024-budget.docx"})
}

// BenchmarkPipelineSeedText is the same on the flattened text form.
func BenchmarkPipelineSeedText(b *testing.B) {
	benchFiles(b, []string{"../../fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt"})
}

func benchFiles(b *testing.B, files []string) {
	b.ReportAllocs()
	out := b.TempDir()
	cfg := Config{Out: filepath.Join(out, "o"), Formats: emit.Formats{JSONL: true, Parquet: true}, Workers: 1}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Run(context.Background(), files, cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(files))/b.Elapsed().Seconds(), "docs/s")
}
