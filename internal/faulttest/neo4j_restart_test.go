package faulttest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/importer"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/server"
	"github.com/relgraph/relgraph/internal/testdb"
	"github.com/relgraph/relgraph/neo4j"
	"github.com/relgraph/relgraph/neo4j/devserver"
)

// skipShort skips tests that start their own Neo4j under -short; they
// always run otherwise.
func skipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts and stops its own Neo4j; skipped with -short")
	}
}

// freePort returns a TCP port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startNeo4j starts a Neo4j on port over dataDir; the test's cleanup
// stops it (Stop is idempotent, so a test may stop it earlier).
func startNeo4j(t *testing.T, dataDir string, port int) *devserver.Server {
	t.Helper()
	// Generous for a first Maven build of the launcher; a start takes ~6 s.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	begin := time.Now()
	srv, err := devserver.Start(ctx, devserver.Options{
		Dir:          filepath.Join(testdb.Root(), "neo4j", "devserver"),
		DataDir:      dataDir,
		Port:         port,
		Heap:         "512m",
		PageCache:    "64m",
		StartTimeout: 90 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Stop(); err != nil {
			t.Errorf("stopping neo4j: %v", err)
		}
	})
	t.Logf("neo4j %s (pid %d) started in %v", srv.URI(), srv.PID(), time.Since(begin).Round(time.Millisecond))
	return srv
}

// tinyGraph: p0 knows p1 (0.9) and p2 (0.5); p1 knows p3 (0.8).
const tinyGraph = `{"type":"person","id":"p0","name":"Viewer"}
{"type":"person","id":"p1","name":"Ann"}
{"type":"person","id":"p2","name":"Bob"}
{"type":"person","id":"p3","name":"Cy"}
{"type":"knows","a":"p0","b":"p1","strength":0.9}
{"type":"knows","a":"p0","b":"p2","strength":0.5}
{"type":"knows","a":"p1","b":"p3","strength":0.8}
`

const restartQuery = `{ connections(degree: 2) { totalCount edges { degree strength node { id } via { id } } } }`

// restartAnswer is the viewer p0's network within two hops: p1 and p2
// directly (ordered by strength), p3 through p1 with 0.9 x 0.8 = 0.72.
var restartAnswer = []string{"p1 1 0.9 []", "p2 1 0.5 []", "p3 2 0.72 [p1]"}

