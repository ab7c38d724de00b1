package server_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/testdb"
)

// Hostile requests through the real handler over the demo graph. Each
// subtest states what its requests must get; afterwards, over every
// response: the graph is unchanged, no status is 500, every error has an
// extensions.code, and no message shows driver, Cypher or runtime text.
func TestAbuse(t *testing.T) {
	e := demo(t)
	before := graphFingerprint(t)
	a := &abuse{e: e}
	t.Run("InjectionAsEveryStringArgument", a.injection)
	t.Run("InjectionInEnumsAndInlineLiterals", a.injectionElsewhere)
	t.Run("DeepSelection", a.deepSelection)
	t.Run("CyclicFragments", a.cyclicFragments)
	t.Run("AliasFlood", a.aliasFlood)
	t.Run("CostOfBigPagesAndNesting", a.costlyNesting)
	t.Run("CostOverflow", a.costOverflow)
	t.Run("DuplicateFields", a.duplicateFields)
	t.Run("DeepWhere", a.deepWhere)
	t.Run("Batch", a.batch)
	t.Run("BodyOverLimit", a.bigBody)
	t.Run("HugeStringVariable", a.hugeString)
	t.Run("InvalidUTF8", a.invalidUTF8)
	t.Run("BadNumbers", a.badNumbers)
	t.Run("ProtocolMisuse", a.protocol)
	t.Run("MutationsNeedAWriter", a.mutations)

	if after := graphFingerprint(t); after != before {
		t.Errorf("the demo graph changed under hostile requests")
		// Later tests of this binary need the demo graph.
		store := testdb.Store(t)
		testdb.Demo(t, store)
	}
	a.checkAll(t)
}

// abuse sends hostile requests and keeps every response for the checks
// that hold for all of them.
type abuse struct {
	e    *env
	seen []abuseResponse
	// echoes are inputs that messages may quote back, such as an unknown
	// id; they are removed before messages are searched for leaked text.
	echoes []string
}

type abuseResponse struct {
	name     string
	status   int
	body     string
	errors   []gqlError
	data     json.RawMessage
	reqID    string
	notJSON  bool
	duration time.Duration
}

var (
	abuseCounter int
	// abuseClient gives up on a request the server never answers.
	abuseClient = &http.Client{Timeout: 3 * time.Minute}
)

// do sends one request to /graphql (or the path in target when it starts
// with "/") and records the response.
func (a *abuse) do(t *testing.T, name, method, target, key, contentType string, body io.Reader, contentLength int64) abuseResponse {
	t.Helper()
	u := a.e.url + "/graphql"
	if strings.HasPrefix(target, "/") {
		u = a.e.url + target
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = contentLength
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	abuseCounter++
	id := "abuse-" + strconv.Itoa(abuseCounter)
	req.Header.Set("X-Request-Id", id)
	start := time.Now()
	res, err := abuseClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s: reading the response: %v", name, err)
	}
	out := abuseResponse{name: name, status: res.StatusCode, body: string(raw), reqID: id, duration: time.Since(start)}
	var decoded response
	if err := json.Unmarshal(raw, &decoded); err != nil {
		out.notJSON = true
	}
	out.errors, out.data = decoded.Errors, decoded.Data
	a.seen = append(a.seen, out)
	return out
}

// gql posts a GraphQL request as JSON.
func (a *abuse) gql(t *testing.T, name, key, query string, vars map[string]any) abuseResponse {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	return a.post(t, name, key, body)
}

// post sends a raw JSON body.
func (a *abuse) post(t *testing.T, name, key string, body []byte) abuseResponse {
	t.Helper()
	return a.do(t, name, http.MethodPost, "", key, "application/json", bytes.NewReader(body), int64(len(body)))
}

// wantCodes checks that r failed and that every error has one of codes.
func wantCodes(t *testing.T, r abuseResponse, codes ...string) {
	t.Helper()
	if len(r.errors) == 0 {
		t.Errorf("%s: no error, want %s; status %d, body %.300s", r.name, strings.Join(codes, " or "), r.status, r.body)
		return
	}
	for _, e := range r.errors {
		if !hasCode(e, codes) {
			t.Errorf("%s: error %q has code %v, want %s", r.name, e.Message, e.Extensions["code"], strings.Join(codes, " or "))
		}
	}
}

// wantAnswerOr checks that r answered, or failed only with codes.
func wantAnswerOr(t *testing.T, r abuseResponse, codes ...string) {
	t.Helper()
	for _, e := range r.errors {
		if !hasCode(e, codes) {
			t.Errorf("%s: error %q has code %v, want an answer or %s", r.name, e.Message, e.Extensions["code"], strings.Join(codes, " or "))
		}
	}
	if len(r.errors) == 0 && (len(r.data) == 0 || string(r.data) == "null") {
		t.Errorf("%s: neither data nor errors: status %d, body %.300s", r.name, r.status, r.body)
	}
}

func hasCode(e gqlError, codes []string) bool {
	for _, c := range codes {
		if e.Extensions["code"] == c {
			return true
		}
	}
	return false
}

