package server_test

import (
	"strings"
	"testing"
)

type signalFeed struct {
	Signals struct {
		TotalCount int `json:"totalCount"`
		PageInfo   struct {
			HasNextPage     bool    `json:"hasNextPage"`
			HasPreviousPage bool    `json:"hasPreviousPage"`
			EndCursor       *string `json:"endCursor"`
		} `json:"pageInfo"`
		Edges []struct {
			Cursor string `json:"cursor"`
			Node   struct {
				ID     string   `json:"id"`
				Kind   string   `json:"kind"`
				At     string   `json:"at"`
				Title  *string  `json:"title"`
				Round  *string  `json:"round"`
				Amount *float64 `json:"amount"`
				Person *struct {
					ID string `json:"id"`
				} `json:"person"`
				Company *struct {
					ID       string `json:"id"`
					Industry string `json:"industry"`
				} `json:"company"`
				Topics []struct {
					ID string `json:"id"`
				} `json:"topics"`
			} `json:"node"`
		} `json:"edges"`
	} `json:"signals"`
}

const signalsQuery = `query($where: SignalWhere, $network: NetworkInput, $first: Int, $after: String, $orderBy: SignalOrder) {
  signals(where: $where, network: $network, first: $first, after: $after, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges {
      cursor
      node { id kind at title round amount person { id } company { id industry } topics { id } }
    }
  }
}`

func (e *env) signals(t *testing.T, key string, vars map[string]any) signalFeed {
	t.Helper()
	var out signalFeed
	e.data(t, key, signalsQuery, vars, &out)
	return out
}

func signalIDs(f signalFeed) string {
	var ids []string
	for _, e := range f.Signals.Edges {
		ids = append(ids, e.Node.ID)
	}
	return strings.Join(ids, " ")
}

// Story 4 of testdata/DEMO.md: the FUNDING_ROUND signals are s33 (c9, B,
// 2026-11-18), s30 (c5, B, 2026-11-03), s31 (c7, A, 2026-10-20) and s32
// (c8, B, 2025-05-14). They have no BY person, so the network counts
// through employers: within degree 2 of p0 people currently work at c5
// (p19, p32, p47), c7 and c8, but nobody at c9 (its only network tie, p22,
// left at the end of 2025).
//
// Story 3: the JOB_CHANGE signals to a "Chief Marketing Officer" title in
// the last 60 days (since 2026-09-26) are s23 (p48 at c9, 11-14), s20 (p33
// at c1, 11-12) and s21 (p46 at c3, 11-08). p48 is unreachable from p0 and
// nobody in the network works at c9; p33 and p46 are at degree 2, and c1
// and c3 have degree-1 employees too (p13, p23 and p10, p12), so both stay
// even at degree 1. Only c1 is a SaaS company.
func TestSignalsStories(t *testing.T) {
	e := demo(t)
	seriesB := map[string]any{"kinds": []string{"FUNDING_ROUND"}, "round": "B", "since": "2026-10-01"}
	newCMO := map[string]any{"kinds": []string{"JOB_CHANGE"}, "titleContains": "chief marketing", "since": "2026-09-26"}
	tests := []struct {
		name    string
		where   map[string]any
		network map[string]any
		want    string
	}{
		{"series B in my network", seriesB, map[string]any{"degree": 2}, "s30"},
		{"series B, degree 3", seriesB, map[string]any{"degree": 3}, "s30"},
		{"series B, no network", seriesB, nil, "s33 s30"},
		{"series B, no window", map[string]any{"kinds": []string{"FUNDING_ROUND"}, "round": "B"}, map[string]any{"degree": 2}, "s30 s32"},
		{"any funding round", map[string]any{"kinds": []string{"FUNDING_ROUND"}}, map[string]any{"degree": 2}, "s30 s31 s32"},
		{"round is exact", map[string]any{"round": "b"}, nil, ""},
		{"new CMO, degree 2", newCMO, map[string]any{"degree": 2}, "s20 s21"},
		{"new CMO, degree 1", newCMO, map[string]any{"of": "p0"}, "s20 s21"},
		{"new CMO at a SaaS company", signalWhereWith(newCMO, map[string]any{"company": map[string]any{"industry": "saas"}}), map[string]any{"degree": 2}, "s20"},
		{"new CMO anywhere", newCMO, nil, "s23 s20 s21"},
		// p48's network is p49, CEO of c9.
		{"p48's network", nil, map[string]any{"of": "p48", "degree": 3}, "s33 s23"},
		{"p59 knows no one", nil, map[string]any{"of": "p59", "degree": 3}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars := map[string]any{"where": tt.where, "first": 100}
			if tt.network != nil {
				vars["network"] = tt.network
			}
			got := e.signals(t, e.reader, vars)
			if s := signalIDs(got); s != tt.want || got.Signals.TotalCount != len(strings.Fields(tt.want)) {
				t.Fatalf("got %q (total %d), want %q", s, got.Signals.TotalCount, tt.want)
			}
		})
	}
	// The signal carries its company and amount; a funding round has no person.
	got := e.signals(t, e.reader, map[string]any{"where": seriesB, "network": map[string]any{"degree": 2}})
	n := got.Signals.Edges[0].Node
	if n.Kind != "FUNDING_ROUND" || n.At != "2026-11-03T13:00:00Z" || n.Person != nil || n.Company == nil || n.Company.ID != "c5" ||
		n.Amount == nil || *n.Amount != 40000000 || n.Round == nil || *n.Round != "B" {
		t.Errorf("s30: %+v", n)
	}
}

