package alerts

import (
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/internal/model"
)

// A saved query is asked with its arguments, but for first and after, and
// the canonical selection; variables only first or after used go, the
// others stay with their values.
func TestRewrite(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	q := &model.SavedQuestion{Question: "connections", Query: `query Mine($since: DateTime!, $n: Int, $c: String) {
  mine: connections(degree: 2, first: $n, after: $c, where: {mentioned: {topic: "churn", since: $since}}) @include(if: true) { totalCount ...F }
}
fragment F on PersonConnection { edges { cursor } }`, Variables: map[string]any{"since": "2026-10-01", "n": 5, "c": "x"}}
	query, vars, err := rewrite(schema, q, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"query SavedQuestion ($since: DateTime!, $relgraphAlertsAfter: String)",
		`connections(degree: 2, where: {mentioned:{topic:"churn",since:$since}}, first: 100, after: $relgraphAlertsAfter)`,
		"evidence {", "pageInfo {", "hasNextPage",
	} {
		if !strings.Contains(query, want) {
			t.Errorf("the rewritten query lacks %q:\n%s", want, query)
		}
	}
	for _, gone := range []string{"mine", "@include", "fragment", "$n", "$c", "totalCount"} {
		if strings.Contains(query, gone) {
			t.Errorf("the rewritten query still has %q:\n%s", gone, query)
		}
	}
	if len(vars) != 1 || vars["since"] != "2026-10-01" {
		t.Errorf("variables %v, want only since", vars)
	}
	q.Question = "signals"
	if _, _, err := rewrite(schema, q, 100); err == nil || !strings.Contains(err.Error(), "does not ask signals") {
		t.Errorf("a query of another question: %v", err)
	}
}

func TestDiff(t *testing.T) {
	item := func(kind, id string) *model.AlertItem { return &model.AlertItem{Kind: kind, ID: id} }
	ids := func(items []*model.AlertItem) string {
		var s []string
		for _, it := range items {
			s = append(s, it.Kind+":"+it.ID)
		}
		return strings.Join(s, " ")
	}
	before := []*model.AlertItem{item("PERSON", "p1"), item("PERSON", "p2"), item("PERSON", "p3")}
	now := []*model.AlertItem{item("PERSON", "p4"), item("PERSON", "p2"), item("PERSON", "p1"), item("COMPANY", "p3")}
	added, removed := diff(before, now)
	if ids(added) != "PERSON:p4 COMPANY:p3" || ids(removed) != "PERSON:p3" {
		t.Errorf("added %q, removed %q", ids(added), ids(removed))
	}
	if a, r := diff(now, now); len(a)+len(r) != 0 {
		t.Errorf("the same answer: %d added, %d removed", len(a), len(r))
	}
}

// The signature is HMAC-SHA256 over "UNIX.body", in hex.
func TestSign(t *testing.T) {
	// echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
	got := Sign("whsec_test", time.Unix(1700000000, 0), []byte(`{"a":1}`))
	if want := "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789"; got != want {
		t.Errorf("Sign = %q, want %q", got, want)
	}
}

// Waits double from the base up to the cap, each shortened by at most
// half.
func TestBackoff(t *testing.T) {
	e := New(nil, zerolog.Nop(), Config{RetryBase: time.Second, RetryMax: 8 * time.Second})
	for n, full := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 10: 8 * time.Second} {
		for range 50 {
			if d := e.backoff(n); d < full/2 || d > full {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", n, d, full/2, full)
			}
		}
	}
}

func TestCheckURL(t *testing.T) {
	e := New(nil, zerolog.Nop(), Config{AllowHTTP: []string{"127.0.0.1"}})
	for url, ok := range map[string]bool{
		"https://hooks.example.com/x": true,
		"http://127.0.0.1:9000/x":     true,
		"http://localhost:9000/x":     false,
		"http://hooks.example.com/x":  false,
		"https://u:p@hooks.example":   false,
		"ftp://127.0.0.1/x":           false,
		"hooks.example.com":           false,
	} {
		if _, err := e.CheckURL(url); (err == nil) != ok {
			t.Errorf("CheckURL(%q): %v, want ok=%v", url, err, ok)
		}
	}
}

// A write of a kind a question reads concerns it; a kind unknown here
// concerns every question.
func TestReads(t *testing.T) {
	for _, tc := range []struct {
		question string
		kinds    []string
		want     bool
	}{
		{"connections", []string{"engaged"}, true},
		{"connections", []string{"topic"}, false},
		{"signals", []string{"engaged", "interested_in"}, false},
		{"signals", []string{"signal"}, true},
		{"suggestions", []string{"interested_in"}, true},
		{"suggestions", []string{"content", "signal"}, false},
		{"suggestions", []string{"something new"}, true},
	} {
		if got := reads(tc.question, tc.kinds); got != tc.want {
			t.Errorf("reads(%s, %v) = %v", tc.question, tc.kinds, got)
		}
	}
	for q := range model.SavedQuestionReads {
		if _, ok := selections[q]; !ok {
			t.Errorf("%s can be saved but has no selection", q)
		}
	}
}
