package main

import (
	"bytes"
	"context"
	"debug/elf"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/testdb"
)

func testEnv(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestKeysNewStoresOnlyTheHash(t *testing.T) {
	keys := filepath.Join(t.TempDir(), "keys.json")
	getenv := testEnv(map[string]string{"RELGRAPH_KEYS_FILE": keys})
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"keys", "new", "-role", "reader", "-person", "p0", "-name", "alice"}, getenv, nil, &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	token := strings.TrimSpace(out.String())
	if !strings.HasPrefix(token, "rg_") || len(token) < 40 {
		t.Fatalf("token %q", token)
	}
	data, err := os.ReadFile(keys)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), token) || strings.Contains(string(data), token[3:]) {
		t.Fatal("the keys file holds the token")
	}
	f, err := auth.Load(keys)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := f.Authenticate(token)
	if !ok || p.KeyName != "alice" || p.Role != auth.Reader || p.Person != "p0" {
		t.Fatalf("principal %+v %v", p, ok)
	}
	if _, ok := f.Authenticate(token + "x"); ok {
		t.Fatal("a wrong token authenticated")
	}
	err = run(context.Background(), []string{"keys", "new", "-role", "root"}, getenv, nil, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), `unknown role "root"`) {
		t.Fatalf("got %v", err)
	}
	out.Reset()
	errOut.Reset()
	if err := run(context.Background(), []string{"keys", "list"}, getenv, nil, &out, &errOut); err != nil || !strings.Contains(out.String(), "alice") {
		t.Fatalf("list: %v %q", err, out.String())
	}
	// It says which file it read; a file that is not there is an error,
	// not an empty list.
	if !strings.Contains(errOut.String(), "keys file "+keys+": 1 keys") {
		t.Errorf("list says %q", errOut.String())
	}
	missing := testEnv(map[string]string{"RELGRAPH_KEYS_FILE": filepath.Join(t.TempDir(), "none.json")})
	if err := run(context.Background(), []string{"keys", "list"}, missing, nil, &out, &errOut); err == nil || !strings.Contains(err.Error(), "no keys file at ") ||
		!strings.Contains(err.Error(), "RELGRAPH_KEYS_FILE") {
		t.Errorf("list without a keys file: %v", err)
	}
}

// keys new -scope sets whose relationships a key may ask about; without
// it, admin keys get ALL and the others TEAM. keys list shows each.
func TestKeyScopes(t *testing.T) {
	keys := filepath.Join(t.TempDir(), "keys.json")
	getenv := testEnv(map[string]string{"RELGRAPH_KEYS_FILE": keys})
	var out, errOut bytes.Buffer
	for _, args := range [][]string{
		{"-role", "reader", "-name", "mine", "-person", "p1", "-scope", "self"},
		{"-role", "writer", "-name", "sales"},
		{"-role", "admin", "-name", "ops"},
		{"-role", "reader", "-name", "bi", "-scope", "ALL"},
	} {
		errOut.Reset()
		if err := run(context.Background(), append([]string{"keys", "new"}, args...), getenv, nil, &out, &errOut); err != nil {
			t.Fatal(err, errOut.String())
		}
	}
	if !strings.Contains(errOut.String(), `key "bi" (reader, scope ALL) saved`) {
		t.Errorf("keys new says %q", errOut.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"keys", "list"}, getenv, nil, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"mine": "SELF", "sales": "TEAM", "ops": "ALL", "bi": "ALL"}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n")[1:] {
		f := strings.Fields(line)
		if want[f[0]] != f[2] {
			t.Errorf("keys list: %s has scope %s, want %s", f[0], f[2], want[f[0]])
		}
		delete(want, f[0])
	}
	if len(want) != 0 || !strings.Contains(out.String(), "SCOPE") {
		t.Errorf("keys list:\n%s", out.String())
	}
	if err := run(context.Background(), []string{"keys", "new", "-role", "reader", "-name", "x", "-scope", "world"}, getenv, nil, &out, &errOut); err == nil ||
		!strings.Contains(err.Error(), `unknown scope "world" (use SELF, TEAM or ALL)`) {
		t.Errorf("a bad scope: %v", err)
	}
}

func TestUsageAndUnknownCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"frobnicate"}, testEnv(nil), nil, &out, &errOut); err == nil || !strings.Contains(errOut.String(), `unknown command "frobnicate"`) {
		t.Fatalf("got %v %q", err, errOut.String())
	}
	err := run(context.Background(), []string{"serve"}, testEnv(map[string]string{"RELGRAPH_TX_TIMEOUT": "soon"}), nil, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "RELGRAPH_TX_TIMEOUT") {
		t.Fatalf("got %v", err)
	}
}

// relgraph import against the real database: a bad file is refused with
// its line numbers and exit status 1; a good one prints its summary.
func TestImportCommand(t *testing.T) {
	store := testdb.Store(t)
	testdb.Reset(t, store)
	getenv := testEnv(map[string]string{"NEO4J_URI": os.Getenv(testdb.URIVar)})
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.ndjson")
	if err := os.WriteFile(bad, []byte(`{"type":"person","id":"a1"}
{"type":"person","id":"a2","age":40}
{"type":"knows","a":"a1","b":"zz"}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"import", bad}, getenv, nil, &out, &errOut)
	if err == nil {
		t.Fatal("a bad file was accepted")
	}
	for _, want := range []string{`line 2: unknown field "age"`, `line 3: b: Person "zz" exists neither in the file nor in the database`, "2 bad lines of 3"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr %q lacks %q", errOut.String(), want)
		}
	}
	if !strings.Contains(err.Error(), "nothing was written") {
		t.Errorf("error %v", err)
	}
	if empty, err := store.IsEmpty(context.Background()); err != nil || !empty {
		t.Fatalf("the database is not empty after a refused import (%v)", err)
	}
	out.Reset()
	errOut.Reset()
	demo := filepath.Join(testdb.Root(), "testdata", "demo.ndjson")
	if err := run(context.Background(), []string{"import", "-batch-size", "50", demo}, getenv, nil, &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	if !strings.Contains(out.String(), "imported 417 records from 417 lines") || !strings.Contains(out.String(), "person 55") {
		t.Fatalf("summary %q", out.String())
	}
	// Standard input works too.
	out.Reset()
	stdin := strings.NewReader(`{"type":"topic","id":"quantum","name":"Quantum"}` + "\n")
	if err := run(context.Background(), []string{"import", "-"}, getenv, stdin, &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	if !strings.Contains(out.String(), "imported 1 records") {
		t.Fatalf("summary %q", out.String())
	}
	if err := run(context.Background(), []string{"import", filepath.Join(dir, "missing.ndjson")}, getenv, nil, &out, &errOut); err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Fatalf("missing file: %v", err)
	}
}

// syncBuffer is a bytes.Buffer safe to read while run writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// On SIGTERM (here: the context ends) serve stops accepting, lets the
// request in flight finish and returns.
func TestServeShutsDownGracefully(t *testing.T) {
	store := testdb.Store(t)
	testdb.Demo(t, store)
	keys := filepath.Join(t.TempDir(), "keys.json")
	f := &auth.File{}
	token, _ := f.New("t", auth.Reader, "p0")
	f.Keys[0].Scope = auth.All // the slow query reads everyone's knows
	if err := f.Save(keys); err != nil {
		t.Fatal(err)
	}
	getenv := testEnv(map[string]string{"NEO4J_URI": os.Getenv(testdb.URIVar), "RELGRAPH_KEYS_FILE": keys, "RELGRAPH_ADDR": "127.0.0.1:0", "RELGRAPH_LOG_LEVEL": "error"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "-playground=false"}, getenv, nil, &out, &errOut) }()
	var url string
	for i := 0; i < 300 && url == ""; i++ {
		if _, u, ok := strings.Cut(out.String(), "relgraph serving on "); ok {
			url = strings.TrimSpace(u)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if url == "" {
		t.Fatalf("serve did not start: %s", errOut.String())
	}
	type result struct {
		status int
		body   string
		err    error
	}
	inflight := make(chan result, 1)
	// Shut down once the request is on its way: written to a connection
	// the server has had time to accept (before that, closing the
	// listener resets the connection, which is not what this tests).
	written := make(chan struct{})
	go func() {
		req, _ := http.NewRequest("POST", url+"/graphql", strings.NewReader(`{"query":"{ connections(degree: 3, first: 100) { totalCount edges { node { worksAt { company { employees { person { name } } } } knows { person { name } } } } } }"}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { close(written) }}))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			inflight <- result{err: err}
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		inflight <- result{status: res.StatusCode, body: string(b)}
	}()
	select {
	case <-written:
	case r := <-inflight:
		t.Fatalf("the request failed before it was written: %v", r.err)
	}
	time.Sleep(20 * time.Millisecond)
	cancel()
	r := <-inflight
	if r.err != nil || r.status != 200 || !strings.Contains(r.body, `"totalCount":51`) {
		t.Fatalf("request in flight: %v %d %.200s", r.err, r.status, r.body)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not return after shutdown")
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Fatal("the server still accepts connections after shutdown")
	}
}

