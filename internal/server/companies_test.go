package server_test

import (
	"strings"
	"testing"
)

type companyHits struct {
	CompaniesWithConnections struct {
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
					ID   string `json:"id"`
					Name string `json:"name"`
				} `json:"company"`
				Count  int    `json:"count"`
				People []edge `json:"people"`
			} `json:"node"`
		} `json:"edges"`
	} `json:"companiesWithConnections"`
}

const companiesQuery = `query($of: ID, $degree: Int, $where: PersonWhere, $first: Int, $after: String, $orderBy: CompanyOrder) {
  companiesWithConnections(of: $of, degree: $degree, where: $where, first: $first, after: $after, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node {
        company { id name }
        count
        people {
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
    }
  }
}`

func (e *env) companies(t *testing.T, vars map[string]any) companyHits {
	t.Helper()
	var out companyHits
	e.data(t, e.reader, companiesQuery, vars, &out)
	return out
}

// companySummary renders a page as "c3:3 c2:2 ...".
func companySummary(h companyHits) string {
	var parts []string
	for _, e := range h.CompaniesWithConnections.Edges {
		parts = append(parts, e.Node.Company.ID+":"+itoa(e.Node.Count))
	}
	return strings.Join(parts, " ")
}

var crmWhitePaperReaders = map[string]any{"engagedWith": map[string]any{"kind": "WHITE_PAPER", "topic": "crm", "action": "READ"}}

// Story 2 of testdata/DEMO.md: the CRM white-paper readers in p0's network
// are p10, p11, p12, p13 (degree 1), p30, p31, p32 (degree 2) and p45
// (degree 3). They currently work at c3 (p10, p12, p30), c2 (p11, p31),
// c1 (p13), c5 (p32) and c8 (p45). p12 used to work at c2 (until
// 2025-06-30), which must not count; p0 read wp2 too but is not in its own
// network, so c0 never appears. Companies go by count descending, then
// name: Acme (c1) before Orbit (c8) before Quantix (c5).
func TestCompaniesWithConnectionsCrmReaders(t *testing.T) {
	e := demo(t)
	// p0-p10 and p0-p11 are computed from their interactions (0.82 and
	// 0.41, testdata/DEMO.md).
	p10 := want{"p10", 1, 0.82, "", "engagedWith:wp2 engagedWith:wp1"} // wp2 2026-07-20, wp1 2025-04-02
	p11 := want{"p11", 1, 0.41, "", "engagedWith:wp1"}
	p12 := want{"p12", 1, 0.6, "", "engagedWith:wp1"}
	p13 := want{"p13", 1, 0.65, "", "engagedWith:wp2"}
	p30 := want{"p30", 2, 0.656, "p10,p15", "engagedWith:wp2"}             // 0.82 x 0.8 through p10
	p31 := want{"p31", 2, 0.328, "p11", "engagedWith:wp2 engagedWith:wp1"} // 0.41 x 0.8
	p32 := want{"p32", 2, 0.52, "p19", "engagedWith:wp1"}
	p45 := want{"p45", 3, 0.3936, "p10,p15", "engagedWith:wp2"} // 0.82 x 0.8 x 0.6
	tests := []struct {
		degree  int
		summary string
		people  map[string][]want
	}{
		{1, "c3:2 c1:1 c2:1", map[string][]want{"c3": {p10, p12}, "c1": {p13}, "c2": {p11}}},
		{2, "c3:3 c2:2 c1:1 c5:1", map[string][]want{"c3": {p10, p12, p30}, "c2": {p11, p31}, "c1": {p13}, "c5": {p32}}},
		{3, "c3:3 c2:2 c1:1 c8:1 c5:1", map[string][]want{"c3": {p10, p12, p30}, "c2": {p11, p31}, "c1": {p13}, "c8": {p45}, "c5": {p32}}},
	}
	for _, tt := range tests {
		t.Run("degree "+itoa(tt.degree), func(t *testing.T) {
			got := e.companies(t, map[string]any{"degree": tt.degree, "where": crmWhitePaperReaders})
			c := got.CompaniesWithConnections
			if s := companySummary(got); s != tt.summary || c.TotalCount != len(tt.people) {
				t.Fatalf("got %s (total %d), want %s", s, c.TotalCount, tt.summary)
			}
			for _, edge := range c.Edges {
				checkEdges(t, edge.Node.People, tt.people[edge.Node.Company.ID])
				// Each person currently works where they are listed.
				for _, p := range edge.Node.People {
					var at []string
					for _, w := range p.Node.WorksAt {
						at = append(at, w.Company.ID)
					}
					if strings.Join(at, ",") != edge.Node.Company.ID {
						t.Errorf("%s listed at %s works at %v", p.Node.ID, edge.Node.Company.ID, at)
					}
				}
			}
		})
	}
}

