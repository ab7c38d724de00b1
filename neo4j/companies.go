package neo4j

import (
	"context"
	"sort"

	"github.com/relgraph/relgraph/internal/model"
)

// companyOrderClause is the ORDER BY of the companies, from a fixed set.
// Names compare case-insensitively and companies without a name come last
// in either direction; remaining ties go by name, then id, ascending.
func companyOrderClause(o *model.CompanyOrder) (string, error) {
	const byName = "co.name IS NULL, toLower(co.name) ASC, co.id ASC"
	if o == nil {
		return "count DESC, " + byName, nil
	}
	// Without a direction: the largest count first, names from A.
	dir := "DESC"
	if o.Field == "NAME" {
		dir = "ASC"
	}
	if o.Direction != nil {
		switch *o.Direction {
		case "ASC", "DESC":
			dir = *o.Direction
		default:
			return "", invalid("orderBy.direction must be ASC or DESC, got %q", *o.Direction)
		}
	}
	switch o.Field {
	case "COUNT":
		return "count " + dir + ", " + byName, nil
	case "NAME":
		return "co.name IS NULL, toLower(co.name) " + dir + ", co.id ASC", nil
	}
	return "", invalid("orderBy.field must be COUNT or NAME, got %q", o.Field)
}

// BuildCompaniesWithConnections translates question 2 into one statement.
// With Uncollected the people of each company are counted, not returned.
// It returns one row: total (all companies), items (the page, each with
// company, count and people in connections order, each person with
// degree, strength, via and evidence as in connections) and found
// (whether Of exists).
func BuildCompaniesWithConnections(req CompaniesRequest, v viewer) (string, map[string]any, error) {
	b := newBuilder(v)
	network, evidence, err := b.filteredNetwork(req.Of, req.Degree, req.Where, req.Start, req.Page, req.NoEvidence || req.Uncollected)
	if err != nil {
		return "", nil, err
	}
	order, err := companyOrderClause(req.Order)
	if err != nil {
		return "", nil, err
	}
	group := `
WITH DISTINCT co, other, degree, strength, via
ORDER BY degree ASC, strength DESC, other.id ASC
WITH co, collect({person: other, degree: degree, strength: strength, via: via}) AS people
WITH co, people, size(people) AS count`
	if req.Uncollected {
		group = `
WITH co, count(DISTINCT other) AS count, [] AS people`
	}
	cypher := network + `
MATCH (other)-[w:WORKS_AT]->(co:Company)
WHERE w.until IS NULL` + group + `
ORDER BY ` + order + `
WITH collect({company: co, count: count, people: people}) AS hits
WITH size(hits) AS total, hits[$skip..$end] AS page
RETURN total,
  [hit IN page | {company: hit.company, count: hit.count, people: [row IN hit.people | {person: row.person, degree: row.degree, strength: row.strength, via: row.via,
    evidence: ` + evidenceOf("row.person", evidence) + `}]}] AS items,
  EXISTS { MATCH (:Person {id: $of}) } AS found`
	return cypher, b.params, nil
}

// CompaniesWithConnections answers question 2.
func (s *Store) CompaniesWithConnections(ctx context.Context, req CompaniesRequest) (Page[*model.CompanyHit], error) {
	build := fromChosenStart(ctx, s, "companiesWithConnections", BuildCompaniesWithConnections, func(r *CompaniesRequest) (string, int, *model.PersonWhere, *int) {
		return r.Of, r.Degree, r.Where, &r.Start
	})
	page, err := askPage[CompaniesRequest, *model.CompanyHit](ctx, s, "companiesWithConnections", req, build, &model.NotFoundError{What: "person", ID: req.Of})
	for _, hit := range page.Items {
		// collect keeps the order of the rows it is fed; sorting again
		// makes the connections order independent of that.
		sort.SliceStable(hit.People, func(i, j int) bool {
			a, b := hit.People[i], hit.People[j]
			if a.Degree != b.Degree {
				return a.Degree < b.Degree
			}
			if a.Strength != b.Strength {
				return a.Strength > b.Strength
			}
			return a.Person.ID < b.Person.ID
		})
		for _, p := range hit.People {
			tidy(p, req.Of)
		}
	}
	return page, err
}