// strengthsOfP0 reads the strengths of p0-p10 and p0-p11.
func strengthsOfP0(t *testing.T) string {
	t.Helper()
	store := testdb.Store(t)
	found, err := store.KnowsByPair(context.Background(), []model.Pair{{"p0", "p10"}, {"p0", "p11"}})
	if err != nil || len(found[model.Pair{"p0", "p10"}]) != 1 || len(found[model.Pair{"p0", "p11"}]) != 1 {
		t.Fatalf("%v %v", found, err)
	}
	return fmt.Sprint(*found[model.Pair{"p0", "p10"}][0].Strength, " ", *found[model.Pair{"p0", "p11"}][0].Strength)
}

// Ninety days after the demo's today, Dana's and Marcus's recency has
// halved (testdata/DEMO.md, "Interactions"): 0.82 to 0.41, 0.41 to 0.2.
func TestStrengthRecomputeCommand(t *testing.T) {
	store := testdb.Store(t)
	testdb.Demo(t, store)
	if got := strengthsOfP0(t); got != "0.82 0.41" {
		t.Fatalf("demo strengths %s, want 0.82 0.41", got)
	}
	getenv := testEnv(map[string]string{"NEO4J_URI": os.Getenv(testdb.URIVar)})
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"strength", "recompute", "-as-of", "2027-02-23"}, getenv, nil, &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	if !strings.HasPrefix(out.String(), "recomputed the strengths of 4 pairs as of 2027-02-23T00:00:00Z in ") {
		t.Errorf("stdout %q", out.String())
	}
	if got := strengthsOfP0(t); got != "0.41 0.2" {
		t.Errorf("after recompute: %s, want 0.41 0.2", got)
	}
	for _, args := range [][]string{{"strength"}, {"strength", "forget"}, {"strength", "recompute", "-as-of", "yesterday"}} {
		if err := run(context.Background(), args, getenv, nil, &out, &errOut); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
	if !strings.Contains(errOut.String(), "usage: relgraph strength recompute [-as-of TIME]") {
		t.Errorf("stderr %q", errOut.String())
	}
}

// serve recomputes every strength at its interval and logs it.
func TestServeRefreshesStrengths(t *testing.T) {
	store := testdb.Store(t)
	testdb.Demo(t, store)
	keys := filepath.Join(t.TempDir(), "keys.json")
	if err := (&auth.File{}).Save(keys); err != nil {
		t.Fatal(err)
	}
	getenv := testEnv(map[string]string{"NEO4J_URI": os.Getenv(testdb.URIVar), "RELGRAPH_KEYS_FILE": keys, "RELGRAPH_ADDR": "127.0.0.1:0",
		"RELGRAPH_STRENGTH_REFRESH": "200ms", "RELGRAPH_STRENGTH_AS_OF": "2027-02-23"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "-playground=false"}, getenv, nil, &out, &errOut) }()
	for i := 0; i < 300 && !strings.Contains(errOut.String(), "strengths recomputed"); i++ {
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	log := errOut.String()
	if !strings.Contains(log, `"pairs":4,"as_of":"2027-02-23T00:00:00Z"`) || !strings.Contains(log, `"message":"strengths recomputed"`) {
		t.Fatalf("log %s", log)
	}
	if got := strengthsOfP0(t); got != "0.41 0.2" {
		t.Errorf("after the refresh: %s, want 0.41 0.2", got)
	}
}