// wantNoStatements checks that a refused request never reached Neo4j.
func (a *abuse) wantNoStatements(t *testing.T, r abuseResponse) {
	t.Helper()
	if n := len(a.e.statements(r.reqID)); n > 0 {
		t.Errorf("%s: %d statements ran for a refused request", r.name, n)
	}
}

// leakMarkers betray driver, Cypher or runtime text in a message.
var leakMarkers = []string{"Neo.", "MATCH", "DETACH", "neo4j", "Neo4j", "cypher", "Cypher", "goroutine", "panic", "runtime error", "bolt", "Bolt", "ClientError", "DatabaseError", "/work/", ".go:"}

// checkAll holds for every response.
func (a *abuse) checkAll(t *testing.T) {
	t.Helper()
	for _, r := range a.seen {
		if r.status >= 500 {
			t.Errorf("%s: status %d, body %.300s", r.name, r.status, r.body)
		}
		if r.notJSON {
			t.Errorf("%s: the response is not a GraphQL JSON response: status %d, body %.300s", r.name, r.status, r.body)
			continue
		}
		if r.status >= 400 && len(r.errors) == 0 {
			t.Errorf("%s: status %d without errors: %.300s", r.name, r.status, r.body)
		}
		for _, e := range r.errors {
			code, _ := e.Extensions["code"].(string)
			if code == "" {
				t.Errorf("%s: error without extensions.code: %.300q", r.name, e.Message)
			}
			if code == model.CodeInternal || code == model.CodeTimeout || code == model.CodeUnavailable {
				t.Errorf("%s: %s for a request the server should refuse or answer: %q", r.name, code, e.Message)
			}
			msg := e.Message
			for _, s := range a.echoes {
				msg = strings.ReplaceAll(msg, s, "")
				q := strconv.Quote(s)
				msg = strings.ReplaceAll(msg, q[1:len(q)-1], "")
			}
			for _, m := range leakMarkers {
				if strings.Contains(msg, m) {
					t.Errorf("%s: message shows %q: %.300q", r.name, m, e.Message)
					break
				}
			}
		}
	}
}

// injections are values known to break queries built by concatenation.
var injections = []string{
	"p0'}) MATCH (n) DETACH DELETE n //",
	`p0"}) MATCH (n) DETACH DELETE n //`,
	`" OR 1=1 --`,
	"' OR '1'='1",
	"x') OR 1=1 //",
	"`Person`) MATCH (n) DETACH DELETE n //",
	"p0`}) CALL { MATCH (n) DETACH DELETE n } //",
	"$of",
	"{id: $of}",
	"p0\u0000",
	"\u0000",
	"\\'",
	"p0\nMATCH (n) DETACH DELETE n",
	"/* */ MATCH (n) SET n.pwned = true //",
	"x') RETURN 1 UNION MATCH (n) DETACH DELETE n //",
	"*:* OR name:*",
	"Person:p0'}) DETACH DELETE n //",
}

// everyPersonField puts v into every string of a PersonWhere. Each is one
// branch of an OR with NOT {name: v}, which every person meets as long as
// v stays a value: the filter then keeps the whole network.
func everyPersonField(v string) map[string]any {
	company := map[string]any{"id": v, "name": v, "industry": v, "city": v, "country": v, "stage": v, "signal": map[string]any{"round": v}}
	return map[string]any{"OR": []any{
		map[string]any{"title": v}, map[string]any{"seniority": v}, map[string]any{"department": v},
		map[string]any{"name": v}, map[string]any{"city": v}, map[string]any{"country": v},
		map[string]any{"engagedWith": map[string]any{"topic": v}},
		map[string]any{"mentioned": map[string]any{"topic": v}},
		map[string]any{"signal": map[string]any{"topic": v, "titleContains": v, "round": v}},
		map[string]any{"interestedIn": map[string]any{"topics": []string{v}}},
		map[string]any{"worksAt": company},
		map[string]any{"near": map[string]any{"of": v, "km": 10}},
		map[string]any{"NOT": map[string]any{"name": v}},
	}}
}

const (
	abuseConnections = `query($of: ID, $where: PersonWhere, $after: String) {
  connections(of: $of, degree: 2, where: $where, after: $after) { totalCount edges { node { id } evidence { filter } } }
}`
	abuseCompanies = `query($of: ID, $where: PersonWhere, $after: String) {
  companiesWithConnections(of: $of, degree: 2, where: $where, after: $after) { totalCount edges { node { company { id } count } } }
}`
	abuseSignals = `query($where: SignalWhere, $network: NetworkInput, $after: String) {
  signals(where: $where, network: $network, after: $after) { totalCount edges { node { id } } }
}`
)

type abuseTotal struct {
	Connections              *struct{ TotalCount int } `json:"connections"`
	CompaniesWithConnections *struct{ TotalCount int } `json:"companiesWithConnections"`
	Signals                  *struct{ TotalCount int } `json:"signals"`
}

