// Command relbench measures, side by side, the latency of each question
// asked through a relgraph server's POST /graphql and asked directly
// through the Go driver by the same store method (so the same Cypher), to
// show what the HTTP and GraphQL layers cost.
//
//	relbench -url http://127.0.0.1:8080 -key rg_... -neo4j bolt://127.0.0.1:7687 -clients 1,16 -duration 10s
//
// It first samples ids from the database (people with KNOWS relationships,
// topics, companies with current employees), then runs every question for
// -duration at each client count, first over HTTP, then directly, with
// parameters drawn from the sample by a seeded generator. Only loopback
// addresses are accepted, for the server and for the database. It never
// writes. NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE are read from
// the environment.
package main

import (
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
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/relgraph/relgraph/internal/loadtest"
	"github.com/relgraph/relgraph/model"
	"github.com/relgraph/relgraph/neo4j"
	"github.com/relgraph/relgraph/resolvers"
	"github.com/rs/zerolog"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "relbench:", err)
		os.Exit(1)
	}
}

// Bounds of a run.
const (
	maxDuration  = 5 * time.Minute // per question and client count
	maxClients   = 256
	maxBodyBytes = 16 << 20
	// samplePool caps how many ids of each kind are sampled.
	samplePool = 500
	// pageSize is the `first` of every paged question.
	pageSize = 20
)

type config struct {
	base     *url.URL
	key      string
	neo4jURI string
	clients  []int
	duration time.Duration
	seed     uint64
	timeout  time.Duration
	json     bool
}