// The README's walk-through of LinkedIn and CRM imports, run as written on
// the demo graph: each command prints the counts the README shows. Then
// the flags that do not go together, and a refused file's exit.
func TestImportWalkthroughOfTheReadme(t *testing.T) {
	store := testdb.Store(t)
	testdb.Demo(t, store)
	getenv := testEnv(map[string]string{"NEO4J_URI": os.Getenv(testdb.URIVar), "RELGRAPH_STRENGTH_AS_OF": "2026-11-25"})
	_, walk, _ := strings.Cut(testdb.ReadmeAfter(t, "**Walk-through on the demo**"), "```\n")
	walk, _, _ = strings.Cut(walk, "```")
	commands := 0
	for _, step := range strings.Split(walk, "$ bin/relgraph ")[1:] {
		lines := strings.Split(strings.TrimSpace(step), "\n")
		args := strings.Fields(lines[0])
		args[len(args)-1] = filepath.Join(testdb.Root(), args[len(args)-1])
		var out, errOut bytes.Buffer
		if err := run(context.Background(), append(args[:1], append([]string{"-quiet"}, args[1:]...)...), getenv, nil, &out, &errOut); err != nil {
			t.Fatalf("%s: %v\n%s", lines[0], err, errOut.String())
		}
		if !strings.HasPrefix(out.String(), strings.Join(lines[1:], "\n")+"\n") {
			t.Errorf("%s printed\n%s\nthe README says\n%s", lines[0], out.String(), strings.Join(lines[1:], "\n"))
		}
		commands++
	}
	if commands != 5 {
		t.Errorf("%d commands in the walk-through", commands)
	}
	file := filepath.Join(testdb.Root(), "testdata", "import", "Connections.csv")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"import", "-format", "linkedin", file}, "-format linkedin needs -owner"},
		{[]string{"import", "-format", "csv", file}, "-format csv needs -map: a mapping file or one of hubspot, salesforce"},
		{[]string{"import", "-format", "csv", "-map", "salesforce", "-owner", "p0", file}, "-owner goes with -format linkedin"},
		{[]string{"import", "-owner", "p0", file}, "-owner, -map, -exported and -private go with -format linkedin or csv"},
		{[]string{"import", "-private", file}, `-owner, -map, -exported and -private go with -format linkedin or csv (an NDJSON knows line says "private": true itself)`},
		{[]string{"import", "-format", "xlsx", file}, `-format "xlsx" is not ndjson, linkedin or csv`},
		{[]string{"import", "-format", "linkedin", "-owner", "p0", "-exported", "yesterday", file}, `-exported "yesterday" is not a day`},
		{[]string{"import", "-format", "csv", "-map", "salesforce", file}, `row 1: the mapping's column "Account Name" is not in the file's header`},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), c.args, getenv, nil, &out, &errOut)
		if err == nil || !strings.Contains(err.Error()+errOut.String(), c.want) {
			t.Errorf("%v: %v %q, want %q", c.args, err, errOut.String(), c.want)
		}
	}
}

// keys new -rate gives a key its own budget, shown by keys list; a bad
// budget and bad RELGRAPH_RATE_LIMITS are refused.
func TestKeyRates(t *testing.T) {
	keys := filepath.Join(t.TempDir(), "keys.json")
	getenv := testEnv(map[string]string{"RELGRAPH_KEYS_FILE": keys})
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"keys", "new", "-role", "reader", "-name", "etl", "-rate", "5/s:20"}, getenv, nil, &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	if err := run(context.Background(), []string{"keys", "new", "-role", "reader", "-name", "plain"}, getenv, nil, &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"keys", "list"}, getenv, nil, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "5/s:20") || !strings.Contains(out.String(), "role's") {
		t.Errorf("list: %s", out.String())
	}
	if err := run(context.Background(), []string{"keys", "new", "-role", "reader", "-name", "x", "-rate", "fast"}, getenv, nil, &out, &errOut); err == nil ||
		!strings.Contains(err.Error(), `rate "fast" is not N/s`) {
		t.Errorf("a bad rate: %v", err)
	}
	bad := testEnv(map[string]string{"RELGRAPH_RATE_LIMITS": "reader=lots"})
	if err := run(context.Background(), []string{"serve"}, bad, nil, &out, &errOut); err == nil || !strings.Contains(err.Error(), "RELGRAPH_RATE_LIMITS") {
		t.Errorf("bad RELGRAPH_RATE_LIMITS: %v", err)
	}
}

