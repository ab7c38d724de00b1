package neo4j

import (
	"math"
	"strings"
	"testing"
)

func defaultValueWeights() []ValueWeight {
	return []ValueWeight{
		{"REFERRAL", 5000}, {"REFERENCE", 3000}, {"CASE_STUDY", 4000}, {"REVIEW", 1000},
		{"BUG_REPORT", 500}, {"FEATURE_IDEA", 250}, {"ADVOCACY", 2000},
	}
}

func TestCustomerValueGolden(t *testing.T) {
	custom := defaultValueWeights()
	custom[4].Weight = -1000
	for _, tc := range []struct {
		name string
		req  CustomerValueRequest
	}{
		{"all_time", CustomerValueRequest{Weights: defaultValueWeights(), ClvWeight: 1, Page: Paging{Limit: 20}}},
		{"since_custom_weights_page2", CustomerValueRequest{Weights: custom, ClvWeight: 0.5, Since: date("2026-01-01"), Page: Paging{Skip: 2, Limit: 2}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cypher, params, err := BuildCustomerValue(tc.req, testReader)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "value", tc.name, cypher, params)
		})
	}
}

func TestBuildCustomerValueRejects(t *testing.T) {
	tests := []struct {
		name string
		req  CustomerValueRequest
		want string
	}{
		{"page too big", CustomerValueRequest{Weights: defaultValueWeights(), Page: Paging{Limit: 101}}, "first must be between 1 and 100, got 101"},
		{"page empty", CustomerValueRequest{Weights: defaultValueWeights(), Page: Paging{Limit: 0}}, "first must be between 1 and 100, got 0"},
		{"no weights", CustomerValueRequest{Page: Paging{Limit: 1}}, "at least one weighted signal kind"},
		{"not a kind", CustomerValueRequest{Weights: []ValueWeight{{"REVIEW'] RETURN 1 //", 1}}, Page: Paging{Limit: 1}}, `"REVIEW'] RETURN 1 //" is not a signal kind`},
		{"kind twice", CustomerValueRequest{Weights: []ValueWeight{{"REVIEW", 1}, {"REVIEW", 2}}, Page: Paging{Limit: 1}}, "REVIEW is weighted twice"},
		{"weight not finite", CustomerValueRequest{Weights: []ValueWeight{{"REVIEW", math.Inf(1)}}, Page: Paging{Limit: 1}}, "the weight of REVIEW must be between -1000000 and 1000000, got +Inf"},
		{"clv weight not finite", CustomerValueRequest{Weights: defaultValueWeights(), ClvWeight: math.NaN(), Page: Paging{Limit: 1}}, "clvWeight must be between -1000000 and 1000000, got NaN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := validated(BuildCustomerValue)(tt.req)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}
