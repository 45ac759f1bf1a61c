package extract

import (
	"errors"
	"os"
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

// The bytes say the format; the extension only where they do not.
func TestFormatFor(t *testing.T) {
	cases := []struct {
		path string
		data string
		want model.Format
	}{
		{"a.docx", "%PDF-1.7\n", model.FormatPDF},
		{"a.pdf", "PK\x03\x04rest", model.FormatDOCX},
		{"a.txt", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", model.FormatDOCX},
		{"a.pdf", "<!DOCTYPE html>", model.FormatPDF},
		{"a.txt", "表1 收支总表", model.FormatText},
		{"a.xls", "x", ""},
	}
	for _, c := range cases {
		if got := FormatFor(c.path, []byte(c.data)); got != c.want {
			t.Errorf("FormatFor(%q, %q) = %q, want %q", c.path, c.data, got, c.want)
		}
	}
}

func TestReadBytesErrors(t *testing.T) {
	cases := []struct {
		path string
		data []byte
		lim  model.Limits
		want error
	}{
		{"x.xls", []byte("x"), model.Limits{}, model.ErrUnsupported},
		{"x.txt", nil, model.Limits{}, model.ErrEmpty},
		{"x.txt", []byte("0123456789"), model.Limits{InputBytes: 5}, model.ErrLimit},
	}
	for _, c := range cases {
		_, err := ReadBytes(c.path, c.data, c.lim)
		var pe *model.Error
		if !errors.Is(err, c.want) || !errors.As(err, &pe) || pe.File != c.path {
			t.Errorf("ReadBytes(%q): want a positioned %v, got %v", c.path, c.want, err)
		}
	}
}

func TestReadBytesDispatches(t *testing.T) {
	const seed = "../../fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt"
	data, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ReadBytes(seed, data, model.Limits{})
	if err != nil || doc.Format != model.FormatText || len(doc.Blocks) == 0 {
		t.Fatalf("text: %v", err)
	}
	const pdfFile = "../../fixtures/real/shenzhen-minzhengju-2026-budget.pdf"
	data, err = os.ReadFile(pdfFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err = ReadBytes(pdfFile, data, model.Limits{})
	if err != nil || doc.Format != model.FormatPDF || doc.Pages == 0 {
		t.Fatalf("pdf: %v", err)
	}
}
