package neo4j

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/model"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

func ptr[T any](v T) *T { return &v }

func date(s string) *model.DateTime {
	d, err := model.ParseDateTime(s)
	if err != nil {
		panic(err)
	}
	return &d
}

// goldenCases pin the statement and parameters for each filter feature.
var goldenCases = []struct {
	name string
	req  ConnectionsRequest
}{
	{"no_filter_degree1", ConnectionsRequest{Of: "p0", Degree: 1, Page: Paging{Limit: 20}}},
	{"degree3_page2", ConnectionsRequest{Of: "p0", Degree: 3, Page: Paging{Skip: 20, Limit: 10}}},
	{"order_by_name_desc", ConnectionsRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Order: &model.PersonOrder{Field: "NAME", Direction: ptr("DESC")}}},
	{"order_by_strength", ConnectionsRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Order: &model.PersonOrder{Field: "STRENGTH", Direction: ptr("DESC")}}},
	{"engaged_with", ConnectionsRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Where: &model.PersonWhere{
		EngagedWith: &model.EngagedWithFilter{Kind: ptr("WHITE_PAPER"), Topic: ptr("crm"), Action: ptr("READ"), Since: date("2026-01-01"), Until: date("2026-11-30")}}}},
	{"engaged_and_mentioned_no_evidence", ConnectionsRequest{Of: "p0", Degree: 1, Page: Paging{Limit: 20}, NoEvidence: true, Where: &model.PersonWhere{
		EngagedWith: &model.EngagedWithFilter{Topic: ptr("crm")}, Mentioned: &model.MentionedFilter{Topic: ptr("churn")}}}},
	{"engaged_with_min_count", ConnectionsRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Where: &model.PersonWhere{
		EngagedWith: &model.EngagedWithFilter{Topic: ptr("crm"), MinCount: ptr(2)}}}},
	{"mentioned", ConnectionsRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Where: &model.PersonWhere{
		Mentioned: &model.MentionedFilter{Topic: ptr("churn"), Sentiment: ptr("NEGATIVE"), Since: date("2026-10-01T00:00:00Z")}}}},
	{"signal", ConnectionsRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Where: &model.PersonWhere{
		Signal: &model.PersonSignalFilter{Kinds: []string{"JOB_CHANGE", "PROMOTION"}, Topic: ptr("ai"), TitleContains: ptr("Chief"), Round: ptr("B"), Until: date("2026-11-25")}}}},
	{"interested_in_any", ConnectionsRequest{Of: "p0", Degree: 1, Page: Paging{Limit: 20}, Where: &model.PersonWhere{
		InterestedIn: &model.InterestedInFilter{Topics: []string{"crm", "analytics", "crm"}}}}},
	{"interested_in_all", ConnectionsRequest{Of: "p0", Degree: 1, Page: Paging{Limit: 20}, Where: &model.PersonWhere{
		InterestedIn: &model.InterestedInFilter{Topics: []string{"crm", "analytics"}, Match: ptr("ALL")}}}},
	{"works_at", ConnectionsRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Where: &model.PersonWhere{
		WorksAt: &model.CompanyWhere{ID: ptr("c1"), Name: ptr("acme"), Industry: ptr("SaaS"), City: ptr("Boston"), Country: ptr("US"), Stage: ptr("SERIES_B"), Customer: ptr(false)}}}},
	{"works_at_signal", ConnectionsRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Where: &model.PersonWhere{
		WorksAt: &model.CompanyWhere{Customer: ptr(true), Signal: &model.CompanySignalFilter{Kinds: []string{"FUNDING_ROUND"}, Round: ptr("B"), Since: date("2026-10-01")}}}}},
	{"person_fields", ConnectionsRequest{Of: "p0", Degree: 1, Page: Paging{Limit: 20}, Where: &model.PersonWhere{
		Title: ptr("vp"), Seniority: ptr("VP"), Department: ptr("Marketing"), Name: ptr("dana"), City: ptr("Boston"), Country: ptr("US")}}},
	{"near", ConnectionsRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Where: &model.PersonWhere{
		Near: &model.NearFilter{Of: ptr("p0"), Km: 50}}}},
	{"and_or_not", ConnectionsRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Where: &model.PersonWhere{
		And: []*model.PersonWhere{
			{EngagedWith: &model.EngagedWithFilter{Kind: ptr("WHITE_PAPER"), Topic: ptr("crm")}},
			{Or: []*model.PersonWhere{
				{Mentioned: &model.MentionedFilter{Topic: ptr("churn"), Sentiment: ptr("NEGATIVE")}},
				{Signal: &model.PersonSignalFilter{Kinds: []string{"JOB_CHANGE"}}},
			}},
		},
		Not: &model.PersonWhere{City: ptr("Providence")},
	}}},
	// Degree 2 from each side of a filter with two topics.
	{"two_topics_from_network", ConnectionsRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Start: StartNetwork, Where: twoTopics}},
	{"two_topics_from_engagements", ConnectionsRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Start: 1, Where: twoTopics}},
	{"two_topics_from_mentions", ConnectionsRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 20}, Start: 2, Where: twoTopics}},
	// Input that looks like Cypher stays a parameter value.
	{"injection_is_a_value", ConnectionsRequest{Of: "p0'}) DETACH DELETE (n", Degree: 1, Page: Paging{Limit: 20}, Where: &model.PersonWhere{
		Name: ptr("x') OR 1=1 //"), WorksAt: &model.CompanyWhere{Name: ptr("`Company` {id: 1}) MATCH (n) DETACH DELETE n //")}}}},
}

