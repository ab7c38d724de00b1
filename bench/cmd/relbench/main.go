// Command relbench measures, side by side, the latency of each question
// asked through a relgraph server's POST /graphql, asked directly through
// the Go driver by the same store method (so the same Cypher), and, with
// -reference, asked through the reference server of bench/reference (the
// same questions through the Neo4j GraphQL Library over the same database).
//
//	relbench -url http://127.0.0.1:8080 -key rg_... -neo4j bolt://127.0.0.1:7687 -reference http://127.0.0.1:4000 -clients 1,16 -duration 10s
//	relbench ... -reference http://127.0.0.1:4000 -check 5
//
// It first samples parameters from the database (people with KNOWS
// relationships, topics, companies with current employees, words of names,
// signal times), then runs every question for -duration at each client
// count on each side in turn, with parameters drawn from the sample by a
// seeded generator: every side draws the same sequence. Each measurement
// starts after a few unmeasured warm-up requests; a request started before
// the end of a run is waited for and counted. With -check N it
// measures nothing: it asks N drawn parameter sets of every question of
// both relgraph and the reference and reports every answer that differs.
//
// Only loopback addresses are accepted, for the servers and the database.
// It never writes. NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE are
// read from the environment.
package main

import (
	"bytes"
	"cmp"
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
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/relgraph/relgraph/bench/internal/loadtest"
	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/neo4j"
	"github.com/rs/zerolog"
)

func main() { loadtest.Main("relbench", run) }

// Bounds of a run.
const (
	maxDuration  = 5 * time.Minute // per question, client count and side
	maxClients   = 256
	maxChecks    = 1000
	maxBodyBytes = 16 << 20
	// samplePool caps how many values of each kind are sampled.
	samplePool = 500
	// pageSize is the `first` of every paged question.
	pageSize = 20
)

type config struct {
	base      *url.URL
	reference *url.URL // nil without -reference
	key       string
	keysFile  string
	neo4jURI  string
	clients   []int
	duration  time.Duration
	seed      uint64
	timeout   time.Duration
	json      bool
	jsonFile  string
	only      *regexp.Regexp
	check     int
	cold      int
}

