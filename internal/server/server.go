// Package server wires relgraph's HTTP routes and middleware.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/zerolog"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/relgraph/relgraph"
	"github.com/relgraph/relgraph/internal/alerts"
	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/server/playground"
	"github.com/relgraph/relgraph/internal/telemetry"
	"github.com/relgraph/relgraph/neo4j"
	"github.com/relgraph/relgraph/resolvers"
)

// Authenticator checks bearer tokens.
type Authenticator interface {
	Authenticate(token string) (*auth.Principal, bool)
}

// Options configure the server.
type Options struct {
	// Playground serves GraphiQL at "/" when true.
	Playground bool
	// NoIntrospection turns GraphQL introspection off (production).
	NoIntrospection bool
	// Limits bound each request; zero values take the defaults. The
	// store's questions are checked against the store's own.
	Limits model.Limits
	// CORSOrigins are the origins allowed to call from a browser; none by
	// default ("*" allows any).
	CORSOrigins []string
	// RequestTimeout bounds a whole request, waiting for a slot included;
	// 0 for none.
	RequestTimeout time.Duration
	// MaxInFlight caps the GraphQL requests running at once (others
	// queue); 0 for no cap.
	MaxInFlight int
	// Metrics, when set, are recorded and served at /metrics (admin key).
	Metrics *Metrics
	// RateLimits are the request budgets of keys by role (a key's own
	// budget comes first); a role without one is not limited.
	RateLimits map[auth.Role]auth.Rate
	// Observe, when set, is given each request's statement trace as the
	// request starts; the trace is complete once the response is written
	// (tests count round trips with it).
	Observe func(r *http.Request, t *neo4j.Trace)
	// Trusted, when it has a manifest, holds keys of its roles to the
	// documents it lists.
	Trusted Trusted
	// Alerts evaluates saved questions and delivers their alerts; the
	// caller runs it. nil: saved questions get their baselines, and
	// nothing evaluates them again.
	Alerts *alerts.Engine
}

// queryCacheSize is how many distinct parsed query texts are kept, and
// persistedQueries how many texts automatic persisted queries remember.
const (
	queryCacheSize   = 1000
	persistedQueries = 1000
)