func signalWhereWith(a, b map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// Each SignalWhere field on its own, checked against the signal lines of
// testdata/demo.ndjson.
func TestSignalsFilters(t *testing.T) {
	e := demo(t)
	tests := []struct {
		name  string
		where map[string]any
		want  string
	}{
		// Ten signals mention churn with NEGATIVE sentiment; s64 is a REVIEW.
		{"topic and sentiment", map[string]any{"topic": "churn", "sentiment": "NEGATIVE"}, "s8 s1 s9 s6 s11 s7 s2 s64 s10 s3"},
		{"topic, kind and window", map[string]any{"topic": "churn", "kinds": []string{"MENTION"}, "sentiment": "NEGATIVE", "since": "2026-10-01", "until": "2026-10-31"}, "s11 s7 s2 s10"},
		{"by a person", map[string]any{"person": "p36"}, "s46 s24 s45"},
		{"by an unknown person", map[string]any{"person": "nobody"}, ""},
		{"several kinds", map[string]any{"kinds": []string{"PROMOTION", "ACQUISITION", "PROMOTION"}}, "s36 s24"},
		{"title contains", map[string]any{"titleContains": "SERIES"}, "s33 s30 s31 s32"},
		// A plain-date until includes that whole day: s30 is at 13:00.
		{"until a plain date", map[string]any{"kinds": []string{"FUNDING_ROUND"}, "until": "2026-11-03"}, "s30 s31 s32"},
		{"until an instant", map[string]any{"kinds": []string{"FUNDING_ROUND"}, "until": "2026-11-03T12:59:59Z"}, "s31 s32"},
		{"since is inclusive", map[string]any{"kinds": []string{"FUNDING_ROUND"}, "since": "2026-11-03T13:00:00Z"}, "s33 s30"},
		// Signals AT c5: s13 (11-18), s12 (11-08), s34 (11-06), s30
		// (11-03), s22 (11-01). c5 has no ACQUISITION, so honouring the
		// company's own signal condition would give nothing.
		{"at a company", map[string]any{"company": map[string]any{"id": "c5", "signal": map[string]any{"kinds": []string{"ACQUISITION"}}}}, "s13 s12 s34 s30 s22"},
		{"at a customer in Providence", map[string]any{"company": map[string]any{"customer": true, "city": "providence"}}, "s8 s66 s67"},
		// s37 (EVENT_ATTENDED by p20) is the only signal at no company.
		{"at any company", map[string]any{"kinds": []string{"EVENT_ATTENDED", "HIRING"}, "company": map[string]any{}}, "s34"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.signals(t, e.reader, map[string]any{"where": tt.where, "first": 100})
			if s := signalIDs(got); s != tt.want || got.Signals.TotalCount != len(strings.Fields(tt.want)) {
				t.Fatalf("got %q (total %d), want %q", s, got.Signals.TotalCount, tt.want)
			}
		})
	}
}

