package neo4j

import (
	"context"
	"sort"

	"github.com/relgraph/relgraph/internal/model"
)

// CompaniesRequest is question 2: the companies where people in the
// network of Of within Degree who match Where currently work, one page of
// them.
type CompaniesRequest struct {
	Of     string
	Degree int
	Where  *model.PersonWhere
	Order  *model.CompanyOrder
	Skip   int
	Limit  int
}

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
// It returns one row: total (all companies), hits (the page, each with
// company, count and people in connections order, each person with
// degree, strength, via and evidence as in connections) and found
// (whether Of exists).
func BuildCompaniesWithConnections(req CompaniesRequest) (string, map[string]any, error) {
	b := newBuilder()
	network, evidence, err := b.filteredNetwork(req.Of, req.Degree, req.Where, req.Skip, req.Limit)
	if err != nil {
		return "", nil, err
	}
	order, err := companyOrderClause(req.Order)
	if err != nil {
		return "", nil, err
	}
	// Evidence is computed for the page only. The filter was compiled for
	// the variable `other`, which the one-element comprehension binds to
	// each row's person; comprehensions keep the page's order.
	cypher := network + `
MATCH (other)-[w:WORKS_AT]->(co:Company)
WHERE w.until IS NULL
WITH DISTINCT co, other, degree, strength, via
ORDER BY degree ASC, strength DESC, other.id ASC
WITH co, collect({person: other, degree: degree, strength: strength, via: via}) AS people
WITH co, people, size(people) AS count
ORDER BY ` + order + `
WITH collect({company: co, count: count, people: people}) AS hits
WITH size(hits) AS total, hits[$skip..$end] AS page
RETURN total,
  [hit IN page | {company: hit.company, count: hit.count, people: [row IN hit.people | {person: row.person, degree: row.degree, strength: row.strength, via: row.via,
    evidence: head([other IN [row.person] | ` + evidence + `])}]}] AS hits,
  EXISTS { MATCH (:Person {id: $of}) } AS found`
	return cypher, b.params, nil
}

// CompaniesPage is one page of question 2.
type CompaniesPage struct {
	Total int
	Hits  []*model.CompanyHit
}

// CompaniesWithConnections answers question 2.
func (s *Store) CompaniesWithConnections(ctx context.Context, req CompaniesRequest) (*CompaniesPage, error) {
	cypher, params, err := BuildCompaniesWithConnections(req)
	if err != nil {
		return nil, err
	}
	total, hits, err := readPage(ctx, s, "companiesWithConnections", cypher, params, "hits", &ErrNotFound{What: "person", ID: req.Of}, decodeCompanyHit)
	if err != nil {
		return nil, err
	}
	return &CompaniesPage{Total: total, Hits: hits}, nil
}

func decodeCompanyHit(v any) (*model.CompanyHit, error) {
	m, err := asMap(v)
	if err != nil {
		return nil, err
	}
	co, err := nodeAt(m, "company")
	if err != nil {
		return nil, err
	}
	count, err := valueAt[int64](m, "count")
	if err != nil {
		return nil, err
	}
	people, err := valueAt[[]any](m, "people")
	if err != nil {
		return nil, err
	}
	hit := &model.CompanyHit{Company: decodeCompany(co), Count: int(count), People: make([]*model.PersonEdge, 0, len(people))}
	for _, p := range people {
		edge, err := decodeEdge(p)
		if err != nil {
			return nil, err
		}
		hit.People = append(hit.People, edge)
	}
	// collect keeps the order of the rows it is fed; sorting again makes
	// the connections order independent of that.
	sort.SliceStable(hit.People, func(i, j int) bool {
		a, b := hit.People[i], hit.People[j]
		if a.Degree != b.Degree {
			return a.Degree < b.Degree
		}
		if a.Strength != b.Strength {
			return a.Strength > b.Strength
		}
		return a.Node.ID < b.Node.ID
	})
	return hit, nil
}
