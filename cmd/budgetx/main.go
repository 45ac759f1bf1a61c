// Command budgetx turns Chinese government budget disclosures (部门预算 and
// 部门决算, as .docx, .pdf or the flattened text form) into typed datasets:
// JSON Lines and Parquet per table type, as docs/SCHEMA.md says.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/budgetx/budgetx/extract/pdf"
)

func main() {
	pdf.ChildMain() // a PDF-parsing child process of an extract run: never returns
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
