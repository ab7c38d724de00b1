package server_test

import (
	"sort"
	"strings"
	"testing"
)

type introPath struct {
	Hops     int     `json:"hops"`
	Strength float64 `json:"strength"`
	People   []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"people"`
}

const introPathsQuery = `query($from: ID, $to: ID!, $maxHops: Int, $first: Int) {
  introductionPaths(from: $from, to: $to, maxHops: $maxHops, first: $first) { hops strength people { id name } }
}`

const introCompanyQuery = `query($from: ID, $company: ID!, $maxHops: Int, $first: Int) {
  introductionPathsToCompany(from: $from, company: $company, maxHops: $maxHops, first: $first) { hops strength people { id name } }
}`

// introWant is one expected path: "p0-p17-p33" and its strength.
type introWant struct {
	ids      string
	strength float64
}

func checkIntroPaths(t *testing.T, got []introPath, wants []introWant) {
	t.Helper()
	var gotIDs, wantIDs []string
	for _, p := range got {
		var ids []string
		for _, person := range p.People {
			ids = append(ids, person.ID)
		}
		gotIDs = append(gotIDs, strings.Join(ids, "-"))
	}
	for _, w := range wants {
		wantIDs = append(wantIDs, w.ids)
	}
	if strings.Join(gotIDs, " ") != strings.Join(wantIDs, " ") {
		t.Fatalf("paths: got %v, want %v", gotIDs, wantIDs)
	}
	for i, w := range wants {
		g := got[i]
		if hops := strings.Count(w.ids, "-"); g.Hops != hops || !near(g.Strength, w.strength) {
			t.Errorf("%s: got hops %d strength %v, want %d %v", w.ids, g.Hops, g.Strength, hops, w.strength)
		}
	}
}

// KNOWS strengths used below (testdata/demo.ndjson, read undirected):
// p0-p17 0.9, p17-p33 0.8, p0-p18 0.5, p18-p33 0.6, p0-p19 0.8,
// p19-p40 0.9, p40-p33 0.95, p0-p10 0.82 (computed from their
// interactions), p10-p30 0.8, p0-p15 0.6,
// p15-p30 0.7, p30-p45 0.6, p0-p23 0.7, p23-p36 0.75, p36-p37 0.8,
// p48-p49 0.7.
func TestIntroductionPaths(t *testing.T) {
	e := demo(t)
	p17 := introWant{"p0-p17-p33", 0.72} // 0.9 x 0.8
	p18 := introWant{"p0-p18-p33", 0.3}  // 0.5 x 0.6
	tests := []struct {
		name  string
		vars  map[string]any
		wants []introWant
	}{
		// Story 3. p0-p19-p40-p33 (0.684) is stronger than p0-p18-p33 but
		// three hops long, so it is not a shortest path and never appears.
		{"to the new CMO", map[string]any{"to": "p33"}, []introWant{p17, p18}},
		{"maxHops 4 changes nothing", map[string]any{"to": "p33", "maxHops": 4, "first": 100}, []introWant{p17, p18}},
		{"maxHops 2", map[string]any{"to": "p33", "maxHops": 2}, []introWant{p17, p18}},
		{"first 1", map[string]any{"to": "p33", "first": 1}, []introWant{p17}},
		// p33 is two hops away: nothing within one.
		{"maxHops 1", map[string]any{"to": "p33", "maxHops": 1}, nil},
		// KNOWS is read undirected: the same paths backwards.
		{"backwards", map[string]any{"from": "p33", "to": "p0"}, []introWant{{"p33-p17-p0", 0.72}, {"p33-p18-p0", 0.3}}},
		// p45 is at distance 3 through p30, reached from p10 or p15.
		{"three hops", map[string]any{"to": "p45"}, []introWant{{"p0-p10-p30-p45", 0.3936}, {"p0-p15-p30-p45", 0.252}}},
		{"three hops, maxHops 2", map[string]any{"to": "p45", "maxHops": 2}, nil},
		{"one hop", map[string]any{"to": "p23"}, []introWant{{"p0-p23", 0.7}}},
		{"three hops, one path", map[string]any{"to": "p37", "maxHops": 4}, []introWant{{"p0-p23-p36-p37", 0.42}}},
		// p48 and p49 only know each other.
		{"unreachable", map[string]any{"to": "p48", "maxHops": 4}, nil},
		{"another start", map[string]any{"from": "p48", "to": "p49"}, []introWant{{"p48-p49", 0.7}}},
		{"to oneself", map[string]any{"to": "p0"}, nil},
		// p59 knows no one.
		{"isolated start", map[string]any{"from": "p59", "to": "p0", "maxHops": 4}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out struct {
				IntroductionPaths []introPath `json:"introductionPaths"`
			}
			e.data(t, e.reader, introPathsQuery, tt.vars, &out)
			if out.IntroductionPaths == nil {
				t.Fatal("introductionPaths is null, want a list")
			}
			checkIntroPaths(t, out.IntroductionPaths, tt.wants)
		})
	}
	// People are whole people, not only ids.
	var out struct {
		IntroductionPaths []introPath `json:"introductionPaths"`
	}
	e.data(t, e.reader, introPathsQuery, map[string]any{"to": "p33", "first": 1}, &out)
	if names := out.IntroductionPaths[0].People; names[0].Name != "Alex Morgan" || names[1].Name != "Liam O'Brien" || names[2].Name != "Olivia Grant" {
		t.Errorf("names along the path: %+v", names)
	}
}

// Employees currently at each company (WORKS_AT without until) and how far
// they are, from testdata/demo.ndjson.
func TestIntroductionPathsToCompany(t *testing.T) {
	e := demo(t)
	tests := []struct {
		name  string
		vars  map[string]any
		wants []introWant
	}{
		// Acme (c1): p0 knows p23 (0.7) and p13 (0.65) directly. p33 is
		// also at Acme and p0-p17-p33 (0.72) is stronger, but two hops:
		// only the shortest length over all employees counts.
		{"Acme", map[string]any{"company": "c1"}, []introWant{{"p0-p23", 0.7}, {"p0-p13", 0.65}}},
		{"Acme, maxHops 1", map[string]any{"company": "c1", "maxHops": 1}, []introWant{{"p0-p23", 0.7}, {"p0-p13", 0.65}}},
		{"Acme, first 1", map[string]any{"company": "c1", "first": 1}, []introWant{{"p0-p23", 0.7}}},
		// Our own company (c0): p0 works there too but is never a target;
		// colleagues p1 0.9, p2 0.85, p4 0.8, p3 0.7.
		{"own company", map[string]any{"company": "c0"}, []introWant{{"p0-p1", 0.9}, {"p0-p2", 0.85}, {"p0-p4", 0.8}}},
		{"own company, all", map[string]any{"company": "c0", "first": 100}, []introWant{{"p0-p1", 0.9}, {"p0-p2", 0.85}, {"p0-p4", 0.8}, {"p0-p3", 0.7}}},
		// p33 works at Acme; the nearest other Acme people are p23 and p13,
		// three hops away through p17 or p18 and p0.
		{"from an employee", map[string]any{"from": "p33", "company": "c1", "first": 10}, []introWant{
			{"p33-p17-p0-p23", 0.504}, // 0.8 x 0.9 x 0.7
			{"p33-p17-p0-p13", 0.468}, // 0.8 x 0.9 x 0.65
			{"p33-p18-p0-p23", 0.21},  // 0.6 x 0.5 x 0.7
			{"p33-p18-p0-p13", 0.195}, // 0.6 x 0.5 x 0.65
		}},
		{"from an employee, maxHops 2", map[string]any{"from": "p33", "company": "c1", "maxHops": 2}, nil},
		// From p41, three hops reach three different Acme people.
		{"several targets", map[string]any{"from": "p41", "company": "c1"}, []introWant{
			{"p41-p19-p40-p33", 0.64125}, // 0.75 x 0.9 x 0.95
			{"p41-p19-p0-p23", 0.42},     // 0.75 x 0.8 x 0.7
			{"p41-p19-p0-p13", 0.39},     // 0.75 x 0.8 x 0.65
		}},
		// Four hops: p45-p30-p10|p15-p0-p23|p13.
		{"four hops", map[string]any{"from": "p45", "company": "c1", "maxHops": 4}, []introWant{
			{"p45-p30-p10-p0-p23", 0.27552}, // 0.6 x 0.8 x 0.82 x 0.7
			{"p45-p30-p10-p0-p13", 0.25584}, // 0.6 x 0.8 x 0.82 x 0.65
			{"p45-p30-p15-p0-p23", 0.1764},  // 0.6 x 0.7 x 0.6 x 0.7
		}},
		// Orbit Retail (c8) from p15: p15-p0-p20 (0.6 x 0.7) and p15-p30-p45
		// (0.7 x 0.6) tie at 0.42; the ids decide: p0 comes before p30.
		{"tie", map[string]any{"from": "p15", "company": "c8"}, []introWant{{"p15-p0-p20", 0.42}, {"p15-p30-p45", 0.42}, {"p15-p0-p26", 0.3}}},
		// Vertex Cloud (c9) employs only p48 and p49, out of reach; Nimbus
		// Labs (c11) employs no one.
		{"no reachable employee", map[string]any{"company": "c9", "maxHops": 4}, nil},
		{"no employee", map[string]any{"company": "c11", "maxHops": 4}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out struct {
				IntroductionPathsToCompany []introPath `json:"introductionPathsToCompany"`
			}
			e.data(t, e.reader, introCompanyQuery, tt.vars, &out)
			if out.IntroductionPathsToCompany == nil {
				t.Fatal("introductionPathsToCompany is null, want a list")
			}
			checkIntroPaths(t, out.IntroductionPathsToCompany, tt.wants)
		})
	}
}

func TestIntroductionPathsErrors(t *testing.T) {
	e := demo(t)
	tests := []struct {
		name, key, query, code, msg string
	}{
		{"unknown target", e.reader, `{ introductionPaths(to: "nobody") { hops } }`, "NOT_FOUND", `person "nobody" does not exist`},
		{"unknown start", e.reader, `{ introductionPaths(from: "nobody", to: "p33") { hops } }`, "NOT_FOUND", `person "nobody" does not exist`},
		{"unknown start, to itself", e.reader, `{ introductionPaths(from: "nobody", to: "nobody") { hops } }`, "NOT_FOUND", `person "nobody" does not exist`},
		{"maxHops 0", e.reader, `{ introductionPaths(to: "p33", maxHops: 0) { hops } }`, "BAD_USER_INPUT", "maxHops must be between 1 and 4, got 0"},
		{"maxHops 5", e.reader, `{ introductionPaths(to: "p33", maxHops: 5) { hops } }`, "BAD_USER_INPUT", "maxHops must be between 1 and 4, got 5"},
		{"first 0", e.reader, `{ introductionPaths(to: "p33", first: 0) { hops } }`, "BAD_USER_INPUT", "first must be between 1 and 100, got 0"},
		{"first 101", e.reader, `{ introductionPathsToCompany(company: "c1", first: 101) { hops } }`, "BAD_USER_INPUT", "first must be between 1 and 100, got 101"},
		{"empty target", e.reader, `{ introductionPaths(to: "") { hops } }`, "BAD_USER_INPUT", "to must not be empty"},
		{"empty start", e.reader, `{ introductionPaths(from: "", to: "p33") { hops } }`, "BAD_USER_INPUT", "from must not be empty"},
		{"no viewer", e.nobody, `{ introductionPaths(to: "p33") { hops } }`, "BAD_USER_INPUT", "pass `from`"},
		{"unknown company", e.reader, `{ introductionPathsToCompany(company: "c99") { hops } }`, "NOT_FOUND", `company "c99" does not exist`},
		{"unknown start, company", e.reader, `{ introductionPathsToCompany(from: "nobody", company: "c1") { hops } }`, "NOT_FOUND", `person "nobody" does not exist`},
		{"company maxHops 5", e.reader, `{ introductionPathsToCompany(company: "c1", maxHops: 5) { hops } }`, "BAD_USER_INPUT", "maxHops must be between 1 and 4, got 5"},
		{"company, no viewer", e.nobody, `{ introductionPathsToCompany(company: "c1") { hops } }`, "BAD_USER_INPUT", "pass `from`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.post(t, tt.key, tt.query, nil)
			if len(res.Errors) == 0 {
				t.Fatalf("no error; data %s", res.Data)
			}
			got := res.Errors[0]
			if got.Extensions["code"] != tt.code || !strings.Contains(got.Message, tt.msg) {
				t.Errorf("got %v %q, want %s %q", got.Extensions["code"], got.Message, tt.code, tt.msg)
			}
		})
	}
	// A key without a person may still ask on someone's behalf.
	var out struct {
		IntroductionPaths []introPath `json:"introductionPaths"`
	}
	e.data(t, e.nobody, introPathsQuery, map[string]any{"from": "p0", "to": "p33"}, &out)
	checkIntroPaths(t, out.IntroductionPaths, []introWant{{"p0-p17-p33", 0.72}, {"p0-p18-p33", 0.3}})
}

// The people of all paths form one sibling group: their nested fields cost
// one statement each, however many paths and people come back.
func TestIntroductionPathsRoundTrips(t *testing.T) {
	e := demo(t)
	for _, q := range []struct {
		field, args string
		paths       int
	}{
		{"introductionPaths", `to: "p45", first: 100`, 2},                           // 6 people
		{"introductionPathsToCompany", `from: "p33", company: "c1", first: 100`, 4}, // 7 people
	} {
		t.Run(q.field, func(t *testing.T) {
			res := e.post(t, e.reader, `{ `+q.field+`(`+q.args+`) {
  hops strength
  people { name worksAt { company { name } } interests { topic { id } } }
} }`, nil)
			if len(res.Errors) > 0 {
				t.Fatal(res.Errors)
			}
			if n := strings.Count(string(res.Data), `"hops"`); n != q.paths {
				t.Fatalf("%d paths, want %d", n, q.paths)
			}
			// Three lists in the shape: the paths, then worksAt and
			// interests (in either order), one statement each.
			var names []string
			for _, s := range e.statements(res.reqID) {
				names = append(names, s.Name)
			}
			if len(names) != 3 || names[0] != q.field {
				t.Fatalf("statements %v, want %s then one per nested list", names, q.field)
			}
			nested := names[1:]
			sort.Strings(nested)
			if strings.Join(nested, " ") != "employmentsByPerson interestsByPerson" {
				t.Errorf("nested statements %v", nested)
			}
		})
	}
}
