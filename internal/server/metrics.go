package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Metrics are the service's Prometheus metrics. Labels take only values
// from code or the schema (route, root field, statement name, outcome
// code), never client text, so their number stays bounded.
type Metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	fields     *prometheus.CounterVec
	fieldTime  *prometheus.HistogramVec
	statements *prometheus.CounterVec
	cypherTime *prometheus.HistogramVec
	sessions   prometheus.Gauge
	written    *prometheus.CounterVec
	limited    *prometheus.CounterVec
	deliveries *prometheus.CounterVec
	outbox     prometheus.Gauge
}

// Delivery implements alerts.Observer: one webhook attempt's outcome.
func (m *Metrics) Delivery(outcome string) { m.deliveries.WithLabelValues(outcome).Inc() }

// Outbox implements alerts.Observer: the deliveries pending.
func (m *Metrics) Outbox(depth int) { m.outbox.Set(float64(depth)) }

// rateLimited counts a request refused for its key's budget; a nil
// Metrics counts nothing.
func (m *Metrics) rateLimited(key string) {
	if m != nil {
		m.limited.WithLabelValues(key).Inc()
	}
}

// NewMetrics registers relgraph's metrics and the Go runtime's.
func NewMetrics() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	buckets := []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "relgraph_http_requests_total", Help: "HTTP requests by route and status code.",
	}, []string{"route", "code"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "relgraph_http_request_duration_seconds", Help: "HTTP request latency by route.", Buckets: buckets,
	}, []string{"route"})
	m.fields = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "relgraph_graphql_operations_total", Help: "Root GraphQL fields (questions) answered, by field and outcome (ok or the error code).",
	}, []string{"field", "outcome"})
	m.fieldTime = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "relgraph_graphql_operation_duration_seconds", Help: "Time to answer a root GraphQL field, nested fields included.", Buckets: buckets,
	}, []string{"field"})
	m.statements = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "relgraph_cypher_statements_total", Help: "Cypher statements run, by statement name and outcome.",
	}, []string{"statement", "outcome"})
	m.cypherTime = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "relgraph_cypher_duration_seconds", Help: "Time of each Cypher statement (transaction included), by statement name.", Buckets: buckets,
	}, []string{"statement"})
	m.sessions = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "relgraph_neo4j_sessions_open", Help: "Neo4j sessions open now (each holds a pooled connection while it runs).",
	})
	m.written = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "relgraph_records_written_total", Help: "Records upserted through imports and mutations, by kind.",
	}, []string{"kind"})
	m.limited = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "relgraph_rate_limited_total", Help: "Requests refused because their key was over its budget (HTTP 429), by key name.",
	}, []string{"key"})
	m.deliveries = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "relgraph_webhook_deliveries_total", Help: "Webhook delivery attempts by outcome: delivered, retry (tried again later) or failed (retry window over).",
	}, []string{"outcome"})
	m.outbox = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "relgraph_webhook_outbox_depth", Help: "Webhook deliveries pending in the outbox (all processes), as last counted.",
	})
	m.reg.MustRegister(m.requests, m.duration, m.fields, m.fieldTime, m.statements, m.cypherTime, m.sessions, m.written, m.limited, m.deliveries, m.outbox,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Statement implements neo4j.Observer.
func (m *Metrics) Statement(name string, d time.Duration, rows int, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.statements.WithLabelValues(name, outcome).Inc()
	m.cypherTime.WithLabelValues(name).Observe(d.Seconds())
}

// Written implements neo4j.Observer.
func (m *Metrics) Written(kind string, n int) { m.written.WithLabelValues(kind).Add(float64(n)) }

// Sessions implements neo4j.Observer.
func (m *Metrics) Sessions(delta int) { m.sessions.Add(float64(delta)) }

// Handler serves the metrics in Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// route counts HTTP requests under a fixed route name.
func (m *Metrics) route(name string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw, ok := w.(*statusWriter)
		if !ok {
			sw = &statusWriter{ResponseWriter: w, status: http.StatusOK}
		}
		next.ServeHTTP(sw, r)
		m.requests.WithLabelValues(name, strconv.Itoa(sw.status)).Inc()
		m.duration.WithLabelValues(name).Observe(time.Since(start).Seconds())
	})
}

// aroundRootFields records each question's outcome and time.
func (m *Metrics) aroundRootFields(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	start := time.Now()
	fc := graphql.GetRootFieldContext(ctx)
	res := next(ctx)
	name, alias := "unknown", ""
	if fc != nil {
		typ := "Query"
		if oc := graphql.GetOperationContext(ctx); oc != nil && oc.Operation != nil && oc.Operation.Operation != ast.Query {
			typ = map[ast.Operation]string{ast.Mutation: "Mutation", ast.Subscription: "Subscription"}[oc.Operation.Operation]
		}
		name, alias = typ+"."+fc.Field.Name, fc.Field.Alias
	}
	outcome := "ok"
	for _, e := range graphql.GetErrors(ctx) {
		if len(e.Path) > 0 && e.Path[0] == ast.PathName(alias) {
			outcome = codeOf(e)
			break
		}
	}
	m.fields.WithLabelValues(name, outcome).Inc()
	m.fieldTime.WithLabelValues(name).Observe(time.Since(start).Seconds())
	return res
}

func codeOf(e *gqlerror.Error) string {
	if c, ok := e.Extensions["code"].(string); ok {
		return c
	}
	var inner *gqlerror.Error
	if errors.As(e.Err, &inner) {
		if c, ok := inner.Extensions["code"].(string); ok {
			return c
		}
	}
	return "error"
}
