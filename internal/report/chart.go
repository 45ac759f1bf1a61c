package report

import (
	"fmt"
	"html/template"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/budgetx/budgetx/model"
)

// chart is a small bar chart of a document's expenditure by class.
type chart struct {
	Title  string // what it shows
	Source string // the table it was read from
	SVG    template.HTML
	Total  decimal.Decimal
}

// bar is one class: its code and name, and its amount in yuan.
type bar struct {
	Code, Name string
	Value      decimal.Decimal
}

// Preferred sources of each chart: the first of these types the document
// has typed records for.
var (
	functionSources = []model.TableType{model.ExpenditureByFunction, model.GeneralBudgetExpenditure,
		model.FiscalAppropriationExpenditure, model.RevenueByFunction}
	economicSources = []model.TableType{model.GeneralBudgetBasicExpenditure, model.BasicExpenditureByEconomic,
		model.FiscalAppropriationBasicExpenditure, model.GeneralBudgetExpenditureByEconomic}
)

// classChart draws the 类 (level 1 rows) of the first table of one of the
// source types, by total_yuan. Rows printed per 预算单位 are charted for
// the table as a whole (rows without a unit) or, when every row has one,
// for the first unit. It returns nil when no table has classes to draw.
func classChart(dd *docData, title, codeField, nameField string, sources []model.TableType) *chart {
	for _, tt := range sources {
		for _, t := range dd.tables {
			if t.t.TableType != string(tt) || len(t.typed) == 0 {
				continue
			}
			bars := classBars(t.typed, codeField, nameField)
			if len(bars) == 0 {
				continue
			}
			c := &chart{Title: title, Source: fmt.Sprintf("表 %d %s", t.t.Index, t.t.Title)}
			for _, b := range bars {
				c.Total = c.Total.Add(b.Value)
			}
			c.SVG = barsSVG(bars)
			return c
		}
	}
	return nil
}

func classBars(recs []record, codeField, nameField string) []bar {
	unit, anyWithout := "", false
	for _, r := range recs {
		if r.str("unit_name") == "" && r.str("unit_code") == "" {
			anyWithout = true
			break
		}
	}
	if !anyWithout && len(recs) > 0 {
		unit = recs[0].str("unit_name") + "\x00" + recs[0].str("unit_code")
	}
	seen := map[string]bool{}
	var bars []bar
	for _, r := range recs {
		u := r.str("unit_name") + "\x00" + r.str("unit_code")
		if anyWithout && u != "\x00" || !anyWithout && u != unit {
			continue
		}
		code := r.str(codeField)
		if r.bool("is_total") || r.int("level") != 1 || code == "" || seen[code] {
			continue
		}
		v, err := decimal.NewFromString(r.str("total_yuan"))
		if err != nil {
			continue
		}
		seen[code] = true
		bars = append(bars, bar{code, r.str(nameField), v})
	}
	return bars
}

// maxBars is the most bars a chart draws; the rest are summed in one.
const maxBars = 10

// barsSVG draws bars, largest first, as an inline SVG: no script, no
// external reference. Bar lengths are display geometry, computed in
// floating point from the exact amounts; the amounts written are exact.
func barsSVG(bars []bar) template.HTML {
	bars = append([]bar(nil), bars...)
	sort.SliceStable(bars, func(i, j int) bool { return bars[i].Value.GreaterThan(bars[j].Value) })
	if len(bars) > maxBars {
		rest := bar{Name: fmt.Sprintf("其他 %d 类", len(bars)-maxBars+1)}
		for _, b := range bars[maxBars-1:] {
			rest.Value = rest.Value.Add(b.Value)
		}
		bars = append(bars[:maxBars-1], rest)
	}
	max := decimal.Zero
	for _, b := range bars {
		if b.Value.GreaterThan(max) {
			max = b.Value
		}
	}
	const (
		width  = 520
		label  = 200 // the label column
		valueW = 110 // the value column
		rowH   = 22
		barH   = 14
	)
	h := rowH*len(bars) + 4
	var s strings.Builder
	fmt.Fprintf(&s, `<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img">`, width, h, width, h)
	for i, b := range bars {
		y := 2 + i*rowH
		w := 0.0
		if max.IsPositive() && b.Value.IsPositive() {
			w, _ = b.Value.Div(max).Mul(decimal.NewFromInt(width - label - valueW - 8)).Float64()
		}
		name := b.Name
		if b.Code != "" {
			name = b.Code + " " + name
		}
		short := name
		if utf8.RuneCountInString(short) > 14 {
			short = string([]rune(short)[:13]) + "…"
		}
		fmt.Fprintf(&s, `<g><title>%s: %s 元</title>`, esc(name), esc(groupDigits(b.Value.StringFixed(2))))
		fmt.Fprintf(&s, `<text x="%d" y="%d" class="lbl">%s</text>`, label-6, y+barH-2, esc(short))
		fmt.Fprintf(&s, `<rect x="%d" y="%d" width="%.1f" height="%d" rx="2"/>`, label, y, w, barH)
		fmt.Fprintf(&s, `<text x="%.1f" y="%d" class="val">%s</text>`, float64(label)+w+4, y+barH-2, esc(wan(b.Value)))
		s.WriteString(`</g>`)
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
}

// esc escapes text for HTML and XML content and attributes.
func esc(s string) string { return template.HTMLEscapeString(s) }
