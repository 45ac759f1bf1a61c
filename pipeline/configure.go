package pipeline

import (
	"context"

	"github.com/budgetx/budgetx/checks"
	"github.com/budgetx/budgetx/extract/pdf"
	"github.com/budgetx/budgetx/model"
)

// Configure wires the stages every real run uses into cfg: every
// document's own arithmetic is checked (package checks), and PDF files are
// parsed in a child process bounded by cfg.PDF (the program must call
// pdf.ChildMain first thing in main, and tests in TestMain). The command and
// the golden tests call it, so both run the same pipeline.
func Configure(cfg *Config) {
	cfg.Check = func(res *model.Result) { checks.Run(res, res.Narrative) }
	opt := cfg.PDF
	cfg.Read.PDF = func(ctx context.Context, path string) (*model.Document, error) {
		return pdf.ReadFile(ctx, path, opt)
	}
}