func parseFlags(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("relbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rawURL := fs.String("url", "http://127.0.0.1:8080", "base URL of the relgraph server; only loopback hosts (127.0.0.0/8, ::1, localhost)")
	rawRef := fs.String("reference", "", "base URL of the reference server (bench/reference), asked as a third side; only loopback hosts; empty: no reference")
	fs.StringVar(&c.key, "key", getenv("RELBENCH_KEY"), "API key sent as `Authorization: Bearer <key>` (default $RELBENCH_KEY)")
	fs.StringVar(&c.keysFile, "keys", getenv("RELGRAPH_KEYS_FILE"), "the server's keys file: the direct side then asks as -key does (its role, person and scope), so that both sides run the same statements; without it the direct side asks as the operator (default $RELGRAPH_KEYS_FILE)")
	fs.StringVar(&c.neo4jURI, "neo4j", getenv("NEO4J_URI"), "bolt:// or neo4j:// URI of the server's database; only loopback hosts (default $NEO4J_URI)")
	rawClients := fs.String("clients", "1,16", fmt.Sprintf("comma-separated concurrent client counts, each 1..%d", maxClients))
	fs.DurationVar(&c.duration, "duration", 10*time.Second, fmt.Sprintf("how long each question runs at each client count, per side, at most %s", maxDuration))
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the sample and the parameter draws; the same seed on the same data draws the same parameters")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "timeout of one request")
	fs.BoolVar(&c.json, "json", false, "print the report as JSON instead of a table")
	fs.StringVar(&c.jsonFile, "json-file", "", "also write the JSON report to this file")
	rawOnly := fs.String("only", "", "run only the questions whose name matches this regular expression")
	fs.IntVar(&c.cold, "cold", 0, fmt.Sprintf("instead of measuring, a cold-plan pass: this many rounds (1..%d) of each question once after emptying Neo4j's plan caches, then once more", maxChecks))
	fs.IntVar(&c.check, "check", 0, fmt.Sprintf("instead of measuring, compare the answers of relgraph and -reference for this many drawn parameter sets per question (1..%d)", maxChecks))
	fs.Usage = func() {
		fmt.Fprintln(stderr, "relbench: latency of each question through HTTP /graphql, directly through the driver and through a reference server, side by side.")
		fmt.Fprintln(stderr, "\nUsage: relbench -url http://127.0.0.1:8080 -key KEY -neo4j bolt://127.0.0.1:7687 [-reference http://127.0.0.1:4000] [-clients 1,16] [-duration 10s] [-seed 1] [-json] [-check N] [-cold N]")
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
	if *rawRef != "" {
		if c.reference, err = loadtest.LoopbackURL("-reference", *rawRef, "http", "https"); err != nil {
			return c, err
		}
	}
	if _, err = loadtest.LoopbackURL("-neo4j", c.neo4jURI, "bolt", "neo4j", "bolt+s", "bolt+ssc", "neo4j+s", "neo4j+ssc"); err != nil {
		return c, err
	}
	if c.clients, err = parseClients(*rawClients); err != nil {
		return c, err
	}
	if *rawOnly != "" {
		if c.only, err = regexp.Compile(*rawOnly); err != nil {
			return c, fmt.Errorf("-only %q: %w", *rawOnly, err)
		}
	}
	switch {
	case c.key == "":
		return c, errors.New("-key is required: an API key of the server (relgraph keys new prints one)")
	case c.duration <= 0 || c.duration > maxDuration:
		return c, fmt.Errorf("-duration must be greater than 0 and at most %s, got %s", maxDuration, c.duration)
	case c.timeout <= 0:
		return c, fmt.Errorf("-timeout must be greater than 0, got %s", c.timeout)
	case c.check < 0 || c.check > maxChecks:
		return c, fmt.Errorf("-check must be between 0 and %d, got %d", maxChecks, c.check)
	case c.cold < 0 || c.cold > maxChecks:
		return c, fmt.Errorf("-cold must be between 0 and %d, got %d", maxChecks, c.cold)
	case c.check > 0 && c.reference == nil:
		return c, errors.New("-check compares relgraph with the reference: give -reference too")
	}
	return c, nil
}

// principal is whom -key speaks for, from the -keys file; nil without
// one.
func principal(cfg config) (*auth.Principal, error) {
	if cfg.keysFile == "" {
		return nil, nil
	}
	f, err := auth.Load(cfg.keysFile)
	if err != nil {
		return nil, fmt.Errorf("-keys: %w", err)
	}
	p, ok := f.Authenticate(cfg.key)
	if !ok {
		return nil, fmt.Errorf("-key is not a key of the -keys file %s", cfg.keysFile)
	}
	return p, nil
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

// selected returns the questions the run asks, in their order.
func (c config) selected() []question {
	var out []question
	for _, q := range questions {
		if c.only == nil || c.only.MatchString(q.name) {
			out = append(out, q)
		}
	}
	return out
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	qs := cfg.selected()
	if len(qs) == 0 {
		return errors.New("-only matches no question")
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
	pool, err := samplePools(ctx, store, cfg.seed)
	if err != nil {
		return err
	}
	asKey, err := principal(cfg)
	if err != nil {
		return err
	}
	if asKey == nil {
		fmt.Fprintln(stderr, "no -keys file: the direct side asks as the operator, whose statements count every private relationship; the HTTP side asks as -key")
	}
	hc := &http.Client{
		Timeout: cfg.timeout,
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second, Control: loadtest.LoopbackOnly}).DialContext,
			MaxIdleConns:        2 * (slices.Max(cfg.clients) + 4),
			MaxIdleConnsPerHost: slices.Max(cfg.clients) + 4,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	relgraph := endpoint{url: cfg.base.JoinPath("graphql").String(), key: cfg.key}
	var reference *endpoint
	if cfg.reference != nil {
		reference = &endpoint{url: cfg.reference.JoinPath("graphql").String()}
	}
	if cfg.check > 0 {
		return check(ctx, hc, relgraph, *reference, qs, pool, cfg, stdout)
	}
	if cfg.cold > 0 {
		return cold(ctx, hc, relgraph, store, qs, pool, cfg, stdout)
	}
	sides := 2
	if reference != nil {
		sides = 3
	}
	fmt.Fprintf(stderr, "%d people; sampled %d people, %d topics, %d companies, %d words, %d signal times; %d questions x %d client counts x %d sides x %s\n",
		pool.Count, len(pool.People), len(pool.Topics), len(pool.Companies), len(pool.Words), len(pool.Times), len(qs), len(cfg.clients), sides, cfg.duration)
	failed := false
	rep := Report{Duration: cfg.duration.String(), Seed: cfg.seed, Clients: cfg.clients, People: pool.Count}
	for _, q := range qs {
		qi := slices.IndexFunc(questions, func(x question) bool { return x.name == q.name })
		for _, n := range cfg.clients {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// The same seed per question and client count on every side,
			// so all draw the same parameter sequence per client.
			seed := cfg.seed*1_000_003 + uint64(qi)*1009 + uint64(n)
			viaHTTP := measure(ctx, n, cfg.duration, cfg.timeout, seed, pool, func(ctx context.Context, d draw) error {
				_, err := relgraph.post(ctx, hc, q.query, q.vars(d))
				return err
			})
			direct := measure(ctx, n, cfg.duration, cfg.timeout, seed, pool, func(ctx context.Context, d draw) error {
				if asKey != nil {
					ctx = auth.WithPrincipal(ctx, asKey)
				}
				return q.direct(ctx, store, d)
			})
			row := Row{Question: q.name, Hops: q.hops, Clients: n, HTTP: viaHTTP, Direct: direct}
			if reference != nil {
				ref := measure(ctx, n, cfg.duration, cfg.timeout, seed, pool, func(ctx context.Context, d draw) error {
					_, err := reference.post(ctx, hc, q.ref.query, q.ref.vars(d))
					return err
				})
				row.Reference = &ref
				failed = failed || ref.Errors > 0
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if direct.P50 > 0 && viaHTTP.Errors == 0 && direct.Errors == 0 {
				row.Overhead = round(viaHTTP.P50/direct.P50, 2)
			}
			failed = failed || viaHTTP.Errors > 0 || direct.Errors > 0
			rep.Rows = append(rep.Rows, row)
			line := fmt.Sprintf("  %-30s clients %-3d http p50 %sms, direct p50 %sms", q.name, n, ms(viaHTTP.P50), ms(direct.P50))
			if row.Reference != nil {
				line += fmt.Sprintf(", reference p50 %sms", ms(row.Reference.P50))
			}
			fmt.Fprintln(stderr, line)
		}
	}
	if cfg.jsonFile != "" {
		raw, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(cfg.jsonFile, append(raw, '\n'), 0o644); err != nil {
			return err
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
		return loadtest.ErrFailed
	}
	return nil
}

// Pool holds the sampled values parameters are drawn from.
type Pool struct {
	// Count is the number of people in the database.
	Count     int
	People    []string // people with at least one KNOWS relationship
	Topics    []string
	Companies []string // companies with at least one current employee
	// Words are words of people's and companies' names, lowercased, for
	// search.
	Words []string
	// Times are times of signals, ends of the signal windows.
	Times []time.Time
	// Stories are, for people, the topic pairs of their filtered
	// connections (neo4j.Store.Stories).
	Stories map[string][][2]string
}

// samplePools reads the candidates through the store and keeps a seeded
// sample of at most samplePool of each, sorted, so that a seed draws the
// same parameters from the same data. Sampling from all candidates, not the
// first ones by id, spreads the draws over hubs and sparsely connected
// people alike.
func samplePools(ctx context.Context, store *neo4j.Store, seed uint64) (Pool, error) {
	c, err := store.Candidates(ctx)
	if err != nil {
		return Pool{}, fmt.Errorf("sampling: %w", err)
	}
	p := Pool{Count: c.People}
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	for _, l := range []struct {
		into *[]string
		all  []string
		what string
	}{
		{&p.People, c.Connected, "people with KNOWS relationships"},
		{&p.Topics, c.Topics, "topics"},
		{&p.Companies, c.Employers, "companies with current employees"},
	} {
		if len(l.all) == 0 {
			return Pool{}, fmt.Errorf("the database has no %s to draw parameters from; import data first", l.what)
		}
		*l.into = sample(r, l.all, samplePool, strings.Compare)
	}
	names, err := store.Names(ctx, p.People, p.Companies)
	if err != nil {
		return Pool{}, fmt.Errorf("sampling names: %w", err)
	}
	seen := map[string]bool{}
	var words []string
	for _, name := range names {
		for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if len(w) >= 3 && !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	if len(words) == 0 {
		return Pool{}, errors.New("the sampled people and companies have no names to draw search words from")
	}
	p.Words = sample(r, words, samplePool, strings.Compare)
	times := make([]time.Time, 0, len(c.Times))
	for _, at := range c.Times {
		times = append(times, at.UTC().Truncate(time.Second))
	}
	if len(times) == 0 {
		return Pool{}, errors.New("the database has no signals with a time to draw windows from; import data first")
	}
	p.Times = sample(r, times, samplePool, func(a, b time.Time) int { return a.Compare(b) })
	if p.Stories, err = store.Stories(ctx, p.People); err != nil {
		return Pool{}, fmt.Errorf("sampling the filters' topics: %w", err)
	}
	for _, pairs := range p.Stories {
		slices.SortFunc(pairs, func(a, b [2]string) int { return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1])) })
	}
	return p, nil
}

// sample returns at most k elements of all chosen by r, sorted by cmp. The
// candidates are sorted first, so the result depends on r and the set of
// candidates only, not on the order the database returned them in.
func sample[T any](r *rand.Rand, all []T, k int, cmp func(a, b T) int) []T {
	all = slices.Clone(all)
	slices.SortFunc(all, cmp)
	if len(all) > k {
		for i := range k {
			j := i + r.IntN(len(all)-i)
			all[i], all[j] = all[j], all[i]
		}
		all = all[:k]
		slices.SortFunc(all, cmp)
	}
	return all
}

// draw is one set of parameters; each question uses the fields it needs.
type draw struct {
	Person, Other, Company, Topic, Topic2, Word string
	// Story and Story2 are the filtered connections' topics: Topic and
	// Topic2, or a pair of Person's Pool.Stories.
	Story, Story2 string
	// Since and Until bound a signal window.
	Since, Until time.Time
}

// windowDays are the lengths of the drawn signal windows.
var windowDays = []int{1, 7, 30, 90}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// drawFrom draws parameters from the pool; the same generator state gives
// the same draw. A window ends just after a sampled signal's time, so it
// is never empty, and lasts one of windowDays.
func drawFrom(r *rand.Rand, p Pool) draw {
	d := draw{
		Person:  pick(r, p.People),
		Other:   pick(r, p.People),
		Company: pick(r, p.Companies),
		Topic:   pick(r, p.Topics),
		Topic2:  pick(r, p.Topics),
		Word:    pick(r, p.Words),
		// Half a second after the signal: stored times are whole seconds,
		// so no signal lies on a bound, where Neo4j compares a time
		// stored with a zone name ([UTC]) and one given with an offset (Z)
		// as neither equal nor ordered.
		Until: pick(r, p.Times).Add(500 * time.Millisecond),
	}
	d.Since = d.Until.AddDate(0, 0, -pick(r, windowDays))
	// The filtered connections' topics are those of a direct connection
	// of the person, when they have one with a story, so that the
	// answers compared and measured are not empty.
	d.Story, d.Story2 = d.Topic, d.Topic2
	if pairs := p.Stories[d.Person]; len(pairs) > 0 {
		pair := pick(r, pairs)
		d.Story, d.Story2 = pair[0], pair[1]
	}
	return d
}

// newRand is client c's generator for a run seeded with seed.
func newRand(seed uint64, client int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(client)))
}

// endpoint is a GraphQL server: relgraph's (with a key) or the
// reference's (without).
type endpoint struct {
	url, key string
}

// post asks one question and returns the answer's data; GraphQL errors in
// the answer count as failures.
func (e endpoint) post(ctx context.Context, hc *http.Client, query string, vars map[string]any) (json.RawMessage, error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if e.key != "" {
		req.Header.Set("Authorization", "Bearer "+e.key)
	}
	res, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, maxBodyBytes))
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %d: %s", res.StatusCode, clip(string(raw), 200))
	}
	var out struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("answer is not JSON: %w", err)
	}
	if len(out.Errors) > 0 {
		return nil, fmt.Errorf("GraphQL error: %s", out.Errors[0].Message)
	}
	return out.Data, nil
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