func parseFlags(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("relbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rawURL := fs.String("url", "http://127.0.0.1:8080", "base URL of the relgraph server; only loopback hosts (127.0.0.0/8, ::1, localhost)")
	fs.StringVar(&c.key, "key", getenv("RELBENCH_KEY"), "API key sent as `Authorization: Bearer <key>` (default $RELBENCH_KEY)")
	fs.StringVar(&c.neo4jURI, "neo4j", getenv("NEO4J_URI"), "bolt:// or neo4j:// URI of the server's database; only loopback hosts (default $NEO4J_URI)")
	rawClients := fs.String("clients", "1,16", fmt.Sprintf("comma-separated concurrent client counts, each 1..%d", maxClients))
	fs.DurationVar(&c.duration, "duration", 10*time.Second, fmt.Sprintf("how long each question runs at each client count, per side, at most %s", maxDuration))
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the parameter draws; the same seed on the same data draws the same parameters")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "timeout of one request")
	fs.BoolVar(&c.json, "json", false, "print the report as JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "relbench: latency of each question through HTTP /graphql and directly through the driver, side by side.")
		fmt.Fprintln(stderr, "\nUsage: relbench -url http://127.0.0.1:8080 -key KEY -neo4j bolt://127.0.0.1:7687 [-clients 1,16] [-duration 10s] [-seed 1] [-json]")
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
	if _, err = loadtest.LoopbackURL("-neo4j", c.neo4jURI, "bolt", "neo4j", "bolt+s", "bolt+ssc", "neo4j+s", "neo4j+ssc"); err != nil {
		return c, err
	}
	if c.clients, err = parseClients(*rawClients); err != nil {
		return c, err
	}
	switch {
	case c.key == "":
		return c, errors.New("-key is required: an API key of the server (relgraph keys new prints one)")
	case c.duration <= 0 || c.duration > maxDuration:
		return c, fmt.Errorf("-duration must be greater than 0 and at most %s, got %s", maxDuration, c.duration)
	case c.timeout <= 0:
		return c, fmt.Errorf("-timeout must be greater than 0, got %s", c.timeout)
	}
	return c, nil
}

// parseClients reads "1,16" into distinct client counts in the order given.
func parseClients(raw string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(raw, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > maxClients {
			return nil, fmt.Errorf("-clients %q: each count must be a whole number between 1 and %d, e.g. 1,16", raw, maxClients)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, nil
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	dbCfg := neo4j.Config{
		URI:      cfg.neo4jURI,
		Username: getenv("NEO4J_USERNAME"),
		Password: getenv("NEO4J_PASSWORD"),
		Database: getenv("NEO4J_DATABASE"),
		// Enough connections that the direct side is never pool-bound.
		MaxPoolSize: slices.Max(cfg.clients) + 4,
	}
	store, err := neo4j.Connect(ctx, dbCfg, zerolog.Nop())
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	pool, err := samplePools(ctx, dbCfg)
	if err != nil {
		return err
	}
	if !cfg.json {
		fmt.Fprintf(stderr, "sampled %d people, %d topics, %d companies; %d questions x %d client counts x 2 sides x %s\n",
			len(pool.People), len(pool.Topics), len(pool.Companies), len(questions), len(cfg.clients), cfg.duration)
	}
	hc := &http.Client{
		Timeout: cfg.timeout,
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second, Control: loadtest.LoopbackOnly}).DialContext,
			MaxIdleConns:        slices.Max(cfg.clients) + 4,
			MaxIdleConnsPerHost: slices.Max(cfg.clients) + 4,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	endpoint := cfg.base.JoinPath("graphql").String()
	failed := false
	rep := Report{Duration: cfg.duration.String(), Seed: cfg.seed, Clients: cfg.clients}
	for qi, q := range questions {
		for _, n := range cfg.clients {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// The same seed per question and client count on both sides,
			// so both draw the same parameter sequence per client.
			seed := cfg.seed*1_000_003 + uint64(qi)*1009 + uint64(n)
			viaHTTP := measure(ctx, n, cfg.duration, seed, pool, func(ctx context.Context, d draw) error {
				return postGraphQL(ctx, hc, endpoint, cfg.key, q.query, q.vars(d))
			})
			direct := measure(ctx, n, cfg.duration, seed, pool, func(ctx context.Context, d draw) error {
				tctx, cancel := context.WithTimeout(ctx, cfg.timeout)
				defer cancel()
				return q.direct(tctx, store, d)
			})
			row := Row{Question: q.name, Clients: n, HTTP: viaHTTP, Direct: direct}
			if direct.P50 > 0 && viaHTTP.Errors == 0 && direct.Errors == 0 {
				row.Overhead = round(viaHTTP.P50/direct.P50, 2)
			}
			failed = failed || viaHTTP.Errors > 0 || direct.Errors > 0
			rep.Rows = append(rep.Rows, row)
			if !cfg.json {
				fmt.Fprintf(stderr, "  %-32s clients %-3d http p50 %sms, direct p50 %sms\n", q.name, n, ms(viaHTTP.P50), ms(direct.P50))
			}
		}
	}
	if cfg.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		rep.writeText(stdout)
	}
	if failed {
		return errFailed
	}
	return nil
}

// errFailed is returned after the report when requests failed.
var errFailed = errors.New("requests failed")

// Pool holds the sampled ids parameters are drawn from.
type Pool struct {
	People    []string // people with at least one KNOWS relationship
	Topics    []string
	Companies []string // companies with at least one current employee
}

// samplePools reads the ids through a driver of its own: these lookups are
// the benchmark's, not questions of the store. Each list is ordered by id,
// so a seed draws the same parameters from the same data.
func samplePools(ctx context.Context, cfg neo4j.Config) (Pool, error) {
	auth := driver.NoAuth()
	if cfg.Username != "" {
		auth = driver.BasicAuth(cfg.Username, cfg.Password, "")
	}
	d, err := driver.NewDriverWithContext(cfg.URI, auth)
	if err != nil {
		return Pool{}, fmt.Errorf("neo4j driver for %s: %w", cfg.URI, err)
	}
	defer d.Close(context.Background())
	var p Pool
	lists := []struct {
		into   *[]string
		what   string
		cypher string
	}{
		{&p.People, "people with KNOWS relationships", `MATCH (p:Person) WHERE EXISTS { (p)-[:KNOWS]-(:Person) } RETURN p.id AS id ORDER BY id LIMIT $limit`},
		{&p.Topics, "topics", `MATCH (t:Topic) RETURN t.id AS id ORDER BY id LIMIT $limit`},
		{&p.Companies, "companies with current employees", `MATCH (c:Company) WHERE EXISTS { (:Person)-[w:WORKS_AT]->(c) WHERE w.until IS NULL } RETURN c.id AS id ORDER BY id LIMIT $limit`},
	}
	for _, l := range lists {
		res, err := driver.ExecuteQuery(ctx, d, l.cypher, map[string]any{"limit": int64(samplePool)},
			driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(cfg.Database), driver.ExecuteQueryWithReadersRouting())
		if err != nil {
			return Pool{}, fmt.Errorf("sampling %s: %w", l.what, err)
		}
		for _, rec := range res.Records {
			id, _, err := driver.GetRecordValue[string](rec, "id")
			if err != nil {
				return Pool{}, fmt.Errorf("sampling %s: %w", l.what, err)
			}
			*l.into = append(*l.into, id)
		}
		if len(*l.into) == 0 {
			return Pool{}, fmt.Errorf("the database has no %s to draw parameters from; import data first", l.what)
		}
	}
	return p, nil
}

// draw is one set of parameters; each question uses the fields it needs.
type draw struct {
	Person, Other, Company, Topic, Topic2 string
}

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

// drawFrom draws parameters from the pool; the same generator state gives
// the same draw.
func drawFrom(r *rand.Rand, p Pool) draw {
	return draw{
		Person:  pick(r, p.People),
		Other:   pick(r, p.People),
		Company: pick(r, p.Companies),
		Topic:   pick(r, p.Topics),
		Topic2:  pick(r, p.Topics),
	}
}

// newRand is client c's generator for a run seeded with seed.
func newRand(seed uint64, client int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(client)))
}

