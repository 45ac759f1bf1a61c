package normalize

import (
	"os"
	"testing"

	"github.com/budgetx/budgetx/extract/text"
	"github.com/budgetx/budgetx/model"
)

// FuzzNormalizeText feeds documents in the flattened text form through the
// normalizer: it must never panic and never write a record whose table
// type has no schema. Seeded with slices of the seed document.
func FuzzNormalizeText(f *testing.F) {
	seed, err := os.ReadFile(seedTxt)
	if err != nil {
		f.Fatal(err)
	}
	for _, cut := range [][2]int{{0, 9000}, {9000, 30000}, {100000, 140000}, {len(seed) - 20000, len(seed)}} {
		f.Add(seed[cut[0]:cut[1]])
	}
	f.Add([]byte("部门预算收入总表\n\t467局\n\t单位：万元\n\n\t栏次\n\t1\n\n\t合计\n\t1,2.3\n\n\t208\n\t１２\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := text.Read("fuzz.txt", data, model.Limits{})
		if err != nil {
			return
		}
		res := Normalize(doc)
		if res.Summary.Status == model.StatusFailed {
			t.Fatalf("normalize failed: %s", res.Summary.Error)
		}
		for _, r := range res.Records {
			if _, ok := model.TableFields[r.TableType]; !ok {
				t.Fatalf("record of unknown table type %q", r.TableType)
			}
		}
	})
}