// Story 4 seen from the companies: people whose current employer raised a
// Series B since October. Only c5 Quantix Data (s30, 2026-11-03) qualifies
// within degree 2; its network employees are p19 (degree 1, 0.8), p32
// (0.52 via p19) and p47 (0.35 via p3). Each carries s30 as evidence.
func TestCompaniesWithConnectionsSeriesB(t *testing.T) {
	e := demo(t)
	got := e.companies(t, map[string]any{"degree": 2, "where": map[string]any{
		"worksAt": map[string]any{"signal": map[string]any{"kinds": []string{"FUNDING_ROUND"}, "round": "B", "since": "2026-10-01"}}}})
	if s := companySummary(got); s != "c5:3" {
		t.Fatalf("got %s, want c5:3", s)
	}
	checkEdges(t, got.CompaniesWithConnections.Edges[0].Node.People, []want{
		{"p19", 1, 0.8, "", "worksAt.signal:s30"},
		{"p32", 2, 0.52, "p19", "worksAt.signal:s30"},
		{"p47", 2, 0.35, "p3", "worksAt.signal:s30"},
	})
}

// Evidence is per person, as in connections: under OR only true branches
// count, and near gives none. Degree 1, negative churn mentions since
// October (p10 s1, p11 s2, p14 s6, p15 s7, p16 s8) or within 1 km of p0
// (p1, p4, p10, p18).
func TestCompaniesWithConnectionsEvidenceUnderOR(t *testing.T) {
	e := demo(t)
	got := e.companies(t, map[string]any{"degree": 1, "where": map[string]any{"OR": []any{
		map[string]any{"mentioned": map[string]any{"topic": "churn", "sentiment": "NEGATIVE", "since": "2026-10-01"}},
		map[string]any{"near": map[string]any{"km": 1}},
	}}})
	// c0 (Relgraph) and c10 (Summit) tie at 2 and go by name.
	if s := companySummary(got); s != "c0:2 c10:2 c2:1 c7:1 c3:1 c6:1" {
		t.Fatalf("got %s", s)
	}
	people := map[string][]want{
		"c0":  {{"p1", 1, 0.9, "", ""}, {"p4", 1, 0.8, "", ""}},
		"c10": {{"p14", 1, 0.55, "", "OR[0].mentioned:s6"}, {"p18", 1, 0.5, "", ""}},
		"c2":  {{"p11", 1, 0.41, "", "OR[0].mentioned:s2"}},
		"c7":  {{"p15", 1, 0.6, "", "OR[0].mentioned:s7"}},
		"c3":  {{"p10", 1, 0.82, "", "OR[0].mentioned:s1"}},
		"c6":  {{"p16", 1, 0.06, "", "OR[0].mentioned:s8"}}, // one-way outreach
	}
	for _, edge := range got.CompaniesWithConnections.Edges {
		checkEdges(t, edge.Node.People, people[edge.Node.Company.ID])
		for _, p := range edge.Node.People {
			if near := p.Node.ID == "p1" || p.Node.ID == "p4" || p.Node.ID == "p18"; near && len(p.Evidence) != 0 {
				t.Errorf("%s matched by near only, evidence %+v", p.Node.ID, p.Evidence)
			}
		}
	}
}

