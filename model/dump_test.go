package model

import "testing"

func TestDump(t *testing.T) {
	d := &Document{Blocks: []Block{
		{Para: &Paragraph{Text: "部门预算收入总表", Pos: Pos{Page: 2}}},
		{Table: &Table{Cols: 3, GridKnown: true, Pos: Pos{Page: 2}, Rows: []Row{
			{Header: true, Pos: Pos{Page: 2}, Cells: []Cell{{Text: "项目", Span: 2}, {Text: "金额"}}},
			{Pos: Pos{Page: 2}, Cells: []Cell{{Text: "一、\n收入"}, {VMerge: VMergeContinue, Col: 1}, {Text: "1.00", Col: 2}}},
		}}},
		{Para: &Paragraph{Text: "other page", Pos: Pos{Page: 3}}},
	}}
	want := "P2: 部门预算收入总表\nT p2 cols=3 rows=2 grid=true\n  Hp2| 项目<2> | 金额\n  p2| 一、⏎收入 | ^ | 1.00\n"
	if got := d.Dump(2); got != want {
		t.Errorf("Dump(2) =\n%s\nwant\n%s", got, want)
	}
	if got := d.Dump(0); got != want+"P3: other page\n" {
		t.Errorf("Dump(0) =\n%s", got)
	}
}
