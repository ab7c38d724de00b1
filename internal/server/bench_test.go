package server_test

import "testing"

// Latency of question 1 through the whole HTTP and GraphQL stack on the
// demo graph: go test -run '^$' -bench . ./server (with a database, e.g.
// through cmd/withneo4j; make bench-demo does it).
func BenchmarkConnections(b *testing.B) {
	e := demo(b)
	churn := map[string]any{
		"engagedWith": map[string]any{"kind": "WHITE_PAPER", "topic": "crm", "action": "READ"},
		"mentioned":   map[string]any{"topic": "churn", "sentiment": "NEGATIVE", "since": "2026-10-01"},
	}
	for _, bc := range []struct {
		name string
		vars map[string]any
	}{
		{"churn/degree1", map[string]any{"degree": 1, "where": churn}},
		{"churn/degree2", map[string]any{"degree": 2, "where": churn}},
		{"churn/degree3", map[string]any{"degree": 3, "where": churn}},
		{"all/degree3", map[string]any{"degree": 3, "first": 100}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			// Warm Neo4j's query cache and JIT before timing.
			for range 50 {
				e.post(b, e.reader, connectionsQuery, bc.vars)
			}
			for b.Loop() {
				res := e.post(b, e.reader, connectionsQuery, bc.vars)
				if len(res.Errors) > 0 {
					b.Fatal(res.Errors)
				}
			}
		})
	}
}