// Without a filter, p0's 23 first-degree people currently work at ten
// companies: c0 4 (p1, p2, p3, p4), c4 3 (p22, p25, p29), seven companies
// with 2 and c5 with 1 (p19). p28 has no job. The seven-way tie at 2 is
// broken by name: Acme, Brightwave, Lumen, Northwind, Orbit, Pinecrest,
// Summit.
func TestCompaniesWithConnectionsOrder(t *testing.T) {
	e := demo(t)
	byCount := "c0:4 c4:3 c1:2 c2:2 c7:2 c3:2 c8:2 c6:2 c10:2 c5:1"
	byName := "c1:2 c2:2 c4:3 c7:2 c3:2 c8:2 c6:2 c5:1 c0:4 c10:2" // Acme ... Summit
	byNameDesc := "c10:2 c0:4 c5:1 c6:2 c8:2 c3:2 c7:2 c4:3 c2:2 c1:2"
	tests := []struct {
		name    string
		orderBy any
		want    string
	}{
		{"default", nil, byCount},
		{"count desc", map[string]any{"field": "COUNT", "direction": "DESC"}, byCount},
		// Ties still go by name ascending.
		{"count asc", map[string]any{"field": "COUNT", "direction": "ASC"}, "c5:1 c1:2 c2:2 c7:2 c3:2 c8:2 c6:2 c10:2 c4:3 c0:4"},
		{"name asc", map[string]any{"field": "NAME", "direction": "ASC"}, byName},
		{"name desc", map[string]any{"field": "NAME", "direction": "DESC"}, byNameDesc},
		// Without a direction, names sort A to Z.
		{"name, default direction", map[string]any{"field": "NAME"}, byName},
		{"count, default direction", map[string]any{"field": "COUNT"}, byCount},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.companies(t, map[string]any{"degree": 1, "orderBy": tt.orderBy})
			if s := companySummary(got); s != tt.want || got.CompaniesWithConnections.TotalCount != 10 {
				t.Fatalf("got %s (total %d)\nwant %s", s, got.CompaniesWithConnections.TotalCount, tt.want)
			}
		})
	}
	// Within a company people are in connections order: c0's team members
	// by strength from p0 (p1 0.9, p2 0.85, p4 0.8, p3 0.7).
	got := e.companies(t, map[string]any{"degree": 1, "first": 1})
	var ids []string
	for _, p := range got.CompaniesWithConnections.Edges[0].Node.People {
		ids = append(ids, p.Node.ID)
	}
	if strings.Join(ids, " ") != "p1 p2 p4 p3" {
		t.Errorf("c0's people: %v", ids)
	}
}

// At degree 3 the whole network (51 people) works at ten companies; pages
// of 3 chain through them in order.
func TestCompaniesWithConnectionsPagination(t *testing.T) {
	e := demo(t)
	all := e.companies(t, map[string]any{"degree": 3, "first": 100})
	// Acme 8, Helio 6, Brightwave and Summit 5, the five companies with 4
	// by name (Lumen, Northwind, Orbit, Pinecrest, Relgraph), Quantix 3.
	const want = "c1:8 c4:6 c2:5 c10:5 c7:4 c3:4 c8:4 c6:4 c0:4 c5:3"
	if s := companySummary(all); s != want || all.CompaniesWithConnections.TotalCount != 10 || all.CompaniesWithConnections.PageInfo.HasNextPage {
		t.Fatalf("got %s (total %d)", s, all.CompaniesWithConnections.TotalCount)
	}
	var paged []string
	var after any
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("pagination does not end")
		}
		page := e.companies(t, map[string]any{"degree": 3, "first": 3, "after": after})
		c := page.CompaniesWithConnections
		if c.TotalCount != 10 || c.PageInfo.HasPreviousPage != (after != nil) {
			t.Fatalf("page %d: total %d, hasPreviousPage %v", pages, c.TotalCount, c.PageInfo.HasPreviousPage)
		}
		if len(c.Edges) > 0 && (*c.PageInfo.StartCursor != c.Edges[0].Cursor || *c.PageInfo.EndCursor != c.Edges[len(c.Edges)-1].Cursor) {
			t.Errorf("page %d: cursors do not match its edges", pages)
		}
		if s := companySummary(page); s != "" {
			paged = append(paged, s)
		}
		if !c.PageInfo.HasNextPage {
			break
		}
		after = *c.PageInfo.EndCursor
	}
	if strings.Join(paged, " ") != want || len(paged) != 4 {
		t.Fatalf("pages give %v\nwant %s", paged, want)
	}
}

// Edge cases: another person's network, a person who knows no one, and
// a filter that nobody matches.
func TestCompaniesWithConnectionsEmpty(t *testing.T) {
	e := demo(t)
	// p48 knows only p49, CEO of c9 Vertex Cloud.
	if s := companySummary(e.companies(t, map[string]any{"of": "p48", "degree": 3})); s != "c9:1" {
		t.Errorf("p48: got %s, want c9:1", s)
	}
	for name, vars := range map[string]map[string]any{
		"p59 knows no one": {"of": "p59", "degree": 3},
		"nobody matches":   {"degree": 3, "where": map[string]any{"name": "no such name"}},
	} {
		got := e.companies(t, vars).CompaniesWithConnections
		if got.TotalCount != 0 || len(got.Edges) != 0 || got.PageInfo.HasNextPage || got.PageInfo.EndCursor != nil {
			t.Errorf("%s: %+v", name, got)
		}
	}
}

