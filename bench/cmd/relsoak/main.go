// Command relsoak is a bounded soak test of a relgraph server on this
// machine: many concurrent clients ask a seeded, repeatable mix of every
// question through POST /graphql for a fixed time, then it reports
// requests, errors, throughput and latency (overall and per question),
// and the server's goroutines and memory over the run, read from /metrics.
//
//	relsoak -url http://127.0.0.1:8080 -key rg_... -clients 50 -duration 60s
//
// Only loopback addresses are accepted. The questions use the ids and
// vocabulary of the demo graph (testdata/demo.ndjson), so the server should
// hold that data. It never writes. The exit status is 1 when any request
// failed.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/relgraph/relgraph/bench/internal/loadtest"
	"github.com/relgraph/relgraph/internal/model"
)

func main() { loadtest.Main("relsoak", run) }

// Bounds of a run.
const (
	maxDuration    = 10 * time.Minute
	maxRequests    = 1_000_000
	maxClients     = 1000
	maxBodyBytes   = 16 << 20
	maxSamples     = 5
	metricsTimeout = 5 * time.Second
	// settle is the pause between the end of the run and the last sample
	// of /metrics.
	settle = time.Second
)

type config struct {
	base         *url.URL
	key          string
	metricsKey   string
	clients      int
	duration     time.Duration
	maxRequests  int64
	seed         uint64
	timeout      time.Duration
	metricsEvery time.Duration
	json         bool
}

func parseFlags(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("relsoak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rawURL := fs.String("url", "http://127.0.0.1:8080", "base URL of the relgraph server; only loopback hosts (127.0.0.0/8, ::1, localhost)")
	fs.StringVar(&c.key, "key", getenv("RELSOAK_KEY"), "API key sent as `Authorization: Bearer <key>` (default $RELSOAK_KEY)")
	fs.StringVar(&c.metricsKey, "metrics-key", getenv("RELSOAK_METRICS_KEY"), "key for GET /metrics, usually an admin key (default $RELSOAK_METRICS_KEY, else -key)")
	fs.IntVar(&c.clients, "clients", 50, fmt.Sprintf("concurrent clients, 1..%d", maxClients))
	fs.DurationVar(&c.duration, "duration", 60*time.Second, fmt.Sprintf("how long to run, at most %s", maxDuration))
	fs.Int64Var(&c.maxRequests, "max-requests", maxRequests, fmt.Sprintf("stop after this many requests, 1..%d", maxRequests))
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the request mix; the same seed sends the same requests")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "timeout of one request")
	fs.DurationVar(&c.metricsEvery, "metrics-every", 10*time.Second, "how often to sample the server's /metrics during the run")
	fs.BoolVar(&c.json, "json", false, "print the report as JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "relsoak: a bounded soak test of a relgraph server on this machine (read-only questions on the demo data).")
		fmt.Fprintln(stderr, "\nUsage: relsoak -url http://127.0.0.1:8080 -key KEY [-clients 50] [-duration 60s] [-seed 1] [-metrics-key KEY] [-json]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q: every setting is a flag (see -h)", fs.Args())
	}
	var err error
	if c.base, err = loadtest.LoopbackURL("-url", *rawURL, "http", "https"); err != nil {
		return c, err
	}
	switch {
	case c.key == "":
		return c, errors.New("-key is required: an API key of the server (relgraph dev prints one)")
	case c.clients < 1 || c.clients > maxClients:
		return c, fmt.Errorf("-clients must be between 1 and %d, got %d", maxClients, c.clients)
	case c.duration <= 0 || c.duration > maxDuration:
		return c, fmt.Errorf("-duration must be greater than 0 and at most %s, got %s", maxDuration, c.duration)
	case c.maxRequests < 1 || c.maxRequests > maxRequests:
		return c, fmt.Errorf("-max-requests must be between 1 and %d, got %d", maxRequests, c.maxRequests)
	case c.timeout <= 0:
		return c, fmt.Errorf("-timeout must be greater than 0, got %s", c.timeout)
	case c.metricsEvery <= 0:
		return c, fmt.Errorf("-metrics-every must be greater than 0, got %s", c.metricsEvery)
	}
	if c.metricsKey == "" {
		c.metricsKey = c.key
	}
	return c, nil
}

func newHTTPClient(clients int, timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: loadtest.LoopbackOnly}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         dialer.DialContext,
			MaxIdleConns:        clients + 4,
			MaxIdleConnsPerHost: clients + 4,
			IdleConnTimeout:     90 * time.Second,
		},
		// A redirect could lead elsewhere; report it as the answer instead.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	client := newHTTPClient(cfg.clients, cfg.timeout)
	defer client.CloseIdleConnections()
	c := &caller{http: client, endpoint: cfg.base.String() + "/graphql", key: cfg.key}

	hasViewer, err := c.preflight(ctx)
	if err != nil {
		return err
	}
	if !hasViewer {
		fmt.Fprintln(stderr, "relsoak: the key names no person; questions about the viewer's network ask about p0 explicitly")
	}

	st := newStats()
	m := &sampler{http: client, url: cfg.base.String() + "/metrics", key: cfg.metricsKey}
	m.sample(ctx, 0)

	// runCtx ends the run (time up or Ctrl-C); requests under way when the
	// time is up finish and count, those under way at Ctrl-C are cancelled.
	runCtx, cancelRun := context.WithTimeout(ctx, cfg.duration)
	defer cancelRun()
	abortCtx, abort := context.WithCancel(context.WithoutCancel(ctx))
	defer abort()
	stopAbort := context.AfterFunc(ctx, abort)
	defer stopAbort()

	var issued atomic.Int64
	take := func() bool { return issued.Add(1) <= cfg.maxRequests }
	start := time.Now()
	var wg sync.WaitGroup
	for w := range cfg.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := newGen(cfg.seed, w, hasViewer)
			var wait backoff
			for runCtx.Err() == nil {
				req := g.next()
				vars := req.Variables
				for page := 0; ; page++ {
					if runCtx.Err() != nil || !take() {
						return
					}
					res := c.do(abortCtx, req, vars)
					if res.interrupted {
						return
					}
					st.record(req, vars, page > 0, res)
					if d := wait.after(res); d > 0 {
						// The server is gone or full: wait before the next
						// request instead of spinning on refusals.
						st.backedOff(d)
						select {
						case <-time.After(d):
						case <-runCtx.Done():
						}
						break
					}
					if page >= req.Pages || res.next == "" {
						break
					}
					vars = withAfter(vars, res.next)
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	tick := time.NewTicker(cfg.metricsEvery)
	defer tick.Stop()
wait:
	for {
		select {
		case <-done:
			break wait
		case <-tick.C:
			m.sample(abortCtx, time.Since(start))
		}
	}
	elapsed := time.Since(start)
	stoppedBy := "duration"
	switch {
	case ctx.Err() != nil:
		stoppedBy = "interrupt"
	case issued.Load() > cfg.maxRequests:
		stoppedBy = "max-requests"
	}
	// The clients' idle keep-alive connections hold server goroutines:
	// close them first so that the last sample shows what the run left.
	client.CloseIdleConnections()
	select {
	case <-time.After(settle):
	case <-ctx.Done():
	}
	m.sample(context.WithoutCancel(ctx), time.Since(start))

	rep := st.report(cfg, elapsed, stoppedBy, m.report())
	if cfg.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		rep.writeText(stdout)
	}
	if rep.Errors > 0 {
		return fmt.Errorf("%d of %d requests failed: %w", rep.Errors, rep.Requests, loadtest.ErrFailed)
	}
	if rep.Requests == 0 {
		return errors.New("no request completed")
	}
	return nil
}

