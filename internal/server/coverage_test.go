package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

type coverageRef struct {
	ID string `json:"id"`
}

type accountCoverageResult struct {
	AccountCoverage struct {
		Company struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"company"`
		Contacts    int     `json:"contacts"`
		Covered     int     `json:"covered"`
		Coverage    float64 `json:"coverage"`
		Departments []struct {
			Department *string `json:"department"`
			Contacts   int     `json:"contacts"`
			Covered    int     `json:"covered"`
			Coverage   float64 `json:"coverage"`
			People     []struct {
				Person     coverageRef   `json:"person"`
				Department *string       `json:"department"`
				Title      *string       `json:"title"`
				KnownBy    []coverageRef `json:"knownBy"`
			} `json:"people"`
		} `json:"departments"`
		TeamMembers []struct {
			Person   coverageRef   `json:"person"`
			Contacts int           `json:"contacts"`
			Known    []coverageRef `json:"known"`
		} `json:"teamMembers"`
	} `json:"accountCoverage"`
}

const accountCoverageQuery = `query($company: ID!) {
  accountCoverage(company: $company) {
    company { id name }
    contacts covered coverage
    departments {
      department contacts covered coverage
      people { person { id } department title knownBy { id } }
    }
    teamMembers { person { id } contacts known { id } }
  }
}`

func coverageIDs(refs []coverageRef) string {
	ids := make([]string, 0, len(refs))
	for _, r := range refs {
		ids = append(ids, r.ID)
	}
	return strings.Join(ids, ",")
}

func coverageStr(s *string, none string) string {
	if s == nil {
		return none
	}
	return *s
}

// departmentLines renders departments as "name contacts/covered coverage:
// person(title)<-knownBy ..." for comparison with hand-checked answers.
func (r accountCoverageResult) departmentLines() []string {
	var out []string
	for _, d := range r.AccountCoverage.Departments {
		var people []string
		for _, p := range d.People {
			if coverageStr(p.Department, "<null>") != coverageStr(d.Department, "<null>") {
				people = append(people, "WRONG-DEPARTMENT:"+coverageStr(p.Department, "<null>"))
			}
			people = append(people, fmt.Sprintf("%s(%s)<-%s", p.Person.ID, coverageStr(p.Title, ""), coverageIDs(p.KnownBy)))
		}
		out = append(out, fmt.Sprintf("%s %d/%d %g: %s", coverageStr(d.Department, "<null>"), d.Contacts, d.Covered, d.Coverage, strings.Join(people, " ")))
	}
	return out
}

func (r accountCoverageResult) teamLines() string {
	var out []string
	for _, m := range r.AccountCoverage.TeamMembers {
		if m.Contacts != len(m.Known) {
			out = append(out, "WRONG-COUNT")
		}
		out = append(out, fmt.Sprintf("%s:%d[%s]", m.Person.ID, m.Contacts, coverageIDs(m.Known)))
	}
	return strings.Join(out, " ")
}

func checkCoverageLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\ngot  %s\nwant %s", what, strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// Story 5 of testdata/DEMO.md. Acme Analytics (c1) has eight current
// employees (p24 left in 2025-08 and must not count, although p1 knows
// him). Team members are p0..p4. KNOWS edges between them and Acme
// people: p0-p13, p0-p23, p1-p13, p1-p35, p2-p23, p2-p34, p2-p38. So
// p13, p23, p34, p35, p38 are covered (5 of 8 = 0.625) and p33, p36, p37
// are not. p34's WORKS_AT has no department, so the person's own
// (Customer Success) applies; his title comes from the job. Departments
// come by name.
func TestAccountCoverageAcme(t *testing.T) {
	e := demo(t)
	var got accountCoverageResult
	e.data(t, e.reader, accountCoverageQuery, map[string]any{"company": "c1"}, &got)
	ac := got.AccountCoverage
	if ac.Company.ID != "c1" || ac.Company.Name != "Acme Analytics" {
		t.Errorf("company %+v", ac.Company)
	}
	if ac.Contacts != 8 || ac.Covered != 5 || !near(ac.Coverage, 0.625) {
		t.Errorf("totals: %d contacts, %d covered, coverage %v; want 8, 5, 0.625", ac.Contacts, ac.Covered, ac.Coverage)
	}
	checkCoverageLines(t, "departments", got.departmentLines(), []string{
		"Customer Success 2/2 1: p23(Head of Customer Success)<-p0,p2 p34(Customer Success Manager)<-p2",
		"Engineering 2/0 0: p36(VP Engineering)<- p37(Software Engineer)<-",
		"Marketing 2/1 0.5: p33(Chief Marketing Officer)<- p38(Marketing Manager)<-p2",
		"Sales 2/2 1: p13(Sales Director)<-p0,p1 p35(Account Executive)<-p1",
	})
	// p2 knows three (p23, p34, p38); p0 and p1 two each (tie broken by
	// id); p3 and p4 know nobody at Acme but are listed all the same.
	if got, want := got.teamLines(), "p2:3[p23,p34,p38] p0:2[p13,p23] p1:2[p13,p35] p3:0[] p4:0[]"; got != want {
		t.Errorf("team members:\ngot  %s\nwant %s", got, want)
	}
}

// Our own company (c0) employs the five team members: each is a contact
// like any other employee, known by the colleagues who KNOW them but never
// by themselves. KNOWS among them: p0-p1, p0-p2, p0-p3, p0-p4, p1-p2,
// p1-p3, p2-p4, so everyone is covered; p0 knows the four others, p1 and
// p2 three each, p3 and p4 two each.
func TestAccountCoverageTeamAtTheirOwnCompany(t *testing.T) {
	e := demo(t)
	var got accountCoverageResult
	e.data(t, e.reader, accountCoverageQuery, map[string]any{"company": "c0"}, &got)
	ac := got.AccountCoverage
	if ac.Contacts != 5 || ac.Covered != 5 || !near(ac.Coverage, 1) {
		t.Errorf("totals: %d contacts, %d covered, coverage %v; want 5, 5, 1", ac.Contacts, ac.Covered, ac.Coverage)
	}
	checkCoverageLines(t, "departments", got.departmentLines(), []string{
		"Customer Success 1/1 1: p2(Customer Success Manager)<-p0,p1,p4",
		"Marketing 1/1 1: p4(Marketing Director)<-p0,p2",
		"Sales 3/3 1: p0(VP Sales)<-p1,p2,p3,p4 p1(Account Executive)<-p0,p2,p3 p3(Sales Development Representative)<-p0,p1",
	})
	if got, want := got.teamLines(), "p0:4[p1,p2,p3,p4] p1:3[p0,p2,p3] p2:3[p0,p1,p4] p3:2[p0,p1] p4:2[p0,p2]"; got != want {
		t.Errorf("team members:\ngot  %s\nwant %s", got, want)
	}
}

// Nimbus Labs (c11) has no employees at all: no departments, coverage 0
// rather than a division by zero, and still every team member.
func TestAccountCoverageNoEmployees(t *testing.T) {
	e := demo(t)
	var got accountCoverageResult
	e.data(t, e.reader, accountCoverageQuery, map[string]any{"company": "c11"}, &got)
	ac := got.AccountCoverage
	if ac.Company.Name != "Nimbus Labs" || ac.Contacts != 0 || ac.Covered != 0 || ac.Coverage != 0 || len(ac.Departments) != 0 {
		t.Errorf("got %+v", ac)
	}
	if got, want := got.teamLines(), "p0:0[] p1:0[] p2:0[] p3:0[] p4:0[]"; got != want {
		t.Errorf("team members: got %s, want %s", got, want)
	}
}

func TestAccountCoverageErrors(t *testing.T) {
	e := demo(t)
	for _, tt := range []struct{ name, query, code, msg string }{
		{"unknown company", `{ accountCoverage(company: "c404") { contacts } }`, "NOT_FOUND", `company "c404" does not exist`},
		// A person's id is not a company's.
		{"a person's id", `{ accountCoverage(company: "p0") { contacts } }`, "NOT_FOUND", `company "p0" does not exist`},
		{"missing company", `{ accountCoverage { contacts } }`, "GRAPHQL_VALIDATION_FAILED", "company"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := e.post(t, e.reader, tt.query, nil)
			if len(res.Errors) == 0 {
				t.Fatalf("no error; data %s", res.Data)
			}
			if got := res.Errors[0]; got.Extensions["code"] != tt.code || !strings.Contains(got.Message, tt.msg) {
				t.Errorf("got %v %q, want %s %q", got.Extensions["code"], got.Message, tt.code, tt.msg)
			}
		})
	}
}

// The whole answer costs one statement, and each nested list field one
// more for every person in it (contacts and team members are one group),
// whatever the number of people: here accountCoverage, company.employees,
// worksAt and knows.
func TestAccountCoverageRoundTrips(t *testing.T) {
	e := demo(t)
	res := e.post(t, e.reader, `{
  accountCoverage(company: "c1") {
    company { name employees { person { id } } }
    departments {
      people {
        person { name worksAt { company { name } } }
        knownBy { name worksAt { title } }
      }
    }
    teamMembers {
      person { knows { person { id } } }
      known { name knows { strength } }
    }
  }
}`, nil)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	var names []string
	for _, s := range e.statements(res.reqID) {
		names = append(names, s.Name)
	}
	if len(names) != 4 || names[0] != "accountCoverage" {
		t.Fatalf("%d statements, want 4 starting with accountCoverage: %v", len(names), names)
	}
}

// Every team member is in every answer, thousands in a large graph: when
// the query asks nothing of them but their ids, the statement reads ids
// alone, and any other field asked (in a fragment, under an alias)
// reads whole people.
func TestAccountCoverageReadsTeamMembersAsAsked(t *testing.T) {
	e := demo(t)
	for _, tt := range []struct {
		name, selection string
		named           string // the field whose people have names
		idsOnly         bool
	}{
		{"ids", `teamMembers { person { id } contacts }`, "", true},
		{"ids in a fragment", `teamMembers { person { ...Ref } contacts }`, "", true},
		{"names", `teamMembers { person { id name } contacts }`, "teamMembers", false},
		{"names in an inline fragment", `teamMembers { person { id ... on Person { name } } contacts }`, "teamMembers", false},
		{"names under an alias", `teamMembers { person { id } contacts } named: teamMembers { person { id name } contacts }`, "named", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			query := `query($company: ID!) { accountCoverage(company: $company) { ` + tt.selection + ` } }`
			if strings.Contains(tt.selection, "...Ref") {
				query += "\nfragment Ref on Person { id }"
			}
			res := e.post(t, e.reader, query, map[string]any{"company": "c1"})
			if len(res.Errors) > 0 {
				t.Fatal(res.Errors)
			}
			var got struct {
				AccountCoverage map[string][]struct {
					Person struct {
						ID   string  `json:"id"`
						Name *string `json:"name"`
					} `json:"person"`
					Contacts int `json:"contacts"`
				} `json:"accountCoverage"`
			}
			if err := json.Unmarshal(res.Data, &got); err != nil {
				t.Fatal(err)
			}
			for field, members := range got.AccountCoverage {
				var lines []string
				for _, m := range members {
					lines = append(lines, fmt.Sprintf("%s:%d", m.Person.ID, m.Contacts))
					if hasName := m.Person.Name != nil && *m.Person.Name != ""; hasName != (field == tt.named) {
						t.Errorf("%s: %s has a name: %v", field, m.Person.ID, hasName)
					}
				}
				if got, want := strings.Join(lines, " "), "p2:3 p0:2 p1:2 p3:0 p4:0"; got != want {
					t.Errorf("%s: %s, want %s", field, got, want)
				}
			}
			var cypher string
			for _, st := range e.statements(res.reqID) {
				if st.Name == "accountCoverage" {
					cypher = st.Cypher
				}
			}
			if idsOnly := strings.Contains(cypher, "RETURN t.id\n  } AS teamIds"); idsOnly != tt.idsOnly {
				t.Errorf("team read as ids alone: %v, want %v:\n%s", idsOnly, tt.idsOnly, cypher)
			}
		})
	}
}

// Two accountCoverage fields of one request are each read as they ask:
// the one asking only ids gets ids, the one asking names gets names.
func TestAccountCoverageEachFieldAsItAsks(t *testing.T) {
	e := demo(t)
	res := e.post(t, e.reader, `{
  ids: accountCoverage(company: "c1") { teamMembers { person { id } } }
  named: accountCoverage(company: "c1") { teamMembers { person { id name } } }
}`, nil)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	var got map[string]struct {
		TeamMembers []struct {
			Person struct {
				ID   string  `json:"id"`
				Name *string `json:"name"`
			} `json:"person"`
		} `json:"teamMembers"`
	}
	if err := json.Unmarshal(res.Data, &got); err != nil {
		t.Fatal(err)
	}
	for field, cov := range got {
		if len(cov.TeamMembers) != 5 {
			t.Errorf("%s: %d team members, want 5", field, len(cov.TeamMembers))
		}
		for _, m := range cov.TeamMembers {
			if hasName := m.Person.Name != nil && *m.Person.Name != ""; hasName != (field == "named") {
				t.Errorf("%s: %s has a name: %v", field, m.Person.ID, hasName)
			}
		}
	}
	idsOnly := 0
	for _, st := range e.statements(res.reqID) {
		if st.Name == "accountCoverage" && strings.Contains(st.Cypher, "RETURN t.id\n  } AS teamIds") {
			idsOnly++
		}
	}
	if idsOnly != 1 {
		t.Errorf("%d of the two statements read the team as ids, want 1", idsOnly)
	}
}
