package neo4j_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/testdb"
	"github.com/relgraph/relgraph/neo4j"
)

var strengthAsOf = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// interactions writes n interaction lines of a pair, evenly from first to
// last (both included).
func interactions(b *strings.Builder, prefix, a, bID, kind, dir string, n int, first, last time.Time) {
	for i := range n {
		at := first
		if n > 1 {
			at = first.Add(time.Duration(i) * last.Sub(first) / time.Duration(n-1))
		}
		fmt.Fprintf(b, `{"type":"interaction","id":"%s-%d","source":"test","a":"%s","b":"%s","kind":"%s","direction":"%s","at":"%s"}`+"\n",
			prefix, i, a, bID, kind, dir, at.Format(time.RFC3339))
	}
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// strengthGraph: p1's relationships, as of 2026-11-25 (values by hand from
// the model, see internal/model/strength_test.go):
//   - p2: a month of email, 10 each way from 2026-10-28 to 2026-11-23:
//     F 0.9179, R 2^(-2/90) 0.9847, C 1, L 1-e^(-26/180) 0.1345: 0.67;
//   - p3: 10 one-way emails from 2026-09-01 to 2026-11-20: 0.11;
//   - p4: 6 calls both ways from 2026-05-01 to 2026-11-10, and a manual
//     strength 0.5 that stays what questions read (computed 0.62);
//   - p5: 12 meetings from 2024-06-01 to 2025-11-01, quiet since: 0.05.
func strengthGraph() string {
	var b strings.Builder
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(&b, `{"type":"person","id":"p%d"}`+"\n", i)
	}
	interactions(&b, "m12a", "p1", "p2", "EMAIL", "A_TO_B", 10, day(2026, 10, 28), day(2026, 11, 22))
	// Named the other way round: stored as p1-p2, the direction turned.
	interactions(&b, "m12b", "p2", "p1", "EMAIL", "A_TO_B", 10, day(2026, 10, 29), day(2026, 11, 23))
	interactions(&b, "m13", "p1", "p3", "EMAIL", "A_TO_B", 10, day(2026, 9, 1), day(2026, 11, 20))
	interactions(&b, "c14", "p1", "p4", "CALL", "BOTH", 6, day(2026, 5, 1), day(2026, 11, 10))
	b.WriteString(`{"type":"knows","a":"p1","b":"p4","strength":0.5,"source":"crm"}` + "\n")
	// A meeting is both ways, whatever the line says.
	interactions(&b, "x15", "p1", "p5", "MEETING", "A_TO_B", 12, day(2024, 6, 1), day(2025, 11, 1))
	return b.String()
}

func strengths(t *testing.T, s *neo4j.Store) map[string]float64 {
	t.Helper()
	page, err := s.Connections(context.Background(), neo4j.ConnectionsRequest{Of: "p1", Degree: 1, Page: neo4j.Paging{Limit: 20}})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	var order []string
	for _, p := range page.Items {
		out[p.Person.ID] = p.Strength
		order = append(order, p.Person.ID)
	}
	out["order:"+strings.Join(order, " ")] = 1
	return out
}

