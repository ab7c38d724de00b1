package neo4j

import (
	"strings"
	"testing"

	"github.com/relgraph/relgraph/internal/model"
)

func TestAccountCoverageGolden(t *testing.T) {
	for _, tc := range []struct {
		name, company string
		teamIDs       bool
	}{
		{"acme", "c1", false},
		// The team members' ids alone.
		{"team_ids", "c1", true},
		// Input that looks like Cypher stays a parameter value.
		{"injection_is_a_value", "c1'}) DETACH DELETE (co", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cypher, params, err := BuildAccountCoverage(CoverageRequest{Company: tc.company, TeamIDs: tc.teamIDs}, testReader)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "coverage", tc.name, cypher, params)
		})
	}
}

func coveragePerson(id string, team bool) *model.Person { return &model.Person{ID: id, Team: &team} }

func coverageContact(id string, department *string, knownBy ...*model.Person) *model.CoveredContact {
	if knownBy == nil {
		knownBy = []*model.Person{}
	}
	return &model.CoveredContact{Person: coveragePerson(id, false), Department: department, KnownBy: knownBy}
}

func coverageIDs(people []*model.Person) string {
	var ids []string
	for _, p := range people {
		ids = append(ids, p.ID)
	}
	return strings.Join(ids, ",")
}

// Grouping and counting on a hand-made account: departments by name with
// the unknown one last, contacts by id, team members by contacts known
// descending then id, and a team member (t1) who is also a contact.
func TestSummarizeCoverage(t *testing.T) {
	t0, t1, t2 := coveragePerson("t0", true), coveragePerson("t1", true), coveragePerson("t2", true)
	contacts := []*model.CoveredContact{
		coverageContact("x3", ptr("Sales"), t0),
		coverageContact("x1", nil),
		coverageContact("x2", ptr("Engineering"), t0, t2),
		coverageContact("x0", ptr("Sales")),
		coverageContact("x4", nil, t2),
		// t1 works at the account: a contact known by t0, not by themselves.
		{Person: t1, Department: ptr("Sales"), KnownBy: []*model.Person{t0}},
	}
	got := summarizeCoverage(&model.Company{ID: "c"}, contacts, []*model.Person{t0, t1, t2})
	// Covered: x3, x2, x4, t1 = 4 of 6.
	if got.Contacts != 6 || got.Covered != 4 || got.Coverage != 4.0/6 {
		t.Errorf("totals %d %d %v", got.Contacts, got.Covered, got.Coverage)
	}
	type dept struct {
		name              string
		contacts, covered int
		coverage          float64
		people            string
	}
	want := []dept{
		{"Engineering", 1, 1, 1, "x2"},
		{"Sales", 3, 2, 2.0 / 3, "t1,x0,x3"},
		{"<null>", 2, 1, 0.5, "x1,x4"},
	}
	if len(got.Departments) != len(want) {
		t.Fatalf("%d departments, want %d", len(got.Departments), len(want))
	}
	for i, w := range want {
		d := got.Departments[i]
		name := "<null>"
		if d.Department != nil {
			name = *d.Department
		}
		var people []*model.Person
		for _, c := range d.People {
			people = append(people, c.Person)
		}
		g := dept{name, d.Contacts, d.Covered, d.Coverage, coverageIDs(people)}
		if g != w {
			t.Errorf("department %d: %+v, want %+v", i, g, w)
		}
	}
	// t0 knows x2, x3 and t1 (3); t2 knows x2 and x4 (2); t1 knows none.
	var members []string
	for _, m := range got.TeamMembers {
		members = append(members, m.Person.ID+":"+coverageIDs(m.Known))
		if m.Contacts != len(m.Known) {
			t.Errorf("%s: contacts %d, known %d", m.Person.ID, m.Contacts, len(m.Known))
		}
	}
	if strings.Join(members, " ") != "t0:t1,x2,x3 t2:x2,x4 t1:" {
		t.Errorf("team members %v", members)
	}
}

// An account without current employees: no departments, coverage 0 (not
// NaN), and every team member with nothing known.
func TestSummarizeCoverageEmpty(t *testing.T) {
	got := summarizeCoverage(&model.Company{ID: "c"}, nil, []*model.Person{coveragePerson("t1", true), coveragePerson("t0", true)})
	if got.Contacts != 0 || got.Covered != 0 || got.Coverage != 0 || len(got.Departments) != 0 || got.Departments == nil {
		t.Errorf("totals %+v", got)
	}
	if len(got.TeamMembers) != 2 || got.TeamMembers[0].Person.ID != "t0" || got.TeamMembers[0].Known == nil {
		t.Errorf("team members %+v", got.TeamMembers)
	}
}