// Bounds of the wait after a request the server could not take.
const (
	backoffFirst = 50 * time.Millisecond
	backoffMax   = 2 * time.Second
)

// backoff is one client's wait after failures that say the server cannot
// take requests now: a connection refused or reset (TRANSPORT) or 503
// UNAVAILABLE. It doubles with each such failure up to backoffMax and
// ends with the first answer.
type backoff struct{ next time.Duration }

// after returns how long to wait after res; 0 when the server answered.
func (b *backoff) after(res result) time.Duration {
	if res.code != "TRANSPORT" && res.code != "HTTP 503" {
		b.next = 0
		return 0
	}
	b.next = min(max(2*b.next, backoffFirst), backoffMax)
	return b.next
}

func withAfter(vars map[string]any, after string) map[string]any {
	next := make(map[string]any, len(vars)+1)
	for k, v := range vars {
		next[k] = v
	}
	next["after"] = after
	return next
}

// caller sends GraphQL requests.
type caller struct {
	http     *http.Client
	endpoint string
	key      string
}

// result is the outcome of one request.
type result struct {
	latency time.Duration
	// code is empty on success, else what went wrong: the GraphQL error
	// code, `HTTP 503`, INVALID_JSON, TRANSPORT, ...
	code    string
	message string
	// next is the page's endCursor when it has a next page.
	next        string
	interrupted bool
}

type gqlResponse struct {
	Data   map[string]json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func (c *caller) post(ctx context.Context, query string, vars map[string]any) (int, []byte, error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return 0, nil, err
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set("Accept", "application/json")
	hr.Header.Set("Authorization", "Bearer "+c.key)
	resp, err := c.http.Do(hr)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes))
	return resp.StatusCode, data, err
}

// preflight checks that the server answers and accepts the key before
// the clients start, and whether the key names a person.
func (c *caller) preflight(ctx context.Context) (hasViewer bool, err error) {
	status, body, err := c.post(ctx, "query Preflight { viewer { id } }", nil)
	if err != nil {
		return false, fmt.Errorf("%s does not answer: %w", c.endpoint, err)
	}
	if status != http.StatusOK {
		return false, fmt.Errorf("%s answered HTTP %d to a first request (check -key): %s", c.endpoint, status, clip(string(body), 300))
	}
	var r gqlResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return false, fmt.Errorf("%s answered something that is not JSON: %s", c.endpoint, clip(string(body), 300))
	}
	if len(r.Errors) > 0 {
		return false, fmt.Errorf("%s answered { viewer { id } } with an error: %s", c.endpoint, r.Errors[0].Message)
	}
	return string(r.Data["viewer"]) != "null" && len(r.Data["viewer"]) > 0, nil
}

func (c *caller) do(ctx context.Context, req request, vars map[string]any) result {
	start := time.Now()
	status, body, err := c.post(ctx, req.Query, vars)
	res := result{latency: time.Since(start)}
	switch {
	case err != nil && ctx.Err() != nil:
		res.interrupted = true
	case err != nil:
		res.code, res.message = "TRANSPORT", err.Error()
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			res.code = model.CodeTimeout
		}
	case status != http.StatusOK:
		res.code, res.message = "HTTP "+strconv.Itoa(status), clip(strings.TrimSpace(string(body)), 500)
	default:
		var r gqlResponse
		if err := json.Unmarshal(body, &r); err != nil {
			res.code, res.message = "INVALID_JSON", clip(string(body), 500)
			break
		}
		if len(r.Errors) > 0 {
			e := r.Errors[0]
			res.code, _ = e.Extensions["code"].(string)
			if res.code == "" {
				res.code = "NO_CODE"
			}
			res.message = e.Message
			if len(e.Path) > 0 {
				res.message += fmt.Sprintf(" (path %v)", e.Path)
			}
			if len(r.Errors) > 1 {
				res.message += fmt.Sprintf(" and %d more errors", len(r.Errors)-1)
			}
			break
		}
		raw, ok := r.Data[req.Question]
		if !ok {
			res.code, res.message = "NO_DATA", "the answer has no data."+req.Question+": "+clip(string(body), 300)
			break
		}
		if string(raw) == "null" && req.Question != "viewer" {
			// Lookups only ever name ids of the demo graph.
			res.code, res.message = "UNEXPECTED_NULL", req.Question+" answered null for an id that exists in the demo graph"
			break
		}
		if req.Pages > 0 {
			res.next = endCursor(raw)
		}
	}
	return res
}