func totalOf(t *testing.T, r abuseResponse) int {
	t.Helper()
	var out abuseTotal
	if err := json.Unmarshal(r.data, &out); err != nil {
		t.Fatalf("%s: %v", r.name, err)
	}
	switch {
	case out.Connections != nil:
		return out.Connections.TotalCount
	case out.CompaniesWithConnections != nil:
		return out.CompaniesWithConnections.TotalCount
	case out.Signals != nil:
		return out.Signals.TotalCount
	}
	t.Fatalf("%s: no total in %s", r.name, r.data)
	return 0
}

// Every string argument of the questions, one payload at a time: ids that
// name nothing are NOT_FOUND (or null), cursors are BAD_USER_INPUT, and
// filters compare the payload as a value, so they answer as for a value.
func (a *abuse) injection(t *testing.T) {
	a.echoes = append(a.echoes, injections...)
	r := a.e.reader
	// Without a filter: the whole network of p0 within 2 hops, and the
	// companies where it works.
	people := totalOf(t, a.gql(t, "connections baseline", r, abuseConnections, nil))
	companies := totalOf(t, a.gql(t, "companies baseline", r, abuseCompanies, nil))
	if people == 0 || companies == 0 {
		t.Fatalf("baseline: %d people, %d companies; the demo graph has more", people, companies)
	}
	for i, p := range injections {
		name := func(what string) string { return fmt.Sprintf("injection %d %s", i, what) }

		wantCodes(t, a.gql(t, name("connections of"), r, abuseConnections, map[string]any{"of": p}), "NOT_FOUND")
		res := a.gql(t, name("connections where"), r, abuseConnections, map[string]any{"where": everyPersonField(p)})
		if wantAnswerOr(t, res); len(res.errors) == 0 {
			if got := totalOf(t, res); got != people {
				t.Errorf("%s: %d people, want the whole network of %d", res.name, got, people)
			}
		}
		wantCodes(t, a.gql(t, name("connections after"), r, abuseConnections, map[string]any{"after": p}), "BAD_USER_INPUT")

		wantCodes(t, a.gql(t, name("companies of"), r, abuseCompanies, map[string]any{"of": p}), "NOT_FOUND")
		res = a.gql(t, name("companies where"), r, abuseCompanies, map[string]any{"where": everyPersonField(p)})
		if wantAnswerOr(t, res); len(res.errors) == 0 {
			if got := totalOf(t, res); got != companies {
				t.Errorf("%s: %d companies, want all %d", res.name, got, companies)
			}
		}
		wantCodes(t, a.gql(t, name("companies after"), r, abuseCompanies, map[string]any{"after": p}), "BAD_USER_INPUT")

		wantCodes(t, a.gql(t, name("signals network"), r, abuseSignals, map[string]any{"network": map[string]any{"of": p}}), "NOT_FOUND")
		// No signal has the payload as its topic, title, round, person or
		// company, so none matches any one of them.
		for _, field := range []string{"topic", "titleContains", "round", "person"} {
			res = a.gql(t, name("signals where "+field), r, abuseSignals, map[string]any{"where": map[string]any{field: p}})
			if wantAnswerOr(t, res); len(res.errors) == 0 && totalOf(t, res) != 0 {
				t.Errorf("%s: %d signals, want 0", res.name, totalOf(t, res))
			}
		}
		for _, field := range []string{"id", "name", "industry", "city", "country", "stage"} {
			res = a.gql(t, name("signals where company."+field), r, abuseSignals, map[string]any{"where": map[string]any{"company": map[string]any{field: p}}})
			if wantAnswerOr(t, res); len(res.errors) == 0 && totalOf(t, res) != 0 {
				t.Errorf("%s: %d signals, want 0", res.name, totalOf(t, res))
			}
		}
		wantCodes(t, a.gql(t, name("signals after"), r, abuseSignals, map[string]any{"after": p}), "BAD_USER_INPUT")

		res = a.gql(t, name("search"), r, `query($t: String!) { search(text: $t) { score node { __typename } } }`, map[string]any{"t": p})
		wantAnswerOr(t, res, "BAD_USER_INPUT")

		for _, q := range []struct{ what, query string }{
			{"person", `query($id: ID!) { person(id: $id) { id } }`},
			{"company", `query($id: ID!) { company(id: $id) { id } }`},
			{"topic", `query($id: ID!) { topic(id: $id) { id } }`},
			{"node", `query($id: ID!) { node(id: $id) { id } }`},
		} {
			for _, id := range []string{p, "Person:" + p, "Company:" + p} {
				res = a.gql(t, name(q.what+" "+id), r, q.query, map[string]any{"id": id})
				wantAnswerOr(t, res, "NOT_FOUND", "BAD_USER_INPUT")
				if len(res.errors) == 0 && !strings.HasSuffix(string(res.data), ":null}") {
					t.Errorf("%s: found %s", res.name, res.data)
				}
			}
		}

		paths := `query($from: ID, $to: ID!) { introductionPaths(from: $from, to: $to) { hops people { id } } }`
		wantCodes(t, a.gql(t, name("introductionPaths from"), r, paths, map[string]any{"from": p, "to": "p1"}), "NOT_FOUND")
		wantCodes(t, a.gql(t, name("introductionPaths to"), r, paths, map[string]any{"to": p}), "NOT_FOUND")
		toCompany := `query($from: ID, $c: ID!) { introductionPathsToCompany(from: $from, company: $c) { hops } }`
		wantCodes(t, a.gql(t, name("introductionPathsToCompany from"), r, toCompany, map[string]any{"from": p, "c": "c1"}), "NOT_FOUND")
		wantCodes(t, a.gql(t, name("introductionPathsToCompany company"), r, toCompany, map[string]any{"c": p}), "NOT_FOUND")
		wantCodes(t, a.gql(t, name("accountCoverage"), r, `query($c: ID!) { accountCoverage(company: $c) { contacts } }`, map[string]any{"c": p}), "NOT_FOUND")
		wantCodes(t, a.gql(t, name("suggestions of"), r, `query($of: ID) { suggestions(of: $of) { totalCount } }`, map[string]any{"of": p}), "NOT_FOUND")
		wantCodes(t, a.gql(t, name("suggestions after"), r, `query($a: String) { suggestions(after: $a) { totalCount } }`, map[string]any{"a": p}), "BAD_USER_INPUT")
		wantCodes(t, a.gql(t, name("customerValue after"), r, `query($a: String) { customerValue(after: $a) { totalCount } }`, map[string]any{"a": p}), "BAD_USER_INPUT")
	}
}

