package server_test

import (
	"net/http"
	"testing"

	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/server"
)

// Every answer says what the operation cost and the limit, in
// extensions.cost: questions, mutations and refusals alike. A key with a
// budget sees what is left of it in the RateLimit headers.
func TestCostInEveryAnswer(t *testing.T) {
	restoreDemo(t)
	f := &auth.File{}
	key := keyMaker(t, f)
	reader := key("reader", auth.Reader, "p0")
	writer := key("writer", auth.Writer, "")
	e := &env{url: serveWithKeys(t, server.Options{Limits: model.Limits{MaxCost: 500},
		RateLimits: map[auth.Role]auth.Rate{auth.Reader: {PerSecond: 0.01, Burst: 7}}}, f)}

	cost := func(res response) map[string]any {
		c, _ := res.Extensions["cost"].(map[string]any)
		return c
	}
	for _, tc := range []struct {
		name, key, query string
		computed         float64
		code             string
	}{
		// One person: 1 for the field, 1 for its id.
		{"a question", reader, `{ viewer { id } }`, 2, ""},
		// 20 people at degree 1 (x1), each with its node's id and name.
		// 20 edges at degree 1 (x1) of 4 each (edge, node, id, name), and
		// the field's own 10.
		{"a page", reader, `{ connections { edges { node { id name } } } }`, 90, ""},
		{"a mutation", writer, `mutation { upsertTopics(input: [{id: "crm", name: "CRM"}]) { count } }`, 2, ""},
		// 100 edges at degree 3 (x9) of 4 each, and 90.
		{"a refusal", reader, `{ connections(degree: 3, first: 100) { edges { node { id name } } } }`, 3690, model.CodeCostLimit},
		// Refused before its cost is known: it ran nothing.
		{"a query that does not validate", reader, `{ viewer { shoeSize } }`, 0, model.CodeValidationFailed},
		{"a query that does not parse", reader, `{ viewer { `, 0, model.CodeParseFailed},
	} {
		res := e.post(t, tc.key, tc.query, nil)
		c := cost(res)
		if c == nil || c["limit"] != 500.0 || c["computed"] == nil {
			t.Errorf("%s: extensions %v, want cost with limit 500", tc.name, res.Extensions)
			continue
		}
		if c["computed"] != tc.computed {
			t.Errorf("%s: cost %v, want %v", tc.name, c["computed"], tc.computed)
		}
		if tc.code == model.CodeCostLimit && res.Errors[0].Extensions["cost"] != c["computed"] ||
			tc.code != "" && (len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != tc.code) {
			t.Errorf("%s: errors %+v", tc.name, res.Errors)
		}
	}

	// The reader has spent 5 of its 7 (refilled at one per 100 s).
	p := prodServer{url: e.url}
	for _, want := range []struct {
		status    int
		remaining string
	}{{200, "1"}, {200, "0"}, {429, "0"}} {
		res, _ := p.do(t, http.MethodPost, "/graphql", reader, nil, `{"query":"{ viewer { id } }"}`)
		if res.StatusCode != want.status || res.Header.Get("RateLimit-Limit") != "7" || res.Header.Get("RateLimit-Remaining") != want.remaining {
			t.Errorf("HTTP %d, RateLimit headers %q %q, want %d, 7 and %s", res.StatusCode, res.Header.Get("RateLimit-Limit"), res.Header.Get("RateLimit-Remaining"), want.status, want.remaining)
		}
	}
}
