package buildinfo

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// The contract version the code writes is the one docs/schema.json says.
func TestContractVersion(t *testing.T) {
	b, err := os.ReadFile("../../docs/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	if s.Version != ContractVersion {
		t.Errorf("docs/schema.json is version %q, the code writes %q", s.Version, ContractVersion)
	}
}

func TestVersion(t *testing.T) {
	if v := Version(); !strings.HasPrefix(v, Release) && !strings.HasPrefix(v, "v") {
		t.Errorf("Version() = %q", v)
	}
}
