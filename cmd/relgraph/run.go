package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph"
	"github.com/relgraph/relgraph/internal/alerts"
	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/documents"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/server"
	"github.com/relgraph/relgraph/internal/telemetry"
	"github.com/relgraph/relgraph/neo4j"
)

// errSilent is returned when the problem was already reported.
var errSilent = errors.New("failed")

const usage = `relgraph: a relationship-graph query service over Neo4j.

Usage:
  relgraph serve   [-addr 127.0.0.1:8080] [-playground=true]
  relgraph dev     [-addr 127.0.0.1:8080] [-data .relgraph/neo4j] [-neo4j-port 7687] [-demo testdata/demo.ndjson] [-as-of 2026-11-25|now]
  relgraph import  [-batch-size 5000] [-writers 2] [-quiet] FILE   (FILE may be - for standard input)
  relgraph import  -bulk [-data .relgraph/neo4j] [-heap 2g] [-memory 2g] [-quiet] FILE   (an empty local database, offline)
  relgraph import  -format linkedin -owner ID [-exported DAY] Connections.csv
  relgraph import  -format csv -map salesforce|hubspot|MAPPING.json [-exported DAY] FILE.csv
  relgraph migrate
  relgraph schema                                      (the GraphQL schema, as GET /schema.graphql serves it)
  relgraph documents build [-o FILE] DIR...            (trusted-documents manifest of the .graphql files, checked against the schema)
  relgraph healthcheck [-url http://ADDR/readyz]       (exit 0 when the server is ready: the container's health check)
  relgraph mcp                                         (a Model Context Protocol server on stdio for assistants, asking as RELGRAPH_KEY)
  relgraph generate -people N [-seed 1] [-interactions] [-out FILE]   (synthetic data in the import format)
  relgraph suppressions list|remove ERASURE             (people erased for good: erasePerson)
  relgraph strength recompute [-as-of TIME]            (every computed strength, as of now or TIME)
  relgraph keys new -role reader|writer|admin [-person ID] [-name NAME]
  relgraph keys list
  relgraph keys revoke NAME

Environment (see the README for details):
  NEO4J_URI                  database URI (bolt://, neo4j://, ...); default bolt://127.0.0.1:7687
  NEO4J_USERNAME             user name; empty for a server without authentication
  NEO4J_PASSWORD             password
  NEO4J_DATABASE             database name; empty for the server's default
  RELGRAPH_KEYS_FILE         API keys file; default .relgraph/keys.json
  RELGRAPH_KEY               the API key relgraph mcp asks as
  RELGRAPH_RATE_LIMITS       request budgets by role, ROLE=N/s[:BURST] or ROLE=off; default reader=50/s:100,writer=50/s:100,admin=off
  RELGRAPH_ADDR              listen address for serve and dev; default 127.0.0.1:8080
  RELGRAPH_TX_TIMEOUT        timeout of each Neo4j transaction; default 10s
  RELGRAPH_REQUEST_TIMEOUT   timeout of a whole request; default 15s
  RELGRAPH_SHUTDOWN_TIMEOUT  how long SIGTERM waits for requests in flight; default 20s
  RELGRAPH_SLOW_QUERY        log statements slower than this with their Cypher; default 500ms, 0 off
  RELGRAPH_MAX_COST          largest query cost; default 1000000
  RELGRAPH_MAX_FIELDS        most top-level fields (aliases included) per operation; default 20
  RELGRAPH_MAX_DEPTH         deepest query nesting; default 15
  RELGRAPH_MAX_BODY_BYTES    largest request body; default 1048576
  RELGRAPH_MAX_SAVED_QUESTIONS  most saved questions per person; default 100
  RELGRAPH_MAX_WEBHOOKS      most webhooks per saved question; default 10
  RELGRAPH_MAX_ALERT_ITEMS   most items of an answer that alerts compare; default 1000
  RELGRAPH_ALERTS_EVERY      how often every saved question is asked again; default 15m
  RELGRAPH_ALERTS_POLL       how often changes made by other processes, and the outbox, are looked at; default 1s
  RELGRAPH_WEBHOOK_ALLOW_HTTP  comma-separated hosts webhooks may reach over http; default none (dev: 127.0.0.1,localhost)
  RELGRAPH_WEBHOOK_TIMEOUT   longest wait for a receiver's answer; default 10s
  RELGRAPH_WEBHOOK_RETRY_BASE  wait after a first failed delivery, doubled each time; default 30s
  RELGRAPH_WEBHOOK_RETRY_MAX   longest wait between two attempts; default 1h
  RELGRAPH_WEBHOOK_RETRY_FOR   how long a delivery is tried before it is marked failed; default 24h
  RELGRAPH_PLAYGROUND        serve the playground at /; default true
  RELGRAPH_TRUSTED_DOCUMENTS   manifest (relgraph documents build) that keys of RELGRAPH_TRUSTED_ROLES are held to; default none
  RELGRAPH_TRUSTED_ROLES     comma-separated roles held to the manifest; default reader
  RELGRAPH_INTROSPECTION     allow GraphQL introspection; default true
  RELGRAPH_CORS_ORIGINS      comma-separated origins allowed from browsers; default none
  RELGRAPH_MAX_INFLIGHT      GraphQL requests running at once (others queue); default 16
  RELGRAPH_NEO4J_POOL_SIZE   most connections to Neo4j; default 100
  RELGRAPH_NEO4J_ACQUIRE_TIMEOUT  longest wait for a connection (fail fast when Neo4j is down); default 5s
  RELGRAPH_STRENGTH_HALF_LIFE  half-life of the recency of computed strengths; default 90d
  RELGRAPH_STRENGTH_AS_OF    time computed strengths are as of (fixed); default now
  RELGRAPH_STRENGTH_REFRESH  how often serve recomputes every strength; default 1d, 0 never
  RELGRAPH_LOG_LEVEL         debug, info, warn or error; default info
  GOMEMLIMIT                 soft limit of relgraph's own memory (Go's runtime collects garbage more often near it); default none, 480MiB for import
  GOGC                       how much Go's heap grows between garbage collections, in percent of the live heap; default 100, 400 for serve and dev
  OTEL_EXPORTER_OTLP_ENDPOINT  OTLP/HTTP endpoint traces go to (serve, dev, import); default none: no traces
  OTEL_SERVICE_NAME          service name of the traces; default relgraph
  OTEL_TRACES_SAMPLER        sampler (OTEL_TRACES_SAMPLER_ARG its argument); default parentbased_always_on
  OTEL_TRACES_SAMPLER_ARG    the sampler's argument, e.g. 0.1 for traceidratio
`