// Payloads where an enum or a DateTime is expected fail validation, and
// payloads written into the query text stay string literals.
func (a *abuse) injectionElsewhere(t *testing.T) {
	r := a.e.reader
	p := injections[0]
	for _, where := range []map[string]any{
		{"engagedWith": map[string]any{"kind": p}},
		{"engagedWith": map[string]any{"action": p}},
		{"mentioned": map[string]any{"sentiment": p}},
		{"signal": map[string]any{"kinds": []string{p}}},
		{"interestedIn": map[string]any{"topics": []string{"crm"}, "match": p}},
		{"engagedWith": map[string]any{"since": p}},
	} {
		res := a.gql(t, fmt.Sprintf("enum %v", where), r, abuseConnections, map[string]any{"where": where})
		wantCodes(t, res, "BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED")
		a.wantNoStatements(t, res)
	}
	res := a.gql(t, "orderBy field", r, `query($o: PersonOrder) { connections(orderBy: $o) { totalCount } }`, map[string]any{"o": map[string]any{"field": "NAME, other.id; MATCH (n) DETACH DELETE n"}})
	wantCodes(t, res, "BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED")
	a.wantNoStatements(t, res)

	for _, p := range injections {
		lit, _ := json.Marshal(p)
		res := a.gql(t, "inline person "+p, r, `{ person(id: `+string(lit)+`) { id } }`, nil)
		wantAnswerOr(t, res)
		if len(res.errors) == 0 && string(res.data) != `{"person":null}` {
			t.Errorf("%s: %s", res.name, res.data)
		}
		wantCodes(t, a.gql(t, "inline connections "+p, r, `{ connections(of: `+string(lit)+`) { totalCount } }`, nil), "NOT_FOUND")
	}
	// An argument that escapes its string literal breaks the document.
	res = a.gql(t, "document injection", r, `{ person(id: "p0") { id } } mutation { deletePerson(id: "p0") { deleted } }`, nil)
	wantCodes(t, res, "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT")
}

// nestedKnows is person { knows { person { ... id } } } levels deep.
func nestedKnows(levels int) string {
	return `{ person(id: "p0") { ` + strings.Repeat("knows { person { ", levels) + "id" + strings.Repeat(" } }", levels) + " } }"
}

func (a *abuse) deepSelection(t *testing.T) {
	res := a.gql(t, "40 levels of knows", a.e.reader, nestedKnows(40), nil)
	wantCodes(t, res, model.CodeDepthLimit)
	a.wantNoStatements(t, res)
	if len(res.errors) == 1 && !strings.Contains(res.errors[0].Message, "limit of 15") {
		t.Errorf("the message %q does not name the limit", res.errors[0].Message)
	}
	// Seven levels of knows{person} are 16 fields deep; six are 14.
	wantCodes(t, a.gql(t, "7 levels of knows", a.e.reader, nestedKnows(7), nil), model.CodeDepthLimit)
	res = a.gql(t, "6 levels of knows", a.e.reader, nestedKnows(6), nil)
	if len(res.errors) > 0 && hasCode(res.errors[0], []string{model.CodeDepthLimit}) {
		t.Errorf("%s: refused for depth: %s", res.name, res.errors[0].Message)
	}
	// Depth through fragments counts too.
	frag := `query { person(id: "p0") { ...K } } fragment K on Person { knows { person { knows { person { knows { person { knows { person { knows { person { knows { person { knows { person { knows { person { id } } } } } } } } } } } } } } } } }`
	res = a.gql(t, "depth through fragments", a.e.reader, frag, nil)
	wantCodes(t, res, model.CodeDepthLimit)
	a.wantNoStatements(t, res)
	// The parser refuses documents nested beyond its own bound cleanly.
	wantCodes(t, a.gql(t, "2000 levels of knows", a.e.reader, nestedKnows(2000), nil), "GRAPHQL_PARSE_FAILED", model.CodeDepthLimit)
}

