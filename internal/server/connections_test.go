package server_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/internal/testdb"
)

type edge struct {
	Cursor   string  `json:"cursor"`
	Degree   int     `json:"degree"`
	Strength float64 `json:"strength"`
	Node     struct {
		ID      string `json:"id"`
		Name    string `json:"name"`
		WorksAt []struct {
			Company struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			} `json:"company"`
		} `json:"worksAt"`
	} `json:"node"`
	Via []struct {
		ID string `json:"id"`
	} `json:"via"`
	Evidence []struct {
		Filter     string `json:"filter"`
		Engagement *struct {
			Action  string `json:"action"`
			At      string `json:"at"`
			Content struct {
				ID string `json:"id"`
			} `json:"content"`
		} `json:"engagement"`
		Signal *struct {
			ID string `json:"id"`
		} `json:"signal"`
	} `json:"evidence"`
}

type connections struct {
	Connections struct {
		TotalCount int `json:"totalCount"`
		PageInfo   struct {
			HasNextPage     bool    `json:"hasNextPage"`
			HasPreviousPage bool    `json:"hasPreviousPage"`
			EndCursor       *string `json:"endCursor"`
		} `json:"pageInfo"`
		Edges []edge `json:"edges"`
	} `json:"connections"`
}

const connectionsQuery = `query($of: ID, $degree: Int, $where: PersonWhere, $first: Int, $after: String, $orderBy: PersonOrder) {
  connections(of: $of, degree: $degree, where: $where, first: $first, after: $after, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges {
      cursor degree strength
      node { id name worksAt { company { id name } } }
      via { id }
      evidence {
        filter
        engagement { action at content { id } }
        signal { id }
      }
    }
  }
}`

// want is one expected edge: "id degree strength via1,via2".
type want struct {
	id       string
	degree   int
	strength float64
	via      string
	evidence string // "filter:content-or-signal ..." in order; "" to skip the check
}

func (e *env) connections(t testing.TB, vars map[string]any) connections {
	t.Helper()
	var out connections
	e.data(t, e.reader, connectionsQuery, vars, &out)
	return out
}

func checkEdges(t *testing.T, got []edge, wants []want) {
	t.Helper()
	var ids []string
	for _, g := range got {
		ids = append(ids, g.Node.ID)
	}
	var wantIDs []string
	for _, w := range wants {
		wantIDs = append(wantIDs, w.id)
	}
	if strings.Join(ids, " ") != strings.Join(wantIDs, " ") {
		t.Fatalf("people: got %v, want %v", ids, wantIDs)
	}
	for i, w := range wants {
		g := got[i]
		var via []string
		for _, v := range g.Via {
			via = append(via, v.ID)
		}
		if g.Degree != w.degree || !near(g.Strength, w.strength) || strings.Join(via, ",") != w.via {
			t.Errorf("%s: got degree %d strength %v via %v; want %d %v %s", w.id, g.Degree, g.Strength, via, w.degree, w.strength, w.via)
		}
		if w.evidence == "" {
			continue
		}
		var ev []string
		for _, x := range g.Evidence {
			switch {
			case x.Engagement != nil:
				ev = append(ev, x.Filter+":"+x.Engagement.Content.ID)
			case x.Signal != nil:
				ev = append(ev, x.Filter+":"+x.Signal.ID)
			}
		}
		if strings.Join(ev, " ") != w.evidence {
			t.Errorf("%s evidence: got %q, want %q", w.id, strings.Join(ev, " "), w.evidence)
		}
	}
}

