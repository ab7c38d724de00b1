package neo4j

import (
	"context"
	"slices"
	"sort"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/model"
)

// Limits of the introduction questions.
const (
	MinHops = 1
	MaxHops = 4
)

// PathsRequest is question 3: the shortest KNOWS paths from From to To, at
// most MaxHops long, the Limit strongest of them. To is a person's id for
// IntroductionPaths and a company's id for IntroductionPathsToCompany.
type PathsRequest struct {
	From    string
	To      string
	MaxHops int
	Limit   int
}

// hopsQuantifier returns the KNOWS quantifier for paths of 1..maxHops
// hops. Quantifiers must be literals, so the text comes from this fixed set
// after the bound was checked.
func hopsQuantifier(maxHops int) (string, error) {
	switch maxHops {
	case 1:
		return "{1,1}", nil
	case 2:
		return "{1,2}", nil
	case 3:
		return "{1,3}", nil
	case 4:
		return "{1,4}", nil
	}
	return "", invalid("maxHops must be between %d and %d, got %d", MinHops, MaxHops, maxHops)
}

func checkPathsRequest(req PathsRequest) (string, error) {
	quant, err := hopsQuantifier(req.MaxHops)
	if err != nil {
		return "", err
	}
	if req.Limit < 1 || req.Limit > MaxPageSize {
		return "", invalid("first must be between 1 and %d, got %d", MaxPageSize, req.Limit)
	}
	return quant, nil
}

// pathsTail orders the bound paths (people, hops, strength), keeps the
// first $first and returns them in one row with whether each named node
// exists, so that an empty answer and an unknown id can be told apart.
const pathsTail = `
ORDER BY strength DESC, [n IN people | n.id] ASC
LIMIT $first
WITH collect({people: people, hops: hops, strength: strength}) AS paths
RETURN paths, EXISTS { MATCH (:Person {id: $from}) } AS fromFound, `

// BuildIntroductionPaths translates question 3 toward a person into one
// statement. ALL SHORTEST keeps only the paths of the least length, so a
// stronger but longer path never displaces a shortest one.
func BuildIntroductionPaths(req PathsRequest) (string, map[string]any, error) {
	quant, err := checkPathsRequest(req)
	if err != nil {
		return "", nil, err
	}
	b := newBuilder()
	b.named("from", req.From)
	b.named("to", req.To)
	b.named("first", int64(req.Limit))
	cypher := `MATCH (me:Person {id: $from}), (target:Person {id: $to})
WHERE me <> target
MATCH path = ALL SHORTEST (me)-[:KNOWS]-` + quant + `(target)
WITH nodes(path) AS people, length(path) AS hops, reduce(s = 1.0, k IN relationships(path) | s * coalesce(k.strength, 0.0)) AS strength` +
		pathsTail + `EXISTS { MATCH (:Person {id: $to}) } AS toFound`
	return cypher, b.params, nil
}

// BuildIntroductionPathsToCompany translates question 3 toward any current
// employee of a company into one statement. The path runs on to the
// company through the employee's current WORKS_AT, so ALL SHORTEST keeps
// the least length over all employees at once; the final hop is then
// dropped. The start is never its own target, even around a KNOWS cycle.
func BuildIntroductionPathsToCompany(req PathsRequest) (string, map[string]any, error) {
	quant, err := checkPathsRequest(req)
	if err != nil {
		return "", nil, err
	}
	b := newBuilder()
	b.named("from", req.From)
	b.named("company", req.To)
	b.named("first", int64(req.Limit))
	cypher := `MATCH (me:Person {id: $from}), (company:Company {id: $company})
MATCH path = ALL SHORTEST (me)-[:KNOWS]-` + quant + `(employee:Person WHERE employee <> me)-[w:WORKS_AT WHERE w.until IS NULL]->(company)
WITH nodes(path)[..-1] AS people, length(path) - 1 AS hops, reduce(s = 1.0, k IN relationships(path)[..-1] | s * coalesce(k.strength, 0.0)) AS strength` +
		pathsTail + `EXISTS { MATCH (:Company {id: $company}) } AS toFound`
	return cypher, b.params, nil
}

// IntroductionPaths answers question 3 toward a person.
func (s *Store) IntroductionPaths(ctx context.Context, req PathsRequest) ([]*model.IntroductionPath, error) {
	cypher, params, err := BuildIntroductionPaths(req)
	if err != nil {
		return nil, err
	}
	return s.paths(ctx, "introductionPaths", cypher, params, req, "person")
}

// IntroductionPathsToCompany answers question 3 toward a company's current
// employees.
func (s *Store) IntroductionPathsToCompany(ctx context.Context, req PathsRequest) ([]*model.IntroductionPath, error) {
	cypher, params, err := BuildIntroductionPathsToCompany(req)
	if err != nil {
		return nil, err
	}
	return s.paths(ctx, "introductionPathsToCompany", cypher, params, req, "company")
}

func (s *Store) paths(ctx context.Context, name, cypher string, params map[string]any, req PathsRequest, target string) ([]*model.IntroductionPath, error) {
	out, err := readOne(ctx, s, name, cypher, params, func(rec *driver.Record) ([]*model.IntroductionPath, error) {
		for _, f := range []struct{ key, what, id string }{{"fromFound", "person", req.From}, {"toFound", target, req.To}} {
			found, _, err := driver.GetRecordValue[bool](rec, f.key)
			if err != nil {
				return nil, err
			}
			if !found {
				return nil, &ErrNotFound{What: f.what, ID: f.id}
			}
		}
		rows, _, err := driver.GetRecordValue[[]any](rec, "paths")
		if err != nil {
			return nil, err
		}
		out := []*model.IntroductionPath{}
		for _, r := range rows {
			p, err := decodePath(r)
			if err != nil {
				return nil, err
			}
			out = append(out, p)
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Strength != b.Strength {
			return a.Strength > b.Strength
		}
		return slices.Compare(pathIDs(a), pathIDs(b)) < 0
	})
	return out, nil
}

func pathIDs(p *model.IntroductionPath) []string {
	ids := make([]string, len(p.People))
	for i, person := range p.People {
		ids[i] = person.ID
	}
	return ids
}

func decodePath(v any) (*model.IntroductionPath, error) {
	m, err := asMap(v)
	if err != nil {
		return nil, err
	}
	hops, err := valueAt[int64](m, "hops")
	if err != nil {
		return nil, err
	}
	strength, err := valueAt[float64](m, "strength")
	if err != nil {
		return nil, err
	}
	people, err := valueAt[[]any](m, "people")
	if err != nil {
		return nil, err
	}
	p := &model.IntroductionPath{Hops: int(hops), Strength: strength, People: make([]*model.Person, 0, len(people))}
	for _, x := range people {
		n, err := asNode(x)
		if err != nil {
			return nil, err
		}
		p.People = append(p.People, decodePerson(n))
	}
	return p, nil
}
