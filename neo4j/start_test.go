package neo4j_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/testdb"
	"github.com/relgraph/relgraph/neo4j"
)

// startGraph: p0 knows p1 and p2, p1 knows p3, p3 knows p4; content c1
// and c2 are about crm, c2 and c3 about churn; signals s1 (p2) and s2
// (p3) mention churn, s2 and s3 (p4) crm.
const startGraph = `{"type":"topic","id":"crm"}
{"type":"topic","id":"churn"}
{"type":"person","id":"p0"}
{"type":"person","id":"p1"}
{"type":"person","id":"p2"}
{"type":"person","id":"p3"}
{"type":"person","id":"p4"}
{"type":"knows","a":"p0","b":"p1"}
{"type":"knows","a":"p0","b":"p2"}
{"type":"knows","a":"p1","b":"p3"}
{"type":"knows","a":"p3","b":"p4"}
{"type":"content","id":"c1","kind":"WHITE_PAPER","topics":["crm"]}
{"type":"content","id":"c2","kind":"WHITE_PAPER","topics":["crm","churn"]}
{"type":"content","id":"c3","kind":"WHITE_PAPER","topics":["churn"]}
{"type":"engaged","person":"p1","content":"c1","action":"READ","at":"2026-11-01T10:00:00Z"}
{"type":"engaged","person":"p3","content":"c1","action":"READ","at":"2026-11-02T10:00:00Z"}
{"type":"engaged","person":"p4","content":"c2","action":"READ","at":"2026-11-03T10:00:00Z"}
{"type":"engaged","person":"p2","content":"c3","action":"READ","at":"2026-11-04T10:00:00Z"}
{"type":"signal","id":"s1","kind":"MENTION","person":"p2","topics":["churn"],"at":"2026-11-05T10:00:00Z"}
{"type":"signal","id":"s2","kind":"MENTION","person":"p3","topics":["churn","crm"],"at":"2026-11-06T10:00:00Z"}
{"type":"signal","id":"s3","kind":"MENTION","person":"p4","topics":["crm"],"at":"2026-11-07T10:00:00Z"}
`

// The counts that choose where a degree-2 walk with topics starts: of's
// network is the relationships of its connections (p1: 2, p2: 1); a topic
// engaged with, the engagements with its content (crm: c1 twice, c2
// once); a topic mentioned, the signals that mention it. A topic's count
// is remembered for a minute, the network's is not.
func TestStartCounts(t *testing.T) {
	store := testdb.Store(t)
	testdb.Reset(t, store)
	testdb.ImportText(t, store, startGraph)
	ctx := context.Background()
	where := &model.PersonWhere{
		EngagedWith: &model.EngagedWithFilter{Topic: ptr("crm")},
		Mentioned:   &model.MentionedFilter{Topic: ptr("churn")},
		And:         []*model.PersonWhere{{Signal: &model.PersonSignalFilter{Topic: ptr("crm")}}},
	}
	check := func(s interface {
		StartCounts(context.Context, string, *model.PersonWhere) (int, []int, error)
	}, of string, wantNetwork int, wantTopics []int) {
		t.Helper()
		network, topics, err := s.StartCounts(ctx, of, where)
		if err != nil {
			t.Fatal(err)
		}
		if network != wantNetwork || !slices.Equal(topics, wantTopics) {
			t.Errorf("%s: network %d, topics %v; want %d, %v", of, network, topics, wantNetwork, wantTopics)
		}
	}
	check(store, "p0", 3, []int{3, 2, 2})
	check(store, "p1", 4, []int{3, 2, 2}) // p0: 2, p3: 2
	check(store, "nobody", 0, nil)

	// p0 reads c2 and knows p4: the network's count follows at once, the
	// topics' after a minute, or in another store.
	testdb.ImportText(t, store, `{"type":"engaged","person":"p0","content":"c2","action":"READ","at":"2026-11-08T10:00:00Z"}
{"type":"knows","a":"p0","b":"p4"}
`)
	check(store, "p0", 5, []int{3, 2, 2})
	check(testdb.Store(t), "p0", 5, []int{4, 2, 2})
}

// statementNames records the names of the statements a store runs.
type statementNames struct {
	mu    sync.Mutex
	names []string
}

func (o *statementNames) Statement(name string, _ time.Duration, _ int, _ error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.names = append(o.names, name)
}
func (o *statementNames) Sessions(int)        {}
func (o *statementNames) Written(string, int) {}

func (o *statementNames) take() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := o.names
	o.names = nil
	return out
}

// A degree-2 question with topics counts its sides, then runs the chosen
// side; a filter that does not compile is refused before anything is
// counted; questions without topics, or at another degree, count nothing.
func TestStartIsCountedOnlyWhenItMatters(t *testing.T) {
	names := &statementNames{}
	store := testdb.Store(t, func(c *neo4j.Config) { c.Observer = names })
	testdb.Reset(t, store)
	testdb.ImportText(t, store, startGraph)
	ctx := context.Background()
	page := neo4j.Paging{Limit: 20}
	crm := &model.EngagedWithFilter{Topic: ptr("crm")}
	names.take()

	got, err := store.Connections(ctx, neo4j.ConnectionsRequest{Of: "p0", Degree: 2, Page: page, Where: &model.PersonWhere{EngagedWith: crm}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range got.Items {
		ids = append(ids, p.Person.ID)
	}
	if !slices.Equal(ids, []string{"p1", "p3"}) {
		t.Errorf("people who engaged with crm content within 2 hops of p0: %v, want p1, p3", ids)
	}
	if n := names.take(); !slices.Equal(n, []string{"connections.start", "connections"}) {
		t.Errorf("statements %v, want the count then the question", n)
	}
	if _, err := store.CompaniesWithConnections(ctx, neo4j.CompaniesRequest{Of: "p0", Degree: 2, Page: page, Where: &model.PersonWhere{EngagedWith: crm}}); err != nil {
		t.Fatal(err)
	}
	if n := names.take(); !slices.Equal(n, []string{"companiesWithConnections.start", "companiesWithConnections"}) {
		t.Errorf("statements %v, want the count then the question", n)
	}

	bad := &model.PersonWhere{EngagedWith: &model.EngagedWithFilter{Topic: ptr("crm"), MinCount: ptr(0)}}
	_, err = store.Connections(ctx, neo4j.ConnectionsRequest{Of: "p0", Degree: 2, Page: page, Where: bad})
	if !errors.As(err, new(*model.InputError)) {
		t.Errorf("minCount 0: %v, want an input error", err)
	}
	if n := names.take(); len(n) != 0 {
		t.Errorf("a filter that does not compile ran %v", n)
	}

	for _, req := range []neo4j.ConnectionsRequest{
		{Of: "p0", Degree: 1, Page: page, Where: &model.PersonWhere{EngagedWith: crm}},
		{Of: "p0", Degree: 2, Page: page, Where: &model.PersonWhere{Or: []*model.PersonWhere{{EngagedWith: crm}, {Name: ptr("x")}}}},
		{Of: "p0", Degree: 2, Page: page, Where: &model.PersonWhere{EngagedWith: crm}, Start: neo4j.StartNetwork},
	} {
		if _, err := store.Connections(ctx, req); err != nil {
			t.Fatal(err)
		}
		if n := names.take(); !slices.Equal(n, []string{"connections"}) {
			t.Errorf("degree %d, where %+v, start %d: statements %v, want the question alone", req.Degree, req.Where, req.Start, n)
		}
	}
}
