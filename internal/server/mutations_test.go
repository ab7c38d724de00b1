package server_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/server"
	"github.com/relgraph/relgraph/internal/testdb"
	"github.com/relgraph/relgraph/neo4j"
)

// restoreDemo reloads the demo graph when the test ends: the server_test
// package shares one database, and tests that write must leave it as
// they found it.
func restoreDemo(t testing.TB) {
	t.Helper()
	t.Cleanup(func() {
		store := testdb.Shared(t)
		defer store.Close(context.Background())
		testdb.Demo(t, store)
	})
}

// graphFingerprint is a digest of the whole graph.
func graphFingerprint(t *testing.T) string {
	t.Helper()
	store := testdb.Store(t)
	return testdb.Fingerprint(t, store)
}

// wantOneError checks that a request failed with one error of that code
// whose message contains every one of want.
func wantOneError(t *testing.T, res response, code string, want ...string) {
	t.Helper()
	if len(res.Errors) != 1 {
		t.Fatalf("got errors %+v, want one %s error", res.Errors, code)
	}
	got := res.Errors[0]
	if got.Extensions["code"] != code {
		t.Errorf("code %v, want %s (message %q)", got.Extensions["code"], code, got.Message)
	}
	for _, w := range want {
		if !strings.Contains(got.Message, w) {
			t.Errorf("message %q does not contain %q", got.Message, w)
		}
	}
}

func ranStatements(e *env, res response) string {
	var names []string
	for _, s := range e.statements(res.reqID) {
		names = append(names, s.Name)
	}
	return strings.Join(names, " ")
}

func upsertCount(t *testing.T, e *env, key, mutation string, vars map[string]any) (int, response) {
	t.Helper()
	var out map[string]struct{ Count int }
	res := e.data(t, key, mutation, vars, &out)
	if len(out) != 1 {
		t.Fatalf("unexpected data %+v", out)
	}
	for _, v := range out {
		return v.Count, res
	}
	return 0, res
}