// The feed has 55 signals; the network of p0 reaches 53 of them at any
// degree (all but s23 and s33, both about c9 and p48). Newest first by
// default; ASC flips the time order; pages chain.
func TestSignalsOrderAndPagination(t *testing.T) {
	e := demo(t)
	all := e.signals(t, e.nobody, map[string]any{"first": 100})
	if all.Signals.TotalCount != 55 || len(all.Signals.Edges) != 55 {
		t.Fatalf("all: total %d, edges %d", all.Signals.TotalCount, len(all.Signals.Edges))
	}
	// s13 (2026-11-18T18:00) is newest, s67 (2025-02-28) oldest.
	edges := all.Signals.Edges
	if edges[0].Node.ID != "s13" || edges[1].Node.ID != "s33" || edges[54].Node.ID != "s67" {
		t.Errorf("order: %s", signalIDs(all))
	}
	for i := 1; i < len(edges); i++ {
		if edges[i-1].Node.At < edges[i].Node.At {
			t.Fatalf("%s before %s", edges[i-1].Node.ID, edges[i].Node.ID)
		}
	}
	asc := e.signals(t, e.reader, map[string]any{"where": map[string]any{"kinds": []string{"FUNDING_ROUND"}}, "orderBy": map[string]any{"direction": "ASC"}})
	if s := signalIDs(asc); s != "s32 s31 s30 s33" {
		t.Errorf("oldest first: %s", s)
	}
	for degree := 1; degree <= 3; degree++ {
		got := e.signals(t, e.reader, map[string]any{"network": map[string]any{"degree": degree}, "first": 1})
		if got.Signals.TotalCount != 53 {
			t.Errorf("degree %d: total %d, want 53", degree, got.Signals.TotalCount)
		}
	}
	var paged []string
	var after any
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("pagination does not end")
		}
		page := e.signals(t, e.reader, map[string]any{"first": 20, "after": after})
		if page.Signals.TotalCount != 55 || page.Signals.PageInfo.HasPreviousPage != (after != nil) {
			t.Fatalf("page %d: total %d, hasPreviousPage %v", pages, page.Signals.TotalCount, page.Signals.PageInfo.HasPreviousPage)
		}
		if s := signalIDs(page); s != "" {
			paged = append(paged, s)
		}
		if !page.Signals.PageInfo.HasNextPage {
			break
		}
		after = *page.Signals.PageInfo.EndCursor
	}
	if strings.Join(paged, " ") != signalIDs(all) || len(paged) != 3 {
		t.Fatalf("%d pages give %v", len(paged), paged)
	}
}

