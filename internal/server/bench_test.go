package server_test

import (
	"slices"
	"testing"
	"time"

	"github.com/relgraph/relgraph/internal/alerts"
	"github.com/relgraph/relgraph/internal/alerts/alertstest"
	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/server"
)

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

// Latency of an alert, from the mutation that changes a saved question's
// answer to the webhook receiving the alert, on the demo graph: the churn
// question at degree 2, saved with a webhook to a receiver on loopback;
// each operation turns the churn mention of p41 Noah Fischer negative (he
// matches: an alert adds him) or positive (an alert removes him). The
// operation's time is the whole way: request, evaluation, outbox, POST.
func BenchmarkAlertLatency(b *testing.B) {
	restoreDemo(b)
	f := &auth.File{}
	key := keyMaker(b, f)
	alex := key("alex", auth.Reader, "p0")
	crm := key("crm-sync", auth.Writer, "")
	e := &env{url: serveWithKeys(b, server.Options{}, f, alerts.Config{AllowHTTP: []string{"127.0.0.1"}})}
	rc := alertstest.New(b, 0)
	addWebhook(b, e, alex, saveChurn(b, e, alex), rc, "/")
	e.data(b, crm, `mutation { upsertEngagements(input: [{person: "p41", content: "wp2", action: READ, at: "2026-11-20"}]) { count } }`, nil, &struct{}{})
	mention := `mutation($s: Sentiment!) { upsertSignals(input: [{id: "s-bench", kind: MENTION, person: "p41", topics: ["churn"], sentiment: $s, at: "2026-11-21"}]) { count } }`

	var took []time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		e.data(b, crm, mention, map[string]any{"s": []string{"NEGATIVE", "POSITIVE"}[i%2]}, &struct{}{})
		if d := rc.Wait(b, i+1)[i]; !d.Signed || d.Status != 200 {
			b.Fatalf("delivery %d: %+v", i, d)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	ms := func(q float64) float64 { return float64(took[int(q*float64(len(took)-1))].Microseconds()) / 1000 }
	b.ReportMetric(ms(0.5), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
}