// endCursor is the page's endCursor when hasNextPage is true.
func endCursor(raw json.RawMessage) string {
	var page struct {
		PageInfo struct {
			HasNextPage bool    `json:"hasNextPage"`
			EndCursor   *string `json:"endCursor"`
		} `json:"pageInfo"`
	}
	if json.Unmarshal(raw, &page) != nil || !page.PageInfo.HasNextPage || page.PageInfo.EndCursor == nil {
		return ""
	}
	return *page.PageInfo.EndCursor
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// ---- statistics ----

type questionStats struct {
	latencies []time.Duration
	errors    int
	pages     int
	slowest   *Slowest
}

// Slowest is the slowest request of a question.
type Slowest struct {
	LatencyMs float64        `json:"latencyMs"`
	Code      string         `json:"code,omitempty"`
	Variables map[string]any `json:"variables"`
}

type errorSample struct {
	Question  string         `json:"question"`
	Message   string         `json:"message"`
	Variables map[string]any `json:"variables"`
	Query     string         `json:"query"`
}

type errorStats struct {
	count   int
	samples []errorSample
}

type stats struct {
	mu        sync.Mutex
	all       []time.Duration
	questions map[string]*questionStats
	errors    map[string]*errorStats
	failed    int
	pages     int
	waits     int
	waited    time.Duration
}

func newStats() *stats {
	return &stats{questions: map[string]*questionStats{}, errors: map[string]*errorStats{}}
}

func (s *stats) record(req request, vars map[string]any, followUp bool, res result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.all = append(s.all, res.latency)
	q := s.questions[req.Question]
	if q == nil {
		q = &questionStats{}
		s.questions[req.Question] = q
	}
	q.latencies = append(q.latencies, res.latency)
	if ms := float64(res.latency.Microseconds()) / 1000; q.slowest == nil || ms > q.slowest.LatencyMs {
		q.slowest = &Slowest{LatencyMs: ms, Code: res.code, Variables: vars}
	}
	if followUp {
		q.pages++
		s.pages++
	}
	if res.code == "" {
		return
	}
	s.failed++
	q.errors++
	e := s.errors[res.code]
	if e == nil {
		e = &errorStats{}
		s.errors[res.code] = e
	}
	e.count++
	if len(e.samples) < maxSamples {
		e.samples = append(e.samples, errorSample{Question: req.Question, Message: res.message, Variables: vars, Query: req.Query})
	}
}

// Latency is a latency summary in milliseconds.
type Latency struct {
	P50 float64 `json:"p50Ms"`
	P90 float64 `json:"p90Ms"`
	P99 float64 `json:"p99Ms"`
	Max float64 `json:"maxMs"`
}

func summarize(list []time.Duration) Latency {
	sorted := slices.Clone(list)
	slices.Sort(sorted)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	var l Latency
	if len(sorted) > 0 {
		l = Latency{
			P50: ms(loadtest.Percentile(sorted, 50)),
			P90: ms(loadtest.Percentile(sorted, 90)),
			P99: ms(loadtest.Percentile(sorted, 99)),
			Max: ms(sorted[len(sorted)-1]),
		}
	}
	return l
}

// ---- server metrics ----

// The server metrics relsoak follows.
const (
	metricGoroutines = "go_goroutines"
	metricRSS        = "process_resident_memory_bytes"
	metricHeapInuse  = "go_memstats_heap_inuse_bytes"
)

// MetricsSample is the server's state at one moment of the run.
type MetricsSample struct {
	// AtSeconds is the time since the clients started.
	AtSeconds      float64  `json:"atSeconds"`
	Goroutines     *float64 `json:"goroutines"`
	ResidentBytes  *float64 `json:"residentBytes"`
	HeapInuseBytes *float64 `json:"heapInuseBytes"`
}

type sampler struct {
	http   *http.Client
	url    string
	key    string
	series []MetricsSample
	errs   []string
}

func (m *sampler) sample(ctx context.Context, at time.Duration) {
	s, err := m.fetch(ctx)
	if err != nil {
		if len(m.errs) == 0 || m.errs[len(m.errs)-1] != err.Error() {
			m.errs = append(m.errs, err.Error())
		}
		return
	}
	s.AtSeconds = math.Round(at.Seconds()*10) / 10
	m.series = append(m.series, s)
}

func (m *sampler) fetch(ctx context.Context) (MetricsSample, error) {
	ctx, cancel := context.WithTimeout(ctx, metricsTimeout)
	defer cancel()
	var s MetricsSample
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.url, nil)
	if err != nil {
		return s, err
	}
	req.Header.Set("Authorization", "Bearer "+m.key)
	resp, err := m.http.Do(req)
	if err != nil {
		return s, fmt.Errorf("GET /metrics: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return s, fmt.Errorf("GET /metrics: HTTP %d", resp.StatusCode)
	}
	values, err := parseMetrics(io.LimitReader(resp.Body, maxBodyBytes), metricGoroutines, metricRSS, metricHeapInuse)
	if err != nil {
		return s, fmt.Errorf("GET /metrics: %w", err)
	}
	get := func(name string) *float64 {
		if v, ok := values[name]; ok {
			return &v
		}
		return nil
	}
	s.Goroutines, s.ResidentBytes, s.HeapInuseBytes = get(metricGoroutines), get(metricRSS), get(metricHeapInuse)
	if s.Goroutines == nil && s.ResidentBytes == nil && s.HeapInuseBytes == nil {
		return s, fmt.Errorf("GET /metrics: none of %s, %s, %s in the answer", metricGoroutines, metricRSS, metricHeapInuse)
	}
	return s, nil
}

// parseMetrics reads the unlabelled samples of the named metrics from the
// Prometheus text exposition format.
func parseMetrics(r io.Reader, names ...string) (map[string]float64, error) {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		name, rest, _ := strings.Cut(line, " ")
		name = strings.TrimSuffix(name, "{}")
		if !want[name] {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			return nil, fmt.Errorf("metric %s has no value", name)
		}
		v, err := strconv.ParseFloat(fields[0], 64)
		if err != nil {
			return nil, fmt.Errorf("metric %s: %w", name, err)
		}
		out[name] = v
	}
	return out, sc.Err()
}

// MetricsReport is what /metrics said over the run.
type MetricsReport struct {
	Available bool            `json:"available"`
	Problems  []string        `json:"problems,omitempty"`
	Start     *MetricsSample  `json:"start"`
	End       *MetricsSample  `json:"end"`
	Series    []MetricsSample `json:"series"`
}

func (m *sampler) report() MetricsReport {
	r := MetricsReport{Available: len(m.series) > 0, Problems: m.errs, Series: m.series}
	if r.Series == nil {
		r.Series = []MetricsSample{}
	}
	if len(m.series) > 0 {
		r.Start, r.End = &m.series[0], &m.series[len(m.series)-1]
	}
	return r
}

// ---- report ----

