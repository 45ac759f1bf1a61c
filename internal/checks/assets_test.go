package checks

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/budgetx/budgetx/model"
)

const gdzc = "部门固定资产占用情况表"

func asset(n int, label, parent string, qty any, unit, value string) model.Record {
	var p, u, q any
	if parent != "" {
		p = parent
	}
	if unit != "" {
		u = unit
	}
	if qty != nil {
		q = decimal.NewFromInt(int64(qty.(int)))
	}
	return row(model.FixedAssets, gdzc, n, "item_label", label, "parent_label", p, "quantity", q,
		"quantity_unit", u, "value_yuan", value, "as_of", "2023-12-31")
}

func TestFixedAssets(t *testing.T) {
	checks := []string{FixedAssetsPart, FixedAssetsTotal}
	seedAssets := func(officeQty int, officeValue string) []model.Record {
		return []model.Record{
			asset(1, "资产总额", "", nil, "", "23830.06"),
			asset(2, "1、房屋", "", 2220, "平方米", "133.77"),
			asset(3, "办公用房", "1、房屋", officeQty, "平方米", officeValue),
			asset(4, "2、车辆", "", 10, "台、辆", "372.67"),
			asset(5, "3、单价在20万元以上的设备", "", 189, "", "12755.93"),
			asset(6, "4、其他固定资产", "", 6485, "", "10567.69"),
		}
	}
	// The seed: 办公用房 3275 m² and 173.17万元 exceed 房屋's 2220 m² and 133.77万元.
	res := result(seedAssets(3275, "173.17"), nil)
	wantFailures(t, res, nil, checks, model.CheckCounts{Run: 3, Passed: 1, Mismatched: 2},
		"fixed_assets_part mismatch fixed_assets 3 quantity",
		"fixed_assets_part mismatch fixed_assets 3 value_yuan")
	q := issueOf(t, res, FixedAssetsPart, "quantity")
	if q.Expected != "2220" || q.Found != "3275" || q.Difference != "1055" ||
		q.Message != "其中：办公用房 3275平方米 exceeds its parent 1、房屋 2220平方米 in 部门固定资产占用情况表" {
		t.Errorf("quantity: %+v", q)
	}
	v := issueOf(t, res, FixedAssetsPart, "value_yuan")
	if v.Expected != "1337700.00" || v.Found != "1731700.00" || v.Difference != "394000.00" ||
		v.Message != "其中：办公用房 173.17万元 exceeds its parent 1、房屋 133.77万元 in 部门固定资产占用情况表" {
		t.Errorf("value: %+v", v)
	}
	// Within its parent, and one unit over in value: rounding.
	wantFailures(t, result(seedAssets(2000, "133.78"), nil), nil, checks, model.CheckCounts{Run: 3, Passed: 2, Rounding: 1},
		"fixed_assets_part rounding fixed_assets 3 value_yuan")

	// 资产总额 against its items; without an 其他 row it is not checked.
	rows := seedAssets(2000, "100.00")
	rows[0].Set("value_yuan", wan("23830.07"))
	wantFailures(t, result(rows, nil), nil, checks, model.CheckCounts{Run: 3, Passed: 2, Rounding: 1},
		"fixed_assets_total rounding fixed_assets 1 value_yuan")
	wantFailures(t, result(rows[:5], nil), nil, checks, model.CheckCounts{Run: 2, Passed: 2})
}