// Every mutation writes what the import would, and the questions see it
// at once.
func TestUpsertEveryKind(t *testing.T) {
	e := demo(t)
	restoreDemo(t)
	steps := []struct {
		mutation string
		input    []map[string]any
		// statements the request runs: the reference look-ups (one per
		// label referred to outside the batch), then the writes, all in
		// one transaction.
		statements string
	}{
		{`mutation($in: [PersonInput!]!) { upsertPeople(input: $in) { count } }`, []map[string]any{
			{"id": "p90", "name": "Nina Park", "title": "Head of Revenue Operations", "city": "Boston", "latitude": 42.35, "longitude": -71.05,
				"linkedinUrl": "linkedin.com/in/Nina-Park/?trk=people", "team": true},
			{"id": "p91", "name": "Omar Field"},
		}, "suppressed upsert.person noteChange"},
		{`mutation($in: [CompanyInput!]!) { upsertCompanies(input: $in) { count } }`, []map[string]any{
			{"id": "c90", "name": "Nova Robotics", "domain": "novarobotics.example", "customer": true, "clv": 5000},
		}, "upsert.company noteChange"},
		{`mutation($in: [TopicInput!]!) { upsertTopics(input: $in) { count } }`, []map[string]any{
			{"id": "renewals", "name": "Renewals"},
		}, "upsert.topic noteChange"},
		{`mutation($in: [ContentInput!]!) { upsertContent(input: $in) { count } }`, []map[string]any{
			{"id": "wp90", "title": "Renewal playbook", "kind": "WHITE_PAPER", "topics": []string{"renewals", "crm"}, "publishedAt": "2026-11-01"},
		}, "missingIds upsert.content upsert.content.links noteChange"},
		{`mutation($in: [SignalInput!]!) { upsertSignals(input: $in) { count } }`, []map[string]any{
			{"id": "s90", "kind": "MENTION", "person": "p11", "company": "c2", "topics": []string{"renewals"}, "sentiment": "NEGATIVE", "at": "2026-11-20T10:00:00Z", "summary": "Worried about renewals"},
		}, "suppressed missingIds missingIds missingIds upsert.signal upsert.signal.links noteChange"},
		{`mutation($in: [WorksAtInput!]!) { upsertWorksAt(input: $in) { count } }`, []map[string]any{
			{"person": "p90", "company": "c90", "title": "CTO", "department": "Engineering", "since": "2026-01-01"},
		}, "suppressed missingIds missingIds upsert.works_at noteChange"},
		// a and b in either order: stored once per pair.
		{`mutation($in: [KnowsInput!]!) { upsertKnows(input: $in) { count } }`, []map[string]any{
			{"a": "p90", "b": "p0", "strength": 0.85, "since": "2026-02-01"},
			{"a": "p90", "b": "p91", "strength": 0.5},
		}, "suppressed missingIds upsert.knows noteChange"},
		{`mutation($in: [InterestInput!]!) { upsertInterests(input: $in) { count } }`, []map[string]any{
			{"person": "p90", "topic": "renewals", "weight": 0.9},
		}, "suppressed missingIds missingIds upsert.interested_in noteChange"},
		{`mutation($in: [EngagementInput!]!) { upsertEngagements(input: $in) { count } }`, []map[string]any{
			{"person": "p90", "content": "wp90", "action": "READ", "at": "2026-11-21T08:00:00Z"},
			{"person": "p90", "content": "wp1", "action": "READ", "at": "2026-11-22"},
		}, "suppressed missingIds missingIds upsert.engaged noteChange"},
	}
	// Items that name people also ask, in one statement, whether any of
	// them was erased (suppressed).
	for _, s := range steps {
		n, res := upsertCount(t, e, e.admin, s.mutation, map[string]any{"in": s.input})
		if n != len(s.input) {
			t.Errorf("%s: count %d, want %d", s.mutation, n, len(s.input))
		}
		if got := ranStatements(e, res); got != s.statements {
			t.Errorf("%s: statements %q, want %q", s.mutation, got, s.statements)
		}
	}

	// p90 knows p0 with strength 0.85, as p2 does: degree 1 now holds 24
	// people, p90 right after p2 (0.9: p1 p17; 0.85: p2 p90; then p10 with
	// the 0.82 computed from its interactions).
	got := e.connections(t, map[string]any{"degree": 1, "first": 6})
	if got.Connections.TotalCount != 24 {
		t.Errorf("degree 1: %d people, want 24", got.Connections.TotalCount)
	}
	checkEdges(t, got.Connections.Edges, []want{
		{"p1", 1, 0.9, "", ""}, {"p17", 1, 0.9, "", ""}, {"p2", 1, 0.85, "", ""},
		{"p90", 1, 0.85, "", ""}, {"p10", 1, 0.82, "", ""}, {"p19", 1, 0.8, "", ""},
	})
	if w := got.Connections.Edges[3].Node.WorksAt; len(w) != 1 || w[0].Company.ID != "c90" || w[0].Company.Name != "Nova Robotics" {
		t.Errorf("p90 works at %+v, want c90 Nova Robotics", w)
	}
	// p91 is reached through p90 only: 0.85 * 0.5.
	got = e.connections(t, map[string]any{"degree": 2, "where": map[string]any{"name": "omar field"}})
	checkEdges(t, got.Connections.Edges, []want{{"p91", 2, 0.425, "p90", ""}})

	// The engagement, the interest and the signal count in filters, with
	// evidence.
	got = e.connections(t, map[string]any{"degree": 1, "where": map[string]any{
		"engagedWith":  map[string]any{"topic": "renewals", "action": "READ"},
		"interestedIn": map[string]any{"topics": []string{"renewals"}},
	}})
	checkEdges(t, got.Connections.Edges, []want{{"p90", 1, 0.85, "", "engagedWith:wp90"}})
	got = e.connections(t, map[string]any{"degree": 1, "where": map[string]any{
		"mentioned": map[string]any{"topic": "renewals", "sentiment": "NEGATIVE"},
	}})
	checkEdges(t, got.Connections.Edges, []want{{"p11", 1, 0.41, "", "mentioned:s90"}})
	if n, _ := e.node(t, "s90"); n == nil || n.Person.ID != "p11" || n.Company.ID != "c2" || n.topicIDs() != "renewals" {
		t.Errorf("node(s90) = %+v", n)
	}
	if n, _ := e.node(t, "wp90"); n == nil || n.kind() != "WHITE_PAPER" || n.topicIDs() != "crm,renewals" {
		t.Errorf("node(wp90) = %+v", n)
	}
	// The full-text indexes see new nodes at once.
	if got := hitIDs(e.search(t, "nova robotics", 0)); got != "c90" {
		t.Errorf("search(nova robotics) = %q, want c90 (\"nova\" alone also finds p37 Julia Novak)", got)
	}

	// Upserting again updates in place: fields left out are kept (team
	// included: its default is written only when a person is created), and
	// the pair p0-p90 still has one KNOWS (now 0.6). The LinkedIn URL is
	// stored normalised.
	upsertCount(t, e, e.admin, `mutation { upsertPeople(input: [{id: "p90", name: "Nina Park-Lee"}]) { count } }`, nil)
	upsertCount(t, e, e.admin, `mutation { upsertKnows(input: [{a: "p0", b: "p90", strength: 0.6}]) { count } }`, nil)
	var p struct {
		Person struct {
			Name        string `json:"name"`
			Title       string `json:"title"`
			City        string `json:"city"`
			Team        bool   `json:"team"`
			LinkedinURL string `json:"linkedinUrl"`
			Knows       []struct {
				Person   struct{ ID string } `json:"person"`
				Strength float64             `json:"strength"`
			} `json:"knows"`
		} `json:"person"`
	}
	e.data(t, e.reader, `{ person(id: "p90") { name title city team linkedinUrl knows { person { id } strength } } }`, nil, &p)
	k := p.Person.Knows
	if p.Person.Name != "Nina Park-Lee" || p.Person.Title != "Head of Revenue Operations" || p.Person.City != "Boston" || !p.Person.Team ||
		p.Person.LinkedinURL != "https://www.linkedin.com/in/nina-park" ||
		len(k) != 2 || k[0].Person.ID != "p0" || !near(k[0].Strength, 0.6) || k[1].Person.ID != "p91" {
		t.Errorf("p90 after the second upsert: %+v", p.Person)
	}
	// p91 was created without team: not a team member.
	var p91 struct {
		Person struct {
			Team        bool    `json:"team"`
			LinkedinURL *string `json:"linkedinUrl"`
		} `json:"person"`
	}
	e.data(t, e.reader, `{ person(id: "p91") { team linkedinUrl } }`, nil, &p91)
	if p91.Person.Team || p91.Person.LinkedinURL != nil {
		t.Errorf("p91: %+v", p91.Person)
	}

	// An empty batch writes nothing and runs nothing.
	n, res := upsertCount(t, e, e.admin, `mutation { upsertPeople(input: []) { count } }`, nil)
	if n != 0 || ranStatements(e, res) != "" {
		t.Errorf("empty batch: count %d, statements %q", n, ranStatements(e, res))
	}
}

