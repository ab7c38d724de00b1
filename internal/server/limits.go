package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/relgraph/relgraph/internal/model"
)

// limitExtension refuses operations that are too deep or too costly before
// anything runs.
// Cost is what a request's extensions.cost says: the operation's computed
// cost and the largest allowed.
type Cost struct {
	Computed int `json:"computed"`
	Limit    int `json:"limit"`
}

// costExtension names the cost in the operation's stats and in every
// response's extensions.
const costExtension = "cost"

// withCost puts the operation's cost in the response's extensions; a
// request refused before its cost is known (it does not parse or
// validate) ran nothing and costs 0.
func withCost(ctx context.Context, resp *graphql.Response, limit int) {
	if resp == nil {
		return
	}
	cost := Cost{Limit: limit}
	if graphql.HasOperationContext(ctx) {
		if c, ok := graphql.GetOperationContext(ctx).Stats.GetExtension(costExtension).(Cost); ok {
			cost = c
		}
	}
	if resp.Extensions == nil {
		resp.Extensions = map[string]any{}
	}
	resp.Extensions[costExtension] = cost
}

type limitExtension struct {
	limits model.Limits
	es     graphql.ExecutableSchema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = limitExtension{}

func (limitExtension) ExtensionName() string { return "Limits" }

func (limitExtension) Validate(graphql.ExecutableSchema) error { return nil }

func (e limitExtension) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if d := depth(oc.Operation.SelectionSet, oc.Doc.Fragments, 0); d > e.limits.MaxDepth {
		return &gqlerror.Error{
			Message:    fmt.Sprintf("the query is nested %d levels deep, more than the limit of %d: ask for fewer nested fields", d, e.limits.MaxDepth),
			Extensions: map[string]any{"code": model.CodeDepthLimit, "depth": d, "limit": e.limits.MaxDepth},
		}
	}
	if n := rootFields(oc.Operation.SelectionSet, oc.Doc.Fragments, 0); n > e.limits.MaxRootFields {
		return &gqlerror.Error{
			Message:    fmt.Sprintf("the operation asks %d questions at once (top-level fields and aliases), more than the limit of %d: split it into several requests", n, e.limits.MaxRootFields),
			Extensions: map[string]any{"code": model.CodeCostLimit, "fields": n, "limit": e.limits.MaxRootFields},
		}
	}
	cost := complexity.Calculate(ctx, e.es, oc.Operation, oc.Variables)
	oc.Stats.SetExtension(costExtension, Cost{Computed: cost, Limit: e.limits.MaxCost})
	if cost > e.limits.MaxCost {
		return &gqlerror.Error{
			Message: fmt.Sprintf("the query costs %d, more than the limit of %d: ask for fewer items (first), a smaller degree or maxHops, fewer aliases, or fewer nested lists",
				cost, e.limits.MaxCost),
			Extensions: map[string]any{"code": model.CodeCostLimit, "cost": cost, "limit": e.limits.MaxCost},
		}
	}
	return nil
}

// depth is the deepest field nesting of a selection set, following
// fragments (each fragment once per path, so cycles end).
func depth(set ast.SelectionSet, fragments ast.FragmentDefinitionList, seen int) int {
	if seen > 100 {
		return seen
	}
	deepest := 0
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			d = 1 + depth(s.SelectionSet, fragments, seen+1)
		case *ast.InlineFragment:
			d = depth(s.SelectionSet, fragments, seen+1)
		case *ast.FragmentSpread:
			if f := fragments.ForName(s.Name); f != nil {
				d = depth(f.SelectionSet, fragments, seen+1)
			}
		}
		deepest = max(deepest, d)
	}
	return deepest
}

// rootFields counts the top-level fields of an operation, through
// fragments, __typename excluded.
func rootFields(set ast.SelectionSet, fragments ast.FragmentDefinitionList, seen int) int {
	if seen > 100 {
		return 0
	}
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name != "__typename" {
				n++
			}
		case *ast.InlineFragment:
			n += rootFields(s.SelectionSet, fragments, seen+1)
		case *ast.FragmentSpread:
			if f := fragments.ForName(s.Name); f != nil {
				n += rootFields(f.SelectionSet, fragments, seen+1)
			}
		}
	}
	return n
}

// limitBody refuses bodies over the limit with 413 before reading them and
// caps what is read when the length is not announced.
func limitBody(max int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > max {
				writeErrors(w, http.StatusRequestEntityTooLarge,
					"the request body has "+strconv.FormatInt(r.ContentLength, 10)+" bytes, more than the limit of "+strconv.FormatInt(max, 10), model.CodePayloadTooLarge)
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, max)
			next.ServeHTTP(w, r)
		})
	}
}

