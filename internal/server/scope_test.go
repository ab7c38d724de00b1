package server_test

import (
	"maps"
	"regexp"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/server"
	"github.com/relgraph/relgraph/internal/testdb"
)

// scopeQuestions ask each row of the README's scope table; $s is the
// person asked about, for the rows that name one.
var scopeQuestions = map[string]string{
	"viewer":                           `{ viewer { id knows { person { id } } } }`,
	"person":                           `{ person(id: "p20") { id name worksAt { company { id } } } }`,
	"company":                          `{ company(id: "c1") { name employees { person { id } } } }`,
	"topic":                            `{ topic(id: "crm") { name } }`,
	"node":                             `{ node(id: "Person:p20") { id } }`,
	"search":                           `{ search(text: "dana") { __typename } }`,
	"customerValue":                    `{ customerValue { totalCount } }`,
	"mergeCandidates":                  `{ mergeCandidates { totalCount } }`,
	"savedQuestions":                   `{ savedQuestions { id } }`,
	"ask":                              `{ ask(question: "who should I meet") { understood } }`,
	"signals":                          `{ signals(first: 1) { totalCount } }`,
	"signals(network: {of})":           `query($s: ID!) { signals(network: {of: $s, degree: 1}) { totalCount } }`,
	"connections(of)":                  `query($s: ID!) { connections(of: $s) { totalCount } }`,
	"companiesWithConnections(of)":     `query($s: ID!) { companiesWithConnections(of: $s) { totalCount } }`,
	"introductionPaths(from)":          `query($s: ID!) { introductionPaths(from: $s, to: "p33") { hops } }`,
	"introductionPathsToCompany(from)": `query($s: ID!) { introductionPathsToCompany(from: $s, company: "c1") { hops } }`,
	"suggestions(of)":                  `query($s: ID!) { suggestions(of: $s) { totalCount } }`,
	"accountCoverage":                  `{ accountCoverage(company: "c1") { coverage } }`,
	"Person.knows":                     `query($s: ID!) { person(id: $s) { knows { person { id } } } }`,
}

// scopeRow is one row of the README's table: the question and, per
// scope, what the cell says.
type scopeRow struct {
	question string
	cells    map[auth.Scope]string
}

func readScopeTable(t *testing.T) []scopeRow {
	t.Helper()
	table, _, _ := strings.Cut(testdb.ReadmeAfter(t, "| Question | SELF | TEAM | ALL |\n|---|---|---|---|\n"), "\n\n")
	row := regexp.MustCompile("^\\| `([^`]+)` \\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\|$")
	var rows []scopeRow
	for _, line := range strings.Split(table, "\n") {
		m := row.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("README scope table: cannot read %q", line)
		}
		rows = append(rows, scopeRow{m[1], map[auth.Scope]string{auth.Self: m[2], auth.Team: m[3], auth.All: m[4]}})
	}
	return rows
}

