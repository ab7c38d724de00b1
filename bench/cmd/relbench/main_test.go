package main

import (
	"encoding/json"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/relgraph/relgraph/graph"
)

func TestParseFlags(t *testing.T) {
	env := func(string) string { return "" }
	base := []string{"-key", "k", "-neo4j", "bolt://127.0.0.1:7687"}
	c, err := parseFlags(append(base, "-clients", "16, 1,16"), env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.clients, []int{16, 1}) {
		t.Errorf("clients = %v, want [16 1] (order kept, duplicates dropped)", c.clients)
	}
	if c.reference != nil || c.check != 0 {
		t.Errorf("without -reference: reference %v, check %d; want none", c.reference, c.check)
	}
	c, err = parseFlags(append(base, "-reference", "http://localhost:4000/", "-check", "5", "-only", "^connections"), env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.reference == nil || c.reference.String() != "http://localhost:4000" || c.check != 5 {
		t.Errorf("reference %v, check %d; want http://localhost:4000 and 5", c.reference, c.check)
	}
	if got := len(c.selected()); got != 4 {
		t.Errorf("-only ^connections selects %d questions, want 4", got)
	}
	for _, bad := range [][]string{
		append(slices.Clone(base), "-duration", "6m"),
		append(slices.Clone(base), "-clients", "0"),
		append(slices.Clone(base), "-clients", "1,x"),
		append(slices.Clone(base), "-reference", "http://10.0.0.8:4000"),
		append(slices.Clone(base), "-reference", "ftp://127.0.0.1:4000"),
		append(slices.Clone(base), "-check", "3"),
		append(slices.Clone(base), "-reference", "http://127.0.0.1:4000", "-check", "-1"),
		append(slices.Clone(base), "-only", "("),
		{"-key", "k", "-neo4j", "bolt://192.168.1.5:7687"},
		{"-neo4j", "bolt://127.0.0.1:7687"},
	} {
		if _, err := parseFlags(bad, env, io.Discard); err == nil {
			t.Errorf("parseFlags(%q) accepted", bad)
		}
	}
}

var testPool = Pool{
	People:    []string{"p0", "p1", "p2", "p3", "p4"},
	Topics:    []string{"crm", "churn", "ai"},
	Companies: []string{"c0", "c1"},
	Words:     []string{"acme", "dana"},
	Times:     []time.Time{time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC), time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
}

func TestDrawFromIsDeterministic(t *testing.T) {
	p := testPool
	seq := func(seed uint64, client int) []draw {
		r := newRand(seed, client)
		var out []draw
		for range 50 {
			out = append(out, drawFrom(r, p))
		}
		return out
	}
	a, b := seq(1, 3), seq(1, 3)
	if !slices.Equal(a, b) {
		t.Fatal("the same seed and client drew different parameters")
	}
	if slices.Equal(a, seq(2, 3)) || slices.Equal(a, seq(1, 4)) {
		t.Error("another seed or client drew the same 50 parameter sets")
	}
	lengths := map[int]bool{}
	for _, d := range a {
		if !slices.Contains(p.People, d.Person) || !slices.Contains(p.People, d.Other) ||
			!slices.Contains(p.Topics, d.Topic) || !slices.Contains(p.Topics, d.Topic2) ||
			!slices.Contains(p.Companies, d.Company) || !slices.Contains(p.Words, d.Word) {
			t.Fatalf("draw %+v is not from the pool", d)
		}
		end := d.Until.Add(-500 * time.Millisecond)
		if !slices.ContainsFunc(p.Times, end.Equal) {
			t.Fatalf("window %s..%s does not end half a second after a sampled signal time", d.Since, d.Until)
		}
		days := int(d.Until.Sub(d.Since).Hours() / 24)
		if !slices.Contains(windowDays, days) {
			t.Fatalf("window of %d days, want one of %v", days, windowDays)
		}
		lengths[days] = true
	}
	if len(lengths) < 2 {
		t.Errorf("50 draws used only the window lengths %v", lengths)
	}
}

func TestSample(t *testing.T) {
	all := []string{"p9", "p3", "p7", "p1", "p5", "p2", "p8", "p4", "p6", "p0"}
	r := func() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }
	a := sample(r(), all, 4, strings.Compare)
	shuffled := slices.Clone(all)
	slices.Reverse(shuffled)
	b := sample(r(), shuffled, 4, strings.Compare)
	if !slices.Equal(a, b) {
		t.Errorf("the order the candidates came in changed the sample: %v vs %v", a, b)
	}
	if len(a) != 4 || !slices.IsSorted(a) {
		t.Errorf("sample = %v, want 4 sorted ids", a)
	}
	if got := sample(r(), all[:3], 4, strings.Compare); !slices.Equal(got, []string{"p3", "p7", "p9"}) {
		t.Errorf("fewer candidates than wanted: %v, want all of them sorted", got)
	}
}

func TestReportText(t *testing.T) {
	var sb strings.Builder
	ref := Side{Requests: 5, P50: 4, P99: 8, FirstError: "GraphQL error: boom"}
	Report{People: 10000, Rows: []Row{
		{Question: "suggestions", Hops: 2, Clients: 16, HTTP: Side{Requests: 10, P50: 2, P99: 4}, Direct: Side{Requests: 20, P50: 1}, Reference: &ref, Overhead: 2},
	}}.writeText(&sb)
	out := sb.String()
	for _, want := range []string{"10000 people", "suggestions", "2-hop", "2.00", "8.00", "2.0x", "reference p50", "first reference error: GraphQL error: boom"} {
		if !strings.Contains(out, want) {
			t.Errorf("report text misses %q:\n%s", want, out)
		}
	}
}

