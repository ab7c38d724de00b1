package server_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/internal/testdb"
)

type suggestionPage struct {
	Suggestions struct {
		TotalCount int `json:"totalCount"`
		PageInfo   struct {
			HasNextPage     bool    `json:"hasNextPage"`
			HasPreviousPage bool    `json:"hasPreviousPage"`
			EndCursor       *string `json:"endCursor"`
		} `json:"pageInfo"`
		Edges []struct {
			Cursor string `json:"cursor"`
			Node   struct {
				Person struct {
					ID   string `json:"id"`
					Name string `json:"name"`
				} `json:"person"`
				SharedTopics []struct {
					ID   string `json:"id"`
					Name string `json:"name"`
				} `json:"sharedTopics"`
				Strength float64 `json:"strength"`
				Score    float64 `json:"score"`
				Via      []struct {
					ID string `json:"id"`
				} `json:"via"`
			} `json:"node"`
		} `json:"edges"`
	} `json:"suggestions"`
}

const suggestionsQuery = `query($of: ID, $min: Int, $first: Int, $after: String) {
  suggestions(of: $of, minSharedInterests: $min, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { person { id name } sharedTopics { id name } strength score via { id } } }
  }
}`

// suggestionWant is one expected suggestion: "p41 analytics,churn,crm p19"
// (id, shared topics, via) with its strength; the score is checked as the
// number of shared topics x strength.
type suggestionWant struct {
	summary  string
	strength float64
}

func (e *env) suggestions(t *testing.T, key string, vars map[string]any) suggestionPage {
	t.Helper()
	var out suggestionPage
	e.data(t, key, suggestionsQuery, vars, &out)
	return out
}

func checkSuggestions(t *testing.T, got suggestionPage, total int, wants []suggestionWant) {
	t.Helper()
	if got.Suggestions.TotalCount != total {
		t.Errorf("totalCount %d, want %d", got.Suggestions.TotalCount, total)
	}
	var gotSum, wantSum []string
	for _, edge := range got.Suggestions.Edges {
		n := edge.Node
		var topics, via []string
		for _, tp := range n.SharedTopics {
			topics = append(topics, tp.ID)
		}
		for _, v := range n.Via {
			via = append(via, v.ID)
		}
		gotSum = append(gotSum, n.Person.ID+" "+strings.Join(topics, ",")+" "+strings.Join(via, ","))
	}
	for _, w := range wants {
		wantSum = append(wantSum, w.summary)
	}
	if strings.Join(gotSum, " | ") != strings.Join(wantSum, " | ") {
		t.Fatalf("suggestions:\n got %v\nwant %v", gotSum, wantSum)
	}
	for i, w := range wants {
		n := got.Suggestions.Edges[i].Node
		if !near(n.Strength, w.strength) || !near(n.Score, float64(len(n.SharedTopics))*w.strength) {
			t.Errorf("%s: strength %v score %v, want %v and %v", n.Person.ID, n.Strength, n.Score, w.strength, float64(len(n.SharedTopics))*w.strength)
		}
	}
}

// Story 7. p0 declares crm, churn, analytics and ai. At distance exactly
// two: p41 (crm, churn, analytics, pricing) through p19 (0.8 x 0.75);
// p42 (ai, analytics, devops) through p20 (0.7 x 0.9 = 0.63) and p26
// (0.5 x 0.6 = 0.3); p43 (crm, security) through p21 (0.6 x 0.5). Scores
// 3 x 0.6 = 1.8, 2 x 0.63 = 1.26, 1 x 0.3 = 0.3. First-degree people who
// share interests (p10, p19, ...) and p45 at distance 3 are never
// suggested.
func TestSuggestions(t *testing.T) {
	e := demo(t)
	p41 := suggestionWant{"p41 analytics,churn,crm p19", 0.6}
	p42 := suggestionWant{"p42 ai,analytics p20,p26", 0.63}
	p43 := suggestionWant{"p43 crm p21", 0.3}
	tests := []struct {
		name  string
		vars  map[string]any
		total int
		wants []suggestionWant
	}{
		{"viewer", nil, 3, []suggestionWant{p41, p42, p43}},
		{"min 2", map[string]any{"min": 2}, 2, []suggestionWant{p41, p42}},
		{"min 3", map[string]any{"min": 3}, 1, []suggestionWant{p41}},
		{"min 4", map[string]any{"min": 4}, 0, nil},
		// p41's own view: p0 through p19 again, and p32 (pricing) through
		// p19 (0.75 x 0.65 = 0.4875).
		{"of p41", map[string]any{"of": "p41"}, 2, []suggestionWant{{"p0 analytics,churn,crm p19", 0.6}, {"p32 pricing p19", 0.4875}}},
		// p48 only knows p49; p59 knows no one.
		{"no second degree", map[string]any{"of": "p48"}, 0, nil},
		{"isolated", map[string]any{"of": "p59"}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.suggestions(t, e.reader, tt.vars)
			checkSuggestions(t, got, tt.total, tt.wants)
			if len(tt.wants) == 0 && (got.Suggestions.Edges == nil || got.Suggestions.PageInfo.EndCursor != nil || got.Suggestions.PageInfo.HasNextPage) {
				t.Errorf("empty page: %+v", got.Suggestions)
			}
		})
	}
	// Topics come whole.
	got := e.suggestions(t, e.reader, map[string]any{"first": 1})
	if tp := got.Suggestions.Edges[0].Node.SharedTopics; tp[0].Name != "Analytics" || tp[2].Name != "Customer relationship management" {
		t.Errorf("shared topics of p41: %+v", tp)
	}
}