// New returns the HTTP handler of the whole service. All routes and
// middleware are wired here.
func New(store *neo4j.Store, keys Authenticator, log zerolog.Logger, opts Options) http.Handler {
	limits := opts.Limits.WithDefaults()
	schema := resolvers.NewSchema(store, opts.Alerts)
	gql := handler.New(schema)
	// Subscriptions: Server-Sent Events (a POST that accepts
	// text/event-stream, so before POST), the key in the header; and
	// graphql-transport-ws, the key in the init payload.
	gql.AddTransport(transport.SSE{KeepAlivePingInterval: 15 * time.Second})
	gql.AddTransport(transport.GET{})
	gql.AddTransport(post{})
	gql.AddTransport(transport.Websocket{InitFunc: wsInit(keys), InitTimeout: 10 * time.Second, KeepAlivePingInterval: 15 * time.Second})
	if !opts.NoIntrospection {
		gql.Use(extension.Introspection{})
	}
	if opts.Trusted.Manifest != nil {
		gql.Use(trustedExtension{opts.Trusted})
	}
	// Automatic persisted queries (Apollo's protocol): a client may send
	// the hash alone of a query this server has seen.
	gql.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](persistedQueries)})
	gql.Use(limitExtension{limits: limits, es: schema})
	if opts.Metrics != nil {
		gql.AroundRootFields(opts.Metrics.aroundRootFields)
	}
	// No field middleware (AroundFields, or an extension that intercepts
	// fields): the generated code marshals plain scalar fields without
	// it (graph/gen).
	gql.SetParserTokenLimit(limits.MaxTokens)
	// Tools ask the same few query texts over and over: parse and
	// validate each once. Only valid documents are kept.
	gql.SetQueryCache(lru.New[*ast.QueryDocument](queryCacheSize))
	gql.SetErrorPresenter(presentError)
	gql.SetRecoverFunc(recoverPanic)
	gql.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		oc := graphql.GetOperationContext(ctx)
		if info := infoFrom(ctx); info != nil {
			info.setOperation(oc.OperationName)
		}
		if isStreamed(ctx) && (oc.Operation == nil || oc.Operation.Operation != ast.Subscription) {
			// Streams skip the request timeout and the in-flight cap: they
			// are for subscriptions only.
			return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{Message: "over WebSocket and Server-Sent Events relgraph runs subscriptions only: send queries and mutations with POST or GET",
				Extensions: map[string]any{"code": model.CodeBadRequest}}}})
		}
		ctx, span := operationSpan(ctx, oc)
		respond := next(ctx)
		if oc.Operation != nil && oc.Operation.Operation == ast.Subscription {
			// A stream ends with a nil response, its context done.
			return func(ctx context.Context) *graphql.Response {
				resp := respond(ctx)
				if resp == nil {
					span.End()
				}
				return resp
			}
		}
		return func(ctx context.Context) *graphql.Response {
			defer span.End()
			// gqlgen answers nothing (the body "null") for a request whose
			// time is up before it runs: say so.
			if ctx.Err() != nil {
				resp := &graphql.Response{Errors: gqlerror.List{presentError(ctx, ctx.Err())}}
				endOperation(span, oc, resp)
				return resp
			}
			resp := respond(ctx)
			endOperation(span, oc, resp)
			return resp
		}
	})

	gql.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		withCost(ctx, resp, limits.MaxCost)
		if in := infoFrom(ctx); resp != nil && in != nil && in.explain {
			if resp.Extensions == nil {
				resp.Extensions = map[string]any{}
			}
			resp.Extensions["explain"] = explainOf(neo4j.TraceFrom(ctx))
		}
		return resp
	})

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := store.Ping(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("neo4j unavailable\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	route := func(name string, h http.Handler) http.Handler {
		if opts.Metrics == nil {
			return h
		}
		return opts.Metrics.route(name, h)
	}
	limited := rateLimit(opts.RateLimits, opts.Metrics.rateLimited)
	ask := chain(gql, httpStatuses, cors(opts.CORSOrigins), limitBody(limits.MaxBodyBytes), timeout(opts.RequestTimeout), requireKey(keys), limited, checkRequest(limits.MaxBodyBytes), inflight(opts.MaxInFlight), resolvers.Middleware(store))
	// Streams (subscriptions) last as long as the client listens: no
	// request timeout, no in-flight slot, no write deadline.
	stream := chain(gql, cors(opts.CORSOrigins), limitBody(limits.MaxBodyBytes), endless, markStream, streamKey(keys), limited, checkRequest(limits.MaxBodyBytes), resolvers.Middleware(store))
	mux.Handle("/graphql", route("graphql", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isStream(r) {
			stream.ServeHTTP(w, r)
			return
		}
		ask.ServeHTTP(w, r)
	})))
	// The schema for code generators, with any key, introspection on or off.
	mux.Handle("GET /schema.graphql", route("schema", chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/graphql; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write([]byte(relgraph.SDL))
	}), requireKey(keys))))
	if opts.Metrics != nil {
		mux.Handle("GET /metrics", chain(opts.Metrics.Handler(), requireKey(keys), requireRole(auth.Admin)))
	}
	if opts.Playground {
		mux.Handle("/", route("playground", playground.Handler(playground.Options{Endpoint: "/graphql", Examples: playground.Examples})))
	}
	return chain(mux, requestInfo(log, opts.Observe))
}

