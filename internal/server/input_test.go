package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/relgraph/relgraph/internal/server"
)

// Weights so large that a score would not be a finite number are refused,
// with the bounds.
func TestCustomerValueWeightsAreBounded(t *testing.T) {
	e := demo(t)
	res := e.post(t, e.reader, `{ customerValue(clvWeight: 1e308) { totalCount } }`, nil)
	wantOneError(t, res, "BAD_USER_INPUT", "clvWeight must be between -1000000 and 1000000, got 1e+308")
	res = e.post(t, e.reader, `{ customerValue(weights: {review: 1e308}) { totalCount } }`, nil)
	wantOneError(t, res, "BAD_USER_INPUT", "the weight of REVIEW must be between -1000000 and 1000000, got 1e+308")
	var ok struct {
		CustomerValue struct{ TotalCount int } `json:"customerValue"`
	}
	e.data(t, e.reader, `{ customerValue(clvWeight: 1000000, weights: {review: -1000000}) { totalCount } }`, nil, &ok)
	if ok.CustomerValue.TotalCount == 0 {
		t.Error("the largest weights allowed answer nothing")
	}
}

// A write cut short says that its outcome is unknown and that retrying
// is safe; a question cut short says to narrow it.
func TestWriteCutShortSaysItsOutcomeIsUnknown(t *testing.T) {
	p := newProdServer(t, server.Options{RequestTimeout: time.Nanosecond})
	_, body := p.do(t, "POST", "/graphql", p.admin, nil, `{"query":"mutation { upsertTopics(input: [{id: \"quantum\", name: \"Quantum\"}]) { count } }"}`)
	for _, want := range []string{`"code":"TIMEOUT"`, `"outcome":"UNKNOWN"`, "its outcome is unknown: it may have been committed", "Retrying is safe"} {
		if !strings.Contains(body, want) {
			t.Errorf("the mutation's answer lacks %q: %s", want, body)
		}
	}
	_, body = p.do(t, "POST", "/graphql", p.reader, nil, `{"query":"{ connections(degree: 3) { totalCount } }"}`)
	if !strings.Contains(body, "narrow it") || strings.Contains(body, "outcome") {
		t.Errorf("the question's answer: %s", body)
	}
}

// Roles are named with their article.
func TestForbiddenSaysAnAdminKey(t *testing.T) {
	p := newProdServer(t, server.Options{Metrics: server.NewMetrics()})
	res, body := p.do(t, "GET", "/metrics", p.reader, nil, "")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "this needs an admin key") {
		t.Errorf("%d %s", res.StatusCode, body)
	}
}

// GraphQL over HTTP: a request that does not parse or validate is answered
// 200 with application/json, and without a "data" entry (status 400) with
// application/graphql-response+json.
func TestFailuresFollowGraphQLOverHTTP(t *testing.T) {
	p := newProdServer(t, server.Options{})
	for _, q := range []string{`{"query":"{ nope }"}`, `{"query":"{ nope "}`, `{"query":"query($f: Int) { connections(first: $f) { totalCount } }","variables":{"f":"x"}}`} {
		res, body := p.do(t, "POST", "/graphql", p.reader, nil, q)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `"code":"GRAPHQL_`) {
			t.Errorf("%s with application/json: %d %s", q, res.StatusCode, body)
		}
		res, body = p.do(t, "POST", "/graphql", p.reader, map[string]string{"Accept": "application/graphql-response+json"}, q)
		if res.StatusCode != http.StatusBadRequest || strings.Contains(body, `"data"`) || !strings.Contains(body, `"errors"`) {
			t.Errorf("%s with application/graphql-response+json: %d %s", q, res.StatusCode, body)
		}
	}
	// An answer with data keeps it.
	res, body := p.do(t, "POST", "/graphql", p.reader, map[string]string{"Accept": "application/graphql-response+json"}, `{"query":"{ viewer { id } }"}`)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `"data":{"viewer":{"id":"p0"}}`) {
		t.Errorf("a good request: %d %s", res.StatusCode, body)
	}
}

// A variable of the wrong type is named, with what it must be.
func TestWrongVariableTypesAreExplained(t *testing.T) {
	e := demo(t)
	res := e.post(t, e.reader, `query($f: Int) { connections(first: $f) { totalCount } }`, map[string]any{"f": 1.5})
	wantOneError(t, res, "GRAPHQL_VALIDATION_FAILED", "variable $f is not a valid Int: it must be a whole number from -2147483648 to 2147483647")
	res = e.post(t, e.reader, `query($w: PersonWhere) { connections(where: $w) { totalCount } }`, map[string]any{"w": map[string]any{"engagedWith": map[string]any{"minCount": 2.5}}})
	wantOneError(t, res, "GRAPHQL_VALIDATION_FAILED", "variable $w.engagedWith.minCount is not a valid Int")
}

// A body nested deeper than JSON decoding allows says so.
func TestDeepBodiesSaySo(t *testing.T) {
	p := newProdServer(t, server.Options{})
	deep := strings.Repeat(`{"AND":[`, 5000) + "{}" + strings.Repeat("]}", 5000)
	res, body := p.do(t, "POST", "/graphql", p.reader, nil, `{"query":"query($w: PersonWhere) { connections(where: $w) { totalCount } }","variables":{"w":`+deep+`}}`)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "nests deeper than JSON decoding allows") {
		t.Errorf("%d %.300s", res.StatusCode, body)
	}
}
