package pipeline

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// contractChecker finds the shared contract checker: ../shared next to
// the repository (as laid out for developers and CI).
func contractChecker(t *testing.T) string {
	t.Helper()
	p, _ := filepath.Abs(filepath.Join("..", "shared", "tools", "contract-check"))
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("contract checker missing at %s (../shared sits beside the repository): %v", p, err)
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Fatal("python3 is needed to run the contract checker")
	}
	return p
}

// TestContract runs the shared contract checker over the output of every
// fixture: field names, JSON types and exact decimals.
func TestContract(t *testing.T) {
	t.Chdir("../..")
	checker := contractChecker(t)
	out := runOne(t, fixtureFiles(t), 2)
	// docs/schema.json is the project's extension of the shared contract.
	cmd := exec.Command("python3", checker, out, "docs/schema.json")
	b, err := cmd.CombinedOutput()
	t.Logf("%s", b)
	if err != nil {
		t.Fatalf("contract-check failed: %v", err)
	}
}