func (a *abuse) cyclicFragments(t *testing.T) {
	q := `query { person(id: "p0") { ...A } } fragment A on Person { knows { person { ...B } } } fragment B on Person { knows { person { ...A } } }`
	res := a.gql(t, "cyclic fragments", a.e.reader, q, nil)
	wantCodes(t, res, "GRAPHQL_VALIDATION_FAILED", model.CodeDepthLimit)
	a.wantNoStatements(t, res)
}

func (a *abuse) aliasFlood(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&b, " a%d: connections(degree: 2, first: 100) { edges { node { id } } }", i)
	}
	b.WriteString(" }")
	// 500 aliases are over the parser's token limit.
	res := a.gql(t, "500 aliases of connections", a.e.reader, b.String(), nil)
	wantCodes(t, res, "GRAPHQL_PARSE_FAILED")
	a.wantNoStatements(t, res)
	// 60 small aliases parse, but ask too many questions at once.
	b.Reset()
	b.WriteString("{")
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&b, " a%d: connections { totalCount }", i)
	}
	b.WriteString(" }")
	res = a.gql(t, "60 aliases of connections", a.e.reader, b.String(), nil)
	wantCodes(t, res, model.CodeCostLimit)
	a.wantNoStatements(t, res)
}

func (a *abuse) costlyNesting(t *testing.T) {
	q := `{ connections(degree: 3, first: 100) { edges { node { id knows { person { id knows { person { id worksAt { company { id employees { person { id } } } } } } } } } via { id } evidence { filter } } } }`
	res := a.gql(t, "first 100 degree 3 nested", a.e.reader, q, nil)
	wantCodes(t, res, model.CodeCostLimit)
	a.wantNoStatements(t, res)
	if len(res.errors) == 1 {
		msg := res.errors[0].Message
		for _, w := range []string{"limit of " + strconv.Itoa(model.DefaultLimits().MaxCost), "first", "degree", "nested"} {
			if !strings.Contains(msg, w) {
				t.Errorf("the message %q does not say %q", msg, w)
			}
		}
	}
}

// A `first` that the resolvers refuse anyway must not wrap the cost
// around. With degree 1 connections costs 10 + 100 x child, where child
// is the cost of one edge; a sibling list of cost 2^62 - c + 1 next to the
// rest c of the edge makes child 2^62 + 1, and 100 x child wraps to 100 in
// int arithmetic: the query would cost 110 and run in full.
func (a *abuse) costOverflow(t *testing.T) {
	query := func(first string) string {
		return `{ connections(degree: 1, first: 100) { edges { node { id engagements(first: ` + first + `) { at } knows { person { knows { person { knows { person { knows { person { id } } } } } } } } } } } }`
	}
	// With first: 1 the engagements cost 2; the message tells the rest.
	res := a.gql(t, "cost of the honest query", a.e.reader, query("1"), nil)
	wantCodes(t, res, model.CodeCostLimit)
	var cost int
	if len(res.errors) != 1 {
		t.FailNow()
	}
	if _, err := fmt.Sscanf(res.errors[0].Message, "the query costs %d,", &cost); err != nil {
		t.Fatalf("no cost in %q: %v", res.errors[0].Message, err)
	}
	rest := (cost-10)/100 - 2
	res = a.gql(t, "cost overflow", a.e.reader, query(strconv.Itoa(1<<62-rest)), nil)
	wantCodes(t, res, model.CodeCostLimit, "BAD_USER_INPUT")
	a.wantNoStatements(t, res)
}

// Many copies of one field cost the validator time, not the database.
func (a *abuse) duplicateFields(t *testing.T) {
	q := `{ viewer {` + strings.Repeat(" id", 20000) + ` } }`
	res := a.gql(t, "20000 duplicate fields", a.e.reader, q, nil)
	wantAnswerOr(t, res, model.CodeCostLimit, "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED")
	if res.duration > 5*time.Second {
		t.Errorf("%s took %s", res.name, res.duration)
	}
	q = `{` + strings.Repeat(` viewer { id }`, 5000) + ` }`
	res = a.gql(t, "5000 duplicate root fields", a.e.reader, q, nil)
	wantAnswerOr(t, res, model.CodeCostLimit, "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED")
	if res.duration > 5*time.Second {
		t.Errorf("%s took %s", res.name, res.duration)
	}
}

// deepOr is a where filter of levels nested ORs, each with a second,
// evidence-backed branch.
func deepOr(levels int) map[string]any {
	w := map[string]any{"name": "x"}
	for i := 0; i < levels; i++ {
		w = map[string]any{"OR": []any{w, map[string]any{"engagedWith": map[string]any{"topic": "crm"}}}}
	}
	return w
}

// A where filter nested 20 levels deep is a request of 1.6 KB, within
// every limit; the server must refuse it or answer it quickly. (The
// statement it builds grows with the square of the nesting; see
// TestFuzzDeepWhereStatementSize in package neo4j.)
func (a *abuse) deepWhere(t *testing.T) {
	res := a.gql(t, "where nested 20 levels", a.e.reader, `query($w: PersonWhere) { connections(where: $w, first: 1) { totalCount } }`, map[string]any{"w": deepOr(20)})
	wantAnswerOr(t, res, "BAD_USER_INPUT", model.CodeCostLimit, model.CodeDepthLimit)
	if res.duration > 5*time.Second {
		t.Errorf("%s took %s", res.name, res.duration)
	}
}

