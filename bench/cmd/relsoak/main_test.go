package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/complexity"
	"github.com/rs/zerolog"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/relgraph/relgraph/bench/internal/loadtest"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
	"github.com/relgraph/relgraph/resolvers"
)

func TestSummarizeSortsACopy(t *testing.T) {
	in := []time.Duration{40 * time.Millisecond, 10 * time.Millisecond, 30 * time.Millisecond, 20 * time.Millisecond, 1500 * time.Microsecond}
	orig := append([]time.Duration(nil), in...)
	got := summarize(in)
	// Sorted: 1.5, 10, 20, 30, 40. p50 rank 3, p90 rank ceil(4.5) = 5, p99 rank 5.
	want := Latency{P50: 20, P90: 40, P99: 40, Max: 40}
	if got != want {
		t.Errorf("summarize = %+v, want %+v", got, want)
	}
	if !reflect.DeepEqual(in, orig) {
		t.Errorf("summarize reordered its input: %v", in)
	}
	if got := summarize(nil); got != (Latency{}) {
		t.Errorf("summarize(nil) = %+v, want zeros", got)
	}
}

func TestRunRefusesRemoteURLs(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"-url", "http://10.1.2.3:8080", "-key", "k"}, noEnv, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "not a loopback address") {
		t.Fatalf("run with a remote URL: %v, want a loopback refusal", err)
	}
}

func TestFlagBounds(t *testing.T) {
	for _, args := range [][]string{
		{},                                  // no key
		{"-key", "k", "-duration", "11m"},   // more than 10m
		{"-key", "k", "-duration", "0s"},    // zero
		{"-key", "k", "-clients", "0"},      // no clients
		{"-key", "k", "-clients", "1001"},   // too many
		{"-key", "k", "-max-requests", "0"}, // nothing to do
		{"-key", "k", "-max-requests", "1000001"},
		{"-key", "k", "extra"},
	} {
		if _, err := parseFlags(args, noEnv, &bytes.Buffer{}); err == nil {
			t.Errorf("parseFlags(%q): want an error", args)
		}
	}
	c, err := parseFlags([]string{"-duration", "10m"}, func(k string) string {
		return map[string]string{"RELSOAK_KEY": "envkey"}[k]
	}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if c.key != "envkey" || c.metricsKey != "envkey" || c.maxRequests != 1_000_000 || c.clients != 50 {
		t.Errorf("defaults: %+v", c)
	}
}

func TestParseMetrics(t *testing.T) {
	text := `# HELP go_goroutines Number of goroutines that currently exist.
# TYPE go_goroutines gauge
go_goroutines 42
# HELP go_memstats_heap_inuse_bytes Number of heap bytes that are in use.
go_memstats_heap_inuse_bytes 1.2345e+07
go_memstats_heap_inuse_bytes_total 1
process_resident_memory_bytes{} 5.6623104e+07 1700000000000
relgraph_http_requests_total{route="graphql",code="200"} 10
go_goroutines_other 7
`
	got, err := parseMetrics(strings.NewReader(text), metricGoroutines, metricRSS, metricHeapInuse)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{metricGoroutines: 42, metricHeapInuse: 12345000, metricRSS: 56623104}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseMetrics = %v, want %v", got, want)
	}
	if _, err := parseMetrics(strings.NewReader("go_goroutines many\n"), metricGoroutines); err == nil {
		t.Error("a value that is not a number: want an error")
	}
}

func noEnv(string) string { return "" }