// env is the service's configuration read from getenv.
type env struct {
	neo4j           neo4j.Config
	uriSet          bool
	keysFile        string
	addr            string
	logLevel        zerolog.Level
	txTimeout       time.Duration
	requestTimeout  time.Duration
	shutdownTimeout time.Duration
	// refresh is how often serve recomputes every strength (0: never).
	refresh time.Duration
	server  server.Options
	alerts  alerts.Config
	// allowHTTPSet tells whether RELGRAPH_WEBHOOK_ALLOW_HTTP was given.
	allowHTTPSet bool
	// memoryLimitSet tells whether GOMEMLIMIT was given (Go's runtime
	// reads it itself).
	memoryLimitSet bool
	// gcPercentSet tells whether GOGC was given (idem).
	gcPercentSet bool
}

func readEnv(getenv func(string) string) (env, error) {
	e := env{
		keysFile: or(getenv("RELGRAPH_KEYS_FILE"), ".relgraph/keys.json"),
		addr:     or(getenv("RELGRAPH_ADDR"), "127.0.0.1:8080"),
	}
	e.neo4j = neo4j.Config{
		URI:      or(getenv("NEO4J_URI"), "bolt://127.0.0.1:7687"),
		Username: getenv("NEO4J_USERNAME"),
		Password: getenv("NEO4J_PASSWORD"),
		Database: getenv("NEO4J_DATABASE"),
	}
	e.uriSet = getenv("NEO4J_URI") != ""
	e.memoryLimitSet = getenv("GOMEMLIMIT") != ""
	e.gcPercentSet = getenv("GOGC") != ""
	r := envReader{getenv: getenv}
	e.txTimeout = r.duration("RELGRAPH_TX_TIMEOUT", "10s", false)
	e.requestTimeout = r.duration("RELGRAPH_REQUEST_TIMEOUT", "15s", false)
	e.shutdownTimeout = r.duration("RELGRAPH_SHUTDOWN_TIMEOUT", "20s", false)
	e.neo4j.TxTimeout = e.txTimeout
	e.neo4j.SlowQuery = r.duration("RELGRAPH_SLOW_QUERY", "500ms", true)
	e.neo4j.AcquireTimeout = r.duration("RELGRAPH_NEO4J_ACQUIRE_TIMEOUT", "5s", false)
	e.neo4j.MaxPoolSize = r.integer("RELGRAPH_NEO4J_POOL_SIZE", neo4j.DefaultPoolSize)
	// One set of limits, for the server's checks and the store's.
	limits := model.DefaultLimits()
	limits.MaxCost = r.integer("RELGRAPH_MAX_COST", limits.MaxCost)
	limits.MaxDepth = r.integer("RELGRAPH_MAX_DEPTH", limits.MaxDepth)
	limits.MaxBodyBytes = int64(r.integer("RELGRAPH_MAX_BODY_BYTES", int(limits.MaxBodyBytes)))
	limits.MaxRootFields = r.integer("RELGRAPH_MAX_FIELDS", limits.MaxRootFields)
	limits.MaxSavedQuestions = r.integer("RELGRAPH_MAX_SAVED_QUESTIONS", limits.MaxSavedQuestions)
	limits.MaxWebhooks = r.integer("RELGRAPH_MAX_WEBHOOKS", limits.MaxWebhooks)
	limits.MaxAlertItems = r.integer("RELGRAPH_MAX_ALERT_ITEMS", limits.MaxAlertItems)
	e.alerts = alerts.Config{
		Every:     r.duration("RELGRAPH_ALERTS_EVERY", "15m", false),
		Poll:      r.duration("RELGRAPH_ALERTS_POLL", "1s", false),
		Timeout:   r.duration("RELGRAPH_WEBHOOK_TIMEOUT", "10s", false),
		RetryBase: r.duration("RELGRAPH_WEBHOOK_RETRY_BASE", "30s", false),
		RetryMax:  r.duration("RELGRAPH_WEBHOOK_RETRY_MAX", "1h", false),
		RetryFor:  r.duration("RELGRAPH_WEBHOOK_RETRY_FOR", "24h", false),
	}
	e.alerts.AllowHTTP = list(getenv("RELGRAPH_WEBHOOK_ALLOW_HTTP"))
	e.allowHTTPSet = getenv("RELGRAPH_WEBHOOK_ALLOW_HTTP") != ""
	e.neo4j.Limits = limits
	e.neo4j.Strength = model.StrengthModel{HalfLife: r.days("RELGRAPH_STRENGTH_HALF_LIFE", "90d")}
	if e.neo4j.Strength.HalfLife <= 0 {
		r.errs = append(r.errs, "RELGRAPH_STRENGTH_HALF_LIFE: the half-life must be longer than 0")
	}
	if v := getenv("RELGRAPH_STRENGTH_AS_OF"); v != "" {
		t, err := model.ParseDateTime(v)
		if err != nil {
			r.errs = append(r.errs, fmt.Sprintf("RELGRAPH_STRENGTH_AS_OF: %v", err))
		}
		e.neo4j.AsOf = func() time.Time { return t.Time }
	}
	e.refresh = r.days("RELGRAPH_STRENGTH_REFRESH", "1d")
	e.server = server.Options{
		Playground:      r.boolean("RELGRAPH_PLAYGROUND", true),
		NoIntrospection: !r.boolean("RELGRAPH_INTROSPECTION", true),
		RequestTimeout:  e.requestTimeout,
		MaxInFlight:     r.integer("RELGRAPH_MAX_INFLIGHT", 16),
		Limits:          limits,
		RateLimits:      r.rates("RELGRAPH_RATE_LIMITS", defaultRateLimits),
	}
	e.server.CORSOrigins = list(getenv("RELGRAPH_CORS_ORIGINS"))
	if file := getenv("RELGRAPH_TRUSTED_DOCUMENTS"); file != "" {
		m, err := documents.Load(file)
		if err != nil {
			r.errs = append(r.errs, "RELGRAPH_TRUSTED_DOCUMENTS: "+err.Error())
		}
		e.server.Trusted.Manifest = m
		for _, name := range list(or(getenv("RELGRAPH_TRUSTED_ROLES"), "reader")) {
			role, err := auth.ParseRole(name)
			if err != nil {
				r.errs = append(r.errs, fmt.Sprintf("RELGRAPH_TRUSTED_ROLES: %v", err))
			}
			e.server.Trusted.Roles = append(e.server.Trusted.Roles, role)
		}
	}
	var err error
	if e.logLevel, err = zerolog.ParseLevel(or(getenv("RELGRAPH_LOG_LEVEL"), "info")); err != nil {
		r.errs = append(r.errs, fmt.Sprintf("RELGRAPH_LOG_LEVEL: %v", err))
	}
	if len(r.errs) > 0 {
		return e, errors.New(strings.Join(r.errs, "; "))
	}
	return e, nil
}

