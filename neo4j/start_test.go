package neo4j_test

import (
	"context"
	"slices"
	"testing"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/testdb"
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
