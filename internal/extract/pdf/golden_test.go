package pdf

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden compares each document read from the real PDFs and the
// sample with testdata/golden/<name>.golden (see model.Document.Dump for the format).
// Run with -update to rewrite them, and say why in the commit.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(realDir, "*.pdf"))
	if len(files) == 0 {
		t.Fatalf("no real PDFs in %s (../shared/real beside the repository)", realDir)
	}
	files = append(files, sample)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".pdf")
		t.Run(name, func(t *testing.T) {
			golden := filepath.Join("testdata", "golden", name+".golden")
			doc, err := ReadFileInProcess(f)
			got := ""
			if err != nil {
				got = "error: " + err.Error() + "\n"
			} else {
				got = doc.Dump(0)
			}
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if got != string(want) {
				gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
				for i := 0; i < len(gl) || i < len(wl); i++ {
					var g, w string
					if i < len(gl) {
						g = gl[i]
					}
					if i < len(wl) {
						w = wl[i]
					}
					if g != w {
						t.Fatalf("%s differs at line %d:\n got %s\nwant %s", golden, i+1, g, w)
					}
				}
			}
		})
	}
}
