package model

import (
	"bytes"
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
	if shared, err := os.ReadFile("../../shared/spec/schema.json"); err == nil && !bytes.Equal(shared, data) {
		t.Error("docs/schema.json differs from ../shared/spec/schema.json: update the project's copy and docs/SCHEMA.md")
	}
	var c struct {
		Common                 map[string]string            `json:"common"`
		ClassificationFunction map[string]string            `json:"classification_function"`
		ClassificationEconomic map[string]string            `json:"classification_economic"`
		Tables                 map[string]map[string]string `json:"tables"`
	}
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
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
	check("common", c.Common, CommonFields)
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
		check(string(tt), want, TableFields[tt])
	}
}