// gqlResult is one GraphQL response with its HTTP status.
type gqlResult struct {
	status int
	Data   *struct {
		Connections struct {
			TotalCount int `json:"totalCount"`
			Edges      []struct {
				Degree   int     `json:"degree"`
				Strength float64 `json:"strength"`
				Node     struct {
					ID string `json:"id"`
				} `json:"node"`
				Via []struct {
					ID string `json:"id"`
				} `json:"via"`
			} `json:"edges"`
		} `json:"connections"`
	} `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// edges renders the answer as "id degree strength [via]" lines, the
// strength to 9 significant digits.
func (r gqlResult) edges() []string {
	if r.Data == nil {
		return nil
	}
	var out []string
	for _, e := range r.Data.Connections.Edges {
		var via []string
		for _, v := range e.Via {
			via = append(via, v.ID)
		}
		out = append(out, fmt.Sprintf("%s %d %.9g [%s]", e.Node.ID, e.Degree, e.Strength, strings.Join(via, ",")))
	}
	return out
}

// errChain lists the dynamic types of err and everything it wraps,
// including the attempts kept in an Errors []error field (the driver's
// TransactionExecutionLimit has no Unwrap).
func errChain(err error) string {
	var types []string
	var walk func(error)
	walk = func(e error) {
		for e != nil {
			types = append(types, fmt.Sprintf("%T", e))
			if v := reflect.Indirect(reflect.ValueOf(e)); v.Kind() == reflect.Struct {
				if f := v.FieldByName("Errors"); f.IsValid() && f.Type() == reflect.TypeFor[[]error]() {
					var inner []string
					for _, x := range f.Interface().([]error) {
						inner = append(inner, errChain(x))
					}
					types = append(types, "attempts["+strings.Join(inner, "; ")+"]")
				}
			}
			if j, ok := e.(interface{ Unwrap() []error }); ok {
				for _, inner := range j.Unwrap() {
					walk(inner)
				}
				return
			}
			e = errors.Unwrap(e)
		}
	}
	walk(err)
	return strings.Join(types, " > ")
}

// TestNeo4jRestart stops the database under a running server and starts it
// again: readiness and queries must report the outage promptly with
// UNAVAILABLE, and the same server must answer again once Neo4j is back.
func TestNeo4jRestart(t *testing.T) {
	skipShort(t)
	t.Parallel() // each test runs its own Neo4j; together they take less time
	ctx := context.Background()
	port, dataDir := freePort(t), t.TempDir()
	srv := startNeo4j(t, dataDir, port)

	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	store, err := neo4j.Connect(cctx, neo4j.Config{URI: srv.URI(), TxTimeout: 10 * time.Second, AcquireTimeout: 2 * time.Second}, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close(context.Background()) })
	if err := store.Migrate(cctx); err != nil {
		t.Fatal(err)
	}
	open := func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(tinyGraph)), nil }
	if _, err := importer.Import(cctx, open, store, importer.Options{}); err != nil {
		t.Fatal(err)
	}

	keysPath := filepath.Join(t.TempDir(), "keys.json")
	keys := &auth.File{}
	token, err := keys.New("viewer", auth.Reader, "p0")
	if err != nil {
		t.Fatal(err)
	}
	if err := keys.Save(keysPath); err != nil {
		t.Fatal(err)
	}
	ring, err := auth.OpenKeyring(keysPath)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(server.New(store, ring, zerolog.Nop(), server.Options{}))
	t.Cleanup(ts.Close)
	// The guard against hanging requests: nothing below may take this long.
	client := &http.Client{Timeout: 20 * time.Second}

	ready := func() int {
		t.Helper()
		res, err := client.Get(ts.URL + "/readyz")
		if err != nil {
			t.Fatalf("/readyz: %v", err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	query := func() (gqlResult, time.Duration) {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"query": restartQuery})
		req, err := http.NewRequest(http.MethodPost, ts.URL+"/graphql", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		begin := time.Now()
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("POST /graphql after %v: %v", time.Since(begin), err)
		}
		defer res.Body.Close()
		var out gqlResult
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
			t.Fatalf("decoding response (status %d): %v", res.StatusCode, err)
		}
		out.status = res.StatusCode
		return out, time.Since(begin)
	}
	// waitReady polls /readyz until it answers want, for at most limit.
	waitReady := func(want int, limit time.Duration) time.Duration {
		t.Helper()
		begin := time.Now()
		for {
			got := ready()
			if got == want {
				return time.Since(begin)
			}
			if time.Since(begin) > limit {
				t.Fatalf("/readyz still %d after %v, want %d", got, limit, want)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	// answer runs the query and says what is wrong with its answer, if anything.
	answer := func() (problem string, took time.Duration) {
		t.Helper()
		res, took := query()
		if len(res.Errors) > 0 || res.status != http.StatusOK || res.Data == nil {
			return fmt.Sprintf("status %d, errors %+v", res.status, res.Errors), took
		}
		if got := res.edges(); !reflect.DeepEqual(got, restartAnswer) || res.Data.Connections.TotalCount != 3 {
			return fmt.Sprintf("connections = %q (total %d), want %q", got, res.Data.Connections.TotalCount, restartAnswer), took
		}
		return "", took
	}

	if got := ready(); got != http.StatusOK {
		t.Fatalf("/readyz = %d before the outage, want 200", got)
	}
	if problem, took := answer(); problem != "" {
		t.Fatalf("before the outage: %s", problem)
	} else {
		// The first run of a statement includes planning it.
		t.Logf("before the outage: answered correctly in %v", took.Round(time.Millisecond))
	}

	// Outage.
	begin := time.Now()
	if err := srv.Stop(); err != nil {
		t.Fatalf("stopping neo4j: %v", err)
	}
	t.Logf("neo4j stopped in %v", time.Since(begin).Round(time.Millisecond))
	detect := waitReady(http.StatusServiceUnavailable, 5*time.Second)
	t.Logf("outage: /readyz answered 503 after %v", detect.Round(time.Millisecond))

	// The first query may meet pooled connections that the server closed,
	// the second meets a refused connection; both must fail fast and say so.
	diagnose := false
	for i := range 2 {
		res, took := query()
		var code any
		var msg string
		if len(res.Errors) > 0 {
			code, msg = res.Errors[0].Extensions["code"], res.Errors[0].Message
		}
		t.Logf("outage query %d: HTTP %d in %v, code %v, message %q", i+1, res.status, took.Round(time.Millisecond), code, msg)
		if took >= 8*time.Second {
			t.Errorf("outage query %d took %v, want < 8s", i+1, took)
		}
		if res.status != http.StatusOK && res.status != http.StatusServiceUnavailable {
			t.Errorf("outage query %d: HTTP %d, want 200 or 503", i+1, res.status)
		}
		if len(res.Errors) != 1 || code != model.CodeUnavailable {
			t.Errorf("outage query %d: errors %+v, want one with extensions.code %s", i+1, res.Errors, model.CodeUnavailable)
			diagnose = true
		}
		// The message is the presenter's own, with nothing from the driver.
		for _, leak := range []string{"neo4j", "bolt", "127.0.0.1", "dial", "connect", "pool", "refused", "transaction"} {
			if strings.Contains(strings.ToLower(msg), leak) {
				t.Errorf("outage query %d: message %q shows driver detail %q", i+1, msg, leak)
			}
		}
	}
	if diagnose {
		// What the driver hands the store during the outage.
		_, err := store.Connections(ctx, neo4j.ConnectionsRequest{Of: "p0", Degree: 2, Page: neo4j.Paging{Limit: 20}})
		t.Logf("outage: store.Connections error (neo4j.IsUnavailable=%v): %s: %v", neo4j.IsUnavailable(err), errChain(err), err)
	}

	// Recovery: same port, same data, same store and server. Until the
	// deadline a query may still fail (cleanly: the client's timeout
	// guards against hangs); then it must answer as before.
	begin = time.Now()
	startNeo4j(t, dataDir, port)
	started := time.Since(begin)
	deadline := time.Now().Add(30 * time.Second)
	back := waitReady(http.StatusOK, 30*time.Second)
	t.Logf("recovery: neo4j restarted in %v, /readyz 200 %v later", started.Round(time.Millisecond), back.Round(time.Millisecond))
	for attempt := 1; ; attempt++ {
		problem, took := answer()
		if problem == "" {
			t.Logf("recovery: query %d answered correctly in %v, %v after the restart", attempt, took.Round(time.Millisecond), (time.Since(begin) - started).Round(time.Millisecond))
			break
		}
		t.Logf("recovery: query %d after %v: %s", attempt, took.Round(time.Millisecond), problem)
		if time.Now().After(deadline) {
			t.Fatalf("no correct answer within 30 s of the restart")
		}
		time.Sleep(250 * time.Millisecond)
	}
}