// TestReportJSON pins the field names that cmd/relchart and other readers
// of -json rely on.
func TestReportJSON(t *testing.T) {
	ref := Side{Requests: 3}
	rep := Report{Duration: "5s", Seed: 1, Clients: []int{1}, People: 10000, Rows: []Row{
		{Question: "connections d1", Hops: 1, Clients: 1, HTTP: Side{Requests: 1}, Direct: Side{Requests: 2}, Reference: &ref, Overhead: 1.1},
		{Question: "suggestions", Hops: 2, Clients: 1},
	}}
	raw, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"durationPerSide", "seed", "clients", "people", "rows"} {
		if _, ok := got[k]; !ok {
			t.Errorf("report has no %q: %s", k, raw)
		}
	}
	rows := got["rows"].([]any)
	first := rows[0].(map[string]any)
	for _, k := range []string{"question", "hops", "clients", "http", "direct", "reference", "overhead"} {
		if _, ok := first[k]; !ok {
			t.Errorf("row has no %q: %s", k, raw)
		}
	}
	if _, ok := rows[1].(map[string]any)["reference"]; ok {
		t.Errorf("a row without a reference side has one: %s", raw)
	}
	side := first["http"].(map[string]any)
	for _, k := range []string{"requests", "errors", "p50Ms", "p99Ms", "perSecond"} {
		if _, ok := side[k]; !ok {
			t.Errorf("side has no %q: %s", k, raw)
		}
	}
}

// TestQuestionsMatchSchema validates every benchmarked document, with the
// variables of one draw, against schema.graphqls, so a wrong argument or
// variable type fails here rather than as errors in a run. It also checks
// that every question has a class and a reference form with its variables
// declared.
func TestQuestionsMatchSchema(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	d := drawFrom(newRand(1, 0), testPool)
	names := map[string]bool{}
	for _, q := range questions {
		if names[q.name] {
			t.Errorf("two questions are named %q", q.name)
		}
		names[q.name] = true
		if q.hops != 1 && q.hops != 2 {
			t.Errorf("%s: hops %d, want 1 or 2", q.name, q.hops)
		}
		if _, errs := gqlparser.LoadQuery(schema, q.query); len(errs) > 0 {
			t.Errorf("%s: %v", q.name, errs)
		}
		for k := range q.vars(d) {
			if !strings.Contains(q.query, "$"+k+":") {
				t.Errorf("%s: variable %q is not declared", q.name, k)
			}
		}
		if q.ref.query == "" || q.ref.vars == nil || q.ref.shape.list == "" || q.shape.list == "" {
			t.Errorf("%s: no reference form or answer shape", q.name)
			continue
		}
		if _, err := parseQuery(q.ref.query); err != nil {
			t.Errorf("%s: reference query: %v", q.name, err)
		}
		for k := range q.ref.vars(d) {
			if !strings.Contains(q.ref.query, "$"+k+":") {
				t.Errorf("%s: reference variable %q is not declared", q.name, k)
			}
		}
	}
}

// parseQuery checks the syntax of a reference query; its schema is the one
// @neo4j/graphql generates, which only bench/reference has.
func parseQuery(q string) (*ast.QueryDocument, error) {
	doc, err := parser.ParseQuery(&ast.Source{Input: q})
	if err != nil {
		return nil, err
	}
	return doc, nil
}

func TestCanonical(t *testing.T) {
	var relgraph, reference any
	if err := json.Unmarshal([]byte(`{"connections": {"totalCount": 2, "edges": [
		{"degree": 1, "strength": 0.9, "via": [], "node": {"id": "p1"}},
		{"degree": 2, "strength": 0.30000000000000004, "via": [{"id": "p1"}, {"id": "p4"}], "node": {"id": "p2"}}]}}`), &relgraph); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(`{"connections2": {"totalCount": 2, "edges": [
		{"degree": 1, "strength": 0.9, "via": [], "node": {"id": "p1"}},
		{"degree": 2, "strength": 0.3, "via": [{"id": "p1"}, {"id": "p4"}], "node": {"id": "p2"}}]}}`), &reference); err != nil {
		t.Fatal(err)
	}
	a, b := connectionsShape("connections").canonical(relgraph), connectionsShape("connections2").canonical(reference)
	if !a.equal(b) {
		t.Fatalf("equal answers compare different: %s vs %s (%s)", a, b, a.diff(b))
	}
	if want := []string{"p1 1 0.9 ", "p2 2 0.3 p1,p4"}; !slices.Equal(a.Items, want) || a.Total != "2" {
		t.Errorf("canonical = %s, want total 2 %q", a, want)
	}
	b.Items[0], b.Items[1] = b.Items[1], b.Items[0]
	if a.equal(b) {
		t.Error("answers in another order compare equal")
	}
	if got := a.diff(b); !strings.Contains(got, "item 0") {
		t.Errorf("diff = %q, want it to name item 0", got)
	}
	// An object where a list is expected is one item; null is none.
	one := shape{list: "person", fields: []string{"id", "=x"}}
	var obj, null any
	_ = json.Unmarshal([]byte(`{"person": {"id": "p1"}}`), &obj)
	_ = json.Unmarshal([]byte(`{"person": null}`), &null)
	if got := one.canonical(obj).Items; !slices.Equal(got, []string{"p1 x"}) {
		t.Errorf("object: %q", got)
	}
	if got := one.canonical(null).Items; len(got) != 0 {
		t.Errorf("null: %q", got)
	}
}