// relgraph suppressions: list what erasePerson left, remove it, and the
// person can come back.
func TestSuppressionsCommand(t *testing.T) {
	store := testdb.Store(t)
	testdb.Demo(t, store)
	t.Cleanup(func() { testdb.Demo(t, store) })
	getenv := testEnv(map[string]string{"NEO4J_URI": os.Getenv(testdb.URIVar)})
	erasure, err := store.ErasePerson(context.Background(), "p20")
	if err != nil || !erasure.Deleted {
		t.Fatalf("%+v %v", erasure, err)
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"suppressions", "list"}, getenv, nil, &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	if !strings.Contains(out.String(), erasure.ID) || !strings.Contains(out.String(), "id, email") || strings.Contains(out.String(), "hannah") {
		t.Errorf("list: %s", out.String())
	}
	demo := filepath.Join(testdb.Root(), "testdata", "demo.ndjson")
	out.Reset()
	if err := run(context.Background(), []string{"import", "-quiet", demo}, getenv, nil, &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	if !strings.Contains(out.String(), "suppressed: ") {
		t.Errorf("the import does not say what it suppressed: %s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"suppressions", "remove", erasure.ID}, getenv, nil, &out, &errOut); err != nil || !strings.Contains(out.String(), "removed erasure") {
		t.Fatalf("remove: %v %s", err, out.String())
	}
	if err := run(context.Background(), []string{"suppressions", "remove", erasure.ID}, getenv, nil, &out, &errOut); err == nil || !strings.Contains(err.Error(), "no erasure") {
		t.Errorf("removing twice: %v", err)
	}
	if err := run(context.Background(), []string{"import", "-quiet", demo}, getenv, nil, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if missing, err := store.MissingIDs(context.Background(), "Person", []string{"p20"}); err != nil || len(missing) != 0 {
		t.Errorf("p20 did not come back after the suppression was removed: %v %v", missing, err)
	}
}

// Every variable the usage names has a row in the README's configuration
// table, and every row names a variable the usage knows.
func TestConfigurationTable(t *testing.T) {
	table, _, _ := strings.Cut(testdb.ReadmeAfter(t, "| variable | default | meaning |\n|---|---|---|\n"), "\n\n")
	documented := map[string]bool{}
	for _, line := range strings.Split(table, "\n") {
		cell, _, _ := strings.Cut(strings.TrimPrefix(line, "| "), " |")
		for _, name := range strings.Split(cell, " / ") {
			documented[strings.Trim(name, "`")] = true
		}
	}
	known := map[string]bool{}
	for _, line := range strings.Split(usage, "\n") {
		if f := strings.Fields(line); len(f) > 0 && (strings.HasPrefix(f[0], "RELGRAPH_") || strings.HasPrefix(f[0], "NEO4J_") || strings.HasPrefix(f[0], "OTEL_") || f[0] == "GOMEMLIMIT" || f[0] == "GOGC") {
			known[f[0]] = true
			if !documented[f[0]] {
				t.Errorf("%s is in the usage but not in the README's configuration table", f[0])
			}
		}
	}
	for name := range documented {
		if !known[name] {
			t.Errorf("the README's configuration table has %s, which the usage does not name", name)
		}
	}
	if len(known) < 30 {
		t.Errorf("read %d variables from the usage", len(known))
	}
}

// relgraph schema prints schema.graphqls as it is.
func TestSchemaCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"schema"}, testEnv(nil), nil, &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	file, err := os.ReadFile(filepath.Join(testdb.Root(), "schema.graphqls"))
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(file) {
		t.Errorf("relgraph schema printed %d bytes, not schema.graphqls (%d bytes)", out.Len(), len(file))
	}
}

// healthcheck exits 0 when /readyz answers 200, and says why not
// otherwise.
func TestHealthcheck(t *testing.T) {
	ready := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" || !ready {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("neo4j unavailable\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"healthcheck"}, testEnv(map[string]string{"RELGRAPH_ADDR": addr}), nil, &out, &errOut); err != nil || out.String() != "ready\n" {
		t.Errorf("ready: %v %q", err, out.String())
	}
	ready = false
	err := run(context.Background(), []string{"healthcheck", "-url", srv.URL + "/readyz"}, testEnv(nil), nil, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "answered 503 neo4j unavailable") {
		t.Errorf("not ready: %v", err)
	}
}

