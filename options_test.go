package budgetx

import "testing"

func TestIsolationString(t *testing.T) {
	for i, want := range map[Isolation]string{Isolated: "Isolated", IsolatedIfPossible: "IsolatedIfPossible", InProcess: "InProcess", 7: "Isolation(7)"} {
		if got := i.String(); got != want {
			t.Errorf("%d: %q, want %q", int(i), got, want)
		}
	}
}