func (a *abuse) batch(t *testing.T) {
	body := []byte(`[{"query":"{ viewer { id } }"},{"query":"{ viewer { name } }"}]`)
	res := a.post(t, "JSON array batch", a.e.reader, body)
	if res.status < 400 || res.status >= 500 {
		t.Errorf("%s: status %d, want 4xx; body %.300s", res.name, res.status, res.body)
	}
	wantCodes(t, res, "BAD_REQUEST", "BAD_USER_INPUT", "GRAPHQL_PARSE_FAILED")
	if strings.Contains(res.body, "viewer") {
		t.Errorf("%s: the error quotes the request body back: %.300s", res.name, res.body)
	}
	a.wantNoStatements(t, res)
}

func (a *abuse) bigBody(t *testing.T) {
	filler := strings.Repeat("x", 2<<20)
	body := []byte(`{"query":"{ viewer { id } }","variables":{"pad":"` + filler + `"}}`)
	res := a.post(t, "2 MB body", a.e.reader, body)
	if res.status != http.StatusRequestEntityTooLarge {
		t.Errorf("%s: status %d, want 413", res.name, res.status)
	}
	wantCodes(t, res, model.CodePayloadTooLarge)
	// The same without Content-Length: the body is cut at the limit.
	res = a.do(t, "2 MB chunked body", http.MethodPost, "", a.e.reader, "application/json", io.MultiReader(bytes.NewReader(body)), -1)
	if res.status != http.StatusRequestEntityTooLarge {
		t.Errorf("%s: status %d, want 413", res.name, res.status)
	}
	wantCodes(t, res, model.CodePayloadTooLarge)
	if len(res.body) > 4096 {
		t.Errorf("%s: a %d-byte answer to a refused body", res.name, len(res.body))
	}
	// Without a key the limit holds as well.
	res = a.post(t, "2 MB body without a key", "", body)
	if res.status != http.StatusRequestEntityTooLarge && res.status != http.StatusUnauthorized {
		t.Errorf("%s: status %d, want 413 or 401", res.name, res.status)
	}
}

func (a *abuse) hugeString(t *testing.T) {
	big := strings.Repeat("ab'\"` $", 900<<10/8)
	a.echoes = append(a.echoes, big)
	r := a.e.reader
	res := a.gql(t, "900 KB name", r, abuseConnections, map[string]any{"where": map[string]any{"name": big}})
	wantAnswerOr(t, res, "BAD_USER_INPUT")
	if len(res.errors) == 0 && totalOf(t, res) != 0 {
		t.Errorf("%s: %d people have that name", res.name, totalOf(t, res))
	}
	res = a.gql(t, "900 KB id", r, `query($id: ID!) { person(id: $id) { id } }`, map[string]any{"id": big})
	wantAnswerOr(t, res, "BAD_USER_INPUT", "NOT_FOUND")
	for _, n := range []int{10000, 900 << 10} {
		res = a.gql(t, fmt.Sprintf("search word of %d letters", n), r, `query($t: String!) { search(text: $t) { score } }`, map[string]any{"t": strings.Repeat("a", n)})
		wantAnswerOr(t, res, "BAD_USER_INPUT")
	}
	res = a.gql(t, "900 KB search of many words", r, `query($t: String!) { search(text: $t) { score } }`, map[string]any{"t": strings.Repeat("ab ", 300<<10)})
	wantAnswerOr(t, res, "BAD_USER_INPUT")
	topics := make([]string, 60000)
	for i := range topics {
		topics[i] = "t" + strconv.Itoa(i)
	}
	res = a.gql(t, "60000 topics", r, abuseConnections, map[string]any{"where": map[string]any{"interestedIn": map[string]any{"topics": topics, "match": "ALL"}}})
	wantAnswerOr(t, res, "BAD_USER_INPUT")
}

