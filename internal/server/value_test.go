package server_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/internal/testdb"
)

type customerValueResult struct {
	CustomerValue struct {
		TotalCount int `json:"totalCount"`
		PageInfo   struct {
			HasNextPage     bool    `json:"hasNextPage"`
			HasPreviousPage bool    `json:"hasPreviousPage"`
			StartCursor     *string `json:"startCursor"`
			EndCursor       *string `json:"endCursor"`
		} `json:"pageInfo"`
		Edges []struct {
			Cursor string `json:"cursor"`
			Node   struct {
				Company struct {
					ID   string   `json:"id"`
					Name string   `json:"name"`
					Clv  *float64 `json:"clv"`
				} `json:"company"`
				Score      float64 `json:"score"`
				Clv        float64 `json:"clv"`
				ClvValue   float64 `json:"clvValue"`
				Components []struct {
					Kind   string  `json:"kind"`
					Count  int     `json:"count"`
					Weight float64 `json:"weight"`
					Value  float64 `json:"value"`
				} `json:"components"`
			} `json:"node"`
		} `json:"edges"`
	} `json:"customerValue"`
}

const customerValueQuery = `query($weights: ValueWeights, $clvWeight: Float, $since: DateTime, $first: Int, $after: String) {
  customerValue(weights: $weights, clvWeight: $clvWeight, since: $since, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node {
        company { id name clv }
        score clv clvValue
        components { kind count weight value }
      }
    }
  }
}`

// customerValueKinds is the order of the components.
var customerValueKinds = []string{"REFERRAL", "REFERENCE", "CASE_STUDY", "REVIEW", "BUG_REPORT", "FEATURE_IDEA", "ADVOCACY"}

// customerWant is one expected customer: its score, clv and the counts of
// REFERRAL, REFERENCE, CASE_STUDY, REVIEW, BUG_REPORT, FEATURE_IDEA and
// ADVOCACY signals.
type customerWant struct {
	id     string
	score  float64
	clv    float64
	counts [7]int
}

func (e *env) customerValue(t *testing.T, vars map[string]any) customerValueResult {
	t.Helper()
	var out customerValueResult
	e.data(t, e.reader, customerValueQuery, vars, &out)
	return out
}

// checkCustomers compares the customers in order, and checks that every
// breakdown adds up: value = count x weight, clvValue = clvWeight x clv,
// score = clvValue + the values.
func checkCustomers(t *testing.T, got customerValueResult, clvWeight float64, weights [7]float64, wants []customerWant) {
	t.Helper()
	var ids, wantIDs []string
	for _, g := range got.CustomerValue.Edges {
		ids = append(ids, g.Node.Company.ID)
	}
	for _, w := range wants {
		wantIDs = append(wantIDs, w.id)
	}
	if strings.Join(ids, " ") != strings.Join(wantIDs, " ") {
		t.Fatalf("customers: got %v, want %v", ids, wantIDs)
	}
	for i, w := range wants {
		n := got.CustomerValue.Edges[i].Node
		if !near(n.Score, w.score) || !near(n.Clv, w.clv) || !near(n.ClvValue, clvWeight*w.clv) {
			t.Errorf("%s: score %v clv %v clvValue %v; want %v %v %v", w.id, n.Score, n.Clv, n.ClvValue, w.score, w.clv, clvWeight*w.clv)
		}
		if len(n.Components) != len(customerValueKinds) {
			t.Fatalf("%s: %d components", w.id, len(n.Components))
		}
		sum := n.ClvValue
		for k, c := range n.Components {
			if c.Kind != customerValueKinds[k] || c.Count != w.counts[k] || !near(c.Weight, weights[k]) || !near(c.Value, float64(w.counts[k])*weights[k]) {
				t.Errorf("%s component %d: %+v; want %s count %d weight %v", w.id, k, c, customerValueKinds[k], w.counts[k], weights[k])
			}
			if c.Value == 0 && math.Signbit(c.Value) {
				t.Errorf("%s component %s: -0", w.id, c.Kind)
			}
			sum += c.Value
		}
		if !near(sum, n.Score) {
			t.Errorf("%s: components add up to %v, score %v", w.id, sum, n.Score)
		}
	}
}

