package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph/internal/alerts"
	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/server"
	"github.com/relgraph/relgraph/internal/testdb"
	"github.com/relgraph/relgraph/neo4j"
)

// prodServer is a server over the demo graph with its own options and a
// store that reports to m (when not nil).
type prodServer struct {
	url, reader, admin string
}

func newProdServer(t *testing.T, opts server.Options) prodServer {
	t.Helper()
	f := &auth.File{}
	reader, _ := f.New("r", auth.Reader, "p0")
	admin, _ := f.New("a", auth.Admin, "p0")
	return prodServer{url: serveWithKeys(t, opts, f), reader: reader, admin: admin}
}

// keyring saves the keys of f to a file and opens it as the server does.
func keyring(t testing.TB, f *auth.File) *auth.Keyring {
	t.Helper()
	path := filepath.Join(t.TempDir(), "keys.json")
	if err := f.Save(path); err != nil {
		t.Fatal(err)
	}
	ring, err := auth.OpenKeyring(path)
	if err != nil {
		t.Fatal(err)
	}
	return ring
}

// serveWithKeys starts a server over the demo graph with the keys of f,
// and returns its URL. With an alerts configuration, it runs alerts too,
// until the test ends.
func serveWithKeys(t testing.TB, opts server.Options, f *auth.File, withAlerts ...alerts.Config) string {
	t.Helper()
	demo(t) // loads the demo graph
	cfg := neo4j.Config{URI: os.Getenv(testdb.URIVar), TxTimeout: 30 * time.Second, Limits: opts.Limits}
	if opts.Metrics != nil {
		cfg.Observer = opts.Metrics
	}
	store, err := neo4j.Connect(context.Background(), cfg, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close(context.Background()) })
	ring := keyring(t, f)
	for _, cfg := range withAlerts {
		if opts.Metrics != nil {
			cfg.Observer = opts.Metrics
		}
		opts.Alerts = alerts.New(store, zerolog.Nop(), cfg)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			defer close(done)
			opts.Alerts.Run(ctx)
		}()
		t.Cleanup(func() { cancel(); <-done })
	}
	srv := httptest.NewServer(server.New(store, ring, zerolog.Nop(), opts))
	t.Cleanup(srv.Close)
	return srv.URL
}

