package pipeline

import (
	"context"

	"github.com/budgetx/budgetx/extract/pdf"
	"github.com/budgetx/budgetx/model"
)

// Configure wires the stages every real run uses into cfg: PDF files are
// parsed in a child process bounded by cfg.PDF (the program must call
// pdf.ChildMain first thing in main, and tests in TestMain). The command and
// the golden tests call it, so both run the same pipeline.
func Configure(cfg *Config) {
	opt := cfg.PDF
	cfg.Read.PDF = func(ctx context.Context, path string) (*model.Document, error) {
		return pdf.ReadFile(ctx, path, opt)
	}
}
