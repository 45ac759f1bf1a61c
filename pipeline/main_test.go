package pipeline

import (
	"os"
	"testing"

	"github.com/budgetx/budgetx/extract/pdf"
)

// TestMain lets the test binary serve as the PDF-parsing child process,
// as the real command does.
func TestMain(m *testing.M) {
	pdf.ChildMain()
	os.Exit(m.Run())
}