var defaultValueWeights = [7]float64{5000, 3000, 4000, 1000, 500, 250, 2000}

// Story 6 of testdata/DEMO.md, with the default weights (REFERRAL 5000,
// REFERENCE 3000, CASE_STUDY 4000, REVIEW 1000, BUG_REPORT 500,
// FEATURE_IDEA 250, ADVOCACY 2000) and clvWeight 1. The five customers
// are c1, c2, c3, c4 (no clv: counts 0) and c6; MENTION, JOB_CHANGE and
// PROMOTION signals at them do not count.
//
// All time:
//
//	c3 200000 + 1x3000 + 3x500 + 2x250                    = 205000
//	c6 150000 + 1x1000 + 1x250                            = 151250
//	c1 120000 + 2x5000 + 3000 + 4000 + 1000 + 2x500 + 250 = 139250
//	c2  80000 + 5000 + 2x1000 + 500 + 2000                =  89500
//	c4      0 + 2x5000 + 4000 + 2x1000 + 2x2000           =  20000
func TestCustomerValueDefaultWeights(t *testing.T) {
	e := demo(t)
	allTime := []customerWant{
		{"c3", 205000, 200000, [7]int{0, 1, 0, 0, 3, 2, 0}},
		{"c6", 151250, 150000, [7]int{0, 0, 0, 1, 0, 1, 0}},
		{"c1", 139250, 120000, [7]int{2, 1, 1, 1, 2, 1, 0}},
		{"c2", 89500, 80000, [7]int{1, 0, 0, 2, 1, 0, 1}},
		{"c4", 20000, 0, [7]int{2, 0, 1, 2, 0, 0, 2}},
	}
	got := e.customerValue(t, nil)
	if got.CustomerValue.TotalCount != 5 || got.CustomerValue.PageInfo.HasNextPage || got.CustomerValue.PageInfo.HasPreviousPage {
		t.Errorf("totalCount %d, page info %+v", got.CustomerValue.TotalCount, got.CustomerValue.PageInfo)
	}
	checkCustomers(t, got, 1, defaultValueWeights, allTime)
	// The company keeps its own clv: null for Helio Health (c4).
	if c4 := got.CustomerValue.Edges[4].Node.Company; c4.Clv != nil || c4.Name != "Helio Health" {
		t.Errorf("c4: %+v", c4)
	}
	// An explicit null, an empty object and fields set to null all mean
	// the defaults.
	for _, vars := range []map[string]any{
		{"weights": nil, "clvWeight": nil},
		{"weights": map[string]any{}},
		{"weights": map[string]any{"referral": nil, "advocacy": nil}},
	} {
		t.Run(fmt.Sprint(vars), func(t *testing.T) {
			checkCustomers(t, e.customerValue(t, vars), 1, defaultValueWeights, allTime)
		})
	}
}

