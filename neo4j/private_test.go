package neo4j_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/testdb"
	"github.com/relgraph/relgraph/neo4j"
)

// The private relationships of the demo this test marks: team members'
// relationships with contacts (p0-p10 and p0-p25 with their interactions)
// and with each other (p0-p2, p1-p2). The last, p4-p55, is marked through
// MarkPrivate after the import; the others by their knows lines.
var privatePairs = []model.Pair{
	{"p0", "p10"}, {"p0", "p13"}, {"p0", "p2"}, {"p0", "p25"},
	{"p1", "p13"}, {"p1", "p2"}, {"p1", "p35"},
	{"p2", "p23"}, {"p2", "p38"},
	{"p3", "p47"},
	{"p4", "p55"},
}

// Every question, asked by keys that speak for different people, answers
// on the demo with private relationships exactly what the operator's
// answers are on the demo without the private relationships that key may
// not count (and without their interactions): those of its own person
// stay, and for an admin key all of them.
func TestPrivateRelationshipsOracle(t *testing.T) {
	store := testdb.Store(t)
	lines := demoLines(t)
	private := map[model.Pair]bool{}
	for _, p := range privatePairs {
		private[p] = true
	}
	viewers := []struct {
		name string
		p    auth.Principal
	}{
		{"p0 (owner of p0-p10, p0-p13, p0-p2, p0-p25)", auth.Principal{KeyName: "alex", Role: auth.Reader, Person: "p0", Scope: auth.All}},
		{"p1 (owner of p1-p13, p1-p2, p1-p35)", auth.Principal{KeyName: "jordan", Role: auth.Writer, Person: "p1", Scope: auth.All}},
		{"p3 (another team member)", auth.Principal{KeyName: "sam", Role: auth.Reader, Person: "p3", Scope: auth.All}},
		{"no person", auth.Principal{KeyName: "bi", Role: auth.Reader, Scope: auth.All}},
		{"admin", auth.Principal{KeyName: "ops", Role: auth.Admin, Person: "p4", Scope: auth.All}},
	}

	// The graph with its private relationships, answered for each key.
	load(t, store, lines, private, nil)
	if _, err := store.MarkPrivate(context.Background(), "p55", "p4", true); err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]string{}
	for _, v := range viewers {
		got[v.name] = askEverything(t, auth.WithPrincipal(context.Background(), &v.p), store, lines)
	}

	for _, v := range viewers {
		t.Run(v.name, func(t *testing.T) {
			// The graph this key sees, answered for the operator.
			hidden := func(p model.Pair) bool {
				return private[p] && v.p.Role != auth.Admin && p[0] != v.p.Person && p[1] != v.p.Person
			}
			load(t, store, lines, private, hidden)
			want := askEverything(t, context.Background(), store, lines)
			var diffs []string
			for _, q := range slices.Sorted(maps.Keys(want)) {
				if got[v.name][q] != want[q] {
					diffs = append(diffs, fmt.Sprintf("%s:\n    got  %s\n    want %s", q, got[v.name][q], want[q]))
				}
			}
			for i, d := range diffs {
				if i == 4 {
					t.Errorf("... and %d more", len(diffs)-4)
					break
				}
				t.Error(d)
			}
		})
	}

	// The answers differ: each key counts its own private relationships
	// and no one else's.
	admin := got["admin"]
	for _, v := range viewers[:4] {
		differ := 0
		for q, a := range got[v.name] {
			if admin[q] != a {
				differ++
			}
		}
		if differ < 10 {
			t.Errorf("%s: only %d answers differ from the admin key's; the private relationships should matter", v.name, differ)
		}
	}
	// By hand: p0's relationships with p10 and p2 are p0's; p3 sees
	// neither, p0 and the admin key see both, marked private.
	for name, want := range map[string]string{
		viewers[0].name: `p10 private, p2 private`, viewers[2].name: ``, "admin": `p10 private, p2 private`,
	} {
		var marks []string
		var list []struct {
			Person  struct{ ID string }
			Private *bool
		}
		if err := json.Unmarshal([]byte(got[name]["knows p0"]), &list); err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			if a.Person.ID == "p10" || a.Person.ID == "p2" {
				mark := a.Person.ID
				if a.Private != nil && *a.Private {
					mark += " private"
				}
				marks = append(marks, mark)
			}
		}
		slices.Sort(marks)
		if strings.Join(marks, ", ") != want {
			t.Errorf("%s: p0 knows %q, want %q", name, strings.Join(marks, ", "), want)
		}
	}
}

