package neo4j_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/testdb"
	"github.com/relgraph/relgraph/neo4j"
)

// orderGraph is small enough to check by hand. Strengths that are equal on
// paper come out of floating point unequal, and names differ only in case:
//
//   - z is p0 -0.9- a1 -0.7- b1 -0.65- z: 0.9 x 0.7 x 0.65 = 0.40950000000000003;
//     y is p0 -0.65- a2 -0.7- b2 -0.9- y: 0.65 x 0.7 x 0.9 = 0.4095.
//   - sa and sb are two hops away through c (1.0): sa shares p0's three
//     interests at 0.6 (3 x 0.6 = 1.7999999999999998), sb two at 0.9 (1.8).
//   - Companies "Beta" (co1: a1, b1) and "acme" (co2: a2), customers with
//     clv 3 and 0: with clvWeight 0.1, co1 scores 0.30000000000000004, and
//     co2, with one REVIEW weighted 0.3, scores 0.3.
//   - a1 is "bob", a2 "alice", c "Carol"; b1 works in "marketing" and a1
//     in "Sales" at co1.
const orderGraph = `{"type":"person","id":"p0","name":"Me"}
{"type":"person","id":"a1","name":"bob"}
{"type":"person","id":"a2","name":"alice"}
{"type":"person","id":"b1"}
{"type":"person","id":"b2"}
{"type":"person","id":"y"}
{"type":"person","id":"z"}
{"type":"person","id":"c","name":"Carol"}
{"type":"person","id":"sa"}
{"type":"person","id":"sb"}
{"type":"person","id":"t","team":true}
{"type":"company","id":"co1","name":"Beta","customer":true,"clv":3}
{"type":"company","id":"co2","name":"acme","customer":true,"clv":0}
{"type":"topic","id":"t1"}
{"type":"topic","id":"t2"}
{"type":"topic","id":"t3"}
{"type":"knows","a":"p0","b":"a1","strength":0.9}
{"type":"knows","a":"a1","b":"b1","strength":0.7}
{"type":"knows","a":"b1","b":"z","strength":0.65}
{"type":"knows","a":"p0","b":"a2","strength":0.65}
{"type":"knows","a":"a2","b":"b2","strength":0.7}
{"type":"knows","a":"b2","b":"y","strength":0.9}
{"type":"knows","a":"p0","b":"c","strength":1.0}
{"type":"knows","a":"c","b":"sa","strength":0.6}
{"type":"knows","a":"c","b":"sb","strength":0.9}
{"type":"works_at","person":"a1","company":"co1","department":"Sales"}
{"type":"works_at","person":"b1","company":"co1","department":"marketing"}
{"type":"works_at","person":"a2","company":"co2"}
{"type":"interested_in","person":"p0","topic":"t1"}
{"type":"interested_in","person":"p0","topic":"t2"}
{"type":"interested_in","person":"p0","topic":"t3"}
{"type":"interested_in","person":"sa","topic":"t1"}
{"type":"interested_in","person":"sa","topic":"t2"}
{"type":"interested_in","person":"sa","topic":"t3"}
{"type":"interested_in","person":"sb","topic":"t1"}
{"type":"interested_in","person":"sb","topic":"t2"}
{"type":"signal","id":"r1","kind":"REVIEW","company":"co2","at":"2026-11-01"}
`

// Strengths and scores within 1e-9 tie and fall back to the next key, and
// come back rounded; names tie ignoring case in every ordered question.
func TestOrderTiesAndNames(t *testing.T) {
	s := testdb.Store(t)
	testdb.Reset(t, s)
	testdb.ImportText(t, s, orderGraph)
	ctx := context.Background()
	page := neo4j.Paging{Limit: 20}

	conn, err := s.Connections(ctx, neo4j.ConnectionsRequest{Of: "p0", Degree: 3, Page: page})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range conn.Items {
		got = append(got, p.Person.ID)
		if p.Person.ID == "z" && p.Strength != 0.4095 {
			t.Errorf("z's strength %v, want 0.4095", p.Strength)
		}
	}
	// Degree 1: c 1.0, a1 0.9, a2 0.65; degree 2: sb 0.9, b1 0.63, sa 0.6,
	// b2 0.455; degree 3: y and z tie at 0.4095, by id.
	if want := "c a1 a2 sb b1 sa b2 y z"; strings.Join(got, " ") != want {
		t.Errorf("connections: %s, want %s", strings.Join(got, " "), want)
	}

	byName, err := s.Connections(ctx, neo4j.ConnectionsRequest{Of: "p0", Degree: 1, Page: page, Order: &model.PersonOrder{Field: "NAME"}})
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, p := range byName.Items {
		got = append(got, *p.Person.Name)
	}
	if want := "alice bob Carol"; strings.Join(got, " ") != want {
		t.Errorf("connections by name: %s, want %s", strings.Join(got, " "), want)
	}

	sugg, err := s.Suggestions(ctx, neo4j.SuggestionsRequest{Of: "p0", MinShared: 1, Page: page})
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, sg := range sugg.Items {
		got = append(got, sg.Person.ID)
		if sg.Score != 1.8 {
			t.Errorf("suggestion %s: score %v, want 1.8", sg.Person.ID, sg.Score)
		}
	}
	if want := "sa sb"; strings.Join(got, " ") != want {
		t.Errorf("suggestions: %s, want %s (equal scores, then id)", strings.Join(got, " "), want)
	}

	companies, err := s.CompaniesWithConnections(ctx, neo4j.CompaniesRequest{Of: "p0", Degree: 1, Page: page})
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, h := range companies.Items {
		got = append(got, *h.Company.Name)
	}
	if want := "acme Beta"; strings.Join(got, " ") != want {
		t.Errorf("companies: %s, want %s (one person each, then name ignoring case)", strings.Join(got, " "), want)
	}

	weights := []neo4j.ValueWeight{{Kind: "REVIEW", Weight: 0.3}}
	value, err := s.CustomerValue(ctx, neo4j.CustomerValueRequest{Weights: weights, ClvWeight: 0.1, Page: page})
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, c := range value.Items {
		got = append(got, *c.Company.Name)
		if c.Score != 0.3 {
			t.Errorf("%s: score %v, want 0.3", *c.Company.Name, c.Score)
		}
	}
	if want := "acme Beta"; strings.Join(got, " ") != want {
		t.Errorf("customer value: %s, want %s (equal scores, then name ignoring case)", strings.Join(got, " "), want)
	}
	if c := value.Items[1]; c.ClvValue != 0.3 {
		t.Errorf("Beta's clvValue %v, want 0.3", c.ClvValue)
	}

	cov, err := s.AccountCoverage(ctx, neo4j.CoverageRequest{Company: "co1"})
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, d := range cov.Departments {
		got = append(got, *d.Department)
	}
	if !slices.Equal(got, []string{"marketing", "Sales"}) {
		t.Errorf("departments %v, want marketing, Sales", got)
	}

	paths, err := s.IntroductionPaths(ctx, neo4j.PathsRequest{From: "p0", To: "z", MaxHops: 3, Limit: 3})
	if err != nil || len(paths) != 1 || paths[0].Strength != 0.4095 {
		t.Errorf("path to z: %+v, %v; want one of strength 0.4095", paths, err)
	}
}
