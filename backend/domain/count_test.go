package domain

import "testing"

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 interfaces", 1: "1 interface", 2: "2 interfaces"} {
		if got := Count(n, "interface", "interfaces"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