// list reads a comma-separated list, blanks left out.
func list(v string) []string {
	var out []string
	for _, o := range strings.Split(v, ",") {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, o)
		}
	}
	return out
}

// envReader reads typed variables, collecting every problem.
type envReader struct {
	getenv func(string) string
	errs   []string
}

func (r *envReader) duration(name, def string, zeroOK bool) time.Duration {
	v := or(r.getenv(name), def)
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 || d == 0 && !zeroOK {
		r.errs = append(r.errs, fmt.Sprintf("%s: %q is not a positive duration such as %s", name, v, def))
	}
	return d
}

// days reads a duration that may also be a whole number of days ("90d");
// 0 is allowed.
func (r *envReader) days(name, def string) time.Duration {
	v := or(r.getenv(name), def)
	if n, ok := strings.CutSuffix(v, "d"); ok {
		if d, err := strconv.Atoi(n); err == nil && d >= 0 {
			return time.Duration(d) * 24 * time.Hour
		}
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		r.errs = append(r.errs, fmt.Sprintf("%s: %q is not a duration such as %s or 2160h", name, v, def))
	}
	return d
}

// defaultRateLimits are the request budgets of keys by role.
const defaultRateLimits = "reader=50/s:100,writer=50/s:100,admin=off"

// rates reads budgets by role: ROLE=N/s[:BURST] or ROLE=off, comma
// separated; roles left out are not limited.
func (r *envReader) rates(name, def string) map[auth.Role]auth.Rate {
	out := map[auth.Role]auth.Rate{}
	for _, part := range strings.Split(or(r.getenv(name), def), ",") {
		role, rate, ok := strings.Cut(strings.TrimSpace(part), "=")
		ro, err := auth.ParseRole(role)
		if !ok || err != nil {
			r.errs = append(r.errs, fmt.Sprintf("%s: %q is not ROLE=N/s[:BURST] or ROLE=off (e.g. %s)", name, part, def))
			continue
		}
		ra, err := auth.ParseRate(rate)
		if err != nil {
			r.errs = append(r.errs, fmt.Sprintf("%s: %s: %v", name, role, err))
			continue
		}
		out[ro] = ra
	}
	return out
}

