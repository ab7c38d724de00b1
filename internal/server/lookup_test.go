package server_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
)

func TestTopic(t *testing.T) {
	e := demo(t)
	var out struct {
		Crm     *struct{ ID, Name string } `json:"crm"`
		Missing *struct{ ID string }       `json:"missing"`
		// A person's id is no topic's.
		Person *struct{ ID string } `json:"person"`
	}
	res := e.data(t, e.reader, `{
  crm: topic(id: "crm") { id name }
  missing: topic(id: "nope") { id }
  person: topic(id: "p10") { id }
}`, nil, &out)
	if out.Crm == nil || out.Crm.ID != "crm" || out.Crm.Name != "Customer relationship management" {
		t.Errorf("topic crm: %+v", out.Crm)
	}
	if out.Missing != nil || out.Person != nil {
		t.Errorf("unknown topics must be null: %+v %+v", out.Missing, out.Person)
	}
	if n := len(e.statements(res.reqID)); n != 3 {
		t.Errorf("three topic fields ran %d statements, want 3", n)
	}
}

// nodeResult decodes any kind of node with the fields the tests check.
type nodeResult struct {
	Typename string  `json:"__typename"`
	ID       string  `json:"id"`
	Name     *string `json:"name"`
	Title    *string `json:"title"`
	// Content and Signal kinds are different enums, so they need aliases.
	ContentKind *string `json:"contentKind"`
	SignalKind  *string `json:"signalKind"`
	At          *string `json:"at"`
	Person      *struct {
		ID      string `json:"id"`
		WorksAt []struct {
			Company struct{ ID string } `json:"company"`
		} `json:"worksAt"`
	} `json:"person"`
	Company *struct{ ID string }  `json:"company"`
	Topics  []struct{ ID string } `json:"topics"`
}

func (n *nodeResult) kind() string {
	switch {
	case n.ContentKind != nil:
		return *n.ContentKind
	case n.SignalKind != nil:
		return *n.SignalKind
	}
	return ""
}

func (n *nodeResult) topicIDs() string {
	var ids []string
	for _, t := range n.Topics {
		ids = append(ids, t.ID)
	}
	return strings.Join(ids, ",")
}

const nodeQuery = `query($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Person { name title }
    ... on Company { name }
    ... on Topic { name }
    ... on Content { title contentKind: kind topics { id } }
    ... on Signal { signalKind: kind at title person { id worksAt { company { id } } } company { id } topics { id } }
  }
}`

func (e *env) node(t *testing.T, id string) (*nodeResult, response) {
	t.Helper()
	var out struct {
		Node *nodeResult `json:"node"`
	}
	res := e.data(t, e.reader, nodeQuery, map[string]any{"id": id}, &out)
	return out.Node, res
}

func TestNode(t *testing.T) {
	e := demo(t)
	tests := []struct {
		id       string
		typename string // "" for null
		check    func(n *nodeResult) bool
	}{
		{"p10", "Person", func(n *nodeResult) bool { return n.ID == "p10" && *n.Name == "Dana Reyes" }},
		{"Person:p10", "Person", func(n *nodeResult) bool { return n.ID == "p10" }},
		{"person:p10", "Person", func(n *nodeResult) bool { return n.ID == "p10" }},
		{"c1", "Company", func(n *nodeResult) bool { return *n.Name == "Acme Analytics" }},
		{"churn", "Topic", func(n *nodeResult) bool { return *n.Name == "Customer churn" }},
		// wp2 is ABOUT crm and analytics; topics come by id.
		{"wp2", "Content", func(n *nodeResult) bool {
			return *n.Title == "The CRM data playbook" && n.kind() == "WHITE_PAPER" && n.topicIDs() == "analytics,crm"
		}},
		// s1: MENTION BY p10 (who works at c3) AT c3, MENTIONS churn.
		{"Signal:s1", "Signal", func(n *nodeResult) bool {
			return n.kind() == "MENTION" && *n.At == "2026-11-10T09:00:00Z" && n.Person.ID == "p10" &&
				len(n.Person.WorksAt) == 1 && n.Person.WorksAt[0].Company.ID == "c3" && n.Company.ID == "c3" && n.topicIDs() == "churn"
		}},
		// s37: EVENT_ATTENDED BY p20 AT no company, MENTIONS ai and analytics.
		{"s37", "Signal", func(n *nodeResult) bool {
			return n.kind() == "EVENT_ATTENDED" && n.Person.ID == "p20" && n.Company == nil && n.topicIDs() == "ai,analytics"
		}},
		// s30 is a funding round: AT c5, BY nobody.
		{"s30", "Signal", func(n *nodeResult) bool { return n.Person == nil && n.Company.ID == "c5" && n.topicIDs() == "" }},
		{"Company:p10", "", nil},
		{"nope", "", nil},
		// A prefix that names no kind is part of a bare id.
		{"Team:p10", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			n, _ := e.node(t, tc.id)
			switch {
			case tc.typename == "" && n != nil:
				t.Fatalf("got %+v, want null", n)
			case tc.typename == "":
			case n == nil:
				t.Fatalf("got null, want a %s", tc.typename)
			case n.Typename != tc.typename || !tc.check(n):
				raw, _ := json.Marshal(n)
				t.Errorf("got %s", raw)
			}
		})
	}

	// One statement finds the node with its topics, BY and AT; the
	// person's jobs cost one more.
	_, res := e.node(t, "s1")
	var names []string
	for _, s := range e.statements(res.reqID) {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, " "); got != "node employmentsByPerson" {
		t.Errorf("node(s1) with person.worksAt ran %q, want node then employmentsByPerson", got)
	}

	res = e.post(t, e.reader, nodeQuery, map[string]any{"id": "Person:"})
	if len(res.Errors) != 1 || res.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(res.Errors[0].Message, "Person:<id>") {
		t.Errorf("node(Person:): %+v", res.Errors)
	}
}

