package text

import (
	"errors"
	"testing"

	"github.com/budgetx/budgetx/model"
)

func TestReadRowsCellsParagraphs(t *testing.T) {
	src := "[bookmark: _Toc1]部门预算收支总表\n\tA\n\tB\nB2\n\n\tC\n\n\n \n\tD\n\npage number\nTitle 2\n\tE"
	doc, err := Read("x.txt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.Blocks {
		switch {
		case b.Para != nil:
			got = append(got, "P:"+b.Para.Text)
		case b.Table != nil:
			s := "T:"
			for _, r := range b.Table.Rows {
				s += "["
				for i, c := range r.Cells {
					if i > 0 {
						s += "|"
					}
					s += c.Text
				}
				s += "]"
			}
			got = append(got, s)
		}
	}
	want := []string{"P:部门预算收支总表", "T:[A|B\nB2][C]", "P: ", "T:[D]", "P:page number", "P:Title 2", "T:[E]"}
	if len(got) != len(want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("block %d: got %q want %q", i, got[i], want[i])
		}
	}
	if doc.Blocks[1].Table.Rows[1].Pos.Line != 6 {
		t.Errorf("row line = %d, want 6", doc.Blocks[1].Table.Rows[1].Pos.Line)
	}
	if doc.DocID == "" || doc.Format != model.FormatText {
		t.Errorf("identity not set: %+v", doc)
	}
}

func TestReadRejectsBinary(t *testing.T) {
	_, err := Read("bad.txt", []byte("ok\n\t\xff\xfe\n"))
	var pe *model.Error
	if !errors.As(err, &pe) || pe.Line != 2 || !errors.Is(err, model.ErrMalformed) {
		t.Fatalf("want positioned ErrMalformed at line 2, got %v", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte("T\n\tA\n\tB\n\n\tC\nmore\n\n"))
	f.Add([]byte("\t\n\n\n\t[bookmark: x]y"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read("f.txt", data)
		if err != nil {
			return
		}
		for _, b := range doc.Blocks {
			if (b.Para == nil) == (b.Table == nil) {
				t.Fatal("block must be a paragraph or a table")
			}
			if b.Table != nil {
				for _, r := range b.Table.Rows {
					if len(r.Cells) == 0 {
						t.Fatal("empty row")
					}
				}
			}
		}
	})
}