func (a *abuse) invalidUTF8(t *testing.T) {
	r := a.e.reader
	// A body that is not UTF-8 is refused, with the byte at fault.
	bodies := []struct{ name, body, at string }{
		{"invalid UTF-8 in a variable", `{"query":"query($id: ID!) { person(id: $id) { id } }","variables":{"id":"p0` + "\xff\xfe" + `"}}`, "at byte 75"},
		{"invalid UTF-8 in a filter", `{"query":"query($w: PersonWhere) { connections(where: $w) { totalCount } }","variables":{"w":{"name":"` + "\xc3\x28\xed\xa0\x80" + `"}}}`, "at byte 102"},
		{"invalid UTF-8 in a string literal", `{"query":"{ person(id: \"p0` + "\xff" + `\") { id } }"}`, "at byte 27"},
		{"invalid UTF-8 in a name", `{"query":"{ person` + "\xff" + `(id: \"p0\") { id } }"}`, "at byte 18"},
		{"invalid UTF-8 in a variable name", `{"query":"{ viewer { id } }","variables":{"` + "\xff" + `":1}}`, "at byte 43"},
	}
	for _, b := range bodies {
		res := a.post(t, b.name, r, []byte(b.body))
		wantCodes(t, res, "BAD_REQUEST")
		if res.status != 400 || len(res.errors) != 1 || !strings.Contains(res.errors[0].Message, "not valid UTF-8 ("+b.at+")") {
			t.Errorf("%s: status %d, errors %+v", res.name, res.status, res.errors)
		}
	}
	// Valid UTF-8 that is odd: a NUL escape, a lone surrogate escape.
	for _, b := range []struct{ name, body, want string }{
		{"NUL in the query", `{"query":"{ viewer { id } }\u0000 mutation { deletePerson(id: \"p0\") { deleted } }"}`, ""},
		{"lone surrogate escape", `{"query":"query($id: ID!) { person(id: $id) { id } }","variables":{"id":"\ud800"}}`, `{"person":null}`},
	} {
		res := a.post(t, b.name, r, []byte(b.body))
		wantAnswerOr(t, res, "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED")
		if len(res.errors) == 0 && string(res.data) != b.want {
			t.Errorf("%s: got %s, want %s", res.name, res.data, b.want)
		}
	}
}

func (a *abuse) badNumbers(t *testing.T) {
	r := a.e.reader
	for _, tc := range []struct{ name, body string }{
		{"first beyond Int", `{"query":"{ connections(first: 2147483648) { totalCount } }"}`},
		{"first as a variable beyond Int", `{"query":"query($f: Int) { connections(first: $f) { totalCount } }","variables":{"f":1e30}}`},
		{"degree beyond Int", `{"query":"query($d: Int) { connections(degree: $d) { totalCount } }","variables":{"d":9223372036854775808}}`},
		{"km beyond float64", `{"query":"query($w: PersonWhere) { connections(where: $w) { totalCount } }","variables":{"w":{"near":{"km":1e400}}}}`},
		{"km as a string", `{"query":"query($w: PersonWhere) { connections(where: $w) { totalCount } }","variables":{"w":{"near":{"km":"NaN"}}}}`},
		{"minCount huge", `{"query":"query($w: PersonWhere) { connections(where: $w) { totalCount } }","variables":{"w":{"engagedWith":{"minCount":2147483647}}}}`},
		{"year 0", `{"query":"query($w: PersonWhere) { connections(where: $w) { totalCount } }","variables":{"w":{"engagedWith":{"since":"0000-01-01"}}}}`},
		{"year 9999 until", `{"query":"query($w: SignalWhere) { signals(where: $w) { totalCount } }","variables":{"w":{"until":"9999-12-31"}}}`},
	} {
		res := a.post(t, tc.name, r, []byte(tc.body))
		wantAnswerOr(t, res, "BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", model.CodeCostLimit)
	}
	// Cursors at the edge of int64: an empty page or BAD_USER_INPUT.
	for _, off := range []string{"2147483646", "2147483647", "9223372036854775806", "9223372036854775807", "9223372036854775808", "-1"} {
		cursor := base64.RawURLEncoding.EncodeToString([]byte("offset:" + off))
		res := a.gql(t, "cursor offset "+off, r, abuseConnections, map[string]any{"after": cursor})
		wantAnswerOr(t, res, "BAD_USER_INPUT")
		if len(res.errors) == 0 {
			var out struct {
				Connections struct{ Edges []any } `json:"connections"`
			}
			_ = json.Unmarshal(res.data, &out)
			if len(out.Connections.Edges) != 0 {
				t.Errorf("%s: %d edges after offset %s", res.name, len(out.Connections.Edges), off)
			}
		}
		if len(res.errors) == 1 && !strings.Contains(res.errors[0].Message, "after") {
			t.Errorf("%s: the message %q does not point at after", res.name, res.errors[0].Message)
		}
	}
}