// A bare id that two kinds share is an error that names the qualified
// forms; each qualified form finds its node.
func TestNodeAmbiguous(t *testing.T) {
	e := demo(t)
	restoreDemo(t)
	var up struct {
		UpsertTopics struct{ Count int } `json:"upsertTopics"`
	}
	e.data(t, e.admin, `mutation { upsertTopics(input: [{id: "p10", name: "Not a person"}]) { count } }`, nil, &up)
	if up.UpsertTopics.Count != 1 {
		t.Fatalf("upsertTopics: %+v", up)
	}
	res := e.post(t, e.reader, nodeQuery, map[string]any{"id": "p10"})
	want := `id "p10" is used by several kinds of node (Person, Topic): ask for one of "Person:p10", "Topic:p10"`
	if len(res.Errors) != 1 || res.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || res.Errors[0].Message != want {
		t.Errorf("node(p10): got %+v, want %q", res.Errors, want)
	}
	if n, _ := e.node(t, "Topic:p10"); n == nil || n.Typename != "Topic" || *n.Name != "Not a person" {
		t.Errorf("node(Topic:p10): %+v", n)
	}
	if n, _ := e.node(t, "Person:p10"); n == nil || n.Typename != "Person" || *n.Name != "Dana Reyes" {
		t.Errorf("node(Person:p10): %+v", n)
	}
}

type searchHit struct {
	Score float64 `json:"score"`
	Node  struct {
		Typename string `json:"__typename"`
		ID       string `json:"id"`
		Name     string `json:"name"`
	} `json:"node"`
}

const searchQuery = `query($text: String!, $first: Int) {
  search(text: $text, first: $first) { score node { __typename ... on Person { id name } ... on Company { id name } } }
}`