// The headline question, worked out in testdata/DEMO.md (story 1): CRM
// white-paper readers who voiced a negative churn mention since October.
// Decoys at degree 1 fail one condition each: p12 (mention in 2025), p13
// (positive and neutral mentions), p14 (read an article), p15 (a security
// white paper), p16 (downloaded, did not read).
func TestConnectionsChurnWorriedCrmReaders(t *testing.T) {
	e := demo(t)
	where := map[string]any{
		"engagedWith": map[string]any{"kind": "WHITE_PAPER", "topic": "crm", "action": "READ"},
		"mentioned":   map[string]any{"topic": "churn", "sentiment": "NEGATIVE", "since": "2026-10-01"},
	}
	// p0-p10 (0.82) and p0-p11 (0.41) are computed from interactions.
	p10 := want{"p10", 1, 0.82, "", "engagedWith:wp2 engagedWith:wp1 mentioned:s1"}
	p11 := want{"p11", 1, 0.41, "", "engagedWith:wp1 mentioned:s2"}
	p30 := want{"p30", 2, 0.656, "p10,p15", "engagedWith:wp2 mentioned:s9"}              // 0.82*0.8 via p10
	p31 := want{"p31", 2, 0.328, "p11", "engagedWith:wp2 engagedWith:wp1 mentioned:s10"} // 0.41*0.8
	p45 := want{"p45", 3, 0.3936, "p10,p15", "engagedWith:wp2 mentioned:s11"}            // 0.82*0.8*0.6
	for _, tc := range []struct {
		degree int
		wants  []want
	}{
		{1, []want{p10, p11}},
		{2, []want{p10, p11, p30, p31}},
		{3, []want{p10, p11, p30, p31, p45}},
	} {
		t.Run("degree "+itoa(tc.degree), func(t *testing.T) {
			got := e.connections(t, map[string]any{"degree": tc.degree, "where": where})
			if got.Connections.TotalCount != len(tc.wants) {
				t.Errorf("totalCount %d, want %d", got.Connections.TotalCount, len(tc.wants))
			}
			checkEdges(t, got.Connections.Edges, tc.wants)
		})
	}
	// The same question written with AND gives the same people, with
	// evidence labelled by position.
	got := e.connections(t, map[string]any{"degree": 1, "where": map[string]any{"AND": []any{
		map[string]any{"engagedWith": where["engagedWith"]}, map[string]any{"mentioned": where["mentioned"]},
	}}})
	checkEdges(t, got.Connections.Edges, []want{
		{"p10", 1, 0.82, "", "AND[0].engagedWith:wp2 AND[0].engagedWith:wp1 AND[1].mentioned:s1"},
		{"p11", 1, 0.41, "", "AND[0].engagedWith:wp1 AND[1].mentioned:s2"},
	})
}

