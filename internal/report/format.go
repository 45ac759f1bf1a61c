package report

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/budgetx/budgetx/model"
)

// groupDigits writes an exact decimal ("-1234567.50") with thousands
// separators ("-1,234,567.50"); text that is not a plain decimal is
// returned as it is.
func groupDigits(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if intPart == "" || strings.Trim(intPart, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		return sign + s
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// wan writes an amount in yuan in 万元, to two decimals ("24,406.47万").
func wan(d decimal.Decimal) string {
	return groupDigits(d.Shift(-4).StringFixed(2)) + "万"
}

// fieldKinds are the kinds of every field of every table type.
var fieldKinds = func() map[string]model.Kind {
	m := map[string]model.Kind{}
	for _, tt := range model.TableTypes {
		for _, f := range model.Fields(tt) {
			m[f.Name] = f.Kind
		}
	}
	return m
}()

// showValue is how a record's value is shown: amounts and decimals
// exactly, with thousands separators; a spend plan as its checkpoints;
// null as nothing.
func showValue(field string, v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		if v {
			return "✓"
		}
		return ""
	case json.Number:
		if fieldKinds[field] == model.KindMoney || fieldKinds[field] == model.KindDecimal {
			return groupDigits(string(v))
		}
		return string(v)
	case []any:
		var parts []string
		for _, p := range v {
			m, ok := p.(map[string]any)
			if !ok {
				continue
			}
			cp, _ := m["checkpoint"].(string)
			pct := "–"
			if n, ok := m["pct"].(json.Number); ok {
				pct = string(n) + "%"
			}
			parts = append(parts, cp+" "+pct)
		}
		return strings.Join(parts, "; ")
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// rawValue is a value's exact text for a data attribute: a number as
// written in JSON, a string as it is.
func rawValue(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return string(v)
	case bool:
		return strconv.FormatBool(v)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// typeLabels are the standard tables' names as documents print them, and
// a short form for the matrix's columns.
var typeLabels = map[model.TableType][2]string{
	model.RevenueExpenditureSummary:               {"收支总表", "收支"},
	model.RevenueByFunction:                       {"收入总表", "收入"},
	model.ExpenditureByFunction:                   {"支出总表", "支出"},
	model.FiscalRevenueExpenditureSummary:         {"财政拨款收支总表", "财拨收支"},
	model.GeneralBudgetExpenditure:                {"一般公共预算支出表", "一般公共"},
	model.GeneralBudgetBasicExpenditure:           {"一般公共预算基本支出表", "一般基本"},
	model.GovernmentFundExpenditure:               {"政府性基金预算支出表", "基金"},
	model.StateCapitalExpenditure:                 {"国有资本经营预算支出表", "国资"},
	model.ThreePublicExpenses:                     {"“三公”经费支出表", "三公"},
	model.FiscalAppropriationExpenditure:          {"财政拨款支出表", "财拨支出"},
	model.FiscalAppropriationBasicExpenditure:     {"财政拨款基本支出表", "财拨基本"},
	model.GeneralBudgetExpenditureByEconomic:      {"一般公共预算支出表（经济分类）", "一般经济"},
	model.GeneralBudgetBasicExpenditureByFunction: {"一般公共预算基本支出表（功能分类）", "基本功能"},
	model.BasicExpenditureByEconomic:              {"基本支出总表（经济分类）", "基本经济"},
	model.Institutions:                            {"单位构成", "单位"},
	model.Projects:                                {"项目绩效目标表", "项目"},
	model.PerformanceIndicators:                   {"绩效指标", "指标"},
	model.Procurement:                             {"政府采购表", "采购"},
	model.FixedAssets:                             {"国有资产占用情况表", "资产"},
	model.OtherTables:                             {"其他表格", "其他"},
	model.ProjectExpenditure:                      {"项目支出表", "项目支出"},
	model.OperatingExpenses:                       {"机关运行经费表", "机关运行"},
}

// typeLabel is a table type's printed name, or the type itself.
func typeLabel(t string) string {
	if l, ok := typeLabels[model.TableType(t)]; ok {
		return l[0]
	}
	return t
}

var kindLabels = map[string]string{"budget": "部门预算", "final_account": "部门决算"}

// kindLabel is a document kind's Chinese name.
func kindLabel(k string) string {
	if l, ok := kindLabels[k]; ok {
		return l
	}
	return k
}
