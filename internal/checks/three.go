package checks

import (
	"fmt"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// threePublicColumns are the money columns of the 三公 table.
var threePublicColumns = []string{"total_yuan", "general_public_budget_yuan", "government_fund_yuan", "state_capital_yuan"}

// threePublic runs ThreePublic on every 三公 table, in every money column:
//
//	subtotal      = overseas_travel + vehicle_total + official_reception
//	vehicle_total = vehicle_purchase + vehicle_operation
//	total         = subtotal + meeting + training
//
// The first rule checks total instead when the table prints no subtotal
// row; the last runs only when both rows are printed (meeting and training
// count where the table prints them beside the 三公). A rule whose part rows
// are all missing is not run. A table that prints the items more than once
// (预算数 and 决算数 side by side, or per 预算单位) is checked once per
// amount_basis and unit.
func (r *runner) threePublic() {
	for _, t := range r.tables[model.ThreePublicExpenses] {
		groups := map[[2]string]map[string]*model.Record{}
		var order [][2]string
		for _, rec := range t.recs {
			k := [2]string{rec.String("amount_basis"), rec.String("unit_name")}
			items := groups[k]
			if items == nil {
				items = map[string]*model.Record{}
				groups[k] = items
				order = append(order, k)
			}
			if it := rec.String("item"); it != "" && items[it] == nil {
				items[it] = rec
			}
		}
		for _, k := range order {
			items := groups[k]
			subtotal := items["subtotal"]
			if subtotal == nil {
				subtotal = items["total"]
			}
			r.threeRule(t, subtotal, items, "overseas_travel", "vehicle_total", "official_reception")
			r.threeRule(t, items["vehicle_total"], items, "vehicle_purchase", "vehicle_operation")
			if items["subtotal"] != nil {
				r.threeRule(t, items["total"], items, "subtotal", "meeting", "training")
			}
		}
	}
}

// threeRule checks that parent equals the sum of the part rows named parts.
func (r *runner) threeRule(t *table, parent *model.Record, items map[string]*model.Record, parts ...string) {
	if parent == nil {
		return
	}
	var rows []*model.Record
	var labels []string
	for _, p := range parts {
		if rec := items[p]; rec != nil {
			rows = append(rows, rec)
			labels = append(labels, rec.String("item_label"))
		}
	}
	if len(rows) == 0 {
		return
	}
	tol := r.tol(t.title)
	for _, col := range threePublicColumns {
		exp, found := moneyOf(parent, col), sumOf(rows, col)
		r.compare(at(ThreePublic, t, parent, col), exp, found, tol, func() string {
			return fmt.Sprintf("%s, %s: %s, the sum of %s, vs %s printed in %s",
				parent.String("item_label"), col, r.showA(found, t.title), strings.Join(labels, " + "),
				r.showA(exp, t.title), t.title)
		})
	}
}