func (p prodServer) do(t *testing.T, method, path, key string, headers map[string]string, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, p.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestMetrics(t *testing.T) {
	m := server.NewMetrics()
	p := newProdServer(t, server.Options{Metrics: m})
	if res, body := p.do(t, "POST", "/graphql", p.reader, nil, `{"query":"{ connections(degree: 1, first: 2) { totalCount } }"}`); res.StatusCode != 200 || !strings.Contains(body, `"totalCount":23`) {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
	if res, body := p.do(t, "POST", "/graphql", p.reader, nil, `{"query":"{ connections(degree: 9) { totalCount } }"}`); !strings.Contains(body, "BAD_USER_INPUT") {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
	if res, _ := p.do(t, "GET", "/metrics", "", nil, ""); res.StatusCode != 401 {
		t.Errorf("metrics without a key: %d", res.StatusCode)
	}
	if res, _ := p.do(t, "GET", "/metrics", p.reader, nil, ""); res.StatusCode != 403 {
		t.Errorf("metrics with a reader key: %d", res.StatusCode)
	}
	// An admin key may write: one person through a mutation.
	t.Cleanup(func() { testdb.Demo(t, testdb.Shared(t)) })
	if _, body := p.do(t, "POST", "/graphql", p.admin, nil, `{"query":"mutation { upsertPeople(input: [{id: \"m1\", name: \"Metric Person\"}]) { count } }"}`); !strings.Contains(body, `"count":1`) {
		t.Fatal(body)
	}
	res, body := p.do(t, "GET", "/metrics", p.admin, nil, "")
	if res.StatusCode != 200 {
		t.Fatalf("metrics: %d", res.StatusCode)
	}
	for _, want := range []string{
		`relgraph_http_requests_total{code="200",route="graphql"} 3`,
		`relgraph_graphql_operations_total{field="Query.connections",outcome="ok"} 1`,
		`relgraph_graphql_operations_total{field="Query.connections",outcome="BAD_USER_INPUT"} 1`,
		`relgraph_cypher_statements_total{outcome="ok",statement="connections"} 1`,
		`relgraph_cypher_duration_seconds_count{statement="connections"} 1`,
		`relgraph_graphql_operation_duration_seconds_count{field="Query.connections"} 2`,
		"relgraph_neo4j_sessions_open 0",
		`relgraph_records_written_total{kind="person"} 1`,
		"go_goroutines ",
		"process_resident_memory_bytes ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestProductionSwitches(t *testing.T) {
	introspect := `{"query":"{ __schema { queryType { name } } }"}`
	open := newProdServer(t, server.Options{Playground: true})
	if _, body := open.do(t, "POST", "/graphql", open.reader, nil, introspect); !strings.Contains(body, `"name":"Query"`) {
		t.Errorf("introspection on: %s", body)
	}
	if res, _ := open.do(t, "GET", "/", "", nil, ""); res.StatusCode != 200 {
		t.Errorf("playground on: %d", res.StatusCode)
	}
	if res, _ := open.do(t, "OPTIONS", "/graphql", "", map[string]string{"Origin": "https://tools.example", "Access-Control-Request-Method": "POST"}, ""); res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS headers without configured origins")
	}

	closed := newProdServer(t, server.Options{NoIntrospection: true, CORSOrigins: []string{"https://tools.example"}})
	if _, body := closed.do(t, "POST", "/graphql", closed.reader, nil, introspect); !strings.Contains(body, "introspection is turned off") || !strings.Contains(body, "FORBIDDEN") {
		t.Errorf("introspection off: %s", body)
	}
	if res, _ := closed.do(t, "GET", "/", "", nil, ""); res.StatusCode != 404 {
		t.Errorf("playground off: %d", res.StatusCode)
	}
	res, _ := closed.do(t, "OPTIONS", "/graphql", "", map[string]string{"Origin": "https://tools.example", "Access-Control-Request-Method": "POST"}, "")
	if res.StatusCode != 204 || res.Header.Get("Access-Control-Allow-Origin") != "https://tools.example" || !strings.Contains(res.Header.Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Errorf("preflight from an allowed origin: %d %v", res.StatusCode, res.Header)
	}
	res, _ = closed.do(t, "POST", "/graphql", closed.reader, map[string]string{"Origin": "https://evil.example"}, `{"query":"{ viewer { id } }"}`)
	if res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS allowed an unknown origin")
	}
}

func TestLimits(t *testing.T) {
	p := newProdServer(t, server.Options{Limits: model.Limits{MaxDepth: 4, MaxCost: 200, MaxBodyBytes: 2000, MaxRootFields: 3}})
	tests := []struct {
		name, body string
		status     int
		code, msg  string
	}{
		// viewer > knows > person > knows > person > id: 6 levels.
		{"deep", `{"query":"{ viewer { knows { person { knows { person { id } } } } } }"}`, 200, "DEPTH_LIMIT", "nested 6 levels deep, more than the limit of 4"},
		// connections(degree 2, first 20) { totalCount } costs 3 x (10 + 20 x 1) = 90:
		// two aliases fit in 200, three do not.
		{"cheap enough", `{"query":"{ a: connections(degree: 2) { totalCount } b: connections(degree: 2) { totalCount } }"}`, 200, "", `"totalCount":43`},
		{"aliases", `{"query":"{ a: connections(degree: 2) { totalCount } b: connections(degree: 2) { totalCount } c: connections(degree: 2) { totalCount } }"}`, 200, "COST_LIMIT", "the query costs 270, more than the limit of 200: ask for fewer items (first), a smaller degree"},
		{"body", `{"query":"{ viewer { id } }","variables":{"pad":"` + strings.Repeat("x", 3000) + `"}}`, 413, "PAYLOAD_TOO_LARGE", "more than the limit of 2000"},
		{"too many questions", `{"query":"{ a: viewer { id } b: viewer { id } c: viewer { id } d: viewer { id } }"}`, 200, "COST_LIMIT", "asks 4 questions at once (top-level fields and aliases), more than the limit of 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := p.do(t, "POST", "/graphql", p.reader, nil, tt.body)
			if res.StatusCode != tt.status || tt.code != "" && !strings.Contains(body, `"code":"`+tt.code+`"`) || !strings.Contains(body, tt.msg) {
				t.Fatalf("%d %s", res.StatusCode, body)
			}
		})
	}
}

// The whole-request timeout turns into a TIMEOUT error, not a hang. (A
// deadline of 1 ns has passed before the statement runs, whatever the
// machine's speed.)
func TestRequestTimeout(t *testing.T) {
	p := newProdServer(t, server.Options{RequestTimeout: time.Nanosecond})
	res, body := p.do(t, "POST", "/graphql", p.reader, nil, `{"query":"{ connections(degree: 3) { totalCount } }"}`)
	if !strings.Contains(body, `"code":"TIMEOUT"`) || strings.Contains(body, "context deadline") {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
}