// Nested fields are batched across the page: the companies form one
// group and all their people another, so the request costs one statement
// for the page plus one per nested list field.
func TestCompaniesWithConnectionsRoundTrips(t *testing.T) {
	e := demo(t)
	res := e.post(t, e.reader, `{
  companiesWithConnections(degree: 3, first: 100) {
    edges {
      node {
        company { name employees { person { name } } signals { id } }
        people {
          node { name worksAt { company { name } } interests { topic { id } } }
          via { name knows { person { name } } }
        }
      }
    }
  }
}`, nil)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	// Lists in the shape: the page, employees, company signals, worksAt,
	// interests and the via people's knows.
	stmts := e.statements(res.reqID)
	var names []string
	for _, s := range stmts {
		names = append(names, s.Name)
	}
	if len(stmts) != 6 || names[0] != "companiesWithConnections" {
		t.Fatalf("%d statements, want 6 starting with the page: %v", len(stmts), names)
	}
}

func TestCompaniesWithConnectionsErrors(t *testing.T) {
	e := demo(t)
	tests := []struct {
		name, key, query, code, msg string
	}{
		{"unknown person", e.reader, `{ companiesWithConnections(of: "nobody") { totalCount } }`, "NOT_FOUND", `person "nobody" does not exist`},
		{"degree too large", e.reader, `{ companiesWithConnections(degree: 4) { totalCount } }`, "BAD_USER_INPUT", "degree must be between 1 and 3, got 4"},
		{"degree too small", e.reader, `{ companiesWithConnections(degree: 0) { totalCount } }`, "BAD_USER_INPUT", "degree must be between 1 and 3, got 0"},
		{"page too large", e.reader, `{ companiesWithConnections(first: 101) { totalCount } }`, "BAD_USER_INPUT", "first must be between 1 and 100, got 101"},
		{"no viewer", e.nobody, `{ companiesWithConnections { totalCount } }`, "BAD_USER_INPUT", "names no person"},
		{"bad cursor", e.reader, `{ companiesWithConnections(after: "xyz") { totalCount } }`, "BAD_USER_INPUT", "is not a cursor"},
		{"bad filter", e.reader, `{ companiesWithConnections(where: {engagedWith: {minCount: 0}}) { totalCount } }`, "BAD_USER_INPUT", "engagedWith.minCount must be at least 1"},
		{"bad order", e.reader, `{ companiesWithConnections(orderBy: {field: CLV}) { totalCount } }`, "GRAPHQL_VALIDATION_FAILED", "CLV"},
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

// A query that asks nothing of the companies' people gets the same
// companies, counts, order and pages from a statement that counts the
// people rather than collecting them; asking for them, in any form,
// collects them.
func TestCompaniesWithConnectionsCountsPeopleNotAsked(t *testing.T) {
	e := demo(t)
	const bare = `query($degree: Int, $where: PersonWhere, $first: Int, $orderBy: CompanyOrder) {
  companiesWithConnections(degree: $degree, where: $where, first: $first, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage } edges { node { __typename count company { id name } } }
  }
}`
	counted := func(reqID string) bool {
		t.Helper()
		for _, st := range e.statements(reqID) {
			if st.Name == "companiesWithConnections" {
				return strings.Contains(st.Cypher, "count(DISTINCT other) AS count")
			}
		}
		t.Fatal("no companiesWithConnections statement")
		return false
	}
	for _, vars := range []map[string]any{
		{"degree": 1},
		{"degree": 3, "first": 4},
		{"degree": 3, "where": crmWhitePaperReaders},
		{"degree": 1, "orderBy": map[string]any{"field": "NAME", "direction": "DESC"}},
		{"degree": 1, "orderBy": map[string]any{"field": "COUNT", "direction": "ASC"}, "first": 3},
	} {
		want := e.companies(t, vars)
		var got companyHits
		res := e.data(t, e.reader, bare, vars, &got)
		g, w := got.CompaniesWithConnections, want.CompaniesWithConnections
		if companySummary(got) != companySummary(want) || g.TotalCount != w.TotalCount || g.PageInfo.HasNextPage != w.PageInfo.HasNextPage || companySummary(want) == "" {
			t.Errorf("%v: without people %s (total %d), with them %s (total %d)", vars, companySummary(got), g.TotalCount, companySummary(want), w.TotalCount)
		}
		if !counted(res.reqID) {
			t.Errorf("%v: the people were collected, though not asked", vars)
		}
	}
	for _, people := range []string{`people { degree }`, `... on CompanyHit { people { node { id } } }`, `more: people { cursor }`} {
		res := e.post(t, e.reader, `{ companiesWithConnections(degree: 1) { edges { node { count `+people+` } } } }`, nil)
		if len(res.Errors) > 0 {
			t.Fatal(res.Errors)
		}
		if counted(res.reqID) {
			t.Errorf("%s: the people were counted, though asked", people)
		}
	}
}