// question is one benchmarked question: its GraphQL with a minimal
// selection and the store call the resolver makes for it.
type question struct {
	name   string
	query  string
	vars   func(draw) map[string]any
	direct func(context.Context, *neo4j.Store, draw) error
}

func ptr[T any](v T) *T { return &v }

func storyWhere(d draw) *model.PersonWhere {
	return &model.PersonWhere{
		EngagedWith: &model.EngagedWithFilter{Topic: ptr(d.Topic)},
		Mentioned:   &model.MentionedFilter{Topic: ptr(d.Topic2)},
	}
}

func connectionsQuestion(degree int, filtered bool) question {
	name := fmt.Sprintf("connections d%d", degree)
	query := `query($of: ID, $degree: Int) { connections(of: $of, degree: $degree, first: 20) { totalCount edges { degree strength node { id } } } }`
	if filtered {
		name += " filtered"
		query = `query($of: ID, $degree: Int, $t: ID, $t2: ID) { connections(of: $of, degree: $degree, first: 20, where: {engagedWith: {topic: $t}, mentioned: {topic: $t2}}) { totalCount edges { degree strength node { id } } } }`
	}
	return question{
		name:  name,
		query: query,
		vars: func(d draw) map[string]any {
			v := map[string]any{"of": d.Person, "degree": degree}
			if filtered {
				v["t"], v["t2"] = d.Topic, d.Topic2
			}
			return v
		},
		direct: func(ctx context.Context, s *neo4j.Store, d draw) error {
			req := neo4j.ConnectionsRequest{Of: d.Person, Degree: degree, Limit: pageSize}
			if filtered {
				req.Where = storyWhere(d)
			}
			_, err := s.Connections(ctx, req)
			return err
		},
	}
}

// valueWeights are the weights the server applies when customerValue is
// asked without any.
var valueWeights = resolvers.DefaultValueWeights()

var questions = []question{
	connectionsQuestion(1, false),
	connectionsQuestion(2, false),
	connectionsQuestion(1, true),
	connectionsQuestion(2, true),
	{
		name:  "companiesWithConnections d2",
		query: `query($of: ID) { companiesWithConnections(of: $of, degree: 2, first: 20) { totalCount edges { node { count company { id } } } } }`,
		vars:  func(d draw) map[string]any { return map[string]any{"of": d.Person} },
		direct: func(ctx context.Context, s *neo4j.Store, d draw) error {
			_, err := s.CompaniesWithConnections(ctx, neo4j.CompaniesRequest{Of: d.Person, Degree: 2, Limit: pageSize})
			return err
		},
	},
	{
		name:  "signals network d1",
		query: `query($of: ID) { signals(network: {of: $of, degree: 1}, first: 20) { totalCount edges { node { id } } } }`,
		vars:  func(d draw) map[string]any { return map[string]any{"of": d.Person} },
		direct: func(ctx context.Context, s *neo4j.Store, d draw) error {
			_, err := s.Signals(ctx, neo4j.SignalsRequest{Network: &neo4j.SignalsNetwork{Of: d.Person, Degree: 1}, Limit: pageSize})
			return err
		},
	},
	{
		name:  "introductionPaths",
		query: `query($from: ID, $to: ID!) { introductionPaths(from: $from, to: $to, maxHops: 3, first: 3) { hops strength } }`,
		vars:  func(d draw) map[string]any { return map[string]any{"from": d.Person, "to": d.Other} },
		direct: func(ctx context.Context, s *neo4j.Store, d draw) error {
			_, err := s.IntroductionPaths(ctx, neo4j.PathsRequest{From: d.Person, To: d.Other, MaxHops: 3, Limit: 3})
			return err
		},
	},
	{
		name:  "accountCoverage",
		query: `query($company: ID!) { accountCoverage(company: $company) { contacts covered coverage } }`,
		vars:  func(d draw) map[string]any { return map[string]any{"company": d.Company} },
		direct: func(ctx context.Context, s *neo4j.Store, d draw) error {
			_, err := s.AccountCoverage(ctx, d.Company)
			return err
		},
	},
	{
		name:  "customerValue",
		query: `{ customerValue(first: 20) { totalCount edges { node { score company { id } } } } }`,
		vars:  func(draw) map[string]any { return nil },
		direct: func(ctx context.Context, s *neo4j.Store, _ draw) error {
			_, err := s.CustomerValue(ctx, neo4j.CustomerValueRequest{Weights: valueWeights, ClvWeight: 1, Limit: pageSize})
			return err
		},
	},
	{
		name:  "suggestions",
		query: `query($of: ID) { suggestions(of: $of, first: 20) { totalCount edges { node { score person { id } } } } }`,
		vars:  func(d draw) map[string]any { return map[string]any{"of": d.Person} },
		direct: func(ctx context.Context, s *neo4j.Store, d draw) error {
			_, err := s.Suggestions(ctx, neo4j.SuggestionsRequest{Of: d.Person, MinShared: 1, Limit: pageSize})
			return err
		},
	},
}

