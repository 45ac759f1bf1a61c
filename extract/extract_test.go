package extract

import (
	"context"
	"errors"
	"testing"

	"github.com/budgetx/budgetx/model"
)

func TestFormatOf(t *testing.T) {
	for in, want := range map[string]model.Format{
		"a.docx": model.FormatDOCX, "B.PDF": model.FormatPDF, "dir/c.txt": model.FormatText,
		"d.doc": "", "e.xlsx": "", "noext": "",
	} {
		if got := FormatOf(in); got != want {
			t.Errorf("FormatOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadUnsupported(t *testing.T) {
	for _, p := range []string{"x.xls", "y.pdf"} { // a PDF with no PDF reader configured is unsupported too
		_, err := Read(context.Background(), p, Options{})
		var pe *model.Error
		if !errors.Is(err, model.ErrUnsupported) || !errors.As(err, &pe) || pe.File != p {
			t.Errorf("Read(%q): want a positioned ErrUnsupported, got %v", p, err)
		}
	}
}

func TestReadDispatches(t *testing.T) {
	doc, err := Read(context.Background(), "../fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt", Options{})
	if err != nil || doc.Format != model.FormatText || len(doc.Blocks) == 0 {
		t.Fatalf("text: %v", err)
	}
	called := false
	_, err = Read(context.Background(), "z.pdf", Options{PDF: func(ctx context.Context, path string) (*model.Document, error) {
		called = true
		return &model.Document{Path: path, Format: model.FormatPDF}, nil
	}})
	if err != nil || !called {
		t.Fatalf("pdf reader not called: %v", err)
	}
}
