package server_test

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/server"
	"github.com/relgraph/relgraph/internal/testdb"
	"github.com/relgraph/relgraph/neo4j"
)

// env is a running server over the demo graph with a few keys.
type env struct {
	url     string
	reader  string // reader speaking for p0, scope ALL
	admin   string // admin speaking for p0
	nobody  string // reader speaking for no one
	mu      sync.Mutex
	traces  map[string]*neo4j.Trace // by request id
	lastReq string
}

var (
	demoOnce sync.Once
	demoEnv  *env
)

// demo starts (once per test binary) a real HTTP server over the real
// Neo4j loaded with testdata/demo.ndjson.
func demo(t testing.TB) *env {
	t.Helper()
	demoOnce.Do(func() {
		store := testdb.Shared(t)
		testdb.Demo(t, store)
		// Not t.TempDir: the keys must outlive the first test.
		dir, err := os.MkdirTemp("", "relgraph-keys-")
		if err != nil {
			t.Fatal(err)
		}
		keysPath := filepath.Join(dir, "keys.json")
		f := &auth.File{}
		e := &env{traces: map[string]*neo4j.Trace{}}
		mustToken := func(name string, role auth.Role, person string) string {
			tok, err2 := f.New(name, role, person)
			if err2 != nil {
				t.Fatal(err2)
			}
			return tok
		}
		// The reader may ask about anyone: these tests are about the
		// answers (scope_test.go is about scopes).
		e.reader = mustToken("reader", auth.Reader, "p0")
		f.Keys[len(f.Keys)-1].Scope = auth.All
		e.admin = mustToken("admin", auth.Admin, "p0")
		e.nobody = mustToken("nobody", auth.Reader, "")
		if err = f.Save(keysPath); err != nil {
			t.Fatal(err)
		}
		ring, err := auth.OpenKeyring(keysPath)
		if err != nil {
			t.Fatal(err)
		}
		h := server.New(store, ring, zerolog.Nop(), server.Options{Playground: true, Observe: func(r *http.Request, tr *neo4j.Trace) {
			id := r.Header.Get("X-Request-Id")
			e.mu.Lock()
			e.traces[id] = tr
			e.mu.Unlock()
		}})
		// The server outlives single tests: it serves the whole package.
		srv := httptest.NewServer(h)
		e.url = srv.URL
		demoEnv = e
	})
	if demoEnv == nil {
		t.Fatal("demo environment failed to start")
	}
	return demoEnv
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

type response struct {
	Data       json.RawMessage `json:"data"`
	Errors     []gqlError      `json:"errors"`
	Extensions map[string]any  `json:"extensions"`
	status     int
	reqID      string
}

var reqCounter int
var reqMu sync.Mutex

// post sends a GraphQL request with a key ("" for none).
func (e *env) post(t testing.TB, key, query string, vars map[string]any) response {
	t.Helper()
	return e.postWith(t, key, nil, query, vars)
}

// postWith is post with extra request headers.
func (e *env) postWith(t testing.TB, key string, headers map[string]string, query string, vars map[string]any) response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequest(http.MethodPost, e.url+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	reqMu.Lock()
	reqCounter++
	id := "test-" + itoa(reqCounter)
	reqMu.Unlock()
	req.Header.Set("X-Request-Id", id)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out response
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatalf("decoding response (status %d): %v", res.StatusCode, err)
	}
	out.status = res.StatusCode
	out.reqID = id
	return out
}

// data posts and decodes data into v, failing on any GraphQL error.
func (e *env) data(t testing.TB, key, query string, vars map[string]any, v any) response {
	t.Helper()
	res := e.post(t, key, query, vars)
	if len(res.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", res.Errors)
	}
	if err := json.Unmarshal(res.Data, v); err != nil {
		t.Fatal(err)
	}
	return res
}

// statements returns how many statements a request ran.
func (e *env) statements(id string) []neo4j.Statement {
	e.mu.Lock()
	defer e.mu.Unlock()
	if tr := e.traces[id]; tr != nil {
		return tr.Statements()
	}
	return nil
}

// keyMaker returns a function that adds a key to f and returns its token.
func keyMaker(t testing.TB, f *auth.File) func(name string, role auth.Role, person string) string {
	return func(name string, role auth.Role, person string) string {
		t.Helper()
		tok, err := f.New(name, role, person)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