// Warm-up before each measurement: at most warmRequests requests, started
// within warmTime, so that query plans are cached and connections open on
// every side alike.
const (
	warmRequests = 3
	warmTime     = 2 * time.Second
)

// warmUp asks a few requests that are not measured, with parameters from
// a generator of its own.
func warmUp(ctx context.Context, timeout time.Duration, seed uint64, p Pool, ask func(context.Context, draw) error) {
	r := newRand(seed, -1)
	start := time.Now()
	for i := 0; i < warmRequests && ctx.Err() == nil && time.Since(start) < warmTime; i++ {
		rctx, cancel := context.WithTimeout(ctx, timeout)
		_ = ask(rctx, drawFrom(r, p))
		cancel()
	}
}

// measure runs ask from n clients for d, each drawing its parameters from
// its own seeded generator, and summarises the latencies of all requests.
// A client starts no request after d, but the requests already started
// finish (each within timeout) and are counted: cutting them off would
// hide exactly the slow ones. Throughput is over the whole time, those
// last requests included.
func measure(ctx context.Context, n int, d, timeout time.Duration, seed uint64, p Pool, ask func(context.Context, draw) error) Side {
	warmUp(ctx, timeout, seed, p, ask)
	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      int
		firstErr  string
		wg        sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(d)
	for c := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := newRand(seed, c)
			var mine []time.Duration
			var bad int
			var first string
			for ctx.Err() == nil && time.Now().Before(deadline) {
				dr := drawFrom(r, p)
				rctx, cancel := context.WithTimeout(ctx, timeout)
				t0 := time.Now()
				err := ask(rctx, dr)
				el := time.Since(t0)
				cancel()
				if ctx.Err() != nil {
					break // interrupted: not counted
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
	// Hops is the question's class for the latency targets: 1 for
	// questions over direct relationships, 2 for those that walk two or
	// more KNOWS hops.
	Hops      int   `json:"hops"`
	Clients   int   `json:"clients"`
	HTTP      Side  `json:"http"`
	Direct    Side  `json:"direct"`
	Reference *Side `json:"reference,omitempty"`
	// Overhead is HTTP p50 / direct p50; 0 when either side had errors
	// or direct had no requests, as the ratio would then mislead.
	Overhead float64 `json:"overhead"`
}

// Report is the whole run.
type Report struct {
	Duration string `json:"durationPerSide"`
	Seed     uint64 `json:"seed"`
	Clients  []int  `json:"clients"`
	// People is the number of people in the database.
	People int   `json:"people"`
	Rows   []Row `json:"rows"`
}

func (r Report) writeText(w io.Writer) {
	withRef := slices.ContainsFunc(r.Rows, func(row Row) bool { return row.Reference != nil })
	fmt.Fprintf(w, "%d people, %s per question, client count and side, seed %d; latencies in ms\n", r.People, r.Duration, r.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "question\tclass\tclients\thttp p50\tp99\treq/s\tdirect p50\tp99\treq/s\thttp/direct\t"
	if withRef {
		head += "reference p50\tp99\treq/s\tref/http p99\t"
	}
	fmt.Fprintln(tw, head+"errors\t")
	for _, row := range r.Rows {
		h, d := row.HTTP, row.Direct
		ratio := "-"
		if row.Overhead > 0 {
			ratio = strconv.FormatFloat(row.Overhead, 'f', 2, 64)
		}
		errs := fmt.Sprintf("%d/%d", h.Errors, d.Errors)
		line := fmt.Sprintf("%s\t%d-hop\t%d\t%s\t%s\t%.1f\t%s\t%s\t%.1f\t%s\t",
			row.Question, row.Hops, row.Clients, ms(h.P50), ms(h.P99), h.Throughput, ms(d.P50), ms(d.P99), d.Throughput, ratio)
		if withRef {
			if ref := row.Reference; ref != nil {
				vs := "-"
				if h.P99 > 0 && ref.Requests > 0 {
					vs = strconv.FormatFloat(ref.P99/h.P99, 'f', 1, 64) + "x"
				}
				line += fmt.Sprintf("%s\t%s\t%.1f\t%s\t", ms(ref.P50), ms(ref.P99), ref.Throughput, vs)
				errs += fmt.Sprintf("/%d", ref.Errors)
			} else {
				line += "-\t-\t-\t-\t"
			}
		}
		fmt.Fprintln(tw, line+errs+"\t")
	}
	tw.Flush()
	fmt.Fprint(w, "class: the latency target's class (1-hop or 2-hop); errors: http/direct")
	if withRef {
		fmt.Fprint(w, "/reference")
	}
	fmt.Fprintln(w, " failed requests")
	for _, row := range r.Rows {
		for _, s := range []struct {
			side string
			v    *Side
		}{{"HTTP", &row.HTTP}, {"direct", &row.Direct}, {"reference", row.Reference}} {
			if s.v != nil && s.v.FirstError != "" {
				fmt.Fprintf(w, "%s, %d clients, first %s error: %s\n", row.Question, row.Clients, s.side, s.v.FirstError)
			}
		}
	}
}

// checkDrawsPerSet bounds the draws of a question in -check: it draws on
// past -check parameter sets, up to this many times as many, until as
// many answers were not empty, so that rarely matching filters are still
// compared on answers with people in them.
const checkDrawsPerSet = 20

// check asks drawn parameter sets of every question of relgraph and of
// the reference and compares the canonical forms of the answers.
func check(ctx context.Context, hc *http.Client, relgraph, reference endpoint, qs []question, p Pool, cfg config, stdout io.Writer) error {
	fmt.Fprintf(stdout, "%d people; comparing the answers of relgraph and the reference: at least %d parameter sets per question, more (up to %d) until %d answers are not empty\n",
		p.Count, cfg.check, cfg.check*checkDrawsPerSet, cfg.check)
	differ, unanswered := 0, 0
questions:
	for qi, q := range qs {
		r := newRand(cfg.seed*7919+uint64(qi), 0)
		drawn, same, nonEmpty := 0, 0, 0
		var first string
		for drawn < cfg.check || (nonEmpty < cfg.check && drawn < cfg.check*checkDrawsPerSet) {
			drawn++
			if ctx.Err() != nil {
				return ctx.Err()
			}
			d := drawFrom(r, p)
			vars, refVars := q.vars(d), q.ref.vars(d)
			a, err := answer(ctx, hc, relgraph, q.query, vars, q.shape)
			if err != nil {
				return fmt.Errorf("%s: relgraph: %w (variables %v)", q.name, err, vars)
			}
			b, err := answer(ctx, hc, reference, q.ref.query, refVars, q.ref.shape)
			if err != nil {
				// The reference cannot answer (typically its timeout):
				// nothing to compare for this question.
				unanswered++
				fmt.Fprintf(stdout, "  %-30s NOT COMPARED: the reference failed after %d equal answers: %s (variables %v)\n",
					q.name, same, clip(err.Error(), 300), refVars)
				continue questions
			}
			if a.equal(b) {
				same++
				if len(a.Items) > 0 {
					nonEmpty++
				}
			} else if first == "" {
				first = fmt.Sprintf("    variables %v\n    relgraph:  %s\n    reference: %s\n    %s", vars, clip(a.String(), 600), clip(b.String(), 600), a.diff(b))
			}
		}
		status := "same"
		if same < drawn {
			status = "DIFFERENT"
			differ++
		}
		fmt.Fprintf(stdout, "  %-30s %s: %d/%d answers equal (%d non-empty)\n", q.name, status, same, drawn, nonEmpty)
		if first != "" {
			fmt.Fprintln(stdout, first)
		}
	}
	if differ > 0 {
		return fmt.Errorf("%d questions answered differently", differ)
	}
	if unanswered > 0 {
		fmt.Fprintf(stdout, "every answer compared is the same; %d questions not compared because the reference failed\n", unanswered)
		return nil
	}
	fmt.Fprintln(stdout, "every answer is the same")
	return nil
}

func answer(ctx context.Context, hc *http.Client, e endpoint, query string, vars map[string]any, s shape) (canonical, error) {
	data, err := e.post(ctx, hc, query, vars)
	if err != nil {
		return canonical{}, err
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return canonical{}, err
	}
	return s.canonical(v), nil
}

// questions are the questions of DESIGN.md as they are measured.
var questions = buildQuestions()