func (e *env) search(t *testing.T, text string, first int) []searchHit {
	t.Helper()
	var out struct {
		Search []searchHit `json:"search"`
	}
	vars := map[string]any{"text": text}
	if first > 0 {
		vars["first"] = first
	}
	e.data(t, e.reader, searchQuery, vars, &out)
	// Whatever the text, hits come by score descending, then people
	// before companies, then id.
	kind := map[string]int{"Person": 0, "Company": 1}
	if !sort.SliceIsSorted(out.Search, func(i, j int) bool {
		a, b := out.Search[i], out.Search[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Node.Typename != b.Node.Typename {
			return kind[a.Node.Typename] < kind[b.Node.Typename]
		}
		return a.Node.ID < b.Node.ID
	}) {
		t.Errorf("search(%q) is not ordered by score, kind, id: %+v", text, out.Search)
	}
	for _, h := range out.Search {
		if h.Score <= 0 {
			t.Errorf("search(%q): score %v of %s must be positive", text, h.Score, h.Node.ID)
		}
	}
	return out.Search
}

func hitIDs(hits []searchHit) string {
	var ids []string
	for _, h := range hits {
		ids = append(ids, h.Node.ID)
	}
	return strings.Join(ids, " ")
}

func TestSearch(t *testing.T) {
	e := demo(t)
	tests := []struct {
		name, text string
		first      int
		want       string // ids in order
	}{
		// Names and titles of people, names and domains of companies
		// (testdata/demo.ndjson).
		{"full name", "dana reyes", 0, "p10"},
		{"case does not matter", "DANA", 0, "p10"},
		{"word prefix", "northw", 0, "c3"},
		{"company name", "acme", 0, "c1"},
		{"company domain", "acme.example", 0, "c1"},
		{"apostrophe", "o'brien", 0, "p17"},
		// Same title, equally short names: equal scores, so by id.
		{"tie by id", "chief marketing", 0, "p33 p46 p48"},
		{"tie by id, two", "vp sales", 0, "p0 p47"},
		// Every word must match: nobody is both Dana and Tom, and OR is no
		// operator (Lucene would have returned p10 and p13) but a stop
		// word, which the index leaves out, and so does the query.
		{"OR is no operator", "dana OR tom", 0, ""},
		{"stop words", "head of data", 0, "p19"},
		// A prefix with or without *.
		{"prefix", "oli", 0, "p33"},
		{"prefix with *", "oli*", 0, "p33"},
		// Accents are folded in the query as in the index.
		{"accent in the query", "zoë", 0, "p42"},
		// With no match as typed, one typo per word of four letters or
		// more is forgiven.
		{"a typo", "olivai grnat", 0, "p33"},
		{"no typo forgiven when something matches", "dana", 0, "p10"},
		// Lucene syntax is plain text: no negation, no field, no fuzzy, no
		// match-all.
		{"minus is no negation", "-dana", 0, "p10"},
		{"tilde is no fuzziness", "dana~", 0, "p10"},
		{"colon is no field", "name:dana", 0, ""},
		{"operators and brackets", `AND ( [ "x`, 0, ""},
		{"match all", "*:*", 0, ""},
		{"wildcard alone", "*", 0, ""},
		// Words without a letter or digit cannot match and are dropped.
		{"match all and a word", "*:* dana", 0, "p10"},
		{"unbalanced quote", `"dana`, 0, "p10"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := hitIDs(e.search(t, tc.text, tc.first)); got != tc.want {
				t.Errorf("search(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}

	// Scores are BM25 values that depend on the index's statistics (which
	// count deleted documents until Lucene merges them), so the tests pin
	// order and ties, not the numbers.
	// "security" is a word of c7's name (Lumen Security) and of four
	// titles. p15, p40 and p58 have two-word titles starting with it and
	// score alike, and so does p54's "IT Security Manager": "it" is a stop
	// word, which the index leaves out. Ties go by id.
	hits := e.search(t, "security", 0)
	var people []string
	for _, h := range hits {
		if h.Node.Typename == "Person" {
			people = append(people, h.Node.ID)
		}
	}
	if got := strings.Join(people, " "); got != "p15 p40 p54 p58" || len(hits) != 5 {
		t.Errorf("search(security) = %q, want people p15 p40 p54 p58 and company c7", hitIDs(hits))
	}
	if hits[0].Score == hits[len(hits)-1].Score {
		t.Errorf("search(security): all scores equal %v", hits[0].Score)
	}

	// Accents are folded in the index too: a person written with them is
	// found without them, and with them.
	restoreDemo(t)
	e.data(t, e.admin, `mutation { upsertPeople(input: [{id: "p99", name: "Åsa Ångström", title: "Søren's analyst"}]) { count } }`, nil, &struct{}{})
	for _, text := range []string{"angstrom", "ÅSA", "asa ångström", "soren"} {
		if got := hitIDs(e.search(t, text, 0)); got != "p99" {
			t.Errorf("search(%q) = %q, want p99 Åsa Ångström", text, got)
		}
	}
	e.data(t, e.admin, `mutation { deletePerson(id: "p99") { deleted } }`, nil, &struct{}{})

	// first cuts the ordered list: "manager" is in 13 titles.
	all := e.search(t, "manager", 100)
	top := e.search(t, "manager", 3)
	if len(all) != 13 || hitIDs(top) != hitIDs(all[:3]) {
		t.Errorf("search(manager): %d hits, first 3 %q, want 13 and %q", len(all), hitIDs(top), hitIDs(all[:3]))
	}
}

func TestSearchRejects(t *testing.T) {
	e := demo(t)
	for _, tc := range []struct {
		vars map[string]any
		want string
	}{
		{map[string]any{"text": ""}, "text must contain at least one word"},
		{map[string]any{"text": "  \t "}, "text must contain at least one word"},
		{map[string]any{"text": "dana", "first": 0}, "first must be between 1 and 100, got 0"},
		{map[string]any{"text": "dana", "first": 101}, "first must be between 1 and 100, got 101"},
		{map[string]any{"text": strings.Repeat("x ", 33)}, "text has 33 words; search with at most 32"},
	} {
		res := e.post(t, e.reader, searchQuery, tc.vars)
		if len(res.Errors) != 1 || res.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(res.Errors[0].Message, tc.want) {
			t.Errorf("search(%v): got %+v, want %q", tc.vars, res.Errors, tc.want)
		}
	}
}

// Nested fields of the hits are fetched once per list: one statement for
// the search, one for the people's jobs, one for the companies' employees.
func TestSearchRoundTrips(t *testing.T) {
	e := demo(t)
	var out struct {
		Search []struct {
			Node struct {
				ID        string                    `json:"id"`
				WorksAt   []struct{ Title *string } `json:"worksAt"`
				Employees []struct {
					Person struct{ ID string } `json:"person"`
				} `json:"employees"`
			} `json:"node"`
		} `json:"search"`
	}
	res := e.data(t, e.reader, `{ search(text: "security", first: 10) { node {
  ... on Person { id worksAt { title } }
  ... on Company { id employees { person { id } } }
} } }`, nil, &out)
	if len(out.Search) != 5 {
		t.Fatalf("got %d hits, want 5", len(out.Search))
	}
	var names []string
	for _, s := range e.statements(res.reqID) {
		names = append(names, s.Name)
	}
	sort.Strings(names)
	if got := strings.Join(names, " "); got != "employeesByCompany employmentsByPerson search" {
		t.Errorf("statements %q: want search plus one per nested list", got)
	}
}