func TestConnectionsFilters(t *testing.T) {
	e := demo(t)
	crmWP := map[string]any{"kind": "WHITE_PAPER", "topic": "crm", "action": "READ"}
	tests := []struct {
		name   string
		degree int
		where  map[string]any
		ids    string
	}{
		// Two CRM white papers read: p10 (wp1, wp2) and p31 (wp1, wp2).
		{"minCount 2", 3, map[string]any{"engagedWith": map[string]any{"kind": "WHITE_PAPER", "topic": "crm", "action": "READ", "minCount": 2}}, "p10 p31"},
		{"engagement window", 2, map[string]any{
			"engagedWith": map[string]any{"kind": "WHITE_PAPER", "topic": "crm", "action": "READ", "since": "2026-10-01"},
			"mentioned":   map[string]any{"topic": "churn", "sentiment": "NEGATIVE", "since": "2026-10-01"}}, "p11 p30 p31"},
		{"readers only, degree 1", 1, map[string]any{"engagedWith": crmWP}, "p10 p13 p12 p11"},
		{"any action", 1, map[string]any{"engagedWith": map[string]any{"kind": "WHITE_PAPER", "topic": "crm"}}, "p10 p13 p12 p11 p16"},
		{"churn concern, no window", 1, map[string]any{"mentioned": map[string]any{"topic": "churn", "sentiment": "NEGATIVE"}}, "p10 p12 p15 p14 p11 p16"},
		{"any churn mention", 1, map[string]any{"mentioned": map[string]any{"topic": "churn"}}, "p10 p13 p12 p15 p14 p11 p16"},
		// Story 8: within 50 km of p0 (Boston) and interested in analytics.
		{"near and analytics", 1, map[string]any{"near": map[string]any{"km": 50}, "interestedIn": map[string]any{"topics": []string{"analytics"}}}, "p10 p19 p11"},
		{"near and analytics, degree 2", 2, map[string]any{"near": map[string]any{"of": "p0", "km": 50}, "interestedIn": map[string]any{"topics": []string{"analytics"}}}, "p10 p19 p11 p41"},
		// Strengths from p0: p10 0.82, p13 0.65, p12 0.6, p15 0.6, p14
		// 0.55, p11 0.41, p16 0.06 (ties by id; p10, p11 and p16 are
		// computed from interactions).
		// Story 3: only p33 changed jobs to a CMO title (p46 is CMO at a
		// logistics company, also degree 2; p48 is unreachable).
		{"new CMO at a SaaS company", 2, map[string]any{
			"signal":  map[string]any{"kinds": []string{"JOB_CHANGE"}, "titleContains": "chief marketing", "since": "2026-10-01"},
			"worksAt": map[string]any{"industry": "saas"}}, "p33"},
		{"new CMO anywhere", 3, map[string]any{"signal": map[string]any{"kinds": []string{"JOB_CHANGE"}, "titleContains": "Chief Marketing Officer"}}, "p33 p46"},
		// Story 4: people at a company that raised a Series B since October.
		{"works at a fresh Series B", 2, map[string]any{"worksAt": map[string]any{"signal": map[string]any{"kinds": []string{"FUNDING_ROUND"}, "round": "B", "since": "2026-10-01"}}}, "p19 p32 p47"},
		{"OR with NOT", 1, map[string]any{"OR": []any{
			map[string]any{"mentioned": map[string]any{"topic": "churn", "sentiment": "POSITIVE"}},
			map[string]any{"engagedWith": map[string]any{"kind": "ARTICLE", "topic": "crm"}},
		}, "NOT": map[string]any{"name": "GRACE"}}, "p1 p13"}, // p1 and p14 read the CRM article art1, p13 is positive; p14 is Grace Kim
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.connections(t, map[string]any{"degree": tt.degree, "where": tt.where, "first": 100})
			var ids []string
			for _, g := range got.Connections.Edges {
				ids = append(ids, g.Node.ID)
			}
			if strings.Join(ids, " ") != tt.ids || got.Connections.TotalCount != len(ids) {
				t.Fatalf("got %v (total %d), want %s", ids, got.Connections.TotalCount, tt.ids)
			}
		})
	}
}

// Without a filter the network has 23 / 43 / 51 people at degree 1 / 2 / 3;
// the order is degree, strength descending, then id, and pages chain.
func TestConnectionsPagination(t *testing.T) {
	e := demo(t)
	all := e.connections(t, map[string]any{"degree": 3, "first": 100})
	if all.Connections.TotalCount != 51 || len(all.Connections.Edges) != 51 || all.Connections.PageInfo.HasNextPage {
		t.Fatalf("degree 3: total %d, edges %d", all.Connections.TotalCount, len(all.Connections.Edges))
	}
	for i := 1; i < len(all.Connections.Edges); i++ {
		a, b := all.Connections.Edges[i-1], all.Connections.Edges[i]
		ordered := a.Degree < b.Degree || a.Degree == b.Degree && (a.Strength > b.Strength || a.Strength == b.Strength && a.Node.ID < b.Node.ID)
		if !ordered {
			t.Fatalf("edges %d and %d out of order: %+v then %+v", i-1, i, a.Node.ID, b.Node.ID)
		}
	}
	// The tie at degree 2 and strength 0.72 (p33 through p17, p40
	// through p19) falls back to id.
	var tie []string
	for _, g := range all.Connections.Edges {
		if g.Degree == 2 && near(g.Strength, 0.72) {
			tie = append(tie, g.Node.ID)
		}
	}
	if strings.Join(tie, " ") != "p33 p40" {
		t.Errorf("tie at 0.72: %v", tie)
	}
	var paged []string
	var after any
	for pages := 0; ; pages++ {
		if pages > 20 {
			t.Fatal("pagination does not end")
		}
		page := e.connections(t, map[string]any{"degree": 3, "first": 7, "after": after})
		if page.Connections.TotalCount != 51 {
			t.Fatalf("page total %d", page.Connections.TotalCount)
		}
		if page.Connections.PageInfo.HasPreviousPage != (after != nil) {
			t.Errorf("hasPreviousPage %v on page %d", page.Connections.PageInfo.HasPreviousPage, pages)
		}
		for _, g := range page.Connections.Edges {
			paged = append(paged, g.Node.ID)
		}
		if !page.Connections.PageInfo.HasNextPage {
			break
		}
		after = *page.Connections.PageInfo.EndCursor
	}
	var ids []string
	for _, g := range all.Connections.Edges {
		ids = append(ids, g.Node.ID)
	}
	if strings.Join(paged, " ") != strings.Join(ids, " ") {
		t.Fatalf("pages give %v\nwant %v", paged, ids)
	}
	for degree, total := range map[int]int{1: 23, 2: 43} {
		got := e.connections(t, map[string]any{"degree": degree, "first": 1})
		if got.Connections.TotalCount != total {
			t.Errorf("degree %d: total %d, want %d", degree, got.Connections.TotalCount, total)
		}
	}
	// Another person's network: p48 and p49 only know each other.
	lonely := e.connections(t, map[string]any{"of": "p48", "degree": 3})
	if lonely.Connections.TotalCount != 1 || lonely.Connections.Edges[0].Node.ID != "p49" {
		t.Errorf("p48's network: %+v", lonely.Connections)
	}
	// p59 knows no one: an empty page, not an error.
	empty := e.connections(t, map[string]any{"of": "p59", "degree": 2})
	if empty.Connections.TotalCount != 0 || len(empty.Connections.Edges) != 0 || empty.Connections.PageInfo.EndCursor != nil {
		t.Errorf("p59's network: %+v", empty.Connections)
	}
}