// twoTopics is a filter with two topics that every match must have: a
// degree-2 walk may start from either.
var twoTopics = &model.PersonWhere{
	EngagedWith: &model.EngagedWithFilter{Topic: ptr("crm")},
	Mentioned:   &model.MentionedFilter{Topic: ptr("churn")},
}

// TestStartGolden pins the statement that counts the rows of each side
// of a degree-2 walk with topics.
func TestStartGolden(t *testing.T) {
	cypher, params := buildStart("p0", anchorsOf(twoTopics))
	checkGolden(t, "connections", "start_counts", cypher, params)
}

// TestPickStart: the side of the fewest rows, an anchor's weighted by
// anchorRowCost; the first anchor of the fewest on a tie; the network on
// a tie with it.
func TestPickStart(t *testing.T) {
	for _, tc := range []struct {
		network int
		anchors []int
		want    int
	}{
		{1000, []int{50, 200}, 1},
		{1000, []int{200, 50}, 2},
		{1000, []int{50, 50}, 1},
		{1000, []int{100}, StartNetwork},
		{1001, []int{100}, 1},
		{1000, []int{150, 99}, 2},
		{0, []int{0}, StartNetwork},
		{1000, nil, StartNetwork},
	} {
		if got := pickStart(tc.network, tc.anchors); got != tc.want {
			t.Errorf("pickStart(%d, %v) = %d, want %d", tc.network, tc.anchors, got, tc.want)
		}
	}
}

func TestConnectionsGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			cypher, params, err := BuildConnections(tc.req, testReader)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "connections", tc.name, cypher, params)
		})
	}
}

// checkGolden compares a statement and its parameters with
// testdata/golden/<dir>/<name>.cypher, or rewrites it under -update.
func checkGolden(t *testing.T, dir, name, cypher string, params map[string]any) {
	t.Helper()
	p, err := json.MarshalIndent(params, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got := cypher + "\n\n-- params\n" + string(p) + "\n"
	path := filepath.Join("..", "testdata", "golden", dir, name+".cypher")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./neo4j -run Golden -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("statement %s/%s changed (rerun with -update if intended):\n%s", dir, name, lineDiff(string(want), got))
	}
}

// lineDiff shows the first differing lines of two texts.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n- " + wl + "\n+ " + gl + "\n")
		}
	}
	return b.String()
}

// validated builds a request's statement as the store does: once the
// request has validated itself against the default limits.
func validated[R interface{ Validate(model.Limits) error }](build func(R, viewer) (string, map[string]any, error)) func(R) (string, map[string]any, error) {
	return func(req R) (string, map[string]any, error) {
		if err := req.Validate(model.DefaultLimits()); err != nil {
			return "", nil, err
		}
		return build(req, testReader)
	}
}

// testReader is the viewer of the statements under test: a key of TEAM
// scope speaking for p0, for whom private relationships of others do not
// count.
var testReader = viewer{key: "test", person: "p0", scope: auth.Team}

func TestBuildConnectionsRejects(t *testing.T) {
	tests := []struct {
		name string
		req  ConnectionsRequest
		want string
	}{
		{"degree 0", ConnectionsRequest{Of: "p0", Degree: 0, Page: Paging{Limit: 1}}, "degree must be between 1 and 3, got 0"},
		{"degree 4", ConnectionsRequest{Of: "p0", Degree: 4, Page: Paging{Limit: 1}}, "degree must be between 1 and 3, got 4"},
		{"page too big", ConnectionsRequest{Of: "p0", Degree: 1, Page: Paging{Limit: 101}}, "first must be between 1 and 100"},
		{"min count 0", ConnectionsRequest{Of: "p0", Degree: 1, Page: Paging{Limit: 1}, Where: &model.PersonWhere{EngagedWith: &model.EngagedWithFilter{MinCount: ptr(0)}}}, "engagedWith.minCount must be at least 1"},
		{"empty topics", ConnectionsRequest{Of: "p0", Degree: 1, Page: Paging{Limit: 1}, Where: &model.PersonWhere{InterestedIn: &model.InterestedInFilter{}}}, "interestedIn.topics must name at least one topic"},
		{"near radius", ConnectionsRequest{Of: "p0", Degree: 1, Page: Paging{Limit: 1}, Where: &model.PersonWhere{Near: &model.NearFilter{Of: ptr("p0"), Km: -1}}}, "near.km must be greater than 0"},
		{"window backwards", ConnectionsRequest{Of: "p0", Degree: 1, Page: Paging{Limit: 1}, Where: &model.PersonWhere{Or: []*model.PersonWhere{{}, {Mentioned: &model.MentionedFilter{Since: date("2026-11-01"), Until: date("2026-10-01")}}}}}, "OR[1].mentioned: until"},
		// A start that names no topic of the filter (set by tests only).
		{"start past the topics", ConnectionsRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 1}, Start: 3, Where: twoTopics}, "no start 3 for a degree-2 network with 2 topics"},
		{"start at degree 1", ConnectionsRequest{Of: "p0", Degree: 1, Page: Paging{Limit: 1}, Start: 1, Where: twoTopics}, "no start 1 for a degree-1 network"},
		{"start below the network", ConnectionsRequest{Of: "p0", Degree: 2, Page: Paging{Limit: 1}, Start: -2, Where: twoTopics}, "no start -2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := validated(BuildConnections)(tt.req)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}
