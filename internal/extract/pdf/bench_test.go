package pdf

import (
	"path/filepath"
	"testing"
)

// BenchmarkReadRealPDFs reads every real PDF in process, page layer and
// layout, and reports pages per second. Files that fail (the scan) are
// skipped.
func BenchmarkReadRealPDFs(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(realDir, "*.pdf"))
	if len(files) == 0 {
		b.Fatalf("no real PDFs in %s (../shared/real beside the repository)", realDir)
	}
	var ok []string
	for _, f := range files {
		if _, err := ReadFileInProcess(f); err == nil {
			ok = append(ok, f)
		}
	}
	b.ResetTimer()
	pages := 0
	for b.Loop() {
		for _, f := range ok {
			doc, err := ReadFileInProcess(f)
			if err != nil {
				b.Fatal(err)
			}
			pages += doc.Pages
		}
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkReadBenchPDFs reads, in process, every PDF that
// scripts/bench/pdf.sh measures (fixtures/real, fixtures/pdf,
// ../shared/real-wide): the page layer and the layout. For profiles
// (-cpuprofile, -memprofile) of the reader alone.
func BenchmarkReadBenchPDFs(b *testing.B) {
	var files []string
	for _, dir := range []string{"../../../fixtures/real", "../../../fixtures/pdf", "../../../../shared/real-wide"} {
		fs, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
		if len(fs) == 0 {
			b.Fatalf("no PDFs in %s", dir)
		}
		files = append(files, fs...)
	}
	b.ReportAllocs()
	b.ResetTimer()
	pages := 0
	for b.Loop() {
		for _, f := range files {
			doc, err := ReadFileInProcess(f)
			if err != nil {
				b.Fatal(err)
			}
			pages += doc.Pages
		}
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}