// Report is the outcome of a run.
type Report struct {
	URL         string `json:"url"`
	Clients     int    `json:"clients"`
	Seed        uint64 `json:"seed"`
	Duration    string `json:"duration"`
	MaxRequests int64  `json:"maxRequests"`
	StoppedBy   string `json:"stoppedBy"`
	// ElapsedSecs runs from the start to the last answer: requests under
	// way when the duration is up finish and count.
	ElapsedSecs   float64 `json:"elapsedSeconds"`
	Requests      int     `json:"requests"`
	FollowUpPages int     `json:"followUpPages"`
	Errors        int     `json:"errors"`
	// Throughput is requests per second.
	Throughput float64 `json:"throughput"`
	// BackoffWaits is how many times a client waited for a server that
	// refused connections or was full, BackoffSecs how long in all.
	BackoffWaits int              `json:"backoffWaits"`
	BackoffSecs  float64          `json:"backoffSeconds"`
	Latency      Latency          `json:"latency"`
	Questions    []QuestionReport `json:"questions"`
	ErrorCodes   []ErrorReport    `json:"errorCodes"`
	Server       MetricsReport    `json:"server"`
}

// QuestionReport is the statistics of one question.
type QuestionReport struct {
	Question      string   `json:"question"`
	Requests      int      `json:"requests"`
	FollowUpPages int      `json:"followUpPages"`
	Errors        int      `json:"errors"`
	Latency       Latency  `json:"latency"`
	Slowest       *Slowest `json:"slowest"`
}

// ErrorReport counts the failed requests of one code or HTTP status.
type ErrorReport struct {
	Code    string        `json:"code"`
	Count   int           `json:"count"`
	Samples []errorSample `json:"samples"`
}

// backedOff counts one wait of a client for the server.
func (s *stats) backedOff(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits++
	s.waited += d
}

func (s *stats) report(cfg config, elapsed time.Duration, stoppedBy string, server MetricsReport) Report {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := Report{
		URL: cfg.base.String(), Clients: cfg.clients, Seed: cfg.seed, Duration: cfg.duration.String(),
		MaxRequests: cfg.maxRequests, StoppedBy: stoppedBy, ElapsedSecs: math.Round(elapsed.Seconds()*100) / 100,
		Requests: len(s.all), FollowUpPages: s.pages, Errors: s.failed, Latency: summarize(s.all),
		Questions: []QuestionReport{}, ErrorCodes: []ErrorReport{}, Server: server,
		BackoffWaits: s.waits, BackoffSecs: math.Round(s.waited.Seconds()*100) / 100,
	}
	if elapsed > 0 {
		r.Throughput = math.Round(float64(len(s.all))/elapsed.Seconds()*10) / 10
	}
	for name, q := range s.questions {
		r.Questions = append(r.Questions, QuestionReport{Question: name, Requests: len(q.latencies), FollowUpPages: q.pages, Errors: q.errors, Latency: summarize(q.latencies), Slowest: q.slowest})
	}
	sort.Slice(r.Questions, func(i, j int) bool { return r.Questions[i].Question < r.Questions[j].Question })
	for code, e := range s.errors {
		r.ErrorCodes = append(r.ErrorCodes, ErrorReport{Code: code, Count: e.count, Samples: e.samples})
	}
	sort.Slice(r.ErrorCodes, func(i, j int) bool {
		a, b := r.ErrorCodes[i], r.ErrorCodes[j]
		return a.Count > b.Count || a.Count == b.Count && a.Code < b.Code
	})
	return r
}

func (r Report) writeText(w io.Writer) {
	fmt.Fprintf(w, "relsoak: %s, clients %d, seed %d, duration %s, max requests %d\n", r.URL, r.Clients, r.Seed, r.Duration, r.MaxRequests)
	fmt.Fprintf(w, "stopped by %s; the last answer came %.1fs after the start\n\n", r.StoppedBy, r.ElapsedSecs)
	fmt.Fprintf(w, "requests    %d (%d of them follow-up pages with after)\n", r.Requests, r.FollowUpPages)
	fmt.Fprintf(w, "errors      %d\n", r.Errors)
	if r.BackoffWaits > 0 {
		fmt.Fprintf(w, "backoff     %d waits, %.1fs in all, for a server that refused connections or was full\n", r.BackoffWaits, r.BackoffSecs)
	}
	fmt.Fprintf(w, "throughput  %.1f req/s\n", r.Throughput)
	fmt.Fprintf(w, "latency     p50 %s  p90 %s  p99 %s  max %s\n\n", ms(r.Latency.P50), ms(r.Latency.P90), ms(r.Latency.P99), ms(r.Latency.Max))

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "question\trequests\tpages\terrors\tp50\tp90\tp99\tmax")
	for _, q := range r.Questions {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\t%s\t%s\n", q.Question, q.Requests, q.FollowUpPages, q.Errors,
			ms(q.Latency.P50), ms(q.Latency.P90), ms(q.Latency.P99), ms(q.Latency.Max))
	}
	tw.Flush()

	fmt.Fprintln(w, "\nslowest request per question:")
	for _, q := range r.Questions {
		if q.Slowest == nil {
			continue
		}
		vars, _ := json.Marshal(q.Slowest.Variables)
		outcome := "ok"
		if q.Slowest.Code != "" {
			outcome = q.Slowest.Code
		}
		fmt.Fprintf(w, "  %s %s (%s): %s\n", q.Question, ms(q.Slowest.LatencyMs), outcome, clip(string(vars), 600))
	}

	if len(r.ErrorCodes) > 0 {
		fmt.Fprintln(w, "\nerrors by code (up to 5 samples each):")
		for _, e := range r.ErrorCodes {
			fmt.Fprintf(w, "  %s: %d\n", e.Code, e.Count)
			for _, s := range e.Samples {
				vars, _ := json.Marshal(s.Variables)
				fmt.Fprintf(w, "    - %s: %s\n      variables %s\n", s.Question, s.Message, clip(string(vars), 600))
			}
		}
	}

	fmt.Fprintln(w, "\nserver (GET /metrics):")
	if !r.Server.Available {
		fmt.Fprintf(w, "  unavailable (%s); the run went on without it\n", strings.Join(r.Server.Problems, "; "))
		return
	}
	for _, p := range r.Server.Problems {
		fmt.Fprintf(w, "  problem: %s\n", p)
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  at\tgoroutines\tresident\theap in use")
	for _, s := range r.Server.Series {
		fmt.Fprintf(tw, "  %.1fs\t%s\t%s\t%s\n", s.AtSeconds, count(s.Goroutines), mib(s.ResidentBytes), mib(s.HeapInuseBytes))
	}
	if st, en := r.Server.Start, r.Server.End; st != nil && en != nil && len(r.Server.Series) > 1 {
		fmt.Fprintf(tw, "  growth\t%s\t%s\t%s\n", delta(st.Goroutines, en.Goroutines, count), delta(st.ResidentBytes, en.ResidentBytes, mib), delta(st.HeapInuseBytes, en.HeapInuseBytes, mib))
	}
	tw.Flush()
}

