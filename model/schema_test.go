package model

import (
	"encoding/json"
	"os"
	"testing"
)

// TestSchemaMatchesContract checks the field lists against docs/schema.json
// (the machine form of docs/SCHEMA.md), and docs/schema.json against the
// shared contract when it is present.
func TestSchemaMatchesContract(t *testing.T) {
	data, err := os.ReadFile("../docs/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var c contract
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	// The shared contract is the floor: docs/schema.json extends it (more
	// table types, more fields) and changes none of its names or kinds.
	shared, err := os.ReadFile("../../shared/spec/schema.json")
	if err != nil {
		t.Fatalf("the shared contract is needed beside the repository: %v", err)
	}
	var sc contract
	if err := json.Unmarshal(shared, &sc); err != nil {
		t.Fatal(err)
	}
	floor := func(where string, want, got map[string]string) {
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s.%s: shared contract says %q, docs/schema.json %q", where, k, v, got[k])
			}
		}
	}
	floor("common", sc.Common, c.Common)
	floor("classification_function", sc.ClassificationFunction, c.ClassificationFunction)
	floor("classification_economic", sc.ClassificationEconomic, c.ClassificationEconomic)
	for tt, fs := range sc.Tables {
		floor(tt, fs, c.Tables[tt])
	}
	kind := func(f Field) string {
		k := map[Kind]string{KindString: "string", KindInt: "int", KindBool: "bool", KindMoney: "money", KindDecimal: "decimal", KindSpendPlan: "list"}[f.Kind]
		if f.Optional {
			k += "?"
		}
		return k
	}
	check := func(where string, want map[string]string, got []Field) {
		seen := map[string]bool{}
		for _, f := range got {
			seen[f.Name] = true
			if w, ok := want[f.Name]; !ok {
				t.Errorf("%s: field %s is not in the contract", where, f.Name)
			} else if w != kind(f) {
				t.Errorf("%s.%s: contract says %s, model says %s", where, f.Name, w, kind(f))
			}
		}
		for name := range want {
			if !seen[name] {
				t.Errorf("%s: contract field %s is missing", where, name)
			}
		}
	}
	// the common fields the shared contract has; budgetx's own common
	// fields (the region) are listed in each table of docs/schema.json
	var sharedFields, own []Field
	for _, f := range CommonFields {
		if _, ok := c.Common[f.Name]; ok {
			sharedFields = append(sharedFields, f)
		} else {
			own = append(own, f)
		}
	}
	check("common", c.Common, sharedFields)
	if len(c.Tables) != len(TableTypes) {
		t.Errorf("contract has %d table types, model %d", len(c.Tables), len(TableTypes))
	}
	for _, tt := range TableTypes {
		want := map[string]string{}
		for k, v := range c.Tables[string(tt)] {
			switch {
			case k == "$class" && v == "function":
				for k2, v2 := range c.ClassificationFunction {
					want[k2] = v2
				}
			case k == "$class" && v == "economic":
				for k2, v2 := range c.ClassificationEconomic {
					want[k2] = v2
				}
			default:
				want[k] = v
			}
		}
		check(string(tt), want, append(append([]Field{}, own...), TableFields[tt]...))
	}
}

// contract is the machine form of the data contract (schema.json).
type contract struct {
	Common                 map[string]string            `json:"common"`
	ClassificationFunction map[string]string            `json:"classification_function"`
	ClassificationEconomic map[string]string            `json:"classification_economic"`
	Tables                 map[string]map[string]string `json:"tables"`
}