// p19 knows p0, p32, p40 and p41; everyone p0 knows is two hops from p19
// through p0 (0.8). Seven of them share an interest with p19, one topic
// each, so score = strength = 0.8 x the KNOWS strength from p0: p1 0.72,
// p10 0.656 (0.82 computed from interactions), p20 0.56, p12 and p21 tie at
// 0.48 (p12 first by id), p11 0.328, p16 0.048. Pages of three chain through
// them.
func TestSuggestionsPagination(t *testing.T) {
	e := demo(t)
	all := []suggestionWant{
		{"p1 crm p0", 0.72}, {"p10 analytics p0", 0.656}, {"p20 analytics p0", 0.56},
		{"p12 crm p0", 0.48}, {"p21 analytics p0", 0.48}, {"p11 analytics p0", 0.328},
		{"p16 analytics p0", 0.048},
	}
	checkSuggestions(t, e.suggestions(t, e.reader, map[string]any{"of": "p19"}), 7, all)
	var after any
	for i, want := range [][]suggestionWant{all[:3], all[3:6], all[6:]} {
		page := e.suggestions(t, e.reader, map[string]any{"of": "p19", "first": 3, "after": after})
		checkSuggestions(t, page, 7, want)
		info := page.Suggestions.PageInfo
		if info.HasPreviousPage != (i > 0) || info.HasNextPage != (i < 2) || info.EndCursor == nil {
			t.Fatalf("page %d: %+v", i, info)
		}
		after = *info.EndCursor
	}
	// Past the end: an empty page that still counts everything.
	page := e.suggestions(t, e.reader, map[string]any{"of": "p19", "first": 3, "after": after})
	checkSuggestions(t, page, 7, nil)
	// Each of the seven shares exactly one interest with p19.
	checkSuggestions(t, e.suggestions(t, e.reader, map[string]any{"of": "p19", "min": 2}), 0, nil)
}

func TestSuggestionsErrors(t *testing.T) {
	e := demo(t)
	tests := []struct {
		name, key, query, code, msg string
	}{
		{"unknown person", e.reader, `{ suggestions(of: "nobody") { totalCount } }`, "NOT_FOUND", `person "nobody" does not exist`},
		{"min 0", e.reader, `{ suggestions(minSharedInterests: 0) { totalCount } }`, "BAD_USER_INPUT", "minSharedInterests must be at least 1, got 0"},
		{"min negative", e.reader, `{ suggestions(minSharedInterests: -2) { totalCount } }`, "BAD_USER_INPUT", "minSharedInterests must be at least 1, got -2"},
		{"first 0", e.reader, `{ suggestions(first: 0) { totalCount } }`, "BAD_USER_INPUT", "first must be between 1 and 100, got 0"},
		{"first 101", e.reader, `{ suggestions(first: 101) { totalCount } }`, "BAD_USER_INPUT", "first must be between 1 and 100, got 101"},
		{"bad cursor", e.reader, `{ suggestions(after: "xyz") { totalCount } }`, "BAD_USER_INPUT", "is not a cursor"},
		{"no viewer", e.nobody, `{ suggestions { totalCount } }`, "BAD_USER_INPUT", "names no person"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.post(t, tt.key, tt.query, nil)
			if len(res.Errors) == 0 {
				t.Fatalf("no error; data %s", res.Data)
			}
			got := res.Errors[0]
			if got.Extensions["code"] != tt.code || !strings.Contains(got.Message, tt.msg) {
				t.Errorf("got %v %q, want %s %q", got.Extensions["code"], got.Message, tt.code, tt.msg)
			}
		})
	}
	// A key without a person may still ask about someone.
	got := e.suggestions(t, e.nobody, map[string]any{"of": "p0"})
	if got.Suggestions.TotalCount != 3 {
		t.Errorf("of p0 with a key naming no one: %+v", got.Suggestions)
	}
}

// Suggested people and the people who could introduce them are two
// sibling groups: worksAt costs one statement per group, interests one.
func TestSuggestionsRoundTrips(t *testing.T) {
	e := demo(t)
	res := e.post(t, e.reader, `{ suggestions {
  edges { node {
    person { name worksAt { company { name } } interests { topic { id } } }
    via { name worksAt { company { name } } }
    sharedTopics { id name }
  } }
} }`, nil)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	var names []string
	for _, s := range e.statements(res.reqID) {
		names = append(names, s.Name)
	}
	// 3 suggestions and 4 via people (p19, p20, p26, p21).
	if len(names) != 4 || names[0] != "suggestions" {
		t.Fatalf("statements %v, want suggestions then one per nested list", names)
	}
	nested := names[1:]
	sort.Strings(nested)
	if strings.Join(nested, " ") != "employmentsByPerson employmentsByPerson interestsByPerson" {
		t.Errorf("nested statements %v", nested)
	}
}

// An interest written is one a suggestion shares at once: p43 takes up
// analytics, so p0 shares crm and analytics with it (2 x 0.3 = 0.6, after
// p41's 1.8 and p42's 1.26), and it passes minSharedInterests 2.
func TestSuggestionsFollowInterests(t *testing.T) {
	e := demo(t)
	restoreDemo(t)
	upsertCount(t, e, e.admin, `mutation { upsertInterests(input: [{person: "p43", topic: "analytics", weight: 0.4}]) { count } }`, nil)
	checkSuggestions(t, e.suggestions(t, e.reader, map[string]any{"min": 2}), 3, []suggestionWant{
		{"p41 analytics,churn,crm p19", 0.6}, {"p42 ai,analytics p20,p26", 0.63}, {"p43 analytics,crm p21", 0.3},
	})
	checkKept(t, testdb.Store(t))
}
