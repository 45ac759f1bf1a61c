package normalize

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/budgetx/budgetx/internal/extract"
	"github.com/budgetx/budgetx/model"
)

// TestExplain: Explain normalizes as NormalizeLimited does (tracing
// changes no record, issue or summary), its tables are numbered as the
// summary's, every grid row names a row of a table block, and the roles
// it reports are those of the seed's 收入总表.
func TestExplain(t *testing.T) {
	files, _ := filepath.Glob("../../fixtures/real/*.pdf")
	files = append(files, "../../fixtures/pdf/hebei-hengshui-sthjj-2024-budget-split-table.pdf",
		"../../fixtures/docx/hebei-hengshui-sthjj-2024-budget.docx", seedTxt)
	if len(files) < 4 {
		t.Fatalf("no fixtures: %v", files)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := extract.ReadBytes(f, data, model.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			want, err := NormalizeLimited(doc, model.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			res, views, err := Explain(doc, model.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.Records, want.Records) || !reflect.DeepEqual(res.Issues, want.Issues) ||
				!reflect.DeepEqual(res.Summary, want.Summary) {
				t.Fatal("Explain's result differs from NormalizeLimited's")
			}
			if len(views) != len(res.Summary.Tables) {
				t.Fatalf("%d views, %d tables", len(views), len(res.Summary.Tables))
			}
			for i, v := range views {
				s := res.Summary.Tables[i]
				if v.Index != s.Index || v.Title != s.Title || v.Type != s.TableType || v.Page != s.Page || v.NamedType != s.NamedType {
					t.Errorf("view %d: %d %q %s page %d; summary: %d %q %s page %d", i, v.Index, v.Title, v.Type, v.Page, s.Index, s.Title, s.TableType, s.Page)
				}
				if len(v.Columns) != v.Cols || len(v.Paths) != v.Cols {
					t.Errorf("table %d: %d columns, %d roles, %d paths", v.Index, v.Cols, len(v.Columns), len(v.Paths))
				}
				if len(v.Rows) == 0 {
					t.Errorf("table %d: no rows", v.Index)
				}
				for _, src := range v.Rows {
					if src.Block < 0 || src.Block >= len(doc.Blocks) || doc.Blocks[src.Block].Table == nil ||
						src.Row < 0 || src.Row >= len(doc.Blocks[src.Block].Table.Rows) {
						t.Fatalf("table %d: row source %+v is no row of a table block", v.Index, src)
					}
				}
				for _, rd := range v.Reads {
					if rd.Row < 0 || rd.Row >= len(v.Rows) || rd.Col < -1 || rd.Col >= v.Cols {
						t.Fatalf("table %d: read %+v outside the grid", v.Index, rd)
					}
				}
			}
		})
	}
}

func TestExplainRoles(t *testing.T) {
	_, views, err := Explain(seedDoc(t), model.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	v := views[1] // 部门预算收入总表: 序号 | 科目编码 | 科目名称 | 合计 | 本年收入 … | 上年结转
	if v.Title != "部门预算收入总表" || v.Type != model.RevenueByFunction {
		t.Fatalf("table 2 is %q %s", v.Title, v.Type)
	}
	want := map[int]ColumnRole{0: RoleOther, 1: RoleCode, 2: RoleName, 3: RoleAmount, 5: RoleAmount}
	for c, r := range want {
		if v.Columns[c].Role != r {
			t.Errorf("column %d (%v): role %q, want %q", c+1, v.Paths[c], v.Columns[c].Role, r)
		}
	}
	if f := v.Columns[3].Fields; len(f) != 1 || f[0] != "total_yuan" {
		t.Errorf("column 4 gave %v, want total_yuan", f)
	}
	// the record of row_no 2 (208 社会保障和就业支出) read its total at column 4
	found := false
	for _, rd := range v.Reads {
		if rd.RowNo == 2 && rd.Field == "total_yuan" {
			found = true
			if rd.Col != 3 {
				t.Errorf("row_no 2 total_yuan read at column %d", rd.Col+1)
			}
		}
	}
	if !found {
		t.Error("no read of row_no 2, total_yuan")
	}
}