// Nested fields are batched: a page of 51 people with their employers and
// evidence costs one statement for the page and one per nested list field,
// whatever the number of people.
func TestConnectionsRoundTrips(t *testing.T) {
	e := demo(t)
	res := e.post(t, e.reader, `{
  connections(degree: 3, first: 100, where: {OR: [{engagedWith: {topic: "crm"}}, {NOT: {name: "zzz"}}]}) {
    edges {
      node {
        name
        worksAt { title company { name employees { person { name } } } }
        interests { topic { id } }
        knows { person { name interests { topic { id } } } }
      }
      via { name }
      evidence { engagement { content { title topics { id } } } }
    }
  }
}`, nil)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	// The shape has six lists: connections, worksAt, employees, interests,
	// knows, and the acquaintances' interests; each costs one statement.
	stmts := e.statements(res.reqID)
	var names []string
	for _, s := range stmts {
		names = append(names, s.Name)
	}
	if len(stmts) != 6 {
		t.Fatalf("%d statements, want 6: %v", len(stmts), names)
	}
	if names[0] != "connections" {
		t.Errorf("the page should come first: %v", names)
	}
}

func TestConnectionsErrors(t *testing.T) {
	e := demo(t)
	tests := []struct {
		name, key, query, code, msg string
	}{
		{"no key", "", `{ viewer { id } }`, "UNAUTHENTICATED", "missing API key"},
		{"wrong key", "rg_not-a-key", `{ viewer { id } }`, "UNAUTHENTICATED", "invalid API key"},
		{"degree too large", e.reader, `{ connections(degree: 4) { totalCount } }`, "BAD_USER_INPUT", "degree must be between 1 and 3, got 4"},
		{"page too large", e.reader, `{ connections(first: 1000) { totalCount } }`, "BAD_USER_INPUT", "first must be between 1 and 100"},
		{"unknown person", e.reader, `{ connections(of: "nobody") { totalCount } }`, "NOT_FOUND", `person "nobody" does not exist`},
		{"no viewer", e.nobody, `{ connections { totalCount } }`, "BAD_USER_INPUT", "names no person"},
		{"near without viewer", e.nobody, `{ connections(of: "p0", where: {near: {km: 5}}) { totalCount } }`, "BAD_USER_INPUT", "near.of is required"},
		{"bad cursor", e.reader, `{ connections(after: "xyz") { totalCount } }`, "BAD_USER_INPUT", "is not a cursor"},
		{"bad date", e.reader, `{ connections(where: {mentioned: {since: "last week"}}) { totalCount } }`, "", "is not an RFC 3339 date"},
		{"backwards window", e.reader, `{ connections(where: {mentioned: {since: "2026-11-01", until: "2026-10-01"}}) { totalCount } }`, "BAD_USER_INPUT", "until"},
		{"bad enum", e.reader, `{ connections(where: {engagedWith: {kind: TWEET}}) { totalCount } }`, "GRAPHQL_VALIDATION_FAILED", "TWEET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.post(t, tt.key, tt.query, nil)
			if len(res.Errors) == 0 {
				t.Fatalf("no error; data %s", res.Data)
			}
			got := res.Errors[0]
			if tt.code != "" && got.Extensions["code"] != tt.code {
				t.Errorf("code %v, want %s (%s)", got.Extensions["code"], tt.code, got.Message)
			}
			if !strings.Contains(got.Message, tt.msg) {
				t.Errorf("message %q, want %q", got.Message, tt.msg)
			}
			if tt.key == "" || tt.code == "UNAUTHENTICATED" {
				if res.status != 401 || len(res.Data) > 0 && string(res.Data) != "null" {
					t.Errorf("status %d, data %s", res.status, res.Data)
				}
			}
		})
	}
}

