package neo4j

import (
	"slices"
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

// Statements return the topics of content and signals in no order:
// decoding sorts them by id, wherever the node sits in an answer.
func TestDecodeSortsTopics(t *testing.T) {
	topics := func(ids ...string) []any {
		var out []any
		for _, id := range ids {
			out = append(out, map[string]any{"id": id})
		}
		return out
	}
	ids := func(ts []*model.Topic) []string {
		var out []string
		for _, t := range ts {
			out = append(out, t.ID)
		}
		return out
	}
	var row struct {
		Items []*model.Evidence `json:"items"`
	}
	src := map[string]any{"items": []any{
		map[string]any{"filter": "engagedWith", "engagement": map[string]any{"action": "READ",
			"content": map[string]any{"id": "c1", "topics": topics("sales", "crm", "onboarding")}}},
		map[string]any{"filter": "mentioned", "signal": map[string]any{"id": "s1", "topics": topics("churn", "ai")}},
	}}
	if err := decode(src, &row); err != nil {
		t.Fatal(err)
	}
	if got := ids(row.Items[0].Engagement.Content.Topics); !slices.Equal(got, []string{"crm", "onboarding", "sales"}) {
		t.Errorf("content topics %v, want crm, onboarding, sales", got)
	}
	if got := ids(row.Items[1].Signal.Topics); !slices.Equal(got, []string{"ai", "churn"}) {
		t.Errorf("signal topics %v, want ai, churn", got)
	}
}
