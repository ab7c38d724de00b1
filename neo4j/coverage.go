package neo4j

import (
	"context"
	"sort"
	"strings"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/model"
)

// BuildAccountCoverage translates question 5 into one statement. Its one
// row holds the company (null when there is none), its current employees
// (the contacts), each with the department and title of their job and the
// team members who know them, and every team member. Grouping and counting
// happen in Go on that small result.
//
// A team member who works at the account is a contact like any other
// employee; KNOWS is never read as a person knowing themselves.
func BuildAccountCoverage(req CoverageRequest, v viewer) (string, map[string]any, error) {
	b := newBuilder(v)
	b.named("company", req.Company)
	member, team := "t", "team"
	if req.TeamIDs {
		// Ids alone: a list of strings, for Neo4j to send and the
		// store to decode, rather than one map per member.
		member, team = "t.id", "teamIds"
	}
	cypher := `OPTIONAL MATCH (co:Company {id: $company})
RETURN co,
  COLLECT {
    MATCH (p:Person)-[w:WORKS_AT]->(co)
    WHERE w.until IS NULL
    RETURN {
      person: p,
      department: coalesce(w.department, p.department),
      title: coalesce(w.title, p.title),
      knownBy: COLLECT {
        MATCH (p)-[` + b.knows("k") + `]-(t:Person)
        WHERE t.team = true AND t <> p
        RETURN DISTINCT t
      }
    }
  } AS contacts,
  COLLECT {
    MATCH (t:Person)
    WHERE t.team = true
    RETURN ` + member + `
  } AS ` + team
	return cypher, b.params, nil
}

// coverageRow is the one row of the account-coverage statement: the team
// as people, or with TeamIDs as their ids.
type coverageRow struct {
	Company  *model.Company          `json:"co"`
	Contacts []*model.CoveredContact `json:"contacts"`
	Team     []*model.Person         `json:"team"`
	TeamIDs  []string                `json:"teamIds"`
}

// AccountCoverage answers question 5. An unknown company is a
// NotFoundError.
func (s *Store) AccountCoverage(ctx context.Context, req CoverageRequest) (*model.AccountCoverage, error) {
	v, err := s.admit(ctx, "accountCoverage", req)
	if err != nil {
		return nil, err
	}
	cypher, params, err := BuildAccountCoverage(req, v)
	if err != nil {
		return nil, err
	}
	row, err := readOne(ctx, s, "accountCoverage", cypher, params, func(rec *driver.Record) (coverageRow, error) {
		var row coverageRow
		err := decodeRow(rec, &row)
		return row, err
	})
	if err != nil {
		return nil, err
	}
	if row.Company == nil {
		return nil, &model.NotFoundError{What: "company", ID: req.Company}
	}
	if req.TeamIDs {
		members := make([]model.Person, len(row.TeamIDs))
		row.Team = make([]*model.Person, len(row.TeamIDs))
		for i, id := range row.TeamIDs {
			members[i].ID = id
			row.Team[i] = &members[i]
		}
	}
	return summarizeCoverage(row.Company, row.Contacts, row.Team), nil
}

// summarizeCoverage groups an account's contacts by department and counts,
// per team member, the contacts they know. Departments come by name, the
// unknown department last; people and contacts by id; team members by
// number of contacts known descending, then id.
func summarizeCoverage(company *model.Company, contacts []*model.CoveredContact, team []*model.Person) *model.AccountCoverage {
	sortByID(contacts, func(c *model.CoveredContact) string { return c.Person.ID })
	sortByID(team, func(p *model.Person) string { return p.ID })
	for _, c := range contacts {
		sortByID(c.KnownBy, func(p *model.Person) string { return p.ID })
	}
	out := &model.AccountCoverage{
		Company:     company,
		Contacts:    len(contacts),
		Departments: []*model.DepartmentCoverage{},
		TeamMembers: make([]*model.TeamMemberCoverage, 0, len(team)),
	}
	byDepartment := map[string]*model.DepartmentCoverage{}
	var unknown *model.DepartmentCoverage
	knownBy := map[string][]*model.Person{} // team member id -> contacts they know
	for _, c := range contacts {
		var d *model.DepartmentCoverage
		if c.Department == nil {
			if unknown == nil {
				unknown = &model.DepartmentCoverage{People: []*model.CoveredContact{}}
			}
			d = unknown
		} else if d = byDepartment[*c.Department]; d == nil {
			d = &model.DepartmentCoverage{Department: c.Department, People: []*model.CoveredContact{}}
			byDepartment[*c.Department] = d
			out.Departments = append(out.Departments, d)
		}
		d.Contacts++
		d.People = append(d.People, c)
		if len(c.KnownBy) > 0 {
			d.Covered++
			out.Covered++
		}
		for _, t := range c.KnownBy {
			knownBy[t.ID] = append(knownBy[t.ID], c.Person)
		}
	}
	// Department names tie ignoring case, as names do everywhere.
	sort.Slice(out.Departments, func(i, j int) bool {
		a, b := *out.Departments[i].Department, *out.Departments[j].Department
		if la, lb := strings.ToLower(a), strings.ToLower(b); la != lb {
			return la < lb
		}
		return a < b
	})
	if unknown != nil {
		out.Departments = append(out.Departments, unknown)
	}
	for _, d := range out.Departments {
		d.Coverage = coverageRatio(d.Covered, d.Contacts)
	}
	out.Coverage = coverageRatio(out.Covered, out.Contacts)
	for _, t := range team {
		known := knownBy[t.ID]
		if known == nil {
			known = []*model.Person{}
		}
		out.TeamMembers = append(out.TeamMembers, &model.TeamMemberCoverage{Person: t, Contacts: len(known), Known: known})
	}
	sort.SliceStable(out.TeamMembers, func(i, j int) bool {
		a, b := out.TeamMembers[i], out.TeamMembers[j]
		if a.Contacts != b.Contacts {
			return a.Contacts > b.Contacts
		}
		return a.Person.ID < b.Person.ID
	})
	return out
}

// coverageRatio is part/whole, 0 for an empty whole.
func coverageRatio(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}