// demoIDs are the ids of testdata/demo.ndjson by kind.
func demoIDs(t *testing.T) map[string]map[string]bool {
	t.Helper()
	f, err := os.Open("../../../testdata/demo.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ids := map[string]map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var line struct{ Type, ID string }
		if json.Unmarshal(sc.Bytes(), &line) != nil || line.ID == "" {
			continue
		}
		if ids[line.Type] == nil {
			ids[line.Type] = map[string]bool{}
		}
		ids[line.Type][line.ID] = true
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// loadSchema is schema.graphqls as the server has it.
func loadSchema(*testing.T) *ast.Schema { return graph.NewExecutableSchema(graph.Config{}).Schema() }

// maxCost bounds the cost of every request of the mix. It is at most the
// server's default limit (RELGRAPH_MAX_COST), so that no request of the
// mix is refused for its size.
const maxCost = 200000

// TestGeneratedRequestsAreValid generates 500 requests (10 clients x 50,
// half of them for a key without a person) and checks each one: the query
// parses and validates against schema.graphqls, the variables coerce to
// their declared types, every id exists in the demo graph, every date
// parses and every window has since <= until, the numeric arguments are
// within the ranges the questions accept, and the cost is under the limit.
func TestGeneratedRequestsAreValid(t *testing.T) {
	schema := loadSchema(t)
	ids := demoIDs(t)
	es := resolvers.NewSchema(neo4j.NewStore(nil, zerolog.Nop(), neo4j.Options{}), nil)
	docs := map[string]*ast.QueryDocument{}
	seen := map[string]int{}
	highest := 0
	for w := range 10 {
		g := newGen(1, w, w%2 == 0)
		for i := range 50 {
			req := g.next()
			seen[req.Question]++
			name := fmt.Sprintf("client %d request %d (%s)", w, i, req.Question)
			doc := docs[req.Query]
			if doc == nil {
				d, errs := gqlparser.LoadQueryWithRules(schema, req.Query, rules.NewDefaultRules())
				if len(errs) > 0 {
					t.Fatalf("%s: invalid query: %v\n%s", name, errs, req.Query)
				}
				doc, docs[req.Query] = d, d
			}
			if len(doc.Operations) != 1 {
				t.Fatalf("%s: %d operations", name, len(doc.Operations))
			}
			op := doc.Operations[0]
			if op.Operation != ast.Query {
				t.Fatalf("%s: a %s; the mix is read-only", name, op.Operation)
			}
			if f, ok := op.SelectionSet[0].(*ast.Field); !ok || len(op.SelectionSet) != 1 || f.Alias != req.Question {
				t.Fatalf("%s: the one root field must be %s", name, req.Question)
			}
			for _, vars := range pagesOf(req) {
				// As the server reads them: JSON with numbers kept as json.Number.
				raw, err := json.Marshal(vars)
				if err != nil {
					t.Fatal(err)
				}
				var decoded map[string]any
				dec := json.NewDecoder(bytes.NewReader(raw))
				dec.UseNumber()
				if err := dec.Decode(&decoded); err != nil {
					t.Fatal(err)
				}
				coerced, err := validator.VariableValues(schema, op, decoded)
				if err != nil {
					t.Fatalf("%s: variables %s: %v", name, raw, err)
				}
				checkValues(t, name+" "+string(raw), ids, "", decoded)
				cost := complexity.Calculate(context.Background(), es, op, coerced)
				if cost > maxCost {
					t.Errorf("%s: cost %d is over the limit %d: %s", name, cost, maxCost, raw)
				}
				highest = max(highest, cost)
			}
		}
	}
	for _, q := range questions {
		r := q.build(newGen(9, 0, true))
		if seen[r.Question] == 0 {
			t.Errorf("500 requests never asked %s", r.Question)
		}
	}
	t.Logf("mix of 500: %v; highest cost %d", seen, highest)
}

// pagesOf is the variables of a request's first page and of a follow-up.
func pagesOf(req request) []map[string]any {
	out := []map[string]any{req.Variables}
	if req.Pages > 0 {
		out = append(out, withAfter(req.Variables, "b2Zmc2V0OjE5"))
	}
	return out
}

// checkValues walks variables: ids must exist in the demo, dates parse,
// windows are ordered and numbers are in range.
func checkValues(t *testing.T, name string, ids map[string]map[string]bool, key string, v any) {
	t.Helper()
	is := func(kind, id string) {
		if !ids[kind][id] {
			t.Errorf("%s: %s %q is not a %s of the demo", name, key, id, kind)
		}
	}
	intIn := func(lo, hi int64) {
		n, err := v.(json.Number).Int64()
		if err != nil || n < lo || n > hi {
			t.Errorf("%s: %s = %v, want %d..%d", name, key, v, lo, hi)
		}
	}
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x["since"].(string); ok {
			if u, ok := x["until"].(string); ok {
				since, err1 := model.ParseDateTime(s)
				until, err2 := model.ParseDateTime(u)
				if err1 == nil && err2 == nil && until.UpperBound().Before(since.Time) {
					t.Errorf("%s: until %s is before since %s", name, u, s)
				}
			}
		}
		for k, sub := range x {
			checkValues(t, name, ids, k, sub)
		}
		return
	case []any:
		for _, sub := range x {
			checkValues(t, name, ids, key, sub)
		}
		return
	}
	switch key {
	case "of", "from", "to", "person":
		is("person", v.(string))
	case "company":
		if s, ok := v.(string); ok {
			is("company", s)
		}
	case "topic", "topics":
		is("topic", v.(string))
	case "id":
		id := v.(string)
		kind, bare, qualified := strings.Cut(id, ":")
		if !qualified {
			bare = id
			n := 0
			for _, k := range []string{"person", "company", "topic", "content", "signal"} {
				if ids[k][bare] {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%s: bare id %q names %d nodes, want 1", name, id, n)
			}
			return
		}
		is(strings.ToLower(kind), bare)
	case "since", "until":
		if _, err := model.ParseDateTime(v.(string)); err != nil {
			t.Errorf("%s: %s %q: %v", name, key, v, err)
		}
	case "degree":
		intIn(1, 3)
	case "maxHops":
		intIn(1, 4)
	case "first", "n":
		intIn(1, 100)
	case "min", "minCount":
		intIn(1, 100)
	case "km":
		if f, err := v.(json.Number).Float64(); err != nil || f <= 0 {
			t.Errorf("%s: km = %v, want > 0", name, v)
		}
	}
}

func TestGeneratorIsRepeatable(t *testing.T) {
	a, b, other := newGen(7, 3, true), newGen(7, 3, true), newGen(7, 4, true)
	differs := false
	for range 200 {
		ra, rb, ro := a.next(), b.next(), other.next()
		if !reflect.DeepEqual(ra, rb) {
			t.Fatalf("same seed and client, different requests:\n%+v\n%+v", ra, rb)
		}
		differs = differs || !reflect.DeepEqual(ra, ro)
	}
	if !differs {
		t.Error("two clients sent the same 200 requests")
	}
}

// TestRun soaks a fake GraphQL server: every question answers, search
// fails, pages have one next page, and /metrics grows.
func TestRun(t *testing.T) {
	var mu sync.Mutex
	var followUps, searches, metricsCalls int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/metrics" {
			if r.Header.Get("Authorization") != "Bearer mk" {
				http.Error(w, "forbidden", http.StatusForbidden)
				return
			}
			mu.Lock()
			metricsCalls++
			n := metricsCalls
			mu.Unlock()
			fmt.Fprintf(w, "# TYPE go_goroutines gauge\ngo_goroutines %d\nprocess_resident_memory_bytes %d\ngo_memstats_heap_inuse_bytes 1e+06\n", 10+n, 1<<20*(30+n))
			return
		}
		if r.URL.Path != "/graphql" || r.Method != http.MethodPost || r.Header.Get("Authorization") != "Bearer k" {
			http.Error(w, "unexpected request", http.StatusBadRequest)
			return
		}
		var body struct {
			Query     string         `json:"query"`
			Variables map[string]any `json:"variables"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if strings.Contains(body.Query, "search(") {
			mu.Lock()
			searches++
			mu.Unlock()
			fmt.Fprint(w, `{"errors":[{"message":"boom","extensions":{"code":"BOOM"}}],"data":null}`)
			return
		}
		after, _ := body.Variables["after"].(string)
		if after != "" {
			mu.Lock()
			followUps++
			mu.Unlock()
		}
		page := fmt.Sprintf(`{"totalCount":2,"pageInfo":{"hasNextPage":%v,"endCursor":"next"},"edges":[]}`, after == "")
		data := map[string]json.RawMessage{"viewer": json.RawMessage(`{"id":"p0"}`)}
		for _, q := range []string{"connections", "companiesWithConnections", "signals", "customerValue", "suggestions"} {
			data[q] = json.RawMessage(page)
		}
		for _, q := range []string{"introductionPaths", "introductionPathsToCompany"} {
			data[q] = json.RawMessage(`[]`)
		}
		for _, q := range []string{"accountCoverage", "node", "person", "company", "topic"} {
			data[q] = json.RawMessage(`{"id":"x"}`)
		}
		json.NewEncoder(w).Encode(map[string]any{"data": data})
	}))
	defer srv.Close()

	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"-url", srv.URL, "-key", "k", "-metrics-key", "mk", "-clients", "4",
		"-duration", "1500ms", "-metrics-every", "400ms", "-json"}, noEnv, &out, &errOut)
	if !errors.Is(err, loadtest.ErrFailed) {
		t.Fatalf("run: %v, want loadtest.ErrFailed (search fails); stderr %s", err, errOut.String())
	}
	var rep Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, out.String())
	}
	mu.Lock()
	nSearches, nFollowUps := searches, followUps
	mu.Unlock()
	if rep.Requests == 0 || rep.StoppedBy != "duration" || rep.Throughput <= 0 {
		t.Errorf("report: %d requests, stopped by %s, %v req/s", rep.Requests, rep.StoppedBy, rep.Throughput)
	}
	if rep.Errors != nSearches || len(rep.ErrorCodes) != 1 || rep.ErrorCodes[0].Code != "BOOM" || rep.ErrorCodes[0].Count != nSearches {
		t.Fatalf("errors: %d (codes %+v), server failed %d searches", rep.Errors, rep.ErrorCodes, nSearches)
	}
	if n := len(rep.ErrorCodes[0].Samples); n < 1 || n > 5 || rep.ErrorCodes[0].Samples[0].Message != "boom" || rep.ErrorCodes[0].Samples[0].Question != "search" {
		t.Errorf("samples: %+v", rep.ErrorCodes[0].Samples)
	}
	if rep.FollowUpPages == 0 || rep.FollowUpPages != nFollowUps {
		t.Errorf("follow-up pages: report %d, server saw %d", rep.FollowUpPages, nFollowUps)
	}
	total := 0
	for _, q := range rep.Questions {
		total += q.Requests
		if q.Latency.Max < q.Latency.P50 {
			t.Errorf("%s: max %v < p50 %v", q.Question, q.Latency.Max, q.Latency.P50)
		}
		if q.Slowest == nil || q.Slowest.LatencyMs != q.Latency.Max {
			t.Errorf("%s: slowest %+v, max %v", q.Question, q.Slowest, q.Latency.Max)
		}
	}
	if total != rep.Requests {
		t.Errorf("questions add up to %d, total %d", total, rep.Requests)
	}
	s := rep.Server
	if !s.Available || len(s.Series) < 3 || s.Start == nil || s.End == nil || *s.End.Goroutines <= *s.Start.Goroutines || s.Start.AtSeconds != 0 {
		t.Errorf("server metrics: %+v", s)
	}

	// The text report says the same.
	out.Reset()
	err = run(context.Background(), []string{"-url", srv.URL, "-key", "k", "-clients", "2", "-duration", "300ms"}, noEnv, &out, &errOut)
	if !errors.Is(err, loadtest.ErrFailed) {
		t.Fatalf("run: %v", err)
	}
	for _, want := range []string{"throughput", "p99", "BOOM", "search: boom", "unavailable (GET /metrics: HTTP 403)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunStopsAtMaxRequests(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/metrics" {
			http.NotFound(w, r)
			return
		}
		// One answer for every question; no next pages.
		fmt.Fprint(w, `{"data":{"viewer":null,"connections":{},"companiesWithConnections":{},"signals":{},"customerValue":{},"suggestions":{},`+
			`"introductionPaths":[],"introductionPathsToCompany":[],"accountCoverage":{},"node":{},"person":{},"company":{},"topic":{},"search":[]}}`)
	}))
	defer srv.Close()
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"-url", srv.URL, "-key", "k", "-clients", "8", "-duration", "1m", "-max-requests", "25", "-json"}, noEnv, &out, &errOut)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, errOut.String())
	}
	var rep Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Requests != 25 || rep.StoppedBy != "max-requests" || rep.Errors != 0 || rep.Server.Available {
		t.Errorf("report: %d requests, stopped by %s, %d errors, metrics %+v", rep.Requests, rep.StoppedBy, rep.Errors, rep.Server)
	}
	if !strings.Contains(errOut.String(), "names no person") {
		t.Errorf("stderr should say the key names no person: %q", errOut.String())
	}
}

func TestRunStopsOnInterrupt(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/graphql" {
			var body struct{ Query string }
			json.NewDecoder(r.Body).Decode(&body)
			if !strings.Contains(body.Query, "Preflight") {
				time.Sleep(50 * time.Millisecond)
			}
		}
		fmt.Fprint(w, `{"data":{"viewer":{"id":"p0"},"connections":{},"companiesWithConnections":{},"signals":{},"customerValue":{},"suggestions":{},`+
			`"introductionPaths":[],"introductionPathsToCompany":[],"accountCoverage":{},"node":{},"person":{},"company":{},"topic":{},"search":[]}}`)
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	var out bytes.Buffer
	start := time.Now()
	err := run(ctx, []string{"-url", srv.URL, "-key", "k", "-clients", "3", "-duration", "1m", "-json"}, noEnv, &out, &bytes.Buffer{})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("run took %s after the interrupt", time.Since(start))
	}
	var rep Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.StoppedBy != "interrupt" || rep.Requests == 0 || rep.Errors != 0 {
		t.Errorf("report: stopped by %s, %d requests, %d errors", rep.StoppedBy, rep.Requests, rep.Errors)
	}
}

// When the server goes away, each client waits longer and longer between
// attempts instead of spinning on refused connections: 20 clients in one
// second make a handful of attempts each, not thousands.
func TestRunBacksOffWhenTheServerIsGone(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{}
	srv.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Answer the preflight, then stop listening for good.
		fmt.Fprint(w, `{"data":{"viewer":{"id":"p0"}}}`)
		go srv.Close()
	})
	go srv.Serve(ln)
	var out bytes.Buffer
	err = run(context.Background(), []string{"-url", "http://" + ln.Addr().String(), "-key", "k", "-clients", "20", "-duration", "1s", "-json"}, noEnv, &out, &bytes.Buffer{})
	if !errors.Is(err, loadtest.ErrFailed) {
		t.Fatalf("run: %v, want failed requests", err)
	}
	var rep Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	// Waits of 50, 100, 200, 400 and 800 ms fill the second: at most 6
	// attempts per client.
	if rep.Requests == 0 || rep.Requests > 20*6 || rep.BackoffWaits < rep.Requests-20 || rep.ErrorCodes[0].Code != "TRANSPORT" {
		t.Errorf("%d requests, %d waits (%.1fs), errors %+v", rep.Requests, rep.BackoffWaits, rep.BackoffSecs, rep.ErrorCodes)
	}
}

func TestBackoffDoublesAndResets(t *testing.T) {
	var b backoff
	var got []time.Duration
	for _, code := range []string{"TRANSPORT", "TRANSPORT", "HTTP 503", "TRANSPORT", "TRANSPORT", "TRANSPORT", "TRANSPORT", "", "TRANSPORT", "BAD_USER_INPUT"} {
		got = append(got, b.after(result{code: code}))
	}
	want := []time.Duration{50, 100, 200, 400, 800, 1600, 2000, 0, 50, 0}
	for i := range want {
		if got[i] != want[i]*time.Millisecond {
			t.Fatalf("waits %v, want %v ms", got, want)
		}
	}
}
