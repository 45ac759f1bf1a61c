package checks

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/budgetx/budgetx/internal/normalize/value"
	"github.com/budgetx/budgetx/model"
)

// fixedAssets runs FixedAssetsPart and FixedAssetsTotal on every
// fixed-asset table.
func (r *runner) fixedAssets() {
	for _, t := range r.tables[model.FixedAssets] {
		r.assetParts(t)
		r.assetTotal(t)
	}
}

// decOf returns decimal field name of rec (a quantity), null when null.
func decOf(rec *model.Record, name string) amt { return moneyOf(rec, name) }

// assetParts runs FixedAssetsPart: a 其中 row (parent_label set) never
// exceeds its parent row (the row whose item_label is parent_label), in
// quantity (when both rows print one, in the same unit; compared exactly)
// and in value_yuan (an excess of one printed unit is rounding).
func (r *runner) assetParts(t *table) {
	byLabel := map[string]*model.Record{}
	for _, rec := range t.recs {
		if l := rec.String("item_label"); l != "" && byLabel[l] == nil {
			byLabel[l] = rec
		}
	}
	tol := r.tol(t.title)
	for _, rec := range t.recs {
		pl := rec.String("parent_label")
		parent := byLabel[pl]
		if pl == "" || parent == nil || parent == rec {
			continue
		}
		label := rec.String("item_label")
		qu, pu := rec.String("quantity_unit"), parent.String("quantity_unit")
		if qu == pu || qu == "" || pu == "" {
			limit, got := decOf(parent, "quantity"), decOf(rec, "quantity")
			unit := qu
			if unit == "" {
				unit = pu
			}
			w := at(FixedAssetsPart, t, rec, "quantity")
			w.plain = true
			r.atMost(w, limit, got, decimal.Zero, func() string {
				return fmt.Sprintf("其中：%s %s%s exceeds its parent %s %s%s in %s",
					label, got.v, unit, pl, limit.v, unit, t.title)
			})
		}
		limit, got := moneyOf(parent, "value_yuan"), moneyOf(rec, "value_yuan")
		r.atMost(at(FixedAssetsPart, t, rec, "value_yuan"), limit, got, tol, func() string {
			return fmt.Sprintf("其中：%s %s exceeds its parent %s %s in %s",
				label, r.showA(got, t.title), pl, r.showA(limit, t.title), t.title)
		})
	}
}

// assetTotal runs FixedAssetsTotal: the total row (item_label containing
// 总额, 合计 or 总计) equals the sum of value_yuan over the other top-level
// rows (no parent_label). It runs only when one of those rows is an 其他
// (其他固定资产) row, that is when the printed rows claim to cover every
// asset.
func (r *runner) assetTotal(t *table) {
	var total *model.Record
	var parts []*model.Record
	other := false
	for _, rec := range t.recs {
		if rec.String("parent_label") != "" {
			continue
		}
		l := value.StripOrdinal(rec.String("item_label"))
		if total == nil && (strings.Contains(l, "总额") || strings.Contains(l, "合计") || strings.Contains(l, "总计")) {
			total = rec
			continue
		}
		parts = append(parts, rec)
		if strings.HasPrefix(value.Label(l), "其他") {
			other = true
		}
	}
	if total == nil || len(parts) == 0 || !other {
		return
	}
	want, got := moneyOf(total, "value_yuan"), sumOf(parts, "value_yuan")
	r.compare(at(FixedAssetsTotal, t, total, "value_yuan"), want, got, r.tol(t.title), func() string {
		return fmt.Sprintf("%s %s vs %s, the sum of its %d items, in %s",
			total.String("item_label"), r.showA(want, t.title), r.showA(got, t.title), len(parts), t.title)
	})
}