func (a *abuse) protocol(t *testing.T) {
	r := a.e.reader
	res := a.post(t, "unknown operation name", r, []byte(`{"query":"query A { viewer { id } }","operationName":"B"}`))
	wantCodes(t, res, "GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT", "OPERATION_NOT_FOUND")
	res = a.post(t, "two operations, no name", r, []byte(`{"query":"query A { viewer { id } } query B { viewer { name } }"}`))
	wantCodes(t, res, "GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT", "OPERATION_NOT_FOUND")
	res = a.post(t, "malformed JSON", r, []byte(`{"query":"{ viewer { id } }"`))
	if res.status < 400 || res.status >= 500 {
		t.Errorf("%s: status %d, want 4xx", res.name, res.status)
	}
	wantCodes(t, res, "BAD_REQUEST", "BAD_USER_INPUT", "GRAPHQL_PARSE_FAILED")
	if strings.Contains(res.body, "viewer") {
		t.Errorf("%s: the error quotes the request body back: %.300s", res.name, res.body)
	}
	res = a.post(t, "empty body", r, nil)
	wantCodes(t, res, "BAD_REQUEST", "BAD_USER_INPUT", "GRAPHQL_PARSE_FAILED")
	res = a.post(t, "query not a string", r, []byte(`{"query":{"$ne":null}}`))
	wantCodes(t, res, "BAD_REQUEST", "BAD_USER_INPUT", "GRAPHQL_PARSE_FAILED")
	res = a.post(t, "variables not an object", r, []byte(`{"query":"{ viewer { id } }","variables":"MATCH (n) DETACH DELETE n"}`))
	a.echoes = append(a.echoes, "MATCH (n) DETACH DELETE n")
	wantCodes(t, res, "BAD_REQUEST", "BAD_USER_INPUT", "GRAPHQL_PARSE_FAILED")
	res = a.post(t, "deeply nested JSON", r, []byte(`{"query":"{ viewer { id } }","variables":{"v":`+strings.Repeat("[", 20000)+strings.Repeat("]", 20000)+`}}`))
	wantCodes(t, res, "BAD_REQUEST", "BAD_USER_INPUT", "GRAPHQL_PARSE_FAILED")

	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""} {
		body := `{"query":"{ viewer { id } }"}`
		res = a.do(t, "content type "+ct, http.MethodPost, "", r, ct, strings.NewReader(body), int64(len(body)))
		if res.status < 400 || res.status >= 500 {
			t.Errorf("%s: status %d, want 4xx", res.name, res.status)
		}
		wantCodes(t, res, "BAD_REQUEST", "UNSUPPORTED_MEDIA_TYPE", "GRAPHQL_PARSE_FAILED")
		a.wantNoStatements(t, res)
	}

	// A mutation in a GET (a link anyone can be sent) never runs, even
	// with a key that may write.
	mutation := `mutation { upsertTopics(input: [{id: "abuse-get", name: "x"}]) { count } }`
	res = a.do(t, "GET with mutation", http.MethodGet, "/graphql?query="+url.QueryEscape(mutation), a.e.admin, "", nil, 0)
	if res.status < 400 || res.status >= 500 {
		t.Errorf("%s: status %d, want 4xx", res.name, res.status)
	}
	wantCodes(t, res, "BAD_REQUEST", "GRAPHQL_VALIDATION_FAILED", "FORBIDDEN", "METHOD_NOT_ALLOWED")
	a.wantNoStatements(t, res)
	res = a.do(t, "GET with malformed variables", http.MethodGet, "/graphql?query="+url.QueryEscape(`query($id: ID!) { person(id: $id) { id } }`)+"&variables=%7B", r, "", nil, 0)
	wantCodes(t, res, "BAD_REQUEST", "BAD_USER_INPUT", "GRAPHQL_PARSE_FAILED")
	for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch} {
		body := `{"query":"{ viewer { id } }"}`
		res = a.do(t, m+" request", m, "", r, "application/json", strings.NewReader(body), int64(len(body)))
		if res.status < 400 || res.status >= 500 {
			t.Errorf("%s: status %d, want 4xx", res.name, res.status)
		}
		wantCodes(t, res, "BAD_REQUEST", "METHOD_NOT_ALLOWED")
	}
	// Keys: none, a wrong one, one with injection.
	for _, key := range []string{"", "not-a-key", "' OR 1=1 --", strings.Repeat("k", 100<<10)} {
		body := `{"query":"{ viewer { id } }"}`
		res = a.do(t, "key "+key[:min(len(key), 20)], http.MethodPost, "", key, "application/json", strings.NewReader(body), int64(len(body)))
		if res.status != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", res.name, res.status)
		}
		wantCodes(t, res, "UNAUTHENTICATED")
	}
}

// A reader's mutations are FORBIDDEN whatever they carry, and nothing is
// written.
func (a *abuse) mutations(t *testing.T) {
	r := a.e.reader
	for _, p := range injections[:3] {
		res := a.gql(t, "reader deletePerson "+p, r, `mutation($id: ID!) { deletePerson(id: $id) { deleted } }`, map[string]any{"id": p})
		wantCodes(t, res, "FORBIDDEN")
		a.wantNoStatements(t, res)
		res = a.gql(t, "reader upsertPeople "+p, r, `mutation($in: [PersonInput!]!) { upsertPeople(input: $in) { count } }`, map[string]any{"in": []any{map[string]any{"id": p, "name": p}}})
		wantCodes(t, res, "FORBIDDEN")
		a.wantNoStatements(t, res)
	}
	res := a.gql(t, "reader deletePerson p0", r, `mutation { deletePerson(id: "p0") { deleted } }`, nil)
	wantCodes(t, res, "FORBIDDEN")
	res = a.gql(t, "nobody deletePerson p0", a.e.nobody, `mutation { deletePerson(id: "p0") { deleted } }`, nil)
	wantCodes(t, res, "FORBIDDEN")
	// A mutation aliased many times behind a query-looking name.
	var b strings.Builder
	b.WriteString("mutation Harmless {")
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&b, ` d%d: deletePerson(id: "p%d") { deleted }`, i, i)
	}
	b.WriteString(" }")
	res = a.gql(t, "reader 50 aliased deletes", r, b.String(), nil)
	wantCodes(t, res, "FORBIDDEN", model.CodeCostLimit)
	a.wantNoStatements(t, res)
}