// The Dockerfile's build stage makes a static binary: the command of its
// RUN line, run here, gives an ELF with no interpreter and no shared
// libraries, which the distroless static image can run.
func TestDockerfileBuildsAStaticBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds relgraph; skipped with -short")
	}
	docker, err := os.ReadFile(filepath.Join(testdb.Root(), "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var build string
	for _, line := range strings.Split(string(docker), "\n") {
		if cmd, ok := strings.CutPrefix(line, "RUN CGO_ENABLED=0 go build"); ok {
			build = "CGO_ENABLED=0 go build" + cmd
		}
	}
	if build == "" || !strings.Contains(build, "-o /out/relgraph ./cmd/relgraph") {
		t.Fatalf("the Dockerfile has no RUN CGO_ENABLED=0 go build ... -o /out/relgraph ./cmd/relgraph line")
	}
	bin := filepath.Join(t.TempDir(), "relgraph")
	cmd := exec.Command("sh", "-c", strings.Replace(build, "/out/relgraph", bin, 1))
	cmd.Dir = testdb.Root()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", build, err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary asks for a dynamic loader")
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("the binary needs shared libraries: %v", libs)
	}
	out, err := exec.Command(bin, "schema").Output()
	if err != nil || !strings.Contains(string(out), "type Query {") {
		t.Errorf("the static binary does not run: %v", err)
	}
}

// relgraph mcp speaks MCP over its standard input and output, as the key
// in RELGRAPH_KEY: the SDK's client lists the tools and asks the churn
// question of the README, and gets its four people.
func TestMCPCommand(t *testing.T) {
	store := testdb.Store(t)
	testdb.Demo(t, store)
	keys := filepath.Join(t.TempDir(), "keys.json")
	f := &auth.File{}
	key, err := f.New("assistant", auth.Reader, "p0")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Save(keys); err != nil {
		t.Fatal(err)
	}
	var errOut bytes.Buffer
	if err := run(context.Background(), []string{"mcp"}, testEnv(map[string]string{"NEO4J_URI": os.Getenv(testdb.URIVar), "RELGRAPH_KEYS_FILE": keys}), nil, io.Discard, &errOut); err == nil || !strings.Contains(err.Error(), "set RELGRAPH_KEY") {
		t.Errorf("without a key: %v", err)
	}
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"mcp"}, testEnv(map[string]string{"NEO4J_URI": os.Getenv(testdb.URIVar), "RELGRAPH_KEYS_FILE": keys, "RELGRAPH_KEY": key,
			"RELGRAPH_LOG_LEVEL": "error"}), inR, outW, &errOut)
	}()
	client := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &mcp.IOTransport{Reader: outR, Writer: inW}, nil)
	if err != nil {
		t.Fatal(err, errOut.String())
	}
	tools, err := cs.ListTools(ctx, nil)
	if err != nil || len(tools.Tools) < 15 {
		t.Fatalf("tools: %v %v", err, tools)
	}
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "connections", Arguments: map[string]any{"degree": 2, "where": map[string]any{
		"engagedWith": map[string]any{"kind": "WHITE_PAPER", "topic": "crm", "action": "READ"},
		"mentioned":   map[string]any{"topic": "churn", "sentiment": "NEGATIVE", "since": "2026-10-01"},
	}}})
	if err != nil || res.IsError {
		t.Fatalf("connections: %v %+v", err, res)
	}
	text := res.Content[0].(*mcp.TextContent).Text
	for _, want := range []string{`"totalCount":4`, "Dana Reyes", "Marcus Bell", "Victor Huang", "Aisha Khan"} {
		if !strings.Contains(text, want) {
			t.Errorf("the churn question's answer lacks %s: %s", want, text)
		}
	}
	_ = cs.Close()
	cancel()
	_ = inW.Close()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Error("relgraph mcp did not stop")
	}
}