func ms(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + "ms" }

func count(v *float64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(*v, 'f', 0, 64)
}

func mib(v *float64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(*v/(1<<20), 'f', 1, 64) + " MiB"
}

func delta(a, b *float64, format func(*float64) string) string {
	if a == nil || b == nil {
		return "-"
	}
	d := *b - *a
	s := format(&d)
	if d >= 0 {
		s = "+" + s
	}
	return s
}

// ---- the request mix ----

// request is one GraphQL request of the mix.
type request struct {
	// Question is the root field asked, which also keys the answer's data.
	Question  string
	Query     string
	Variables map[string]any
	// Pages is how many further pages to ask for with `after` while the
	// answer says there is a next page.
	Pages int
}

// The demo graph's vocabulary (testdata/demo.ndjson, testdata/DEMO.md).
var (
	people = func() []string {
		ids := []string{"p0", "p1", "p2", "p3", "p4"}
		for i := 10; i <= 59; i++ {
			ids = append(ids, "p"+strconv.Itoa(i))
		}
		return ids
	}()
	companies    = []string{"c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11"}
	topics       = []string{"crm", "churn", "analytics", "ai", "security", "data-privacy", "marketing-automation", "customer-success", "pricing", "devops"}
	contents     = []string{"wp1", "wp2", "wp3", "wp4", "art1", "art2", "blog1", "blog2", "web1", "web2", "cs1", "eb1", "vid1", "pod1", "rep1"}
	signalIDs    = []string{"s1", "s2", "s3", "s9", "s12", "s20", "s21", "s23", "s30", "s31", "s33", "s37", "s40", "s44", "s51", "s60", "s64", "s67"}
	contentKinds = []string{"WHITE_PAPER", "ARTICLE", "BLOG_POST", "WEBINAR", "CASE_STUDY", "EBOOK", "VIDEO", "PODCAST", "REPORT"}
	actions      = []string{"READ", "DOWNLOADED", "ATTENDED", "SHARED", "LIKED", "COMMENTED"}
	sentiments   = []string{"POSITIVE", "NEUTRAL", "NEGATIVE"}
	signalKinds  = []string{"MENTION", "JOB_CHANGE", "PROMOTION", "FUNDING_ROUND", "HIRING", "ACQUISITION", "PRODUCT_LAUNCH", "EVENT_ATTENDED",
		"REFERRAL", "REFERENCE", "CASE_STUDY", "REVIEW", "BUG_REPORT", "FEATURE_IDEA", "ADVOCACY"}
	personSignalKinds = []string{"MENTION", "JOB_CHANGE", "PROMOTION", "EVENT_ATTENDED", "REFERRAL", "REVIEW", "BUG_REPORT", "ADVOCACY"}
	companySignalKind = []string{"FUNDING_ROUND", "HIRING", "ACQUISITION", "PRODUCT_LAUNCH", "JOB_CHANGE", "REVIEW"}
	seniorities       = []string{"C_LEVEL", "VP", "DIRECTOR", "MANAGER", "SENIOR", "ENTRY"}
	stages            = []string{"SEED", "SERIES_A", "SERIES_B", "SERIES_C", "PUBLIC", "BOOTSTRAPPED"}
	industries        = []string{"Consulting", "Cybersecurity", "Financial Services", "Healthcare", "Logistics", "Marketing", "Retail", "SaaS"}
	departments       = []string{"Sales", "Customer Success", "Marketing", "Engineering", "Data", "Operations", "Product", "Executive", "IT", "Legal"}
	cities            = []string{"Boston", "Cambridge", "Chicago", "New York", "Austin", "San Francisco", "Seattle", "Providence", "London", "Worcester"}
	countries         = []string{"US", "GB", "CA"}
	titleWords        = []string{"Manager", "Director", "VP", "Head", "Chief", "Engineer", "Customer", "Marketing", "Analyst", "Security"}
	nameParts         = []string{"dana", "reyes", "marcus", "bell", "olivia", "grant", "lee", "an", "el", "o'brien", "patel", "khan", "Tom", "SOFIA"}
	signalTitles      = []string{"Chief Marketing", "Chief Marketing Officer", "VP", "VP Sales", "Series B", "raises"}
	searchTexts       = []string{
		"dana reyes", "dana", "rey", "acme", "acme analytics", "acme.example", "north", "northwind logistics", "quantix", "data",
		"olivia", "grant", "chief marketing", "marketing", "vp sales", "customer success", "head of", "security", "brightwave", "pinecrest bank",
		"ana", "o'brien", "liam o'brien", "AND", "acme OR north", `"dana"`, "(acme)", "north*", "data-privacy", "café", "vp - sales", "s",
	}
)

// The demo's "today" and the oldest activity in it.
var (
	demoStart  = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	demoRecent = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	demoToday  = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
)

// gen makes one client's requests from its own seeded source.
type gen struct {
	r *rand.Rand
	// hasViewer is false when the key names no person: then `of` and the
	// like are always given.
	hasViewer bool
}

func newGen(seed uint64, worker int, hasViewer bool) *gen {
	return &gen{r: rand.New(rand.NewPCG(seed, uint64(worker))), hasViewer: hasViewer}
}

// questions is the mix: each question with its share in percent.
var questions = []struct {
	weight int
	build  func(*gen) request
}{
	{20, (*gen).connections},
	{10, (*gen).companiesWithConnections},
	{8, (*gen).introductionPaths},
	{6, (*gen).introductionPathsToCompany},
	{12, (*gen).signals},
	{6, (*gen).accountCoverage},
	{6, (*gen).customerValue},
	{6, (*gen).suggestions},
	{8, (*gen).search},
	{5, (*gen).node},
	{5, (*gen).person},
	{4, (*gen).company},
	{2, (*gen).topic},
	{2, (*gen).viewer},
}

func (g *gen) next() request {
	total := 0
	for _, q := range questions {
		total += q.weight
	}
	n := g.r.IntN(total)
	for _, q := range questions {
		if n < q.weight {
			return q.build(g)
		}
		n -= q.weight
	}
	panic("unreachable")
}

