// Package buildinfo says which budgetx made a file: the release, the
// commit it was built from, and the version of the data contract.
package buildinfo

import (
	"runtime/debug"
	"sync"
)

// Release is budgetx's release number. It changes with every release;
// between releases the commit (Version) tells builds apart.
const Release = "0.10.0"

// ContractVersion is the version of the data contract this code writes
// (docs/schema.json "version"): it changes when a field or a table type
// is added, renamed or changes meaning.
const ContractVersion = "1.3"

var (
	once    sync.Once
	version string
)

// Version returns the version that identifies this build: the release,
// and the commit it was built from when the build knows it ("0.10.0+
// 3f2a9c1", "+dirty" when the working tree had changes). A document
// already in a dataset is read again when it was read by another version.
func Version() string {
	once.Do(func() {
		version = Release
		bi, ok := debug.ReadBuildInfo()
		if !ok {
			return
		}
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			version = v // go install …@vX.Y.Z
			return
		}
		var rev string
		var dirty bool
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if rev != "" {
			version += "+" + rev[:min(len(rev), 12)]
			if dirty {
				version += ".dirty"
			}
		}
	})
	return version
}