func TestConnectionsOrderBy(t *testing.T) {
	e := demo(t)
	churn := map[string]any{
		"engagedWith": map[string]any{"kind": "WHITE_PAPER", "topic": "crm", "action": "READ"},
		"mentioned":   map[string]any{"topic": "churn", "sentiment": "NEGATIVE", "since": "2026-10-01"},
	}
	ids := func(c connections) string {
		var out []string
		for _, g := range c.Connections.Edges {
			out = append(out, g.Node.ID)
		}
		return strings.Join(out, " ")
	}
	tests := []struct {
		name string
		vars map[string]any
		want string
	}{
		// The five of story 1: p10 (1, 0.82), p11 (1, 0.41), p30 (2, 0.656),
		// p31 (2, 0.328), p45 (3, 0.3936).
		{"strength ascending", map[string]any{"degree": 3, "where": churn, "orderBy": map[string]any{"field": "STRENGTH", "direction": "ASC"}}, "p31 p45 p11 p30 p10"},
		{"degree descending", map[string]any{"degree": 3, "where": churn, "orderBy": map[string]any{"field": "DEGREE", "direction": "DESC"}}, "p45 p30 p31 p10 p11"},
		// Degree 1 by name: Ben Carter, Chloe Dubois, Dana Reyes, Diego
		// Alvarez, Elena Petrova, ... Yuki Tanaka.
		{"name", map[string]any{"degree": 1, "first": 5, "orderBy": map[string]any{"field": "NAME"}}, "p23 p22 p10 p21 p12"},
		{"name descending", map[string]any{"degree": 1, "first": 3, "orderBy": map[string]any{"field": "NAME", "direction": "DESC"}}, "p29 p13 p25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(e.connections(t, tt.vars)); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
	// Pages follow the chosen order.
	first := e.connections(t, map[string]any{"degree": 1, "first": 2, "orderBy": map[string]any{"field": "NAME"}})
	next := e.connections(t, map[string]any{"degree": 1, "first": 2, "after": *first.Connections.PageInfo.EndCursor, "orderBy": map[string]any{"field": "NAME"}})
	if ids(next) != "p10 p21" {
		t.Fatalf("second page by name: %s", ids(next))
	}
}

// A cursor belongs to the question and the arguments that gave it: the
// next page of the same question takes it, any other question or argument
// set refuses it with BAD_USER_INPUT on the `after` field.
func TestCursorsBelongToTheirQuestion(t *testing.T) {
	e := demo(t)
	first := e.connections(t, map[string]any{"degree": 2, "first": 5})
	cursor := *first.Connections.PageInfo.EndCursor
	if next := e.connections(t, map[string]any{"degree": 2, "first": 5, "after": cursor}); len(next.Connections.Edges) != 5 {
		t.Fatalf("the next page of the same question: %d edges", len(next.Connections.Edges))
	}
	for name, q := range map[string]struct {
		query string
		vars  map[string]any
	}{
		"another degree":   {connectionsQuery, map[string]any{"degree": 3, "after": cursor}},
		"a filter":         {connectionsQuery, map[string]any{"degree": 2, "after": cursor, "where": map[string]any{"city": "Boston"}}},
		"another order":    {connectionsQuery, map[string]any{"degree": 2, "after": cursor, "orderBy": map[string]any{"field": "NAME"}}},
		"another person":   {connectionsQuery, map[string]any{"of": "p10", "degree": 2, "after": cursor}},
		"another question": {`query($after: String) { companiesWithConnections(degree: 2, after: $after) { totalCount } }`, map[string]any{"after": cursor}},
		"signals":          {`query($after: String) { signals(after: $after) { totalCount } }`, map[string]any{"after": cursor}},
	} {
		t.Run(name, func(t *testing.T) {
			res := e.post(t, e.reader, q.query, q.vars)
			if len(res.Errors) != 1 {
				t.Fatalf("errors %+v, data %s", res.Errors, res.Data)
			}
			got := res.Errors[0]
			if got.Extensions["code"] != "BAD_USER_INPUT" || got.Extensions["field"] != "after" || !strings.Contains(got.Message, "belongs to another question") {
				t.Errorf("got %q %v", got.Message, got.Extensions)
			}
		})
	}
}

// The topics people keep of their signals (signalTopicIds) follow the
// writes that filters on a signal's topic depend on: a new churn MENTION
// BY p1 makes him match, turning it into a JOB_CHANGE makes him match
// the signal filter but no longer the mention filter, and a merge brings
// the merged person's pricing mention to p1 until it is undone.
func TestTopicFiltersFollowSignals(t *testing.T) {
	e := demo(t)
	restoreDemo(t)
	store := testdb.Store(t)
	matching := func(where map[string]any) string {
		t.Helper()
		got := e.connections(t, map[string]any{"degree": 1, "where": where, "first": 100})
		var ids []string
		for _, g := range got.Connections.Edges {
			ids = append(ids, g.Node.ID)
		}
		slices.Sort(ids)
		return strings.Join(ids, " ")
	}
	churn := map[string]any{"mentioned": map[string]any{"topic": "churn"}}
	churnSignal := map[string]any{"signal": map[string]any{"topic": "churn"}}
	pricing := map[string]any{"mentioned": map[string]any{"topic": "pricing"}}
	check := func(step string, where map[string]any, want string) {
		t.Helper()
		if got := matching(where); got != want {
			t.Errorf("%s: %v matches %q, want %q", step, where, got, want)
		}
	}
	check("before", churn, "p10 p11 p12 p13 p14 p15 p16")
	check("before", pricing, "")

	upsertCount(t, e, e.admin, `mutation { upsertSignals(input: [{id: "s92", kind: MENTION, person: "p1", topics: ["churn"], sentiment: NEGATIVE, at: "2026-11-20T10:00:00Z"}]) { count } }`, nil)
	check("a mention", churn, "p1 p10 p11 p12 p13 p14 p15 p16")
	checkKept(t, store)

	upsertCount(t, e, e.admin, `mutation { upsertSignals(input: [{id: "s92", kind: JOB_CHANGE, at: "2026-11-20T10:00:00Z"}]) { count } }`, nil)
	check("now a job change", churn, "p10 p11 p12 p13 p14 p15 p16")
	// p25's signal about churn is not a mention.
	check("now a job change", churnSignal, "p1 p10 p11 p12 p13 p14 p15 p16 p25")
	checkKept(t, store)

	upsertCount(t, e, e.admin, `mutation { upsertPeople(input: [{id: "p-dup", name: "Duplicate"}]) { count } }`, nil)
	upsertCount(t, e, e.admin, `mutation { upsertSignals(input: [{id: "s93", kind: MENTION, person: "p-dup", topics: ["pricing"], at: "2026-11-21T10:00:00Z"}]) { count } }`, nil)
	var merged struct {
		MergePeople struct{ Merged string } `json:"mergePeople"`
	}
	e.data(t, e.admin, `mutation { mergePeople(keep: "p1", merge: "p-dup") { merged } }`, nil, &merged)
	check("merged", pricing, "p1")
	checkKept(t, store)
	e.data(t, e.admin, `mutation($id: ID!) { unmergePeople(id: $id) { id } }`, map[string]any{"id": merged.MergePeople.Merged}, &struct{}{})
	check("unmerged", pricing, "")
	checkKept(t, store)
}

// A query that asks no evidence gets the same people, degrees, strengths
// and totals, from a statement that computes no evidence; evidence asked
// plainly, in a fragment or under an alias is computed, for connections
// and for the people of companiesWithConnections.
func TestEvidenceOnlyWhenAsked(t *testing.T) {
	e := demo(t)
	where := map[string]any{
		"engagedWith": map[string]any{"kind": "WHITE_PAPER", "topic": "crm", "action": "READ"},
		"mentioned":   map[string]any{"topic": "churn", "sentiment": "NEGATIVE", "since": "2026-10-01"},
	}
	withEvidence := func(reqID, name string) bool {
		t.Helper()
		for _, st := range e.statements(reqID) {
			if st.Name == name {
				return strings.Contains(st.Cypher, "{filter: ")
			}
		}
		t.Fatalf("no %s statement", name)
		return false
	}
	summary := func(c connections) string {
		var out []string
		for _, g := range c.Connections.Edges {
			out = append(out, fmt.Sprintf("%s/%d/%.2f/%d", g.Node.ID, g.Degree, g.Strength, len(g.Via)))
		}
		return fmt.Sprintf("%d: %s", c.Connections.TotalCount, strings.Join(out, " "))
	}
	const bare = `query($degree: Int, $where: PersonWhere) {
  connections(degree: $degree, where: $where) { totalCount edges { cursor degree strength node { id } via { id } } }
}`
	for _, vars := range []map[string]any{
		{"degree": 1, "where": where},
		{"degree": 2, "where": crmWhitePaperReaders},
		{"degree": 3, "where": crmWhitePaperReaders},
	} {
		want := e.connections(t, vars)
		var got connections
		res := e.data(t, e.reader, bare, vars, &got)
		if summary(got) != summary(want) || len(want.Connections.Edges) == 0 || len(want.Connections.Edges[0].Evidence) == 0 {
			t.Errorf("%v: without evidence %s, with it %s", vars, summary(got), summary(want))
		}
		if withEvidence(res.reqID, "connections") {
			t.Errorf("%v: the statement computes evidence, though none is asked", vars)
		}
	}
	for _, ev := range []string{`evidence { filter }`, `... on PersonEdge { evidence { filter } }`, `why: evidence { filter }`} {
		res := e.post(t, e.reader, `query($w: PersonWhere) { connections(where: $w) { edges { node { id } `+ev+` } } }`, map[string]any{"w": where})
		if len(res.Errors) > 0 {
			t.Fatal(res.Errors)
		}
		if !withEvidence(res.reqID, "connections") || !strings.Contains(string(res.Data), `"filter":"engagedWith"`) {
			t.Errorf("%s: no evidence computed, though asked: %s", ev, res.Data)
		}
	}
	for _, tc := range []struct {
		people   string
		evidence bool
	}{
		{`people { node { id } degree }`, false},
		{`people { node { id } evidence { filter } }`, true},
		{`people { ... on PersonEdge { evidence { filter } } }`, true},
	} {
		res := e.post(t, e.reader, `query($w: PersonWhere) { companiesWithConnections(degree: 3, where: $w) { edges { node { count `+tc.people+` } } } }`, map[string]any{"w": crmWhitePaperReaders})
		if len(res.Errors) > 0 {
			t.Fatal(res.Errors)
		}
		if got := withEvidence(res.reqID, "companiesWithConnections"); got != tc.evidence {
			t.Errorf("%s: evidence computed %v, want %v", tc.people, got, tc.evidence)
		}
	}
}
