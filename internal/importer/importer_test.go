package importer_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/internal/importer"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/ndjson"
	"github.com/relgraph/relgraph/internal/testdb"
	"github.com/relgraph/relgraph/neo4j"
)

func demoPath() string { return filepath.Join(testdb.Root(), "testdata", "demo.ndjson") }

func counts(t *testing.T, s *neo4j.Store) map[string]int64 {
	t.Helper()
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func importText(t *testing.T, s *neo4j.Store, text string, opts importer.Options) (*importer.Summary, error) {
	t.Helper()
	return importer.Import(context.Background(), func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(text)), nil
	}, s, opts)
}

// The demo file's line counts (testdata/DEMO.md) become exactly these nodes
// and relationships, and importing it again changes nothing.
func TestDemoImportIsExactAndIdempotent(t *testing.T) {
	s := testdb.Store(t)
	testdb.Reset(t, s)
	sum := testdb.Import(t, s, demoPath())
	// 37 interactions of four pairs of p0's (p10, p11, p16, p25), whose
	// KNOWS strengths are computed.
	if sum.Records != 417 || sum.Lines != 417 || sum.Counts[model.KindNamed("person")] != 55 || sum.Counts[model.KindNamed("knows")] != 66 ||
		sum.Counts[model.KindNamed("interaction")] != 37 || sum.Pairs != 4 {
		t.Fatalf("summary %+v", sum)
	}
	want := map[string]int64{
		"Person": 55, "Company": 12, "Topic": 10, "Content": 15, "Signal": 55, "Interaction": 37,
		"WORKS_AT": 54, "KNOWS": 66, "INTERESTED_IN": 70, "ENGAGED_WITH": 43,
	}
	got := counts(t, s)
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d, want %d", k, got[k], n)
		}
	}
	// Every content line's topics become ABOUT edges, every signal's
	// person, company and topics become BY, AT and MENTIONS edges.
	var about, by, at, mentions int64
	data, err := os.ReadFile(demoPath())
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		r, err := ndjson.ParseLine(i+1, []byte(line))
		if err != nil {
			t.Fatal(err)
		}
		switch r.Kind.Name {
		case "content":
			about += int64(len(r.Row["topics"].([]string)))
		case "signal":
			mentions += int64(len(r.Row["topics"].([]string)))
			by += int64(len(r.Row["person"].([]string)))
			at += int64(len(r.Row["company"].([]string)))
		}
	}
	for k, n := range map[string]int64{"ABOUT": about, "BY": by, "AT": at, "MENTIONS": mentions} {
		if got[k] != n {
			t.Errorf("%s: %d, want %d", k, got[k], n)
		}
	}
	before := testdb.Fingerprint(t, s)
	testdb.Import(t, s, demoPath())
	if after := testdb.Fingerprint(t, s); after != before {
		t.Fatal("re-importing the demo changed the graph")
	}
	if again := counts(t, s); again["KNOWS"] != 66 || again["ENGAGED_WITH"] != 43 {
		t.Fatalf("counts after re-import %v", again)
	}
}

