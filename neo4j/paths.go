package neo4j

import (
	"context"
	"fmt"
	"slices"
	"sort"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/model"
)

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
	return "", fmt.Errorf("no path pattern for %d hops", maxHops)
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
func BuildIntroductionPaths(req PathsRequest, v viewer) (string, map[string]any, error) {
	quant, err := hopsQuantifier(req.MaxHops)
	if err != nil {
		return "", nil, err
	}
	b := newBuilder(v)
	b.named("from", req.From)
	b.named("to", req.To)
	b.named("first", int64(req.Limit))
	cypher := `MATCH (me:Person {id: $from}), (target:Person {id: $to})
WHERE me <> target
MATCH path = ALL SHORTEST (me)-[` + b.knows("k") + `]-` + quant + `(target)
WITH nodes(path) AS people, length(path) AS hops, ` + roundScore("reduce(s = 1.0, k IN relationships(path) | s * coalesce(k.strength, 0.0))") + ` AS strength` +
		pathsTail + `EXISTS { MATCH (:Person {id: $to}) } AS toFound`
	return cypher, b.params, nil
}

// BuildIntroductionPathsToCompany translates question 3 toward any current
// employee of a company into one statement. The path runs on to the
// company through the employee's current WORKS_AT, so ALL SHORTEST keeps
// the least length over all employees at once; the final hop is then
// dropped. The start is never its own target, even around a KNOWS cycle.
func BuildIntroductionPathsToCompany(req PathsRequest, v viewer) (string, map[string]any, error) {
	quant, err := hopsQuantifier(req.MaxHops)
	if err != nil {
		return "", nil, err
	}
	b := newBuilder(v)
	b.named("from", req.From)
	b.named("company", req.To)
	b.named("first", int64(req.Limit))
	cypher := `MATCH (me:Person {id: $from}), (company:Company {id: $company})
MATCH path = ALL SHORTEST (me)-[` + b.knows("k") + `]-` + quant + `(employee:Person WHERE employee <> me)-[w:WORKS_AT WHERE w.until IS NULL]->(company)
WITH nodes(path)[..-1] AS people, length(path) - 1 AS hops, ` + roundScore("reduce(s = 1.0, k IN relationships(path)[..-1] | s * coalesce(k.strength, 0.0))") + ` AS strength` +
		pathsTail + `EXISTS { MATCH (:Company {id: $company}) } AS toFound`
	return cypher, b.params, nil
}

// IntroductionPaths answers question 3: toward a person, or with
// ToCompany toward a company's current employees.
func (s *Store) IntroductionPaths(ctx context.Context, req PathsRequest) ([]*model.IntroductionPath, error) {
	build, name, target := BuildIntroductionPaths, "introductionPaths", "person"
	if req.ToCompany {
		build, name, target = BuildIntroductionPathsToCompany, "introductionPathsToCompany", "company"
	}
	v, err := s.admit(ctx, name, req)
	if err != nil {
		return nil, err
	}
	cypher, params, err := build(req, v)
	if err != nil {
		return nil, err
	}
	return s.paths(ctx, name, cypher, params, req, target)
}

func (s *Store) paths(ctx context.Context, name, cypher string, params map[string]any, req PathsRequest, target string) ([]*model.IntroductionPath, error) {
	out, err := readOne(ctx, s, name, cypher, params, func(rec *driver.Record) ([]*model.IntroductionPath, error) {
		for _, f := range []struct{ key, what, id string }{{"fromFound", "person", req.From}, {"toFound", target, req.To}} {
			var found bool
			if err := decodeRecord(rec, f.key, &found); err != nil {
				return nil, err
			}
			if !found {
				return nil, &model.NotFoundError{What: f.what, ID: f.id}
			}
		}
		var out []*model.IntroductionPath
		err := decodeRecord(rec, "paths", &out)
		return out, err
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