// A batch with any bad item writes nothing, and the error lists every bad
// item by its index in the input.
func TestUpsertRejectsTheWholeBatch(t *testing.T) {
	e := demo(t)
	restoreDemo(t)
	before := graphFingerprint(t)
	tests := []struct {
		name     string
		mutation string
		input    any
		want     []string
	}{
		{"people: coordinates", `mutation($in: [PersonInput!]!) { upsertPeople(input: $in) { count } }`, []map[string]any{
			{"id": "p91", "name": "Good"},
			{"id": "p92", "latitude": 95, "longitude": 0},
			{"id": "p93", "latitude": 10},
			{"id": " "},
		}, []string{
			"nothing was written, 3 problems: ",
			"input[1]: latitude must be between -90 and 90, got 95; ",
			"input[2]: latitude and longitude must be given together; ",
			`input[3]: missing "id"`,
		}},
		// The good first item would have set p0-p10 to a manual 0.5.
		{"knows: references and ranges", `mutation($in: [KnowsInput!]!) { upsertKnows(input: $in) { count } }`, []map[string]any{
			{"a": "p0", "b": "p10", "strength": 0.5},
			{"a": "p0", "b": "p999"},
			{"a": "p1", "b": "p1"},
			{"a": "p0", "b": "p11", "strength": 1.5},
			{"a": "p999", "b": "p2"},
		}, []string{
			"4 problems",
			`input[1]: b: Person "p999" exists neither in this batch nor in the database; `,
			`input[2]: a person cannot know themselves (a = b = "p1"); `,
			"input[3]: strength must be between 0 and 1, got 1.5; ",
			`input[4]: a: Person "p999" exists neither in this batch nor in the database`,
		}},
		{"topics: slug", `mutation($in: [TopicInput!]!) { upsertTopics(input: $in) { count } }`, []map[string]any{
			{"id": "pricing", "name": "Renamed"},
			{"id": "Customer Churn"},
		}, []string{`input[1]: topic id "Customer Churn" must be a lowercase slug`}},
		{"content: unknown topic", `mutation($in: [ContentInput!]!) { upsertContent(input: $in) { count } }`, []map[string]any{
			{"id": "wp91", "kind": "REPORT", "topics": []string{"crm", "quantum"}},
		}, []string{`1 problem: input[0]: topics: Topic "quantum" exists neither in this batch nor in the database`}},
		{"signals: negative amount, unknown company", `mutation($in: [SignalInput!]!) { upsertSignals(input: $in) { count } }`, []map[string]any{
			{"id": "s91", "kind": "FUNDING_ROUND", "company": "c5", "round": "C", "amount": -1, "at": "2026-11-24"},
			{"id": "s92", "kind": "HIRING", "company": "c99", "at": "2026-11-24"},
		}, []string{"input[0]: amount must be at least 0, got -1; ", `input[1]: company: Company "c99" exists`}},
		{"companies: negative clv", `mutation($in: [CompanyInput!]!) { upsertCompanies(input: $in) { count } }`, []map[string]any{
			{"id": "c1", "clv": -5},
		}, []string{"input[0]: clv must be at least 0, got -5"}},
		{"works at: unknown person", `mutation($in: [WorksAtInput!]!) { upsertWorksAt(input: $in) { count } }`, []map[string]any{
			{"person": "p10", "company": "c1"},
			{"person": "nobody", "company": "c1"},
		}, []string{`input[1]: person: Person "nobody" exists`}},
		{"interests: negative weight", `mutation($in: [InterestInput!]!) { upsertInterests(input: $in) { count } }`, []map[string]any{
			{"person": "p10", "topic": "crm", "weight": -0.1},
		}, []string{"input[0]: weight must be at least 0, got -0.1"}},
		{"engagements: unknown content", `mutation($in: [EngagementInput!]!) { upsertEngagements(input: $in) { count } }`, []map[string]any{
			{"person": "p10", "content": "wp1", "action": "SHARED", "at": "2026-11-24"},
			{"person": "p10", "content": "wp404", "action": "READ", "at": "2026-11-24"},
		}, []string{`input[1]: content: Content "wp404" exists`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := e.post(t, e.admin, tc.mutation, map[string]any{"in": tc.input})
			wantOneError(t, res, "BAD_USER_INPUT", tc.want...)
		})
	}

	// Enums and dates are checked by GraphQL itself, before any resolver:
	// the error names the item and nothing runs.
	for _, tc := range []struct {
		name  string
		input []map[string]any
		want  string
		path  string
	}{
		{"bad enum", []map[string]any{
			{"id": "s93", "kind": "HIRING", "at": "2026-11-24"},
			{"id": "s94", "kind": "RUMOUR", "at": "2026-11-24"},
		}, "RUMOUR is not a valid SignalKind", "[variable in 1 kind]"},
		{"bad date", []map[string]any{
			{"id": "s93", "kind": "HIRING", "at": "2026-11-24"},
			{"id": "s94", "kind": "HIRING", "at": "24/11/2026"},
		}, `"24/11/2026" is not an RFC 3339 date`, "[upsertSignals input 1 at]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := e.post(t, e.admin, `mutation($in: [SignalInput!]!) { upsertSignals(input: $in) { count } }`, map[string]any{"in": tc.input})
			if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, tc.want) || fmt.Sprint(res.Errors[0].Path) != tc.path {
				t.Errorf("got %+v, want an error at %s mentioning %q", res.Errors, tc.path, tc.want)
			}
			if names := ranStatements(e, res); names != "" {
				t.Errorf("statements ran: %s", names)
			}
		})
	}

	// More than 1000 items are refused before anything is looked at.
	big := make([]map[string]any, model.DefaultLimits().MaxBatch+1)
	for i := range big {
		big[i] = map[string]any{"id": fmt.Sprintf("t%d", i)}
	}
	res := e.post(t, e.admin, `mutation($in: [TopicInput!]!) { upsertTopics(input: $in) { count } }`, map[string]any{"in": big})
	wantOneError(t, res, "BAD_USER_INPUT", "at most 1000 items per call, got 1001")
	if names := ranStatements(e, res); names != "" {
		t.Errorf("statements ran: %s", names)
	}

	if after := graphFingerprint(t); after != before {
		t.Error("a refused batch changed the graph")
	}
}

