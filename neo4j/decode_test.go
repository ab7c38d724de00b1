package neo4j

import (
	"testing"

	"github.com/relgraph/relgraph/internal/model"
)

// A value that does not fit names where it is: struct fields by their
// property names, list elements by position.
func TestDecodeNamesWhereAMismatchIs(t *testing.T) {
	type row struct {
		Team []*model.Person `json:"team"`
	}
	for _, tt := range []struct {
		src  any
		want string
	}{
		{map[string]any{"team": []any{map[string]any{"id": "p1"}, map[string]any{"id": "p2", "name": int64(7)}}},
			"decoding team[1].name: expected string, got int64"},
		{map[string]any{"team": "p1"}, "decoding team: expected []*model.Person, got string"},
		{"p1", "decoding the value: expected neo4j.row, got string"},
	} {
		var got row
		if err := decode(tt.src, &got); err == nil || err.Error() != tt.want {
			t.Errorf("error %v, want %q", err, tt.want)
		}
	}
	var got row
	if err := decode(map[string]any{"team": []any{map[string]any{"id": "p1", "name": "Ada"}, nil}}, &got); err != nil || len(got.Team) != 2 || got.Team[0].Name == nil || *got.Team[0].Name != "Ada" || got.Team[1] != nil {
		t.Errorf("decoded %+v, %v", got, err)
	}
}