// postGraphQL asks one question; GraphQL errors in the answer count as
// failures.
func postGraphQL(ctx context.Context, hc *http.Client, endpoint, key, query string, vars map[string]any) error {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, maxBodyBytes))
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d: %s", res.StatusCode, clip(string(raw), 200))
	}
	var out struct {
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return fmt.Errorf("answer is not JSON: %w", err)
	}
	if len(out.Errors) > 0 {
		return fmt.Errorf("GraphQL error: %s", out.Errors[0].Message)
	}
	return nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// Side is the measurement of one question through one path.
type Side struct {
	Requests   int     `json:"requests"`
	Errors     int     `json:"errors"`
	P50        float64 `json:"p50Ms"`
	P99        float64 `json:"p99Ms"`
	Throughput float64 `json:"perSecond"`
	FirstError string  `json:"firstError,omitempty"`
}

// measure runs ask from n clients for d, each drawing its parameters from
// its own seeded generator, and summarises the latencies of all requests.
func measure(ctx context.Context, n int, d time.Duration, seed uint64, p Pool, ask func(context.Context, draw) error) Side {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      int
		firstErr  string
		wg        sync.WaitGroup
	)
	start := time.Now()
	for c := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := newRand(seed, c)
			var mine []time.Duration
			var bad int
			var first string
			for ctx.Err() == nil {
				dr := drawFrom(r, p)
				t0 := time.Now()
				err := ask(ctx, dr)
				el := time.Since(t0)
				if ctx.Err() != nil {
					break // cut off by the end of the run: not counted
				}
				mine = append(mine, el)
				if err != nil {
					bad++
					if first == "" {
						first = err.Error()
					}
				}
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			errs += bad
			if firstErr == "" {
				firstErr = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	s := Side{
		Requests:   len(latencies),
		Errors:     errs,
		P50:        toMs(loadtest.Percentile(latencies, 50)),
		P99:        toMs(loadtest.Percentile(latencies, 99)),
		FirstError: clip(firstErr, 200),
	}
	if elapsed > 0 {
		s.Throughput = round(float64(len(latencies))/elapsed.Seconds(), 1)
	}
	return s
}

func toMs(d time.Duration) float64 { return round(float64(d.Microseconds())/1000, 3) }

func round(v float64, places int) float64 {
	f := math.Pow(10, float64(places))
	return math.Round(v*f) / f
}

func ms(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// Row is one question at one client count.
type Row struct {
	Question string `json:"question"`
	Clients  int    `json:"clients"`
	HTTP     Side   `json:"http"`
	Direct   Side   `json:"direct"`
	// Overhead is HTTP p50 / direct p50; 0 when either side had errors
	// or direct had no requests, as the ratio would then mislead.
	Overhead float64 `json:"overhead"`
}

// Report is the whole run.
type Report struct {
	Duration string `json:"durationPerSide"`
	Seed     uint64 `json:"seed"`
	Clients  []int  `json:"clients"`
	Rows     []Row  `json:"rows"`
}

func (r Report) writeText(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "question\tclients\thttp req\terr\tp50 ms\tp99 ms\treq/s\tdirect req\terr\tp50 ms\tp99 ms\treq/s\thttp/direct p50\t")
	for _, row := range r.Rows {
		h, d := row.HTTP, row.Direct
		ratio := "-"
		if row.Overhead > 0 {
			ratio = strconv.FormatFloat(row.Overhead, 'f', 2, 64)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\t%.1f\t%d\t%d\t%s\t%s\t%.1f\t%s\t\n",
			row.Question, row.Clients, h.Requests, h.Errors, ms(h.P50), ms(h.P99), h.Throughput,
			d.Requests, d.Errors, ms(d.P50), ms(d.P99), d.Throughput, ratio)
	}
	tw.Flush()
	for _, row := range r.Rows {
		if row.HTTP.FirstError != "" {
			fmt.Fprintf(w, "%s, %d clients, first HTTP error: %s\n", row.Question, row.Clients, row.HTTP.FirstError)
		}
		if row.Direct.FirstError != "" {
			fmt.Fprintf(w, "%s, %d clients, first direct error: %s\n", row.Question, row.Clients, row.Direct.FirstError)
		}
	}
}