// Since 2026-01-01 (midnight UTC) the older signals drop out: c1 loses
// s43 CASE_STUDY and s45 BUG_REPORT, c2 s48 REFERRAL, c3 s58 REFERENCE,
// s57 FEATURE_IDEA and s53 BUG_REPORT, c4 s65 REVIEW, c6 s67 REVIEW.
//
//	c3 200000 + 2x500 + 250                       = 201250
//	c6 150000 + 250                               = 150250
//	c1 120000 + 2x5000 + 3000 + 1000 + 500 + 250  = 134750
//	c2  80000 + 2x1000 + 500 + 2000               =  84500
//	c4      0 + 2x5000 + 4000 + 1000 + 2x2000     =  19000
//
// `since` is inclusive: s44 (REVIEW at c1) is at 2026-10-14T10:00:00Z.
// From that instant only s44, s64 (REVIEW at c4) and s60 (REFERRAL at c4)
// count: c3 200000, c6 150000, c1 120000 + 1000 = 121000, c2 80000,
// c4 1000 + 5000 = 6000. One second later s44 is gone: c1 120000.
func TestCustomerValueSince(t *testing.T) {
	e := demo(t)
	checkCustomers(t, e.customerValue(t, map[string]any{"since": "2026-01-01"}), 1, defaultValueWeights, []customerWant{
		{"c3", 201250, 200000, [7]int{0, 0, 0, 0, 2, 1, 0}},
		{"c6", 150250, 150000, [7]int{0, 0, 0, 0, 0, 1, 0}},
		{"c1", 134750, 120000, [7]int{2, 1, 0, 1, 1, 1, 0}},
		{"c2", 84500, 80000, [7]int{0, 0, 0, 2, 1, 0, 1}},
		{"c4", 19000, 0, [7]int{2, 0, 1, 1, 0, 0, 2}},
	})
	checkCustomers(t, e.customerValue(t, map[string]any{"since": "2026-10-14T10:00:00Z"}), 1, defaultValueWeights, []customerWant{
		{"c3", 200000, 200000, [7]int{}},
		{"c6", 150000, 150000, [7]int{}},
		{"c1", 121000, 120000, [7]int{0, 0, 0, 1, 0, 0, 0}},
		{"c2", 80000, 80000, [7]int{}},
		{"c4", 6000, 0, [7]int{1, 0, 0, 1, 0, 0, 0}},
	})
	checkCustomers(t, e.customerValue(t, map[string]any{"since": "2026-10-14T10:00:01Z"}), 1, defaultValueWeights, []customerWant{
		{"c3", 200000, 200000, [7]int{}},
		{"c6", 150000, 150000, [7]int{}},
		{"c1", 120000, 120000, [7]int{}},
		{"c2", 80000, 80000, [7]int{}},
		{"c4", 6000, 0, [7]int{1, 0, 0, 1, 0, 0, 0}},
	})
}

// Custom weights: given fields replace their defaults, the others keep
// them. Negative weights are allowed (here a bug report costs 1000); a
// customer without bug reports then shows 0 for them, not -0.
func TestCustomerValueCustomWeights(t *testing.T) {
	e := demo(t)
	// Community value only (clvWeight 0), bug reports as a cost:
	//
	//	c4 2x5000 + 4000 + 2x1000 + 2x2000          = 20000
	//	c1 2x5000 + 3000 + 4000 + 1000 - 2000 + 250 = 16250
	//	c2 5000 + 2x1000 - 1000 + 2000              =  8000
	//	c6 1000 + 250                               =  1250
	//	c3 3000 - 3x1000 + 2x250                    =   500
	t.Run("negative bug reports, no clv", func(t *testing.T) {
		weights := defaultValueWeights
		weights[4] = -1000
		got := e.customerValue(t, map[string]any{"clvWeight": 0, "weights": map[string]any{"bugReport": -1000}})
		checkCustomers(t, got, 0, weights, []customerWant{
			{"c4", 20000, 0, [7]int{2, 0, 1, 2, 0, 0, 2}},
			{"c1", 16250, 120000, [7]int{2, 1, 1, 1, 2, 1, 0}},
			{"c2", 8000, 80000, [7]int{1, 0, 0, 2, 1, 0, 1}},
			{"c6", 1250, 150000, [7]int{0, 0, 0, 1, 0, 1, 0}},
			{"c3", 500, 200000, [7]int{0, 1, 0, 0, 3, 2, 0}},
		})
	})
	// A quarter of the clv, reviews at 2500, referral explicitly null
	// (its default 5000):
	//
	//	c3 50000 + 3000 + 3x500 + 2x250                        = 55000
	//	c1 30000 + 2x5000 + 3000 + 4000 + 2500 + 2x500 + 250   = 50750
	//	c6 37500 + 2500 + 250                                  = 40250
	//	c2 20000 + 5000 + 2x2500 + 500 + 2000                  = 32500
	//	c4     0 + 2x5000 + 4000 + 2x2500 + 2x2000             = 23000
	t.Run("quarter clv, reviews up", func(t *testing.T) {
		weights := defaultValueWeights
		weights[3] = 2500
		got := e.customerValue(t, map[string]any{"clvWeight": 0.25, "weights": map[string]any{"referral": nil, "review": 2500}})
		checkCustomers(t, got, 0.25, weights, []customerWant{
			{"c3", 55000, 200000, [7]int{0, 1, 0, 0, 3, 2, 0}},
			{"c1", 50750, 120000, [7]int{2, 1, 1, 1, 2, 1, 0}},
			{"c6", 40250, 150000, [7]int{0, 0, 0, 1, 0, 1, 0}},
			{"c2", 32500, 80000, [7]int{1, 0, 0, 2, 1, 0, 1}},
			{"c4", 23000, 0, [7]int{2, 0, 1, 2, 0, 0, 2}},
		})
	})
	// Every weight 0 and clvWeight 0: all five tie at 0, so the order is
	// by name: Acme Analytics, Brightwave Marketing, Helio Health,
	// Northwind Logistics, Pinecrest Bank.
	t.Run("all tied", func(t *testing.T) {
		zero := map[string]any{}
		for _, f := range []string{"referral", "reference", "caseStudy", "review", "bugReport", "featureIdea", "advocacy"} {
			zero[f] = 0
		}
		got := e.customerValue(t, map[string]any{"clvWeight": 0, "weights": zero})
		checkCustomers(t, got, 0, [7]float64{}, []customerWant{
			{"c1", 0, 120000, [7]int{2, 1, 1, 1, 2, 1, 0}},
			{"c2", 0, 80000, [7]int{1, 0, 0, 2, 1, 0, 1}},
			{"c4", 0, 0, [7]int{2, 0, 1, 2, 0, 0, 2}},
			{"c3", 0, 200000, [7]int{0, 1, 0, 0, 3, 2, 0}},
			{"c6", 0, 150000, [7]int{0, 0, 0, 1, 0, 1, 0}},
		})
	})
}