// Relationships may come before their nodes, may point at nodes that are
// already in the database, and a KNOWS pair given the other way round is
// the same relationship.
func TestImportOrderAndReferences(t *testing.T) {
	s := testdb.Store(t)
	testdb.Reset(t, s)
	first := `{"type":"knows","a":"x2","b":"x1","strength":0.5}
{"type":"works_at","person":"x1","company":"k1","title":"CTO"}
{"type":"person","id":"x1","name":"Ann"}
{"type":"person","id":"x2","name":"Bo"}
{"type":"company","id":"k1","name":"Kilo"}`
	if _, err := importText(t, s, first, importer.Options{BatchSize: 1}); err != nil {
		t.Fatal(err)
	}
	second := `{"type":"knows","a":"x1","b":"x2","strength":0.7}
{"type":"topic","id":"ai","name":"AI"}
{"type":"interested_in","person":"x2","topic":"ai","weight":1}`
	if _, err := importText(t, s, second, importer.Options{}); err != nil {
		t.Fatal(err)
	}
	c := counts(t, s)
	if c["KNOWS"] != 1 || c["WORKS_AT"] != 1 || c["INTERESTED_IN"] != 1 || c["Person"] != 2 {
		t.Fatalf("counts %v", c)
	}
	page, err := s.Connections(context.Background(), neo4j.ConnectionsRequest{Of: "x2", Degree: 1, Page: neo4j.Paging{Limit: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 || page.Items[0].Person.ID != "x1" || page.Items[0].Strength != 0.7 {
		t.Fatalf("the second line updated the pair: %+v", page.Items[0])
	}
}

// Each class of bad input is reported with its line and reason, and a file
// with any bad line writes nothing, even when good batches precede it.
func TestBadInputWritesNothing(t *testing.T) {
	s := testdb.Store(t)
	testdb.Demo(t, s)
	before := testdb.Fingerprint(t, s)
	good := `{"type":"person","id":"n1","name":"New One"}
{"type":"person","id":"n2","name":"New Two"}
{"type":"knows","a":"n1","b":"p0","strength":0.5}
`
	tests := []struct {
		name, bad, want string
	}{
		{"malformed JSON", `{"type":"person","id":`, "line 4: malformed JSON"},
		{"unknown type", `{"type":"planet","id":"x"}`, `line 4: unknown type "planet"`},
		{"unknown field", `{"type":"person","id":"n3","nick":"x"}`, `line 4: unknown field "nick"`},
		{"missing id", `{"type":"company","name":"No Id"}`, `line 4: missing "id"`},
		{"bad enum", `{"type":"engaged","person":"n1","content":"wp1","action":"SKIMMED","at":"2026-01-01"}`, `line 4: action "SKIMMED" is not one of`},
		{"bad date", `{"type":"signal","id":"s999","kind":"HIRING","at":"yesterday"}`, `line 4: at: "yesterday" is not an RFC 3339 date`},
		{"unknown reference", `{"type":"works_at","person":"n1","company":"c404"}`, `line 4: company: Company "c404" exists neither in the file nor in the database`},
		{"interaction with an unknown person", `{"type":"interaction","id":"m1","source":"gmail","a":"n1","b":"p404","kind":"EMAIL","direction":"A_TO_B","at":"2026-11-01"}`,
			`line 4: b: Person "p404" exists neither in the file nor in the database`},
		{"interaction with oneself", `{"type":"interaction","id":"m1","source":"gmail","a":"n1","b":"n1","kind":"CALL","direction":"BOTH","at":"2026-11-01"}`,
			`line 4: a person cannot interact with themselves (a = b = "n1")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum, err := importText(t, s, good+tt.bad+"\n", importer.Options{BatchSize: 1})
			if !errors.Is(err, importer.ErrInvalid) {
				t.Fatalf("got %v, want ErrInvalid", err)
			}
			if sum.ErrorCount != 1 || !strings.Contains(sum.Errors[0].Error(), tt.want) {
				t.Fatalf("errors %v, want %q", sum.Errors, tt.want)
			}
			if after := testdb.Fingerprint(t, s); after != before {
				t.Fatal("a refused file changed the graph")
			}
		})
	}
	// Many bad lines: all counted, the first MaxErrors kept, by line.
	var b strings.Builder
	for i := 0; i < 30; i++ {
		b.WriteString(`{"type":"person"}` + "\n")
	}
	sum, err := importText(t, s, b.String(), importer.Options{MaxErrors: 5})
	if !errors.Is(err, importer.ErrInvalid) || sum.ErrorCount != 30 || len(sum.Errors) != 5 || sum.Errors[0].Line != 1 {
		t.Fatalf("got %v, %d errors, kept %d", err, sum.ErrorCount, len(sum.Errors))
	}
}

// Several writers with small batches build exactly the graph one writer
// builds: the demo's fingerprint is the same either way.
func TestParallelImportSameGraph(t *testing.T) {
	s := testdb.Store(t)
	open := func() (io.ReadCloser, error) { return os.Open(demoPath()) }
	prints := map[int]string{}
	for _, writers := range []int{1, 4} {
		testdb.Reset(t, s)
		sum, err := importer.Import(context.Background(), open, s, importer.Options{Writers: writers, BatchSize: 7})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Records != 417 || sum.Writers != writers {
			t.Fatalf("%d writers: summary %+v", writers, sum)
		}
		prints[writers] = testdb.Fingerprint(t, s)
	}
	if prints[1] != prints[4] {
		t.Fatal("four writers built a different graph than one")
	}
}