func pick[T any](g *gen, list []T) T { return list[g.r.IntN(len(list))] }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// some picks 1..n distinct items of list.
func some[T any](g *gen, list []T, n int) []T {
	idx := g.r.Perm(len(list))[:1+g.r.IntN(min(n, len(list)))]
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = list[j]
	}
	return out
}

// inRange is a number in lo..hi.
func (g *gen) inRange(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

// personID is a person id from the demo; the viewer p0 more often.
func (g *gen) personID() string {
	if g.chance(0.2) {
		return "p0"
	}
	return pick(g, people)
}

// of sets key to a person, or leaves it out (the viewer) half the time.
func (g *gen) of(m map[string]any, key string) {
	if g.chance(0.5) {
		m[key] = g.personID()
	} else if !g.hasViewer {
		m[key] = "p0"
	}
}

// pages is how many further pages to follow.
func (g *gen) pages() int {
	switch n := g.r.IntN(20); {
	case n < 12:
		return 0
	case n < 17:
		return 1
	default:
		return 2 + g.r.IntN(2)
	}
}

// first sets `first` to lo..hi, or leaves it out (the default) a third of
// the time.
func (g *gen) first(m map[string]any, lo, hi int) {
	if !g.chance(1.0 / 3) {
		m["first"] = g.inRange(lo, hi)
	}
}

// day is a random day in [from, to].
func (g *gen) day(from, to time.Time) time.Time {
	days := int(to.Sub(from).Hours() / 24)
	return from.AddDate(0, 0, g.r.IntN(days+1))
}

// stamp writes a day as a plain date, or as a date-time within that day.
func (g *gen) stamp(d time.Time) string {
	if g.chance(0.7) {
		return d.Format(time.DateOnly)
	}
	return d.Add(time.Duration(g.r.IntN(24*60)) * time.Minute).Format(time.RFC3339)
}

// window sets since and until, each maybe absent; until is always at least
// a day after since.
func (g *gen) window(m map[string]any) {
	switch n := g.r.IntN(20); {
	case n < 6:
	case n < 13:
		m["since"] = g.stamp(g.day(demoRecent, demoToday))
	case n < 16:
		since := g.day(demoStart, demoToday)
		m["since"] = g.stamp(since)
		m["until"] = g.stamp(since.AddDate(0, 0, g.inRange(1, 400)))
	case n < 18:
		m["until"] = g.stamp(g.day(demoStart, demoToday))
	default:
		m["since"] = g.stamp(g.day(demoStart, demoRecent))
	}
}

func (g *gen) personWhere(depth int) map[string]any {
	w := map[string]any{}
	if depth < 2 && g.chance(0.15) {
		switch g.r.IntN(3) {
		case 0:
			w["AND"] = []any{g.personWhere(depth + 1), g.personWhere(depth + 1)}
		case 1:
			w["OR"] = []any{g.personWhere(depth + 1), g.personWhere(depth + 1)}
		default:
			w["NOT"] = g.personWhere(depth + 1)
			g.personLeaf(w)
		}
		return w
	}
	for n := 1 + g.r.IntN(2); len(w) < n; {
		g.personLeaf(w)
	}
	return w
}

// personLeaf adds one condition on people.
func (g *gen) personLeaf(w map[string]any) {
	switch g.r.IntN(13) {
	case 0, 1:
		f := map[string]any{}
		if g.chance(0.7) {
			f["kind"] = pick(g, contentKinds)
		}
		if g.chance(0.8) {
			f["topic"] = pick(g, topics)
		}
		if g.chance(0.6) {
			f["action"] = pick(g, actions)
		}
		g.window(f)
		if g.chance(0.2) {
			f["minCount"] = g.inRange(1, 3)
		}
		w["engagedWith"] = f
	case 2, 3:
		f := map[string]any{}
		if g.chance(0.8) {
			f["topic"] = pick(g, topics)
		}
		if g.chance(0.6) {
			f["sentiment"] = pick(g, sentiments)
		}
		g.window(f)
		w["mentioned"] = f
	case 4:
		f := map[string]any{}
		if g.chance(0.7) {
			f["kinds"] = some(g, personSignalKinds, 3)
		}
		if g.chance(0.3) {
			f["topic"] = pick(g, topics)
		}
		g.window(f)
		if g.chance(0.3) {
			f["titleContains"] = pick(g, signalTitles)
		}
		w["signal"] = f
	case 5, 6:
		f := map[string]any{"topics": some(g, topics, 3)}
		if g.chance(0.5) {
			f["match"] = pick(g, []string{"ANY", "ALL"})
		}
		w["interestedIn"] = f
	case 7:
		w["worksAt"] = g.companyWhere()
	case 8:
		w["title"] = pick(g, titleWords)
	case 9:
		if g.chance(0.5) {
			w["seniority"] = pick(g, seniorities)
		} else {
			w["department"] = pick(g, departments)
		}
	case 10:
		if g.chance(0.5) {
			w["city"] = pick(g, cities)
		} else {
			w["country"] = pick(g, countries)
		}
	case 11:
		w["name"] = pick(g, nameParts)
	default:
		f := map[string]any{"km": float64(g.inRange(1, 500))}
		g.of(f, "of")
		w["near"] = f
	}
}

func (g *gen) companyWhere() map[string]any {
	w := map[string]any{}
	for n := 1 + g.r.IntN(2); len(w) < n; {
		switch g.r.IntN(8) {
		case 0:
			w["id"] = pick(g, companies)
		case 1:
			w["name"] = pick(g, []string{"acme", "North", "data", "bank", "o"})
		case 2:
			w["industry"] = pick(g, industries)
		case 3:
			w["city"] = pick(g, cities)
		case 4:
			w["country"] = pick(g, countries)
		case 5:
			w["stage"] = pick(g, stages)
		case 6:
			w["customer"] = g.chance(0.5)
		default:
			f := map[string]any{}
			if g.chance(0.8) {
				f["kinds"] = some(g, companySignalKind, 2)
			}
			g.window(f)
			if g.chance(0.3) {
				f["round"] = pick(g, []string{"A", "B"})
			}
			w["signal"] = f
		}
	}
	return w
}

// storyWhere is one of the demo's stories, with its topic or window
// varied.
func (g *gen) storyWhere() map[string]any {
	since := g.stamp(g.day(demoRecent, demoToday))
	switch g.r.IntN(5) {
	case 0:
		return map[string]any{
			"engagedWith": map[string]any{"kind": "WHITE_PAPER", "topic": pick(g, topics), "action": "READ"},
			"mentioned":   map[string]any{"topic": pick(g, topics), "sentiment": "NEGATIVE", "since": since},
		}
	case 1:
		near := map[string]any{"km": float64(pick(g, []int{10, 50, 100}))}
		g.of(near, "of")
		return map[string]any{"near": near, "interestedIn": map[string]any{"topics": some(g, topics, 2)}}
	case 2:
		return map[string]any{"signal": map[string]any{"kinds": []string{"JOB_CHANGE"}, "titleContains": pick(g, signalTitles), "since": since}}
	case 3:
		return map[string]any{"worksAt": map[string]any{"signal": map[string]any{"kinds": []string{"FUNDING_ROUND"}, "round": pick(g, []string{"A", "B"}), "since": since}}}
	default:
		return map[string]any{"AND": []any{
			map[string]any{"engagedWith": map[string]any{"kind": "WHITE_PAPER", "topic": "crm", "action": "READ", "minCount": g.inRange(1, 2)}},
			map[string]any{"mentioned": map[string]any{"topic": "churn", "sentiment": "NEGATIVE", "since": since}},
		}}
	}
}

// networkArgs sets of, degree and where, shared by connections and
// companiesWithConnections.
func (g *gen) networkArgs(m map[string]any) {
	g.of(m, "of")
	if g.chance(0.8) {
		m["degree"] = g.inRange(1, 3)
	}
	switch n := g.r.IntN(10); {
	case n < 2:
	case n < 5:
		m["where"] = g.storyWhere()
	default:
		m["where"] = g.personWhere(0)
	}
}

const connectionsQuery = `query Connections($of: ID, $degree: Int, $where: PersonWhere, $first: Int, $after: String, $orderBy: PersonOrder) {
  connections(of: $of, degree: $degree, where: $where, first: $first, after: $after, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      degree
      strength
      node {
        id name title seniority department city country team
        worksAt { title since current company { id name industry stage customer } }
      }
      via { id name }
      evidence {
        filter
        engagement { action at content { id title kind publishedAt topics { id name } } }
        signal { id kind at summary sentiment title round amount company { id name } topics { id } }
      }
    }
  }
}`

const connectionsLightQuery = `query ConnectionIDs($of: ID, $degree: Int, $where: PersonWhere, $first: Int, $after: String, $orderBy: PersonOrder) {
  connections(of: $of, degree: $degree, where: $where, first: $first, after: $after, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { degree strength node { id name } }
  }
}`

func (g *gen) connections() request {
	m := map[string]any{}
	g.networkArgs(m)
	query := connectionsQuery
	if g.chance(0.3) {
		query = connectionsLightQuery
		g.first(m, 1, 100)
	} else {
		g.first(m, 1, 50)
	}
	if g.chance(0.4) {
		o := map[string]any{"field": pick(g, []string{"DEGREE", "STRENGTH", "NAME"})}
		if g.chance(0.6) {
			o["direction"] = pick(g, []string{"ASC", "DESC"})
		}
		m["orderBy"] = o
	}
	return request{Question: "connections", Query: query, Variables: m, Pages: g.pages()}
}

const companiesQuery = `query CompaniesWithConnections($of: ID, $degree: Int, $where: PersonWhere, $first: Int, $after: String, $orderBy: CompanyOrder) {
  companiesWithConnections(of: $of, degree: $degree, where: $where, first: $first, after: $after, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        count
        company { id name industry stage customer clv }
        people {
          degree strength
          node { id name title }
          via { id name }
          evidence { filter engagement { action at content { id kind } } signal { id kind at } }
        }
      }
    }
  }
}`

func (g *gen) companiesWithConnections() request {
	m := map[string]any{}
	g.networkArgs(m)
	g.first(m, 1, 25)
	if g.chance(0.4) {
		o := map[string]any{"field": pick(g, []string{"COUNT", "NAME"})}
		if g.chance(0.6) {
			o["direction"] = pick(g, []string{"ASC", "DESC"})
		}
		m["orderBy"] = o
	}
	return request{Question: "companiesWithConnections", Query: companiesQuery, Variables: m, Pages: g.pages()}
}

const introQuery = `query IntroductionPaths($from: ID, $to: ID!, $maxHops: Int, $first: Int) {
  introductionPaths(from: $from, to: $to, maxHops: $maxHops, first: $first) {
    hops
    strength
    people { id name title worksAt { title company { id name } } }
  }
}`

func (g *gen) hopsAndFirst(m map[string]any) {
	if g.chance(0.7) {
		m["maxHops"] = g.inRange(1, 4)
	}
	if g.chance(0.6) {
		m["first"] = g.inRange(1, 10)
	}
}

func (g *gen) introductionPaths() request {
	m := map[string]any{"to": pick(g, people)}
	if g.chance(0.3) {
		m["to"] = pick(g, []string{"p33", "p41", "p45", "p48"})
	}
	g.of(m, "from")
	g.hopsAndFirst(m)
	return request{Question: "introductionPaths", Query: introQuery, Variables: m}
}

const introCompanyQuery = `query IntroductionPathsToCompany($from: ID, $company: ID!, $maxHops: Int, $first: Int) {
  introductionPathsToCompany(from: $from, company: $company, maxHops: $maxHops, first: $first) {
    hops
    strength
    people { id name worksAt { title company { id name } } }
  }
}`

func (g *gen) introductionPathsToCompany() request {
	m := map[string]any{"company": pick(g, companies)}
	g.of(m, "from")
	g.hopsAndFirst(m)
	return request{Question: "introductionPathsToCompany", Query: introCompanyQuery, Variables: m}
}

const signalsQuery = `query Signals($where: SignalWhere, $network: NetworkInput, $first: Int, $after: String, $orderBy: SignalOrder) {
  signals(where: $where, network: $network, first: $first, after: $after, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id kind at summary sentiment source url title round amount
        person { id name title }
        company { id name industry employees { title person { id name } } }
        topics { id name }
      }
    }
  }
}`

func (g *gen) signals() request {
	m := map[string]any{}
	if g.chance(0.8) {
		w := map[string]any{}
		if g.chance(0.6) {
			w["kinds"] = some(g, signalKinds, 3)
		}
		if g.chance(0.25) {
			w["topic"] = pick(g, topics)
		}
		if g.chance(0.2) {
			w["sentiment"] = pick(g, sentiments)
		}
		g.window(w)
		if g.chance(0.15) {
			w["titleContains"] = pick(g, signalTitles)
		}
		if g.chance(0.15) {
			w["round"] = pick(g, []string{"A", "B"})
		}
		if g.chance(0.15) {
			w["person"] = pick(g, people)
		}
		if g.chance(0.2) {
			w["company"] = g.companyWhere()
		}
		m["where"] = w
	}
	if g.chance(0.5) {
		n := map[string]any{}
		g.of(n, "of")
		if g.chance(0.8) {
			n["degree"] = g.inRange(1, 3)
		}
		m["network"] = n
	}
	g.first(m, 1, 50)
	if g.chance(0.3) {
		m["orderBy"] = map[string]any{"direction": pick(g, []string{"ASC", "DESC"})}
	}
	return request{Question: "signals", Query: signalsQuery, Variables: m, Pages: g.pages()}
}

const coverageQuery = `query AccountCoverage($company: ID!) {
  accountCoverage(company: $company) {
    company { id name }
    contacts covered coverage
    departments {
      department contacts covered coverage
      people { department title person { id name } knownBy { id name } }
    }
    teamMembers { contacts person { id name } known { id name } }
  }
}`

func (g *gen) accountCoverage() request {
	c := pick(g, companies)
	if g.chance(0.4) {
		c = "c1"
	}
	return request{Question: "accountCoverage", Query: coverageQuery, Variables: map[string]any{"company": c}}
}

const valueQuery = `query CustomerValue($weights: ValueWeights, $clvWeight: Float, $since: DateTime, $first: Int, $after: String) {
  customerValue(weights: $weights, clvWeight: $clvWeight, since: $since, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        score clv clvValue
        company { id name clv }
        components { kind count weight value }
      }
    }
  }
}`

func (g *gen) customerValue() request {
	m := map[string]any{}
	if g.chance(0.6) {
		w := map[string]any{}
		for _, k := range some(g, []string{"referral", "reference", "caseStudy", "review", "bugReport", "featureIdea", "advocacy"}, 4) {
			w[k] = float64(50 * g.inRange(-20, 200))
		}
		m["weights"] = w
	}
	if g.chance(0.4) {
		m["clvWeight"] = pick(g, []float64{0, 0.5, 1, 1.5, 2})
	}
	if g.chance(0.5) {
		m["since"] = g.stamp(g.day(demoStart, demoToday))
	}
	g.first(m, 1, 10)
	return request{Question: "customerValue", Query: valueQuery, Variables: m, Pages: g.pages()}
}

const suggestionsQuery = `query Suggestions($of: ID, $min: Int, $first: Int, $after: String) {
  suggestions(of: $of, minSharedInterests: $min, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node { score strength person { id name title } sharedTopics { id name } via { id name } }
    }
  }
}`

func (g *gen) suggestions() request {
	m := map[string]any{}
	g.of(m, "of")
	if g.chance(0.6) {
		m["min"] = g.inRange(1, 4)
	}
	g.first(m, 1, 20)
	return request{Question: "suggestions", Query: suggestionsQuery, Variables: m, Pages: g.pages()}
}

const searchQuery = `query Search($text: String!, $first: Int) {
  search(text: $text, first: $first) {
    score
    node {
      __typename
      ... on Person { id name title worksAt { company { id name } } }
      ... on Company { id name domain industry }
    }
  }
}`

func (g *gen) search() request {
	m := map[string]any{"text": pick(g, searchTexts)}
	if g.chance(0.5) {
		m["first"] = g.inRange(1, 20)
	}
	return request{Question: "search", Query: searchQuery, Variables: m}
}

const nodeQuery = `query Node($id: ID!) {
  node(id: $id) {
    __typename
    id
    ... on Person { name title team }
    ... on Company { name industry customer }
    ... on Topic { name }
    ... on Content { title contentKind: kind publishedAt topics { id } }
    ... on Signal { signalKind: kind at summary person { id } company { id } }
  }
}`

func (g *gen) node() request {
	var id string
	switch g.r.IntN(5) {
	case 0:
		id = pick(g, []string{"Person:", "person:", ""}) + pick(g, people)
	case 1:
		id = pick(g, []string{"Company:", "COMPANY:", ""}) + pick(g, companies)
	case 2:
		id = pick(g, []string{"Topic:", ""}) + pick(g, topics)
	case 3:
		id = pick(g, []string{"Content:", ""}) + pick(g, contents)
	default:
		id = pick(g, []string{"Signal:", ""}) + pick(g, signalIDs)
	}
	return request{Question: "node", Query: nodeQuery, Variables: map[string]any{"id": id}}
}

const personQuery = `query Person($id: ID!, $past: Boolean, $n: Int) {
  person(id: $id) {
    id name title seniority department city country latitude longitude email profileUrl team
    worksAt(includePast: $past) { title department seniority since until current company { id name } }
    interests { weight source topic { id name } }
    knows { strength since lastInteractionAt source person { id name } }
    engagements(first: $n) { action at content { id title kind } }
    signals(first: $n) { id kind at summary company { id name } }
  }
}`

func (g *gen) person() request {
	m := map[string]any{"id": pick(g, people)}
	if g.chance(0.5) {
		m["past"] = g.chance(0.5)
	}
	if g.chance(0.5) {
		m["n"] = g.inRange(1, 20)
	}
	return request{Question: "person", Query: personQuery, Variables: m}
}

const companyQuery = `query Company($id: ID!, $n: Int) {
  company(id: $id) {
    id name domain industry city country stage customer clv
    employees { title department seniority since current person { id name } }
    signals(first: $n) { id kind at summary round amount person { id name } topics { id } }
  }
}`

func (g *gen) company() request {
	m := map[string]any{"id": pick(g, companies)}
	if g.chance(0.5) {
		m["n"] = g.inRange(1, 20)
	}
	return request{Question: "company", Query: companyQuery, Variables: m}
}

const topicQuery = `query Topic($id: ID!) { topic(id: $id) { id name } }`

func (g *gen) topic() request {
	return request{Question: "topic", Query: topicQuery, Variables: map[string]any{"id": pick(g, topics)}}
}

const viewerQuery = `query Me {
  viewer {
    id name title
    worksAt { title company { name } }
    interests { topic { id name } weight }
    knows { strength person { id name } }
  }
}`

func (g *gen) viewer() request {
	return request{Question: "viewer", Query: viewerQuery, Variables: map[string]any{}}
}