// Pages of two chain through endCursor: c3 c6 | c1 c2 | c4 (default
// weights), with totalCount 5 on every page.
func TestCustomerValuePagination(t *testing.T) {
	e := demo(t)
	var pages []string
	var after any
	var lastEnd string
	for i := 0; ; i++ {
		if i > 5 {
			t.Fatal("pagination does not end")
		}
		got := e.customerValue(t, map[string]any{"first": 2, "after": after})
		cv := got.CustomerValue
		if cv.TotalCount != 5 || cv.PageInfo.HasPreviousPage != (after != nil) {
			t.Errorf("page %d: totalCount %d, page info %+v", i, cv.TotalCount, cv.PageInfo)
		}
		var ids []string
		for _, g := range cv.Edges {
			ids = append(ids, g.Node.Company.ID)
		}
		if len(cv.Edges) > 0 && (*cv.PageInfo.StartCursor != cv.Edges[0].Cursor || *cv.PageInfo.EndCursor != cv.Edges[len(cv.Edges)-1].Cursor) {
			t.Errorf("page %d: cursors %+v", i, cv.PageInfo)
		}
		pages = append(pages, strings.Join(ids, " "))
		lastEnd = *cv.PageInfo.EndCursor
		if !cv.PageInfo.HasNextPage {
			break
		}
		after = *cv.PageInfo.EndCursor
	}
	if got := strings.Join(pages, " | "); got != "c3 c6 | c1 c2 | c4" {
		t.Errorf("pages: %s", got)
	}
	// After the last customer: an empty page that still counts all five.
	past := e.customerValue(t, map[string]any{"first": 2, "after": lastEnd}).CustomerValue
	if len(past.Edges) != 0 || past.TotalCount != 5 || past.PageInfo.HasNextPage || !past.PageInfo.HasPreviousPage || past.PageInfo.EndCursor != nil {
		t.Errorf("after the last page: %+v", past)
	}
}

