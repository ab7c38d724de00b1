package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph/internal/testdb"
	"github.com/relgraph/relgraph/neo4j"
	"github.com/relgraph/relgraph/neo4j/devserver"
)

// bulkEdges are lines the generated data lacks: identities given on more
// than one line (folded in file order, as the upserts fold them: later
// values over earlier ones, private false removing private, defaults
// only on creation, provenance entries added once per kind and owner,
// links added up, a signal's kind changed), undirected ends given the
// other way round, a link repeated within a line and a null on a line
// of its own, quotes, commas, semicolons, a line break and accents
// in strings, a time with nanoseconds and one with an offset, and
// interactions whose strengths are computed once the graph is loaded.
const bulkEdges = `{"type":"person","id":"bulk-a","name":"Zoë \"Z\" Ångström, Jr.","title":"Head of Sales\nEMEA","email":"Zoe@Example.com","sources":["2026-01-05 crm alice"]}
{"type":"person","id":"bulk-b","name":"Bo","city":"Oslo","latitude":59.9139,"longitude":10.7522,"team":true}
{"type":"person","id":"bulk-a","city":"Paris","sources":["2026-02-01 crm alice","2026-02-01 linkedin bob"]}
{"type":"person","id":"bulk-c","name":"  spaced  ","linkedinUrl":"https://www.linkedin.com/in/bulk-c/"}
{"type":"company","id":"bulk-co","name":"Bulk; Co","customer":true,"clv":1.5e6}
{"type":"company","id":"bulk-co","domain":"bulk.example"}
{"type":"topic","id":"bulk-topic","name":"Bulk"}
{"type":"topic","id":"bulk-other","name":"Other"}
{"type":"content","id":"bulk-wp","title":"A \"paper\"","kind":"WHITE_PAPER","topics":["bulk-topic"],"publishedAt":"2026-03-01T10:11:12.123456789Z"}
{"type":"content","id":"bulk-wp","kind":"REPORT","topics":["bulk-other","bulk-topic"]}
{"type":"content","id":"bulk-once","title":"Once","kind":"REPORT","topics":["bulk-topic","bulk-other","bulk-topic"]}
{"type":"person","id":"bulk-d","name":"Di","city":null,"team":false}
{"type":"signal","id":"bulk-s","kind":"FUNDING_ROUND","at":"2026-04-01T00:00:00+02:00","person":"bulk-a","company":"bulk-co","topics":["bulk-topic"],"amount":2500000,"round":"B"}
{"type":"signal","id":"bulk-s2","kind":"REFERRAL","at":"2026-04-02T00:00:00Z","company":"bulk-co"}
{"type":"signal","id":"bulk-s2","kind":"REVIEW","at":"2026-04-02T00:00:00Z"}
{"type":"works_at","person":"bulk-a","company":"bulk-co","title":"VP","since":"2020-01-01"}
{"type":"works_at","person":"bulk-a","company":"bulk-co","until":"2026-01-01","sources":["2026-01-05 crm alice"]}
{"type":"knows","a":"bulk-b","b":"bulk-a","strength":0.25,"private":true,"since":"2019-05-05"}
{"type":"knows","a":"bulk-a","b":"bulk-b","private":false,"source":"crm"}
{"type":"knows","a":"bulk-a","b":"bulk-c","strengthSource":"COMPUTED"}
{"type":"interaction","id":"m1","source":"calendar","a":"bulk-c","b":"bulk-a","kind":"MEETING","direction":"A_TO_B","at":"2026-05-01T09:00:00Z"}
{"type":"interaction","id":"m1","source":"mail","a":"bulk-a","b":"bulk-c","kind":"EMAIL","direction":"A_TO_B","at":"2026-05-02T09:00:00Z"}
{"type":"interaction","id":"m1","source":"mail","a":"bulk-a","b":"bulk-c","kind":"EMAIL","direction":"B_TO_A","at":"2026-05-03T09:00:00Z"}
{"type":"interested_in","person":"bulk-a","topic":"bulk-topic","weight":0.5}
{"type":"interested_in","person":"bulk-a","topic":"bulk-topic","weight":0.75}
{"type":"engaged","person":"bulk-a","content":"bulk-wp","action":"READ","at":"2026-03-02T00:00:00Z"}
{"type":"engaged","person":"bulk-a","content":"bulk-wp","action":"READ","at":"2026-03-02T00:00:00Z"}
{"type":"engaged","person":"bulk-a","content":"bulk-wp","action":"SHARED","at":"2026-03-02T00:00:00Z"}
`

