package neo4j

import (
	"strings"
	"testing"

	"github.com/relgraph/relgraph/internal/model"
)

// signalsGoldenCases pin the statement of question 4 for each feature.
var signalsGoldenCases = []struct {
	name string
	req  SignalsRequest
}{
	{"all", SignalsRequest{Page: Paging{Limit: 20}}},
	{"funding_b_network2", SignalsRequest{Page: Paging{Limit: 20}, Network: &SignalsNetwork{Of: "p0", Degree: 2},
		Where: &model.SignalWhere{Kinds: []string{"FUNDING_ROUND"}, Round: ptr("B"), Since: date("2026-10-01")}}},
	{"every_field", SignalsRequest{Page: Paging{Limit: 20}, Where: &model.SignalWhere{
		Kinds: []string{"MENTION", "REVIEW", "MENTION"}, Topic: ptr("churn"), Sentiment: ptr("NEGATIVE"),
		Since: date("2026-10-01"), Until: date("2026-11-30"), TitleContains: ptr("Chief"), Round: ptr("B"), Person: ptr("p10"),
		Company: &model.CompanyWhere{ID: ptr("c3"), Name: ptr("north"), Industry: ptr("logistics"), City: ptr("Chicago"), Country: ptr("us"), Stage: ptr("public"), Customer: ptr(true)}}}},
	// The company's own signal condition is ignored here.
	{"company_signal_ignored", SignalsRequest{Page: Paging{Limit: 20}, Where: &model.SignalWhere{
		Company: &model.CompanyWhere{Industry: ptr("SaaS"), Signal: &model.CompanySignalFilter{Kinds: []string{"HIRING"}}}}}},
	{"any_company", SignalsRequest{Page: Paging{Limit: 20}, Where: &model.SignalWhere{Company: &model.CompanyWhere{}}}},
	{"oldest_first_degree3_page2", SignalsRequest{Page: Paging{Skip: 10, Limit: 10}, Network: &SignalsNetwork{Of: "p0", Degree: 3},
		Order: &model.SignalOrder{Direction: ptr("ASC")}}},
	{"injection_is_a_value", SignalsRequest{Page: Paging{Limit: 20}, Network: &SignalsNetwork{Of: "p0'}) DETACH DELETE (n", Degree: 1},
		Where: &model.SignalWhere{TitleContains: ptr("x') OR 1=1 //"), Person: ptr("`Person`) MATCH (n) DETACH DELETE n //")}}},
}

func TestSignalsGolden(t *testing.T) {
	for _, tc := range signalsGoldenCases {
		t.Run(tc.name, func(t *testing.T) {
			cypher, params, err := BuildSignals(tc.req, testReader)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "signals", tc.name, cypher, params)
		})
	}
}

func TestBuildSignalsRejects(t *testing.T) {
	tests := []struct {
		name string
		req  SignalsRequest
		want string
	}{
		{"degree 0", SignalsRequest{Page: Paging{Limit: 1}, Network: &SignalsNetwork{Of: "p0"}}, "degree must be between 1 and 3, got 0"},
		{"degree 4", SignalsRequest{Page: Paging{Limit: 1}, Network: &SignalsNetwork{Of: "p0", Degree: 4}}, "degree must be between 1 and 3, got 4"},
		{"page too big", SignalsRequest{Page: Paging{Limit: 101}}, "first must be between 1 and 100, got 101"},
		{"negative skip", SignalsRequest{Page: Paging{Skip: -1, Limit: 1}}, "after points -1 rows in"},
		{"window backwards", SignalsRequest{Page: Paging{Limit: 1}, Where: &model.SignalWhere{Since: date("2026-11-01"), Until: date("2026-10-01")}}, "where: until (2026-10-01T00:00:00Z) is before since (2026-11-01T00:00:00Z)"},
		{"direction", SignalsRequest{Page: Paging{Limit: 1}, Order: &model.SignalOrder{Direction: ptr("NEWEST")}}, "orderBy.direction must be ASC or DESC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := validated(BuildSignals)(tt.req)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}
