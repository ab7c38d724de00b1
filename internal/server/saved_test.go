package server_test

import (
	"strings"
	"testing"

	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/server"
)

// churnQuestion is the README's first question at degree 2.
const churnQuestion = `query Churn($since: DateTime!) {
  connections(degree: 2, where: {
    engagedWith: {kind: WHITE_PAPER, topic: "crm", action: READ}
    mentioned: {topic: "churn", sentiment: NEGATIVE, since: $since}
  }) { totalCount edges { node { id } } }
}`

type savedQuestion struct {
	ID        string
	Name      string
	Owner     struct{ ID string }
	Scope     string
	Question  string
	Query     string
	Variables map[string]any
	CreatedAt string
	UpdatedAt string
}

const savedFields = `id name owner { id } scope question query variables createdAt updatedAt`

// Saved questions: saved by a key for its person, checked against the
// schema and by asking them once, seen and changed only by that person's
// keys (and admin keys), at most the configured number per person.
func TestSavedQuestions(t *testing.T) {
	restoreDemo(t)
	f := &auth.File{}
	key := keyMaker(t, f)
	alex := key("alex", auth.Reader, "p0")
	alex2 := key("alex-laptop", auth.Reader, "p0")
	sam := key("sam", auth.Reader, "p3")
	nobody := key("bi", auth.Reader, "")
	admin := key("ops", auth.Admin, "")
	e := &env{url: serveWithKeys(t, server.Options{Limits: model.Limits{MaxSavedQuestions: 2}}, f)}

	var saved struct{ SaveQuestion savedQuestion }
	e.data(t, alex, `mutation($q: String!, $v: JSONObject) { saveQuestion(name: " CRM readers worried about churn ", query: $q, variables: $v) { `+savedFields+` } }`,
		map[string]any{"q": churnQuestion, "v": map[string]any{"since": "2026-10-01"}}, &saved)
	q := saved.SaveQuestion
	if !strings.HasPrefix(q.ID, "sq-") || q.Name != "CRM readers worried about churn" || q.Owner.ID != "p0" || q.Scope != "TEAM" ||
		q.Question != "connections" || q.Query != churnQuestion || q.Variables["since"] != "2026-10-01" || q.CreatedAt == "" || q.CreatedAt != q.UpdatedAt {
		t.Errorf("saved %+v", q)
	}

	list := func(key string) []string {
		t.Helper()
		var d struct{ SavedQuestions []savedQuestion }
		e.data(t, key, `{ savedQuestions { id name owner { id } } }`, nil, &d)
		var out []string
		for _, s := range d.SavedQuestions {
			out = append(out, s.Owner.ID+" "+s.Name)
		}
		return out
	}
	for name, tc := range map[string]struct {
		key  string
		want string
	}{"alex": {alex, "p0 CRM readers worried about churn"}, "alex's other key": {alex2, "p0 CRM readers worried about churn"}, "sam": {sam, ""}, "admin": {admin, "p0 CRM readers worried about churn"}} {
		if got := strings.Join(list(tc.key), "; "); got != tc.want {
			t.Errorf("%s sees %q, want %q", name, got, tc.want)
		}
	}

	// Another person's saved question does not exist for Sam.
	for _, m := range []string{
		`mutation($id: ID!) { updateSavedQuestion(id: $id, name: "mine now") { id } }`,
		`mutation($id: ID!) { deleteSavedQuestion(id: $id) }`,
	} {
		res := e.post(t, sam, m, map[string]any{"id": q.ID})
		if len(res.Errors) != 1 || res.Errors[0].Extensions["code"] != "NOT_FOUND" || !strings.Contains(res.Errors[0].Message, `saved question "`+q.ID+`" does not exist`) {
			t.Errorf("sam: %s: %+v", m, res.Errors)
		}
	}

	// What is refused, and why.
	for _, tc := range []struct {
		name, key, query string
		vars             map[string]any
		code, msg        string
	}{
		{"not GraphQL", alex, `{ connections(`, nil, "BAD_USER_INPUT", "the query is not valid GraphQL for this schema"},
		{"unknown field", alex, `{ connections { nope } }`, nil, "BAD_USER_INPUT", `Cannot query field "nope"`},
		{"a mutation", alex, `mutation { deletePerson(id: "p20") { deleted } }`, nil, "BAD_USER_INPUT", "a saved question is one query operation"},
		{"another question", alex, `{ person(id: "p1") { id } }`, nil, "BAD_USER_INPUT", "a saved question asks exactly one of connections, companiesWithConnections, signals, suggestions"},
		{"two questions", alex, `{ connections { totalCount } signals { totalCount } }`, nil, "BAD_USER_INPUT", "asks exactly one of"},
		{"missing variable", alex, churnQuestion, nil, "BAD_USER_INPUT", "the variables do not fit the query"},
		{"bad argument", alex, `{ connections(degree: 9) { totalCount } }`, nil, "BAD_USER_INPUT", "degree must be between 1 and 3, got 9"},
		{"out of scope", alex, `{ connections(of: "p20") { totalCount } }`, nil, "FORBIDDEN", `key "alex" has scope TEAM`},
		{"no person", nobody, `{ signals { totalCount } }`, nil, "BAD_USER_INPUT", "this API key names no person"},
		{"no name", alex, `{ signals { totalCount } }`, nil, "BAD_USER_INPUT", "name must have 1 to 200 characters"},
	} {
		name := "x"
		if tc.name == "no name" {
			name = "  "
		}
		res := e.post(t, tc.key, `mutation($n: String!, $q: String!, $v: JSONObject) { saveQuestion(name: $n, query: $q, variables: $v) { id } }`,
			map[string]any{"n": name, "q": tc.query, "v": tc.vars})
		if len(res.Errors) != 1 || res.Errors[0].Extensions["code"] != tc.code || !strings.Contains(res.Errors[0].Message, tc.msg) {
			t.Errorf("%s: want %s %q, got %+v", tc.name, tc.code, tc.msg, res.Errors)
		}
	}

	// Alex changes the name and the window; the query stays.
	var updated struct{ UpdateSavedQuestion savedQuestion }
	e.data(t, alex2, `mutation($id: ID!) { updateSavedQuestion(id: $id, name: "Churn, since November", variables: {since: "2026-11-01"}) { `+savedFields+` } }`,
		map[string]any{"id": q.ID}, &updated)
	u := updated.UpdateSavedQuestion
	if u.Name != "Churn, since November" || u.Variables["since"] != "2026-11-01" || u.Query != churnQuestion || u.CreatedAt != q.CreatedAt || u.UpdatedAt <= q.UpdatedAt {
		t.Errorf("updated %+v", u)
	}
	if res := e.post(t, alex, `mutation($id: ID!) { updateSavedQuestion(id: $id, query: "{ topic(id: \"crm\") { name } }") { id } }`, map[string]any{"id": q.ID}); len(res.Errors) != 1 ||
		!strings.Contains(res.Errors[0].Message, "asks exactly one of") {
		t.Errorf("an update to another question: %+v", res.Errors)
	}

	// Two per person here: a third is refused until one goes.
	save := func(key, name string) response {
		return e.post(t, key, `mutation($n: String!) { saveQuestion(name: $n, query: "{ signals(first: 5) { totalCount } }") { id } }`, map[string]any{"n": name})
	}
	if res := save(alex, "Signals"); len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	if res := save(alex2, "More signals"); len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "p0 has 2 saved questions, the most a person may have") {
		t.Errorf("a third saved question: %+v", res.Errors)
	}
	if res := save(sam, "Sam's signals"); len(res.Errors) > 0 {
		t.Errorf("sam's first: %+v", res.Errors)
	}
	var deleted struct{ DeleteSavedQuestion bool }
	e.data(t, alex, `mutation($id: ID!) { deleteSavedQuestion(id: $id) }`, map[string]any{"id": q.ID}, &deleted)
	if !deleted.DeleteSavedQuestion || strings.Join(list(alex), "; ") != "p0 Signals" || strings.Join(list(admin), "; ") != "p0 Signals; p3 Sam's signals" {
		t.Errorf("after the delete alex sees %v, admin %v", list(alex), list(admin))
	}
}