// A window reads the signals in the order of the index on their time, a
// page at a time: the pages of a window that holds every signal chain
// into the whole feed, newest or oldest first; a window of October 2026
// holds the feed's signals of that month, in the same order; a window
// with other conditions keeps them.
func TestSignalsWindowPagesAsTheFeed(t *testing.T) {
	e := demo(t)
	pages := func(vars map[string]any, first int) (string, int) {
		var ids []string
		var after any
		total := -1
		for n := 0; n < 60; n++ {
			v := map[string]any{"first": first, "after": after}
			for k, x := range vars {
				v[k] = x
			}
			page := e.signals(t, e.reader, v)
			total = page.Signals.TotalCount
			if s := signalIDs(page); s != "" {
				ids = append(ids, s)
			}
			if !page.Signals.PageInfo.HasNextPage {
				return strings.Join(ids, " "), total
			}
			after = *page.Signals.PageInfo.EndCursor
		}
		t.Fatal("pagination does not end")
		return "", 0
	}
	everything := map[string]any{"since": "2000-01-01", "until": "2100-01-01"}
	for _, dir := range []string{"DESC", "ASC"} {
		order := map[string]any{"direction": dir}
		feed := signalIDs(e.signals(t, e.reader, map[string]any{"first": 100, "orderBy": order}))
		if got, total := pages(map[string]any{"where": everything, "orderBy": order}, 7); got != feed || total != 55 {
			t.Errorf("%s, a window of every signal, 7 a page: %d, %s\nwant 55, %s", dir, total, got, feed)
		}
	}
	var october []string
	for _, edge := range e.signals(t, e.reader, map[string]any{"first": 100}).Signals.Edges {
		if strings.HasPrefix(edge.Node.At, "2026-10") {
			october = append(october, edge.Node.ID)
		}
	}
	if got, total := pages(map[string]any{"where": map[string]any{"since": "2026-10-01", "until": "2026-10-31"}}, 3); got != strings.Join(october, " ") || total != len(october) || total == 0 {
		t.Errorf("October: %d, %s; want %d, %s", total, got, len(october), strings.Join(october, " "))
	}
	funding := map[string]any{"since": "2000-01-01", "kinds": []string{"FUNDING_ROUND"}}
	if got, total := pages(map[string]any{"where": funding, "orderBy": map[string]any{"direction": "ASC"}}, 3); got != "s32 s31 s30 s33" || total != 4 {
		t.Errorf("funding rounds, oldest first: %d, %s", total, got)
	}
}

// The signals' people and companies are batched: one statement for the
// page and one per nested list field, however many signals.
func TestSignalsRoundTrips(t *testing.T) {
	e := demo(t)
	res := e.post(t, e.reader, `{
  signals(first: 100, network: {degree: 3}) {
    edges {
      node {
        id topics { id }
        person { name worksAt { company { name } } }
        company { name employees { person { name } } }
      }
    }
  }
}`, nil)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	stmts := e.statements(res.reqID)
	var names []string
	for _, s := range stmts {
		names = append(names, s.Name)
	}
	if len(stmts) != 3 || names[0] != "signals" {
		t.Fatalf("%d statements, want 3 (signals, worksAt, employees): %v", len(stmts), names)
	}
}

func TestSignalsErrors(t *testing.T) {
	e := demo(t)
	tests := []struct {
		name, key, query, code, msg string
	}{
		{"unknown person", e.reader, `{ signals(network: {of: "nobody"}) { totalCount } }`, "NOT_FOUND", `person "nobody" does not exist`},
		{"degree too large", e.reader, `{ signals(network: {degree: 4}) { totalCount } }`, "BAD_USER_INPUT", "network.degree must be between 1 and 3, got 4"},
		{"page too large", e.reader, `{ signals(first: 0) { totalCount } }`, "BAD_USER_INPUT", "first must be between 1 and 100, got 0"},
		{"no viewer", e.nobody, `{ signals(network: {degree: 2}) { totalCount } }`, "BAD_USER_INPUT", "pass network.of"},
		{"backwards window", e.reader, `{ signals(where: {since: "2026-11-01", until: "2026-10-01"}) { totalCount } }`, "BAD_USER_INPUT", "where: until"},
		{"bad cursor", e.reader, `{ signals(after: "xyz") { totalCount } }`, "BAD_USER_INPUT", "is not a cursor"},
		{"bad kind", e.reader, `{ signals(where: {kinds: [TWEET]}) { totalCount } }`, "GRAPHQL_VALIDATION_FAILED", "TWEET"},
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
}
