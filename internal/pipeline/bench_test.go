package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/budgetx/budgetx/internal/checks"
	"github.com/budgetx/budgetx/internal/emit"
	"github.com/budgetx/budgetx/internal/extract"
	"github.com/budgetx/budgetx/internal/normalize"
	"github.com/budgetx/budgetx/model"
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
	cpu := startCPU()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Run(context.Background(), files, cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(files))/b.Elapsed().Seconds(), "docs/s")
	cpu.report(b, b.N*len(files))
}

// cpuMeter measures the CPU time a benchmark spends, workers included: on
// a busy machine wall time per document says little, CPU time more.
type cpuMeter struct {
	start time.Duration
	ok    bool
}

func startCPU() cpuMeter {
	t, ok := cpuTime()
	return cpuMeter{t, ok}
}

// report adds the metric cpu-ms/doc: the CPU time since startCPU over docs.
func (m cpuMeter) report(b *testing.B, docs int) {
	t, ok := cpuTime()
	if !m.ok || !ok || docs == 0 {
		return
	}
	b.ReportMetric(float64(t-m.start)/float64(time.Millisecond)/float64(docs), "cpu-ms/doc")
}

// BenchmarkInProcessSeedDOCX is the work of BenchmarkPipelineSeedDOCX
// without the worker process: read, normalize, check and write JSONL and
// Parquet in this process, one document per iteration. It is the path to
// profile (go test -cpuprofile) and the floor of the whole pipeline's
// time per document.
func BenchmarkInProcessSeedDOCX(b *testing.B) {
	benchInProcess(b, "../../fixtures/docx/hebei-hengshui-sthjj-2024-budget.docx")
}

func benchInProcess(b *testing.B, file string) {
	b.ReportAllocs()
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "o")
	lim := model.DefaultLimits()
	cpu := startCPU()
	b.ResetTimer()
	for b.Loop() {
		doc, err := extract.ReadBytes(file, data, lim)
		if err != nil {
			b.Fatal(err)
		}
		res, err := normalize.NormalizeLimited(doc, lim)
		if err != nil {
			b.Fatal(err)
		}
		checks.Run(res, res.Narrative)
		res.Narrative = nil
		w, err := emit.CreateWith(out, emit.Options{Formats: emit.Formats{JSONL: true, Parquet: true}})
		if err != nil {
			b.Fatal(err)
		}
		if err := w.WriteResult(res); err != nil {
			b.Fatal(err)
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
	cpu.report(b, b.N)
}
