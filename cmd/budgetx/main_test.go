package main

import (
	"os"
	"testing"
)

// TestMain runs the tests. The test binary serves as its own worker
// process (package pipeline serves from init) with no setup.
func TestMain(m *testing.M) {
	os.Exit(m.Run())
}