// Mutations need a writer key: a reader is refused before anything runs,
// a writer and an admin may write.
func TestMutationsNeedWriter(t *testing.T) {
	e := demo(t)
	restoreDemo(t)
	before := graphFingerprint(t)
	for _, q := range []string{
		`mutation { upsertPeople(input: [{id: "p95", name: "Intruder"}]) { count } }`,
		`mutation { upsertKnows(input: [{a: "p0", b: "p59", strength: 1}]) { count } }`,
		`mutation { deletePerson(id: "p10") { deleted } }`,
	} {
		for _, key := range []string{e.reader, e.nobody} {
			res := e.post(t, key, q, nil)
			wantOneError(t, res, "FORBIDDEN", "this needs a writer key", "is a reader key")
			if names := ranStatements(e, res); names != "" {
				t.Errorf("%s: statements ran: %s", q, names)
			}
		}
	}
	if graphFingerprint(t) != before {
		t.Fatal("a refused mutation changed the graph")
	}

	// A server of its own, over the same database, with a writer key.
	keys := &auth.File{}
	writer, err := keys.New("writer", auth.Writer, "")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(testdb.Store(t), keys, zerolog.Nop(), server.Options{}))
	t.Cleanup(srv.Close)
	w := &env{url: srv.URL, traces: map[string]*neo4j.Trace{}}
	if n, _ := upsertCount(t, w, writer, `mutation { upsertTopics(input: [{id: "renewals", name: "Renewals"}]) { count } }`, nil); n != 1 {
		t.Errorf("writer: count %d, want 1", n)
	}
	if n, _ := upsertCount(t, e, e.admin, `mutation { upsertTopics(input: [{id: "onboarding"}]) { count } }`, nil); n != 1 {
		t.Errorf("admin: count %d, want 1", n)
	}
	var out struct {
		A *struct{ Name string } `json:"a"`
		B *struct{ ID string }   `json:"b"`
	}
	e.data(t, e.reader, `{ a: topic(id: "renewals") { name } b: topic(id: "onboarding") { id } }`, nil, &out)
	if out.A == nil || out.A.Name != "Renewals" || out.B == nil {
		t.Errorf("topics written by writer and admin: %+v %+v", out.A, out.B)
	}
}