// The README's table of questions and scopes, row by row: a writer key
// speaking for team member p1 with each scope asks each question about
// p1 itself, about team member p2 and about contact p20, and gets an
// answer or FORBIDDEN naming its scope, as the cell says. Every question
// of the schema has a row.
func TestScopeTable(t *testing.T) {
	f := &auth.File{}
	keys := map[auth.Scope]string{}
	for sc, name := range map[auth.Scope]string{auth.Self: "jordan", auth.Team: "sales", auth.All: "jordan-all"} {
		tok, err := f.New(name, auth.Writer, "p1")
		if err != nil {
			t.Fatal(err)
		}
		f.Keys[len(f.Keys)-1].Scope = sc
		keys[sc] = tok
	}
	nobody, _ := f.New("nobody-self", auth.Reader, "")
	f.Keys[len(f.Keys)-1].Scope = auth.Self
	plain, _ := f.New("plain", auth.Reader, "p1") // no scope: the role's
	e := &env{url: serveWithKeys(t, server.Options{}, f)}

	// alerts asks about a saved question of p1's.
	var saved struct{ SaveQuestion struct{ ID string } }
	(&env{url: e.url}).data(t, keys[auth.All], `mutation { saveQuestion(name: "suggestions", query: "{ suggestions { totalCount } }") { id } }`, nil, &saved)
	questions := maps.Clone(scopeQuestions)
	questions["alerts"] = `{ alerts(savedQuestion: "` + saved.SaveQuestion.ID + `") { totalCount } }`

	rows := readScopeTable(t)
	named := map[string]bool{}
	for _, r := range rows {
		named[strings.SplitN(r.question, "(", 2)[0]] = true
	}
	for _, field := range graph.NewExecutableSchema(graph.Config{}).Schema().Query.Fields {
		if !strings.HasPrefix(field.Name, "__") && !named[field.Name] {
			t.Errorf("the README's scope table has no row for %s", field.Name)
		}
	}
	if !named["Person.knows"] {
		t.Error("the README's scope table has no row for Person.knows")
	}

	subjects := map[string]string{"own": "p1", "team": "p2", "contact": "p20"}
	for _, r := range rows {
		query, ok := questions[r.question]
		if !ok {
			t.Errorf("no query for the README row %s", r.question)
			continue
		}
		for sc, cell := range r.cells {
			var allowed map[string]bool
			switch cell {
			case "allowed", "anyone":
				allowed = map[string]bool{"own": true, "team": true, "contact": true}
			case "own person":
				allowed = map[string]bool{"own": true}
			case "own person, team members":
				allowed = map[string]bool{"own": true, "team": true}
			case "FORBIDDEN":
				allowed = map[string]bool{}
			default:
				t.Fatalf("README row %s: cell %q", r.question, cell)
			}
			for who, id := range subjects {
				if !strings.Contains(query, "$s") && who != "own" {
					continue // a question about no one: once per scope
				}
				res := e.post(t, keys[sc], query, map[string]any{"s": id})
				if allowed[who] || !strings.Contains(query, "$s") && allowed["own"] {
					if len(res.Errors) > 0 || string(res.Data) == "null" {
						t.Errorf("%s, scope %s, about %s (%s): want an answer, got %s %+v", r.question, sc, id, who, res.Data, res.Errors)
					}
					continue
				}
				if len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "FORBIDDEN" || !strings.Contains(res.Errors[0].Message, "has scope "+string(sc)) {
					t.Errorf("%s, scope %s, about %s (%s): want FORBIDDEN naming the scope, got %s %+v", r.question, sc, id, who, res.Data, res.Errors)
				}
			}
		}
	}

	// Messages say what the key may do; a TEAM key asking about someone
	// who does not exist learns that; a key without a person has no
	// person of its own; a key made without a scope has its role's.
	for _, tc := range []struct {
		key, of, code, msg string
	}{
		{keys[auth.Team], "p20", "FORBIDDEN", `key "sales" has scope TEAM: it may ask about its own person, p1, and team members; p20 (of) is neither`},
		{keys[auth.Self], "p2", "FORBIDDEN", `key "jordan" has scope SELF: it may ask only about its own person, p1, not about p2 (of)`},
		{keys[auth.Team], "p404", "NOT_FOUND", `person "p404" does not exist`},
		{nobody, "p1", "FORBIDDEN", `key "nobody-self" has scope SELF: it may ask only about its own person (it speaks for none), not about p1 (of)`},
		{plain, "p20", "FORBIDDEN", `key "plain" has scope TEAM`},
		{plain, "p3", "", ""},
	} {
		res := e.post(t, tc.key, `query($s: ID!) { connections(of: $s) { totalCount } }`, map[string]any{"s": tc.of})
		switch {
		case tc.code == "" && len(res.Errors) > 0:
			t.Errorf("connections(of: %s): %+v", tc.of, res.Errors)
		case tc.code != "" && (len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != tc.code || !strings.Contains(res.Errors[0].Message, tc.msg)):
			t.Errorf("connections(of: %s): want %s %q, got %+v", tc.of, tc.code, tc.msg, res.Errors)
		}
	}
	// Without `of`, a SELF key asks about its own person.
	if res := e.post(t, keys[auth.Self], `{ connections { totalCount } }`, nil); len(res.Errors) > 0 || !strings.Contains(string(res.Data), `"totalCount":`) {
		t.Errorf("a SELF key's own connections: %s %+v", res.Data, res.Errors)
	}
	// Out of scope, Person.knows alone is refused: the rest of the answer
	// stands.
	res := e.post(t, keys[auth.Team], `{ connections(degree: 1) { edges { node { id knows { person { id } } } } } }`, nil)
	forbidden := 0
	for _, err := range res.Errors {
		if err.Extensions["code"] == "FORBIDDEN" && len(err.Path) == 5 && err.Path[4] == "knows" {
			forbidden++
		}
	}
	if forbidden == 0 || forbidden != len(res.Errors) || !strings.Contains(string(res.Data), `"id":"p2","knows":[{`) ||
		!strings.Contains(string(res.Data), `"id":"p13","knows":null`) {
		t.Errorf("p1's connections with knows: %d of %d errors forbid knows (%+v); data %s", forbidden, len(res.Errors), res.Errors, res.Data)
	}
}