// cors answers cross-origin requests from the allowed origins only; with
// none configured it adds nothing, and browsers refuse cross-origin calls.
func cors(origins []string) func(http.Handler) http.Handler {
	allowed := map[string]bool{}
	for _, o := range origins {
		allowed[o] = true
	}
	return func(next http.Handler) http.Handler {
		if len(allowed) == 0 {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			origin := r.Header.Get("Origin")
			if origin != "" && (allowed[origin] || allowed["*"]) {
				h := w.Header()
				h.Set("Access-Control-Allow-Origin", origin)
				h.Add("Vary", "Origin")
				if r.Method == http.MethodOptions {
					h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
					h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-Id, "+ExplainHeader)
					h.Set("Access-Control-Max-Age", "600")
					w.WriteHeader(http.StatusNoContent)
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// inflight lets at most n GraphQL requests run at once; the others wait
// for a slot until their own deadline, then get 503 UNAVAILABLE. Queueing
// in front of Neo4j keeps a burst from turning into timeouts for everyone.
func inflight(n int) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		if n <= 0 {
			return next
		}
		slots := make(chan struct{}, n)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case slots <- struct{}{}:
				defer func() { <-slots }()
				next.ServeHTTP(w, r)
			case <-r.Context().Done():
				w.Header().Set("Retry-After", "1")
				writeErrors(w, http.StatusServiceUnavailable, "the server is busy: no request slot came free in time; try again shortly", model.CodeUnavailable)
			}
		})
	}
}

// checkRequest answers malformed GraphQL-over-HTTP requests itself, with a
// code and without echoing the body: wrong method, wrong content type, a
// body that is not one JSON object with a string query, a body over the
// limit, and mutations over GET.
func checkRequest(maxBody int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.Method {
			case http.MethodPost:
				mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
				if err != nil || mt != "application/json" {
					writeErrors(w, http.StatusUnsupportedMediaType, "send the request as Content-Type: application/json", model.CodeUnsupportedMedia)
					return
				}
				body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					writeErrors(w, http.StatusRequestEntityTooLarge, "the request body is larger than the limit of "+strconv.FormatInt(maxBody, 10)+" bytes", model.CodePayloadTooLarge)
					return
				}
				if err != nil {
					writeErrors(w, http.StatusBadRequest, "the request body could not be read", model.CodeBadRequest)
					return
				}
				if msg := checkBody(body); msg != "" {
					writeErrors(w, http.StatusBadRequest, msg, model.CodeBadRequest)
					return
				}
				r.Body = io.NopCloser(bytes.NewReader(body))
			case http.MethodGet:
				q := r.URL.Query()
				for _, k := range []string{"query", "variables", "operationName"} {
					if v := q.Get(k); !utf8.ValidString(v) {
						writeErrors(w, http.StatusBadRequest, fmt.Sprintf("the %s parameter is not valid UTF-8 (at byte %d)", k, invalidAt([]byte(v))), model.CodeBadRequest)
						return
					}
				}
				if v := q.Get("variables"); v != "" {
					var vars map[string]any
					if json.Unmarshal([]byte(v), &vars) != nil {
						writeErrors(w, http.StatusBadRequest, "the variables parameter must be a JSON object", model.CodeBadRequest)
						return
					}
				}
				if doc, err := parser.ParseQuery(&ast.Source{Input: q.Get("query")}); err == nil {
					if op := doc.Operations.ForName(q.Get("operationName")); op != nil && op.Operation != ast.Query {
						w.Header().Set("Allow", "POST")
						writeErrors(w, http.StatusMethodNotAllowed, "GET runs queries only: send "+string(op.Operation)+"s with POST", model.CodeMethodNotAllowed)
						return
					}
				}
			default:
				w.Header().Set("Allow", "GET, POST")
				writeErrors(w, http.StatusMethodNotAllowed, "use POST (or GET for queries)", model.CodeMethodNotAllowed)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// invalidAt is the offset of the first byte of b that is not UTF-8.
func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// checkBody says what is wrong with a POST body, or "".
func checkBody(body []byte) string {
	const want = "the body must be one JSON object with a string \"query\" (or a persisted query's hash in \"extensions\"), an optional string \"operationName\" and an optional object \"variables\""
	var req struct {
		Query         *string         `json:"query"`
		OperationName json.RawMessage `json:"operationName"`
		Variables     json.RawMessage `json:"variables"`
		Extensions    struct {
			PersistedQuery *struct {
				Hash string `json:"sha256Hash"`
			} `json:"persistedQuery"`
		} `json:"extensions"`
	}
	if !utf8.Valid(body) {
		return fmt.Sprintf("the body is not valid UTF-8 (at byte %d): send the query and variables as UTF-8", invalidAt(body))
	}
	if err := json.Unmarshal(body, &req); err != nil || req.Query == nil && req.Extensions.PersistedQuery == nil {
		if err != nil && strings.Contains(err.Error(), "exceeded max depth") {
			return "the body nests deeper than JSON decoding allows (10,000 levels)"
		}
		return want
	}
	if v := bytes.TrimSpace(req.Variables); len(v) > 0 && !bytes.Equal(v, []byte("null")) && v[0] != '{' {
		return want
	}
	if o := bytes.TrimSpace(req.OperationName); len(o) > 0 && !bytes.Equal(o, []byte("null")) && o[0] != '"' {
		return want
	}
	return ""
}