type deleteResult struct {
	Deleted              bool `json:"deleted"`
	SignalsDeleted       int  `json:"signalsDeleted"`
	InteractionsDeleted  int  `json:"interactionsDeleted"`
	RelationshipsDeleted int  `json:"relationshipsDeleted"`
}

func (e *env) deletePerson(t *testing.T, id string) (deleteResult, response) {
	t.Helper()
	var out struct {
		DeletePerson deleteResult `json:"deletePerson"`
	}
	res := e.data(t, e.admin, `mutation($id: ID!) { deletePerson(id: $id) { deleted signalsDeleted interactionsDeleted relationshipsDeleted } }`, map[string]any{"id": id}, &out)
	return out.DeletePerson, res
}

func TestDeletePerson(t *testing.T) {
	e := demo(t)
	restoreDemo(t)

	// An unknown id: nothing to do, not an error.
	before := graphFingerprint(t)
	if got, _ := e.deletePerson(t, "p999"); got != (deleteResult{}) {
		t.Errorf("deletePerson(p999) = %+v, want all zero", got)
	}
	if graphFingerprint(t) != before {
		t.Error("deleting an unknown person changed the graph")
	}

	// p20 (testdata/demo.ndjson) has 7 relationships: WORKS_AT c8, KNOWS
	// p0 and p42, INTERESTED_IN analytics, ENGAGED_WITH web2 and vid1, and
	// the BY of s37. s37 (EVENT_ATTENDED) is AT no company, so it goes too,
	// with its 2 MENTIONS (ai, analytics): 9 relationships.
	got, res := e.deletePerson(t, "p20")
	if want := (deleteResult{Deleted: true, SignalsDeleted: 1, InteractionsDeleted: 0, RelationshipsDeleted: 9}); got != want {
		t.Errorf("deletePerson(p20) = %+v, want %+v", got, want)
	}
	if names := ranStatements(e, res); names != "deletePerson noteChange" {
		t.Errorf("statements %q, want one deletePerson, then noteChange for alerts", names)
	}
	if n, _ := e.node(t, "p20"); n != nil {
		t.Errorf("p20 still there: %+v", n)
	}
	if n, _ := e.node(t, "s37"); n != nil {
		t.Errorf("s37 still there: %+v", n)
	}
	// p0 had 23 first-degree connections. p42 was reached through p20
	// (0.7 * 0.9 = 0.63) and p26 (0.5 * 0.6 = 0.3); now only through p26.
	c := e.connections(t, map[string]any{"degree": 1, "first": 100})
	for _, edge := range c.Connections.Edges {
		if edge.Node.ID == "p20" {
			t.Error("connections still returns p20")
		}
	}
	if c.Connections.TotalCount != 22 {
		t.Errorf("degree 1: %d people, want 22", c.Connections.TotalCount)
	}
	c = e.connections(t, map[string]any{"degree": 2, "where": map[string]any{"name": "zoe"}})
	checkEdges(t, c.Connections.Edges, []want{{"p42", 2, 0.3, "p26", ""}})
	// Deleting again finds nobody.
	if got, _ := e.deletePerson(t, "p20"); got != (deleteResult{}) {
		t.Errorf("second deletePerson(p20) = %+v", got)
	}

	// p19 has 10 relationships: WORKS_AT c5, KNOWS p0, p32, p40 and p41,
	// INTERESTED_IN crm and analytics, ENGAGED_WITH web2, BY of s13 and
	// s34. Both signals are AT c5: they stay, without a person.
	got, _ = e.deletePerson(t, "p19")
	if want := (deleteResult{Deleted: true, SignalsDeleted: 0, RelationshipsDeleted: 10}); got != want {
		t.Errorf("deletePerson(p19) = %+v, want %+v", got, want)
	}
	for _, id := range []string{"s13", "s34"} {
		n, _ := e.node(t, id)
		if n == nil || n.Person != nil || n.Company == nil || n.Company.ID != "c5" {
			t.Errorf("%s after deleting p19: %+v, want AT c5 and no person", id, n)
		}
	}
	if n, _ := e.node(t, "s13"); n == nil || n.topicIDs() != "ai" {
		t.Errorf("s13 keeps its topic: %+v", n)
	}

	// Dana (p10) goes with her 17 interactions with p0 and the summary
	// of the pair; the other 20 interactions and 3 summaries stay.
	store := testdb.Store(t)
	counts := func() string {
		c, err := store.Counts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%d interactions, %d summaries", c["Interaction"], c["PairSummary"])
	}
	if got := counts(); got != "37 interactions, 4 summaries" {
		t.Fatalf("before: %s", got)
	}
	got, _ = e.deletePerson(t, "p10")
	if !got.Deleted || got.InteractionsDeleted != 17 || got.SignalsDeleted != 0 {
		t.Errorf("deletePerson(p10) = %+v, want 17 interactions deleted", got)
	}
	if got := counts(); got != "20 interactions, 3 summaries" {
		t.Errorf("after: %s", got)
	}
	// Re-created with the same id, she starts with no history: one call
	// is all the pair has.
	upsertCount(t, e, e.admin, `mutation { upsertPeople(input: [{id: "p10", name: "Dana Reyes"}]) { count } }`, nil)
	upsertCount(t, e, e.admin, recordInteractions, map[string]any{"in": []map[string]any{
		{"id": "c1", "source": "phone", "a": "p10", "b": "p0", "kind": "CALL", "direction": "BOTH", "at": "2026-11-24T10:00:00Z"},
	}})
	var out struct {
		Person struct {
			Knows []struct {
				Person         struct{ ID string } `json:"person"`
				StrengthDetail *strengthDetail     `json:"strengthDetail"`
			} `json:"knows"`
		} `json:"person"`
	}
	e.data(t, e.reader, `{ person(id: "p10") { knows { person { id } `+detailFields+` } } }`, nil, &out)
	if k := out.Person.Knows; len(k) != 1 || k[0].Person.ID != "p0" || len(k[0].StrengthDetail.Interactions) != 1 || k[0].StrengthDetail.Interactions[0].Count != 1 {
		t.Errorf("the new p10 knows %+v", k)
	}
}

// A signal BY the person and also BY someone else concerns more than
// them: it stays.
func TestDeletePersonKeepsSharedSignals(t *testing.T) {
	e := demo(t)
	restoreDemo(t)
	// Re-upserting s37 with another person adds a second BY (upserts
	// never remove relationships).
	upsertCount(t, e, e.admin, `mutation { upsertSignals(input: [{id: "s37", kind: EVENT_ATTENDED, person: "p42", at: "2026-10-21T16:00:00Z"}]) { count } }`, nil)
	got, _ := e.deletePerson(t, "p20")
	// p20's 7 relationships only; s37 keeps BY p42 and its 2 MENTIONS.
	if want := (deleteResult{Deleted: true, SignalsDeleted: 0, RelationshipsDeleted: 7}); got != want {
		t.Errorf("deletePerson(p20) = %+v, want %+v", got, want)
	}
	if n, _ := e.node(t, "s37"); n == nil || n.Person == nil || n.Person.ID != "p42" || n.topicIDs() != "ai,analytics" {
		t.Errorf("s37: %+v", n)
	}
}