func TestCustomerValueErrors(t *testing.T) {
	e := demo(t)
	for _, tt := range []struct{ name, query, code, msg string }{
		{"page too large", `{ customerValue(first: 101) { totalCount } }`, "BAD_USER_INPUT", "first must be between 1 and 100, got 101"},
		{"page empty", `{ customerValue(first: 0) { totalCount } }`, "BAD_USER_INPUT", "first must be between 1 and 100, got 0"},
		{"bad cursor", `{ customerValue(after: "nope") { totalCount } }`, "BAD_USER_INPUT", "is not a cursor"},
		{"bad date", `{ customerValue(since: "last year") { totalCount } }`, "", "is not an RFC 3339 date"},
		{"unknown weight", `{ customerValue(weights: {churn: 1}) { totalCount } }`, "GRAPHQL_VALIDATION_FAILED", "churn"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := e.post(t, e.reader, tt.query, nil)
			if len(res.Errors) == 0 {
				t.Fatalf("no error; data %s", res.Data)
			}
			got := res.Errors[0]
			if tt.code != "" && got.Extensions["code"] != tt.code || !strings.Contains(got.Message, tt.msg) {
				t.Errorf("got %v %q, want %s %q", got.Extensions["code"], got.Message, tt.code, tt.msg)
			}
		})
	}
}

// One statement for the ranking, one per nested list field for all the
// companies of the page: customerValue, employees, the employees'
// worksAt, and signals.
func TestCustomerValueRoundTrips(t *testing.T) {
	e := demo(t)
	res := e.post(t, e.reader, `{
  customerValue(first: 100) {
    edges { node {
      score
      company { name employees { person { name worksAt { title } } } signals(first: 3) { id } }
      components { kind value }
    } }
  }
}`, nil)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	var names []string
	for _, s := range e.statements(res.reqID) {
		names = append(names, s.Name)
	}
	if len(names) != 4 || names[0] != "customerValue" {
		t.Fatalf("%d statements, want 4 starting with customerValue: %v", len(names), names)
	}
}

// The counts kept on companies follow the writes: a new REFERRAL at c2
// (s90), c2's REFERRAL s48 turned into a REVIEW, and a new ADVOCACY at c4
// (s91), each in a mutation.
//
// All time (the kept counts):
//
//	c2 80000 + 5000 + 3x1000 + 500 + 2000 = 90500 (was 89500)
//	c4     0 + 2x5000 + 4000 + 2x1000 + 3x2000 = 22000 (was 20000)
//
// Since 2026-01-01 (the signals counted), s48 (2025-06-10) drops out:
// c2 80000 + 5000 + 2x1000 + 500 + 2000 = 89500. Since 2000-01-01 the
// counted signals give the all-time answer.
func TestCustomerValueFollowsWrites(t *testing.T) {
	e := demo(t)
	restoreDemo(t)
	upsertCount(t, e, e.admin, `mutation { upsertSignals(input: [
  {id: "s90", kind: REFERRAL, person: "p11", company: "c2", at: "2026-11-20T10:00:00Z"},
  {id: "s48", kind: REVIEW, at: "2025-06-10T00:00:00Z"}
]) { count } }`, nil)
	upsertCount(t, e, e.admin, `mutation { upsertSignals(input: [{id: "s91", kind: ADVOCACY, company: "c4", at: "2026-11-21T10:00:00Z"}]) { count } }`, nil)
	allTime := []customerWant{
		{"c3", 205000, 200000, [7]int{0, 1, 0, 0, 3, 2, 0}},
		{"c6", 151250, 150000, [7]int{0, 0, 0, 1, 0, 1, 0}},
		{"c1", 139250, 120000, [7]int{2, 1, 1, 1, 2, 1, 0}},
		{"c2", 90500, 80000, [7]int{1, 0, 0, 3, 1, 0, 1}},
		{"c4", 22000, 0, [7]int{2, 0, 1, 2, 0, 0, 3}},
	}
	checkCustomers(t, e.customerValue(t, nil), 1, defaultValueWeights, allTime)
	checkCustomers(t, e.customerValue(t, map[string]any{"since": "2000-01-01"}), 1, defaultValueWeights, allTime)
	got := e.customerValue(t, map[string]any{"since": "2026-01-01"})
	if n := got.CustomerValue.Edges[3].Node; n.Company.ID != "c2" || n.Score != 89500 {
		t.Errorf("c2 since 2026-01-01: %s %v, want c2 89500", n.Company.ID, n.Score)
	}
	checkKept(t, testdb.Store(t))
}