// demoLines reads testdata/demo.ndjson as JSON objects.
func demoLines(t *testing.T) []map[string]any {
	t.Helper()
	f, err := os.Open(filepath.Join(testdb.Root(), "testdata", "demo.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// load empties the database and imports the lines: the knows lines of the
// private pairs say so, and those of hidden pairs, with their
// interactions, are left out.
func load(t *testing.T, store *neo4j.Store, lines []map[string]any, private map[model.Pair]bool, hidden func(model.Pair) bool) {
	t.Helper()
	var b strings.Builder
	for _, l := range lines {
		switch l["type"] {
		case "knows", "interaction":
			p := model.PairOf(l["a"].(string), l["b"].(string))
			if hidden != nil && hidden(p) {
				continue
			}
			if l["type"] == "knows" && private[p] {
				l = maps.Clone(l)
				l["private"] = true
			}
		}
		text, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(text)
		b.WriteByte('\n')
	}
	testdb.Reset(t, store)
	testdb.ImportText(t, store, b.String())
}

// askEverything asks every question that reads relationships, for people
// on both sides of the private ones, and returns each answer as JSON
// (or its error).
func askEverything(t *testing.T, ctx context.Context, store *neo4j.Store, lines []map[string]any) map[string]string {
	t.Helper()
	out := map[string]string{}
	put := func(q string, v any, err error) {
		if err != nil {
			out[q] = "error: " + err.Error()
			return
		}
		text, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out[q] = string(text)
	}
	var companies []string
	for _, l := range lines {
		if l["type"] == "company" {
			companies = append(companies, l["id"].(string))
		}
	}
	people := []string{"p0", "p1", "p2", "p3", "p4", "p10", "p13", "p20"}
	page := neo4j.Paging{Limit: 100}
	for _, of := range people {
		for degree := 1; degree <= 3; degree++ {
			c, err := store.Connections(ctx, neo4j.ConnectionsRequest{Of: of, Degree: degree, Page: page})
			put(fmt.Sprintf("connections %s degree %d", of, degree), c, err)
		}
		co, err := store.CompaniesWithConnections(ctx, neo4j.CompaniesRequest{Of: of, Degree: 2, Page: page})
		put("companiesWithConnections "+of, co, err)
		sg, err := store.Suggestions(ctx, neo4j.SuggestionsRequest{Of: of, MinShared: 1, Page: page})
		put("suggestions "+of, sg, err)
		si, err := store.Signals(ctx, neo4j.SignalsRequest{Network: &neo4j.SignalsNetwork{Of: of, Degree: 2}, Page: page})
		put("signals "+of, si, err)
		for _, to := range []string{"p10", "p13", "p20", "p35", "p47", "p55"} {
			if to != of {
				ps, err := store.IntroductionPaths(ctx, neo4j.PathsRequest{From: of, To: to, MaxHops: 4, Limit: 10})
				put(fmt.Sprintf("introductionPaths %s to %s", of, to), ps, err)
			}
		}
		for _, c := range []string{"c1", "c2", "c3"} {
			ps, err := store.IntroductionPaths(ctx, neo4j.PathsRequest{From: of, To: c, ToCompany: true, MaxHops: 3, Limit: 10})
			put(fmt.Sprintf("introductionPathsToCompany %s to %s", of, c), ps, err)
		}
	}
	for _, c := range companies {
		cov, err := store.AccountCoverage(ctx, neo4j.CoverageRequest{Company: c})
		put("accountCoverage "+c, cov, err)
	}
	knows, err := store.KnowsByPerson(ctx, people)
	for _, p := range people {
		put("knows "+p, knows[p], err)
	}
	pairs := append(slices.Clone(privatePairs), model.Pair{"p0", "p11"}, model.Pair{"p0", "p16"}, model.Pair{"p1", "p24"})
	byPair, err := store.KnowsByPair(ctx, pairs)
	interactions, err2 := store.InteractionsByPair(ctx, pairs, 100)
	for _, p := range pairs {
		put(fmt.Sprintf("knowsByPair %s-%s", p[0], p[1]), byPair[p], err)
		put(fmt.Sprintf("interactionsByPair %s-%s", p[0], p[1]), interactions[p], err2)
	}
	return out
}
