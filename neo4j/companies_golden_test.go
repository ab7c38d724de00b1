package neo4j

import (
	"strings"
	"testing"

	"github.com/relgraph/relgraph/internal/model"
)

// companiesGoldenCases pin the statement of question 2 for each feature:
// the network and filter come from connections, so these cover what is
// added on top (grouping by employer, order, page, evidence per person).
var companiesGoldenCases = []struct {
	name string
	req  CompaniesRequest
}{
	{"no_filter_degree1", CompaniesRequest{Of: "p0", Degree: 1, Page: Paging{Limit: 20}}},
	{"crm_readers_degree2", CompaniesRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Where: &model.PersonWhere{
		EngagedWith: &model.EngagedWithFilter{Kind: ptr("WHITE_PAPER"), Topic: ptr("crm"), Action: ptr("READ")}}}},
	{"or_evidence_degree3_page2", CompaniesRequest{Of: "p0", Degree: 3, Page: Paging{Skip: 5, Limit: 5}, Where: &model.PersonWhere{
		Or: []*model.PersonWhere{
			{Mentioned: &model.MentionedFilter{Topic: ptr("churn"), Sentiment: ptr("NEGATIVE")}},
			{WorksAt: &model.CompanyWhere{Signal: &model.CompanySignalFilter{Kinds: []string{"FUNDING_ROUND"}, Round: ptr("B")}}},
		}}}},
	{"two_topics_from_mentions", CompaniesRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Start: 2, Where: twoTopics}},
	{"uncollected_crm_readers_degree2", CompaniesRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Uncollected: true, Where: &model.PersonWhere{
		EngagedWith: &model.EngagedWithFilter{Kind: ptr("WHITE_PAPER"), Topic: ptr("crm"), Action: ptr("READ")}}}},
	{"order_count_asc", CompaniesRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Order: &model.CompanyOrder{Field: "COUNT", Direction: ptr("ASC")}}},
	{"order_name_asc", CompaniesRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Order: &model.CompanyOrder{Field: "NAME", Direction: ptr("ASC")}}},
	{"order_name_default_direction", CompaniesRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Order: &model.CompanyOrder{Field: "NAME"}}},
	{"injection_is_a_value", CompaniesRequest{Of: "p0'}) DETACH DELETE (n", Degree: 1, Page: Paging{Limit: 20}, Where: &model.PersonWhere{
		Title: ptr("x') OR 1=1 //")}}},
}

func TestCompaniesWithConnectionsGolden(t *testing.T) {
	for _, tc := range companiesGoldenCases {
		t.Run(tc.name, func(t *testing.T) {
			cypher, params, err := BuildCompaniesWithConnections(tc.req, testReader)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "companies", tc.name, cypher, params)
		})
	}
}

func TestBuildCompaniesWithConnectionsRejects(t *testing.T) {
	tests := []struct {
		name string
		req  CompaniesRequest
		want string
	}{
		{"degree 0", CompaniesRequest{Of: "p0", Degree: 0, Page: Paging{Limit: 1}}, "degree must be between 1 and 3, got 0"},
		{"degree 4", CompaniesRequest{Of: "p0", Degree: 4, Page: Paging{Limit: 1}}, "degree must be between 1 and 3, got 4"},
		{"page too big", CompaniesRequest{Of: "p0", Degree: 1, Page: Paging{Limit: 101}}, "first must be between 1 and 100, got 101"},
		{"page empty", CompaniesRequest{Of: "p0", Degree: 1, Page: Paging{Limit: 0}}, "first must be between 1 and 100, got 0"},
		{"order field", CompaniesRequest{Of: "p0", Degree: 1, Page: Paging{Limit: 1}, Order: &model.CompanyOrder{Field: "CLV"}}, "orderBy.field must be COUNT or NAME"},
		{"order direction", CompaniesRequest{Of: "p0", Degree: 1, Page: Paging{Limit: 1}, Order: &model.CompanyOrder{Field: "NAME", Direction: ptr("UP")}}, "orderBy.direction must be ASC or DESC"},
		{"filter", CompaniesRequest{Of: "p0", Degree: 1, Page: Paging{Limit: 1}, Where: &model.PersonWhere{EngagedWith: &model.EngagedWithFilter{MinCount: ptr(0)}}}, "engagedWith.minCount must be at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := validated(BuildCompaniesWithConnections)(tt.req)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}