// timeout bounds a whole request: statements, loaders and all.
func timeout(d time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		if d <= 0 {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// requireRole admits only keys with at least that role (after requireKey).
func requireRole(need auth.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if p := auth.FromContext(r.Context()); p == nil || !p.Role.Allows(need) {
				writeErrors(w, http.StatusForbidden, "this needs "+auth.Article(need)+" key", model.CodeForbidden)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// chain applies middleware so that the first listed runs first.
// httpStatuses makes failures to parse or validate a request follow
// GraphQL over HTTP: with an application/json answer the status is 200
// (the errors say what failed), and an application/graphql-response+json
// answer with a 4xx status has no "data" entry.
func httpStatuses(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&gqlStatusWriter{ResponseWriter: w}, r)
	})
}

// gqlStatusWriter rewrites the status and body httpStatuses changes.
type gqlStatusWriter struct {
	http.ResponseWriter
	strip       bool // drop "data" from the body written
	wroteHeader bool
}

func (w *gqlStatusWriter) WriteHeader(status int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	media, _, _ := mime.ParseMediaType(w.Header().Get("Content-Type"))
	switch {
	case status == http.StatusUnprocessableEntity && media == "application/json":
		status = http.StatusOK
	case status >= 400 && status < 500 && media == "application/graphql-response+json":
		w.strip = true
		w.Header().Del("Content-Length")
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *gqlStatusWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if w.strip {
		var body map[string]json.RawMessage
		if json.Unmarshal(b, &body) == nil {
			if _, ok := body["data"]; ok {
				delete(body, "data")
				out, err := json.Marshal(body)
				if err == nil {
					if _, err := w.ResponseWriter.Write(out); err != nil {
						return 0, err
					}
					return len(b), nil
				}
			}
		}
	}
	return w.ResponseWriter.Write(b)
}

func (w *gqlStatusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *gqlStatusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func chain(h http.Handler, mw ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// info is what the log line of a request says; later middleware fills it.
type info struct {
	mu        sync.Mutex
	id        string
	operation string
	key       string
	explain   bool
}

func (i *info) setOperation(op string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.operation == "" {
		i.operation = op
	} else if op != "" && !strings.Contains(i.operation, op) {
		i.operation += "," + op
	}
}

type infoKey struct{}

func infoFrom(ctx context.Context) *info {
	i, _ := ctx.Value(infoKey{}).(*info)
	return i
}

// RequestID returns the id of the request ctx belongs to.
func RequestID(ctx context.Context) string {
	if i := infoFrom(ctx); i != nil {
		return i.id
	}
	return ""
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// requestInfo gives each request an id, a statement trace and a logger,
// and logs one line when it ends.
func requestInfo(log zerolog.Logger, observe func(*http.Request, *neo4j.Trace)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			id := r.Header.Get("X-Request-Id")
			if id == "" || len(id) > 64 {
				id = newID()
			}
			w.Header().Set("X-Request-Id", id)
			in := &info{id: id}
			trace := &neo4j.Trace{}
			ctx, span := requestSpan(r)
			defer span.End()
			reqLog := log.With().Str("request_id", id).Logger()
			if tid := telemetry.TraceID(ctx); tid != "" {
				reqLog = reqLog.With().Str("trace_id", tid).Logger()
			}
			ctx = context.WithValue(ctx, infoKey{}, in)
			ctx = neo4j.WithTrace(ctx, trace)
			ctx = neo4j.WithBookmarks(ctx)
			ctx = reqLog.WithContext(ctx)
			if observe != nil {
				observe(r, trace)
			}
			sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(sw, r.WithContext(ctx))
			endRequest(span, sw.status)
			n, cypher := trace.Total()
			in.mu.Lock()
			defer in.mu.Unlock()
			level := zerolog.InfoLevel
			if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || strings.HasPrefix(r.URL.Path, playground.AssetsPrefix) {
				level = zerolog.DebugLevel
			}
			reqLog.WithLevel(level).
				Str("method", r.Method).Str("path", r.URL.Path).Int("status", sw.status).
				Str("operation", in.operation).Str("key", in.key).
				Float64("duration_ms", ms(time.Since(start))).
				Int("cypher_statements", n).Float64("cypher_ms", ms(cypher)).
				Msg("request")
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func newID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// requireKey admits only requests with a valid bearer token and records
// who they speak for.
func requireKey(keys Authenticator) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := r.Header.Get("Authorization")
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok || strings.TrimSpace(token) == "" {
				unauthenticated(w, "missing API key: send the header `Authorization: Bearer <key>` (create one with `relgraph keys new`)")
				return
			}
			p, ok := keys.Authenticate(token)
			if !ok {
				unauthenticated(w, "invalid API key")
				return
			}
			explain := r.Header.Get(ExplainHeader) == "true"
			if explain && !p.Role.Allows(auth.Admin) {
				writeErrors(w, http.StatusForbidden, "the "+ExplainHeader+" header needs an admin key", model.CodeForbidden)
				return
			}
			if in := infoFrom(r.Context()); in != nil {
				in.mu.Lock()
				in.key = p.KeyName
				in.explain = explain
				in.mu.Unlock()
			}
			next.ServeHTTP(w, r.WithContext(auth.WithPrincipal(r.Context(), p)))
		})
	}
}

func unauthenticated(w http.ResponseWriter, msg string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="relgraph"`)
	writeErrors(w, http.StatusUnauthorized, msg, model.CodeUnauthenticated)
}

func writeErrors(w http.ResponseWriter, status int, msg, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": msg, "extensions": map[string]any{"code": code}}},
	})
}

// ExplainHeader asks, with an admin key, for the statements that ran to be
// returned in the response's extensions.explain.
const ExplainHeader = "X-Relgraph-Explain"

// explained is one statement as analysts see it.
type explained struct {
	Name       string         `json:"name"`
	Cypher     string         `json:"cypher"`
	Params     map[string]any `json:"params"`
	DurationMs float64        `json:"durationMs"`
	Rows       int            `json:"rows"`
}

func explainOf(t *neo4j.Trace) []explained {
	out := []explained{}
	if t == nil {
		return out
	}
	for _, s := range t.Statements() {
		out = append(out, explained{Name: s.Name, Cypher: s.Cypher, Params: s.Params, DurationMs: ms(s.Duration), Rows: s.Rows})
	}
	return out
}
