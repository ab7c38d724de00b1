package resolvers

import (
	"strings"
	"testing"
)

func TestNodeKinds(t *testing.T) {
	tests := []struct {
		id, kinds, bare string
		bad             bool
	}{
		{"p1", "Person Company Topic Content Signal", "p1", false},
		{"Person:p1", "Person", "p1", false},
		{"signal:s:1", "Signal", "s:1", false},
		{"Team:p1", "Person Company Topic Content Signal", "Team:p1", false},
		{":p1", "Person Company Topic Content Signal", ":p1", false},
		{"Company:", "", "", true},
	}
	for _, tc := range tests {
		kinds, bare, err := nodeKinds(tc.id)
		if (err != nil) != tc.bad || strings.Join(kinds, " ") != tc.kinds || bare != tc.bare {
			t.Errorf("nodeKinds(%q) = %v, %q, %v", tc.id, kinds, bare, err)
		}
	}
}