func (r *envReader) integer(name string, def int) int {
	v := r.getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		r.errs = append(r.errs, fmt.Sprintf("%s: %q is not a positive whole number", name, v))
	}
	return n
}

func (r *envReader) boolean(name string, def bool) bool {
	v := r.getenv(name)
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		r.errs = append(r.errs, fmt.Sprintf("%s: %q is not true or false", name, v))
	}
	return b
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// run is the whole program; main only maps its error to an exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errSilent
	}
	e, err := readEnv(getenv)
	if err != nil {
		return err
	}
	log := zerolog.New(stderr).Level(e.logLevel).With().Timestamp().Logger()
	switch args[0] {
	case "serve", "dev", "import":
		// Traces, when the OTEL_* variables ask for them.
		stop, err := telemetry.Setup(ctx)
		if err != nil {
			return fmt.Errorf("OpenTelemetry: %w", err)
		}
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := stop(sctx); err != nil {
				log.Warn().Err(err).Msg("exporting the last traces failed")
			}
		}()
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], e, log, stdout, stderr)
	case "dev":
		return cmdDev(ctx, args[1:], e, log, stdout, stderr)
	case "import":
		return cmdImport(ctx, args[1:], e, log, stdin, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, args[1:], e, log, stdout, stderr)
	case "keys":
		return cmdKeys(args[1:], e, stdout, stderr)
	case "generate":
		return cmdGenerate(args[1:], stdout, stderr)
	case "strength":
		return cmdStrength(ctx, args[1:], e, log, stdout, stderr)
	case "suppressions":
		return cmdSuppressions(ctx, args[1:], e, log, stdout, stderr)
	case "mcp":
		return cmdMCP(ctx, e, getenv, log, stdin, stdout)
	case "healthcheck":
		return cmdHealthcheck(args[1:], e, stdout, stderr)
	case "documents":
		return cmdDocuments(args[1:], stdout, stderr)
	case "schema":
		// The SDL, for code generators: what GET /schema.graphql serves.
		_, err := io.WriteString(stdout, relgraph.SDL)
		return err
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "unknown command %q\n\n%s", args[0], usage)
	return errSilent
}

// batch is e set up for batch work (imports, migrations, strength
// recomputes), whose statements are slow by nature: no slow-query log,
// and more time per transaction than a question gets.
func (e env) batch() env {
	e.neo4j.SlowQuery = 0
	e.neo4j.TxTimeout = max(e.neo4j.TxTimeout, importTxTimeout)
	return e
}

// openStore connects to the database and brings its schema up to date: what
// every command that touches the graph does first. Close the store after.
func openStore(ctx context.Context, e env, log zerolog.Logger) (*neo4j.Store, error) {
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	store, err := neo4j.Connect(cctx, e.neo4j, log)
	if err != nil {
		return nil, err
	}
	if err := store.Migrate(ctx); err != nil {
		store.Close(context.Background())
		return nil, err
	}
	return store, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
