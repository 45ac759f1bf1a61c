package pdf

import (
	"errors"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
)

// The error class of whole files, in process: no panic leaves.
func TestReadFileErrors(t *testing.T) {
	for _, tc := range []struct {
		path  string
		want  error
		words []string
	}{
		{"testdata/malformed/readme.notpdf", model.ErrMalformed, nil},
		{"testdata/malformed/truncated-objstm.pdf", model.ErrMalformed, nil},
		{"testdata/image-only.pdf", model.ErrNoText, nil},
		{"../../../testdata/failing/beijing-zhengwu-2026-budget-narrative-scanned.pdf", model.ErrNoText, []string{"8 pages", "OCR"}},
	} {
		_, err := ReadFileInProcess(tc.path)
		var me *model.Error
		if !errors.Is(err, tc.want) || !errors.As(err, &me) || me.File != tc.path {
			t.Errorf("%s: err = %v, want a positioned %v", tc.path, err, tc.want)
			continue
		}
		for _, w := range tc.words {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: message %q lacks %q", tc.path, err, w)
			}
		}
	}
}