// A bulk load builds the graph the online import builds from the same
// file: the same fingerprint, the schema in place.
func TestBulkLoadEqualsOnlineImport(t *testing.T) {
	store := testdb.Store(t)
	testdb.Reset(t, store)
	t.Chdir(testdb.Root()) // the devserver's folder is neo4j/devserver
	ctx := context.Background()
	dir := t.TempDir()
	file := filepath.Join(dir, "graph.ndjson")
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"generate", "-people", "300", "-seed", "3", "-out", file}, testEnv(nil), nil, &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(bulkEdges); err != nil {
		t.Fatal(err)
	}
	f.Close()
	getenv := testEnv(map[string]string{"NEO4J_URI": os.Getenv(testdb.URIVar), "RELGRAPH_STRENGTH_AS_OF": "2026-11-25T00:00:00Z"})
	if err := run(ctx, []string{"import", "-quiet", file}, getenv, nil, &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	online, err := store.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	onlineCounts, err := store.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}

	data := filepath.Join(dir, "neo4j")
	out.Reset()
	if err := run(ctx, []string{"import", "-bulk", "-quiet", "-data", data, "-heap", "512m", "-memory", "256m", file}, getenv, nil, &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	for _, want := range []string{"validated 4062 records from 4062 lines", "loaded them in", "computed the strengths of 2 pairs", "bulk-loaded 4062 records"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the summary lacks %q:\n%s", want, out.String())
		}
	}
	if _, err := os.Stat(filepath.Join(data, "bulk-import")); !os.IsNotExist(err) {
		t.Errorf("the CSV files are left behind (%v)", err)
	}
	srv, err := devserver.Start(ctx, devserver.Options{Dir: "neo4j/devserver", DataDir: data, Heap: "512m"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	bulk, err := neo4j.Connect(ctx, neo4j.Config{URI: srv.URI()}, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer bulk.Close(ctx)
	bulkCounts, err := bulk.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"Person", "Company", "Topic", "Content", "Signal", "Interaction", "PairSummary", "KNOWS", "WORKS_AT", "INTERESTED_IN", "ENGAGED_WITH", "ABOUT", "BY", "AT", "MENTIONS"} {
		if bulkCounts[key] == 0 || bulkCounts[key] != onlineCounts[key] {
			t.Errorf("%s: %d in bulk, %d online", key, bulkCounts[key], onlineCounts[key])
		}
	}
	if got, err := bulk.Fingerprint(ctx); err != nil || got != online {
		t.Errorf("bulk fingerprint %s (%v), online %s", got, err, online)
	}
	// What nodes keep of their relationships, the data migrations
	// computed.
	if problems, err := bulk.CheckKept(ctx); err != nil || len(problems) > 0 {
		t.Errorf("kept values after the bulk load: %v %v", problems, err)
	}
	// The schema is in place.
	d, err := driver.NewDriverWithContext(srv.URI(), driver.NoAuth())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close(ctx)
	res, err := driver.ExecuteQuery(ctx, d, "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names", nil, driver.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	if names, _ := res.Records[0].Get("names"); !slices.Contains(names.([]any), any("person_id")) {
		t.Errorf("constraints %v", names)
	}
	// Folded as the upserts fold them; the signal counts of companies
	// (neo4j/value.go) are there.
	res, err = driver.ExecuteQuery(ctx, d, `MATCH (a:Person {id: 'bulk-a'})
MATCH (w:Content {id: 'bulk-wp'})
MATCH (a)-[k:KNOWS]-(:Person {id: 'bulk-b'})
MATCH (co:Company {id: 'bulk-co'})
RETURN [co.signalCounts, a.name, a.title, a.city, a.email, a.team, a.sources,
  [(a)-[i:INTERESTED_IN]->() | i.weight], size([(a)-[:ENGAGED_WITH]->() | 1]),
  w.kind, w.title, size([(w)-[:ABOUT]->() | 1]), k.strength, k.private, k.source,
  COUNT { MATCH (i:Interaction {id: 'm1'}) }, COLLECT { MATCH (i:Interaction {id: 'm1', source: 'calendar'}) RETURN i.direction }] AS facts`, nil, driver.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	facts, _ := res.Records[0].Get("facts")
	want := []any{[]any{int64(0), int64(0), int64(0), int64(1), int64(0), int64(0), int64(0), int64(0), int64(0), int64(0), int64(0), int64(1), int64(0), int64(0), int64(0)}, "Zoë \"Z\" Ångström, Jr.", "Head of Sales\nEMEA", "Paris", "zoe@example.com", false, []any{"2026-01-05 crm alice", "2026-02-01 linkedin bob"},
		[]any{0.75}, int64(2), "REPORT", "A \"paper\"", int64(2), 0.25, nil, "crm", int64(2), []any{"BOTH"}}
	if fmt.Sprint(facts) != fmt.Sprint(want) {
		t.Errorf("bulk-a and its neighbours:\n got %v\nwant %v", facts, want)
	}
	srv.Stop()

	// A database that is there already is left alone.
	err = run(ctx, []string{"import", "-bulk", "-quiet", "-data", data, file}, getenv, nil, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "already holds a database") {
		t.Errorf("a second bulk load: %v", err)
	}
	// A file with a bad line writes nothing.
	bad := filepath.Join(dir, "bad.ndjson")
	if err := os.WriteFile(bad, []byte(`{"type":"person","id":"a1"}
{"type":"knows","a":"a1","b":"zz"}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	errOut.Reset()
	err = run(ctx, []string{"import", "-bulk", "-quiet", "-data", empty, bad}, getenv, nil, &out, &errOut)
	if err == nil || !strings.Contains(errOut.String(), `line 2: b: Person "zz" exists neither in the file nor in the database`) {
		t.Errorf("a bad file: %v\n%s", err, errOut.String())
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("a refused file left %v", entries)
	}
}
