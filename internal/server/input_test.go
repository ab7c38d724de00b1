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
