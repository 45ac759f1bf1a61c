package normalize

import "testing"

func TestCleanTitle(t *testing.T) {
	for in, want := range map[string]string{
		"表2：2026年市级部门收入预算总表": "市级部门收入预算总表",
		"预算06表一般公共预算基本支出表":   "一般公共预算基本支出表",
		"公开02表": "",
		"一般公共预算财政拨款支出决算表":             "一般公共预算财政拨款支出决算表",
		"二、收入总表":                      "收入总表",
		"（一）财政拨款收支总体情况表":              "财政拨款收支总体情况表",
		"2021年部门综合预算政府性基金收支表（不含上年结转）": "部门综合预算政府性基金收支表",
		"表14-1 项目支出绩效目标表":             "项目支出绩效目标表",
		"十一、部门预算基本支出预算表":              "部门预算基本支出预算表",
		"（2026年度）":                    "",
	} {
		if got := cleanTitle(in); got != want {
			t.Errorf("cleanTitle(%q) = %q, want %q", in, got, want)
		}
	}
}
