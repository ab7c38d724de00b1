package neo4j

import (
	"errors"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/internal/model"
)

func TestSuggestionsGolden(t *testing.T) {
	tests := []struct {
		name string
		req  SuggestionsRequest
	}{
		{"default", SuggestionsRequest{Of: "p0", MinShared: 1, Page: Paging{Limit: 20}}},
		{"min_shared_page2", SuggestionsRequest{Of: "p0", MinShared: 2, Page: Paging{Skip: 1, Limit: 1}}},
		// Input that looks like Cypher stays a parameter value.
		{"injection_is_a_value", SuggestionsRequest{Of: "p0'}) DETACH DELETE (n", MinShared: 1, Page: Paging{Limit: 20}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cypher, params, err := BuildSuggestions(tc.req, testReader)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "suggestions", tc.name, cypher, params)
		})
	}
}

func TestBuildSuggestionsRejects(t *testing.T) {
	tests := []struct {
		name string
		req  SuggestionsRequest
		want string
	}{
		{"min shared 0", SuggestionsRequest{Of: "p0", MinShared: 0, Page: Paging{Limit: 20}}, "minSharedInterests must be at least 1, got 0"},
		{"first 0", SuggestionsRequest{Of: "p0", MinShared: 1, Page: Paging{Limit: 0}}, "first must be between 1 and 100, got 0"},
		{"first 101", SuggestionsRequest{Of: "p0", MinShared: 1, Page: Paging{Limit: 101}}, "first must be between 1 and 100, got 101"},
		{"negative skip", SuggestionsRequest{Of: "p0", MinShared: 1, Page: Paging{Skip: -1, Limit: 20}}, "after points -1 rows in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := validated(BuildSuggestions)(tt.req)
			var bad *model.InputError
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.As(err, &bad) {
				t.Fatalf("got %v, want an invalid-input error %q", err, tt.want)
			}
		})
	}
}
