package docwork

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/budgetx/budgetx/model"
)

// The records of a document share the bytes of the strings they repeat,
// and keep their values.
func TestInternerShares(t *testing.T) {
	in := interner{}
	mk := func() model.Record {
		return model.Record{Common: model.Common{DocID: strings.Clone("abc"), SourceFile: strings.Clone("a/b.pdf"),
			DepartmentName: strings.Clone("衡水市生态环境局"), TableTitle: strings.Clone("部门预算收支总表"),
			TableType: model.TableType(strings.Clone("other_tables")), Region: model.Region{Province: strings.Clone("河北省")}}}
	}
	a, b := mk(), mk()
	if unsafe.StringData(a.DepartmentName) == unsafe.StringData(b.DepartmentName) {
		t.Fatal("the test's strings share their bytes already")
	}
	in.record(&a)
	in.record(&b)
	if a.Common != b.Common || a.DepartmentName != "衡水市生态环境局" || a.Province != "河北省" {
		t.Errorf("interned records differ: %+v, %+v", a, b)
	}
	for _, p := range [][2]string{{a.DocID, b.DocID}, {a.SourceFile, b.SourceFile}, {a.DepartmentName, b.DepartmentName},
		{a.TableTitle, b.TableTitle}, {string(a.TableType), string(b.TableType)}, {a.Province, b.Province}} {
		if unsafe.StringData(p[0]) != unsafe.StringData(p[1]) {
			t.Errorf("%q: two copies", p[0])
		}
	}
}
