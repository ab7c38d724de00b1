package server_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/relgraph/relgraph/graph"
)

// askAnswer is what ask returns.
type askAnswer struct {
	Understood string
	Graphql    string
	Variables  map[string]any
	Answer     map[string]any
	Unknown    []string
}

func (e *env) ask(t *testing.T, key, question string) (askAnswer, response) {
	t.Helper()
	var d struct{ Ask askAnswer }
	res := e.post(t, key, `query($q: String!) { ask(question: $q) { understood graphql variables answer unknown } }`, map[string]any{"q": question})
	if len(res.Errors) == 0 {
		_ = json.Unmarshal(res.Data, &d)
	}
	return d.Ask, res
}

// answerItems says an answer's items in a line: the people, companies or
// signals of a page by id; paths as their people joined by ">"; coverage
// as covered/contacts.
func answerItems(field string, answer map[string]any) string {
	var out []string
	get := func(v any, path ...string) any {
		for _, k := range path {
			m, _ := v.(map[string]any)
			v = m[k]
		}
		return v
	}
	value := answer[field]
	switch field {
	case "introductionPaths", "introductionPathsToCompany":
		for _, p := range value.([]any) {
			var ids []string
			for _, person := range get(p, "people").([]any) {
				ids = append(ids, get(person, "id").(string))
			}
			out = append(out, strings.Join(ids, ">"))
		}
	case "accountCoverage":
		out = append(out, fmt.Sprintf("%v %v/%v", get(value, "company", "id"), get(value, "covered"), get(value, "contacts")))
	case "search":
		for _, h := range value.([]any) {
			out = append(out, get(h, "node", "id").(string))
		}
	default:
		// The item of an edge: a company hit's or a customer's company, a
		// suggestion's person, else the node itself.
		path := map[string][]string{"companiesWithConnections": {"company", "id"}, "customerValue": {"company", "id"}, "suggestions": {"person", "id"}}[field]
		if path == nil {
			path = []string{"id"}
		}
		for _, edge := range get(value, "edges").([]any) {
			out = append(out, fmt.Sprint(get(get(edge, "node"), path...)))
		}
	}
	return strings.Join(out, " ")
}

// corpusEntry is one phrasing of testdata/ask/corpus.txt: the question,
// the question it becomes with its variables, and its answer on the demo.
type corpusEntry struct {
	question, field, variables, answer string
}

func readCorpus(t *testing.T) []corpusEntry {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "ask", "corpus.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out []corpusEntry
	var cur corpusEntry
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "Q: "):
			cur = corpusEntry{question: strings.TrimPrefix(line, "Q: ")}
		case strings.HasPrefix(line, "G: "):
			cur.field, cur.variables, _ = strings.Cut(strings.TrimPrefix(line, "G: "), " ")
		case strings.HasPrefix(line, "A: "), line == "A:":
			cur.answer = strings.TrimSpace(strings.TrimPrefix(line, "A:"))
			out = append(out, cur)
		}
	}
	return out
}

// Every phrasing of the corpus becomes its relgraph question with its
// variables, every word placed, and gets its answer on the demo.
func TestAskCorpus(t *testing.T) {
	e := demo(t)
	corpus := readCorpus(t)
	if len(corpus) < 80 {
		t.Fatalf("the corpus has %d phrasings, want at least 80", len(corpus))
	}
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	families := map[string]bool{}
	for _, c := range corpus {
		got, res := e.ask(t, e.reader, c.question)
		if len(res.Errors) > 0 {
			t.Errorf("%q: %+v", c.question, res.Errors)
			continue
		}
		doc, errs := gqlparser.LoadQuery(schema, got.Graphql)
		if len(errs) > 0 || len(doc.Operations) != 1 {
			t.Errorf("%q: the GraphQL does not fit the schema: %v", c.question, errs)
			continue
		}
		field := doc.Operations[0].SelectionSet[0].(*ast.Field).Name
		families[field] = true
		vars, _ := json.Marshal(got.Variables)
		if field != c.field || string(vars) != c.variables {
			t.Errorf("%q:\n  became %s %s\n  want   %s %s", c.question, field, vars, c.field, c.variables)
		}
		if items := answerItems(field, got.Answer); items != c.answer {
			t.Errorf("%q: answer %q, want %q", c.question, items, c.answer)
		}
		if len(got.Unknown) > 0 || got.Understood == "" {
			t.Errorf("%q: understood %q, unknown %v", c.question, got.Understood, got.Unknown)
		}
	}
	// Every family of the README has phrasings.
	for _, f := range []string{"connections", "companiesWithConnections", "introductionPaths", "introductionPathsToCompany", "signals",
		"accountCoverage", "customerValue", "suggestions", "search"} {
		if !families[f] {
			t.Errorf("no phrasing of the corpus asks %s", f)
		}
	}
}

// What ask cannot map is BAD_USER_INPUT, saying what it understood and
// what it did not; a name that matches several is answered with the
// choices; words it could not place are listed.
func TestAskRefusals(t *testing.T) {
	e := demo(t)
	restoreDemo(t)
	e.data(t, e.admin, `mutation { upsertCompanies(input: [{id: "c90", name: "Acme Robotics"}]) { count } }`, nil, &struct{}{})
	for _, tc := range []struct{ question, want string }{
		{"what is the weather in Boston", `cannot map the question to one of relgraph's questions: understood nothing; did not understand "weather boston"`},
		{"who in my network read crm white papers about the moon landing", ""},
		{"how well do we cover Acme", `"acme" matches 2 companies: Acme Analytics (c1), Acme Robotics (c90); name one of them`},
		{"how well do we cover Nowhere Corp", `no companies match "nowhere corp"`},
		{"who in my network voiced concern about taxes", `no topic is called that`},
	} {
		got, res := e.ask(t, e.reader, tc.question)
		if tc.want == "" {
			// Understood, with the words it could not place.
			if len(res.Errors) > 0 || strings.Join(got.Unknown, " ") != "moon landing" {
				t.Errorf("%q: unknown %v, errors %+v", tc.question, got.Unknown, res.Errors)
			}
			continue
		}
		if len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(res.Errors[0].Message, tc.want) {
			t.Errorf("%q: want BAD_USER_INPUT %q, got %+v", tc.question, tc.want, res.Errors)
		}
	}
	// With the full name, Acme is one company again.
	if got, res := e.ask(t, e.reader, "how well do we cover Acme Analytics"); len(res.Errors) > 0 || got.Variables["company"] != "c1" {
		t.Errorf("Acme Analytics: %v %+v", got.Variables, res.Errors)
	}
}

// A distance out of this world is refused, not asked.
func TestAskDistance(t *testing.T) {
	e := demo(t)
	_, res := e.ask(t, e.reader, "people within "+strings.Repeat("9", 400)+" km who like analytics")
	if len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(res.Errors[0].Message, "at most 20038 km") {
		t.Errorf("a distance too far: %+v", res.Errors)
	}
}
