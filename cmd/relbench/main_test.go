package main

import (
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
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
	for _, bad := range [][]string{
		append(slices.Clone(base), "-duration", "6m"),
		append(slices.Clone(base), "-clients", "0"),
		append(slices.Clone(base), "-clients", "1,x"),
		{"-key", "k", "-neo4j", "bolt://192.168.1.5:7687"},
		{"-neo4j", "bolt://127.0.0.1:7687"},
	} {
		if _, err := parseFlags(bad, env, io.Discard); err == nil {
			t.Errorf("parseFlags(%q) accepted", bad)
		}
	}
}

func TestDrawFromIsDeterministic(t *testing.T) {
	p := Pool{
		People:    []string{"p0", "p1", "p2", "p3", "p4"},
		Topics:    []string{"crm", "churn", "ai"},
		Companies: []string{"c0", "c1"},
	}
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
	for _, d := range a {
		if !slices.Contains(p.People, d.Person) || !slices.Contains(p.People, d.Other) ||
			!slices.Contains(p.Topics, d.Topic) || !slices.Contains(p.Topics, d.Topic2) ||
			!slices.Contains(p.Companies, d.Company) {
			t.Fatalf("draw %+v is not from the pool", d)
		}
	}
}

func TestReportText(t *testing.T) {
	var sb strings.Builder
	Report{Rows: []Row{{Question: "suggestions", Clients: 16, HTTP: Side{Requests: 10, P50: 2}, Direct: Side{Requests: 20, P50: 1}, Overhead: 2}}}.writeText(&sb)
	if !strings.Contains(sb.String(), "suggestions") || !strings.Contains(sb.String(), "2.00") {
		t.Errorf("report text misses the row:\n%s", sb.String())
	}
}

// TestQuestionsMatchSchema validates every benchmarked document, with the
// variables of one draw, against schema.graphqls, so a wrong argument or
// variable type fails here rather than as errors in a run.
func TestQuestionsMatchSchema(t *testing.T) {
	src, err := os.ReadFile("../../schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	schema, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(src)})
	if gerr != nil {
		t.Fatal(gerr)
	}
	d := draw{Person: "p1", Other: "p2", Company: "c1", Topic: "crm", Topic2: "churn"}
	for _, q := range questions {
		if _, errs := gqlparser.LoadQuery(schema, q.query); len(errs) > 0 {
			t.Errorf("%s: %v", q.name, errs)
		}
		for k := range q.vars(d) {
			if !strings.Contains(q.query, "$"+k+":") {
				t.Errorf("%s: variable %q is not declared", q.name, k)
			}
		}
	}
}
