package neo4j

import (
	"errors"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/internal/model"
)

// Each maxHops gives its own literal quantifier; the rest of the statement
// stays the same.
func TestIntroductionPathsGolden(t *testing.T) {
	tests := []struct {
		name string
		req  PathsRequest
	}{
		{"person_hops1", PathsRequest{From: "p0", To: "p33", MaxHops: 1, Limit: 3}},
		{"person_hops2", PathsRequest{From: "p0", To: "p33", MaxHops: 2, Limit: 3}},
		{"person_hops3", PathsRequest{From: "p0", To: "p33", MaxHops: 3, Limit: 3}},
		{"person_hops4", PathsRequest{From: "p0", To: "p33", MaxHops: 4, Limit: 100}},
		// Input that looks like Cypher stays a parameter value.
		{"person_injection_is_a_value", PathsRequest{From: "p0'}) DETACH DELETE (n", To: "x`) MATCH (n) DETACH DELETE n //", MaxHops: 3, Limit: 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cypher, params, err := BuildIntroductionPaths(tc.req, testReader)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "paths", tc.name, cypher, params)
		})
	}
}

func TestIntroductionPathsToCompanyGolden(t *testing.T) {
	tests := []struct {
		name string
		req  PathsRequest
	}{
		{"company_hops1", PathsRequest{From: "p0", To: "c1", MaxHops: 1, Limit: 3}},
		{"company_hops3", PathsRequest{From: "p0", To: "c1", MaxHops: 3, Limit: 3}},
		{"company_hops4", PathsRequest{From: "p0", To: "c1", MaxHops: 4, Limit: 10}},
		{"company_injection_is_a_value", PathsRequest{From: "p0", To: "c1'}) DETACH DELETE (n", MaxHops: 2, Limit: 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cypher, params, err := BuildIntroductionPathsToCompany(tc.req, testReader)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "paths", tc.name, cypher, params)
		})
	}
}

func TestBuildIntroductionPathsRejects(t *testing.T) {
	tests := []struct {
		name string
		req  PathsRequest
		want string
	}{
		{"hops 0", PathsRequest{From: "p0", To: "p1", MaxHops: 0, Limit: 3}, "maxHops must be between 1 and 4, got 0"},
		{"hops 5", PathsRequest{From: "p0", To: "p1", MaxHops: 5, Limit: 3}, "maxHops must be between 1 and 4, got 5"},
		{"first 0", PathsRequest{From: "p0", To: "p1", MaxHops: 3, Limit: 0}, "first must be between 1 and 100, got 0"},
		{"first 101", PathsRequest{From: "p0", To: "p1", MaxHops: 3, Limit: 101}, "first must be between 1 and 100, got 101"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, build := range []func(PathsRequest, viewer) (string, map[string]any, error){BuildIntroductionPaths, BuildIntroductionPathsToCompany} {
				_, _, err := validated(build)(tt.req)
				var bad *model.InputError
				if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.As(err, &bad) {
					t.Fatalf("got %v, want an invalid-input error %q", err, tt.want)
				}
			}
		})
	}
}