func TestStrengthFromInteractions(t *testing.T) {
	s := testdb.Store(t, testdb.AsOf(strengthAsOf))
	testdb.Reset(t, s)
	sum := testdb.ImportText(t, s, strengthGraph())
	if sum.Pairs != 4 {
		t.Errorf("the import refreshed %d pairs, want 4", sum.Pairs)
	}
	ctx := context.Background()
	got := strengths(t, s)
	want := map[string]float64{"p2": 0.67, "p3": 0.11, "p4": 0.5, "p5": 0.05, "order:p2 p4 p3 p5": 1}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %v, want %v (all: %v)", k, got[k], v, got)
		}
	}

	// The detail of each: source, counts, times and factors.
	known, err := s.KnowsByPair(ctx, []model.Pair{{"p2", "p1"}, {"p1", "p4"}, {"p1", "p9"}})
	if err != nil {
		t.Fatal(err)
	}
	if known[model.Pair{"p1", "p9"}] != nil || len(known) != 2 || len(known[model.Pair{"p2", "p1"}]) != 1 || len(known[model.Pair{"p1", "p4"}]) != 1 {
		t.Errorf("KnowsByPair found %v", known)
	}
	m := s.StrengthModel()
	d := m.Detail(known[model.Pair{"p2", "p1"}][0].Knows, known[model.Pair{"p2", "p1"}][0].Summary)
	if d.Source != "COMPUTED" || *d.Strength != 0.67 || *d.Computed != 0.67 || !d.AsOf.Equal(strengthAsOf) ||
		len(d.Interactions) != 2 || d.Interactions[0].Count != 10 || d.Interactions[1].Direction != "B_TO_A" ||
		!d.FirstInteractionAt.Equal(day(2026, 10, 28)) || !d.LastInteractionAt.Equal(day(2026, 11, 23)) ||
		fmt.Sprint(factorValues(d)) != "[0.9179 0.9847 1 0.1345]" {
		t.Errorf("p1-p2 detail %+v %v", d, factorValues(d))
	}
	d = m.Detail(known[model.Pair{"p1", "p4"}][0].Knows, known[model.Pair{"p1", "p4"}][0].Summary)
	if d.Source != "MANUAL" || *d.Strength != 0.5 || *d.Computed != 0.62 || d.Interactions[0].Kind != "CALL" || d.Interactions[0].Direction != "BOTH" {
		t.Errorf("p1-p4 detail %+v", d)
	}

	// The latest interactions of a pair, newest first, either way round.
	latest, err := s.InteractionsByPair(ctx, []model.Pair{{"p5", "p1"}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if l := latest[model.Pair{"p5", "p1"}]; len(l) != 2 || !l[0].At.Equal(day(2025, 11, 1)) || l[0].Direction != "BOTH" || l[0].A != "p1" || l[0].Kind != "MEETING" {
		t.Errorf("latest interactions %+v", l)
	}

	// Importing the same file again changes nothing.
	before := testdb.Fingerprint(t, s)
	testdb.ImportText(t, s, strengthGraph())
	if testdb.Fingerprint(t, s) != before {
		t.Error("re-importing the interactions changed the graph")
	}

	// A reply to the cold outreach, recorded as a mutation: p1-p3 gets
	// some reciprocity (C = 2/11), 0.21, in the same transaction.
	reply := &model.Interaction{ID: "r1", Source: "test", A: "p3", B: "p1", Kind: "EMAIL", Direction: "A_TO_B", At: model.DateTime{Time: day(2026, 11, 24)}}
	if n, err := neo4j.Upsert(ctx, s, []*model.Interaction{reply}); err != nil || n.Count != 1 {
		t.Fatalf("recording a reply: %+v, %v", n, err)
	}
	if got := strengths(t, s)["p3"]; got != 0.21 {
		t.Errorf("p1-p3 after the reply: %v, want 0.21", got)
	}

	// Asking for the computed strength drops the manual one.
	back := &model.KnowsLine{A: "p4", B: "p1", Knows: model.Knows{StrengthSource: ptr("COMPUTED")}}
	if _, err := neo4j.Upsert(ctx, s, []*model.KnowsLine{back}); err != nil {
		t.Fatal(err)
	}
	if got := strengths(t, s)["p4"]; got != 0.62 {
		t.Errorf("p1-p4 back to computed: %v, want 0.62", got)
	}

	// Half a year later, without new interactions, everything fades:
	// p1-p2 to 0.67 x 2^(-180/90)... exactly F R C L as of 2027-05-24:
	// R = 2^(-182/90) = 0.2462: 0.17; p1-p5 to 0.01.
	later := testdb.Store(t, testdb.AsOf(day(2027, 5, 24)))
	done, err := later.RecomputeStrengths(ctx, nil)
	if err != nil || done.Pairs != 4 || !done.AsOf.Equal(day(2027, 5, 24)) {
		t.Fatalf("recompute: %+v, %v", done, err)
	}
	got = strengths(t, later)
	for id, v := range map[string]float64{"p2": 0.17, "p5": 0.01} {
		if got[id] != v {
			t.Errorf("%s half a year later: %v, want %v", id, got[id], v)
		}
	}
}

func factorValues(d *model.StrengthDetail) []float64 {
	var out []float64
	for _, f := range d.Factors {
		out = append(out, f.Value)
	}
	return out
}

func ptr[T any](v T) *T { return &v }
