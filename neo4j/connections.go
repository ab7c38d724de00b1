package neo4j

import (
	"context"
	"fmt"
	"sort"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/model"
)

// Limits of the network questions.
const (
	MinDegree   = 1
	MaxDegree   = 3
	MaxPageSize = 100
)

// ConnectionsRequest is question 1: people in the network of Of within
// Degree who match Where, one page of them.
type ConnectionsRequest struct {
	Of     string
	Degree int
	Where  *model.PersonWhere
	Order  *model.PersonOrder
	Skip   int
	Limit  int
}

// orderClause is the ORDER BY of a connections statement, from a fixed set.
// Ties are always broken by id ascending.
func orderClause(o *model.PersonOrder) (string, error) {
	if o == nil {
		return "degree ASC, strength DESC, other.id ASC", nil
	}
	dir := "ASC"
	if o.Direction != nil {
		switch *o.Direction {
		case "ASC":
		case "DESC":
			dir = "DESC"
		default:
			return "", invalid("orderBy.direction must be ASC or DESC, got %q", *o.Direction)
		}
	}
	switch o.Field {
	case "DEGREE":
		return "degree " + dir + ", strength DESC, other.id ASC", nil
	case "STRENGTH":
		return "strength " + dir + ", degree ASC, other.id ASC", nil
	case "NAME":
		return "other.name IS NULL, toLower(other.name) " + dir + ", other.id ASC", nil
	}
	return "", invalid("orderBy.field must be DEGREE, STRENGTH or NAME, got %q", o.Field)
}

// networkMatch returns the clause binding `other` with its shortest
// distance, best path strength and first hops. Degrees 1 and 2 are walked
// hop by hop, which costs Neo4j far less than building path values: a
// second-degree person is one that none of of's relationships reaches
// directly, and every path through a common first-degree connection is a
// shortest one. Degree 3 uses ALL SHORTEST, whose quantifier must be a
// literal, chosen here after the degree was validated.
func networkMatch(degree int) (string, error) {
	switch degree {
	case 1:
		return `MATCH (me:Person {id: $of})
MATCH (me)-[k:KNOWS]-(other:Person)
WHERE other <> me
WITH other, 1 AS degree, max(coalesce(k.strength, 0.0)) AS strength, [] AS firstHops`, nil
	case 2:
		return `MATCH (me:Person {id: $of})
CALL (me) {
  MATCH (me)-[k:KNOWS]-(other:Person)
  WHERE other <> me
  RETURN other, 1 AS hops, coalesce(k.strength, 0.0) AS pathStrength, NULL AS firstHop
  UNION ALL
  MATCH (me)-[k1:KNOWS]-(firstHop:Person)-[k2:KNOWS]-(other:Person)
  WHERE other <> me AND NOT EXISTS { (me)-[:KNOWS]-(other) }
  RETURN other, 2 AS hops, coalesce(k1.strength, 0.0) * coalesce(k2.strength, 0.0) AS pathStrength, firstHop
}
WITH other, min(hops) AS degree, max(pathStrength) AS strength, collect(DISTINCT firstHop) AS firstHops`, nil
	case 3:
		return `MATCH (me:Person {id: $of})
MATCH path = ALL SHORTEST (me)-[:KNOWS]-{1,3}(other:Person)
WHERE other <> me
WITH other, length(path) AS degree, reduce(s = 1.0, k IN relationships(path) | s * coalesce(k.strength, 0.0)) AS strength, nodes(path)[1] AS firstHop
WITH other, min(degree) AS degree, max(strength) AS strength, collect(DISTINCT firstHop) AS firstHops`, nil
	}
	return "", invalid("degree must be between %d and %d, got %d", MinDegree, MaxDegree, degree)
}

// filteredNetwork starts the statements over a filtered network: it binds
// other, degree, strength and via for every person in of's network within
// degree who matches where, and returns the evidence expression over
// `other` ("[]" when where has none). It checks the page bounds and names
// $of, $skip and $end.
func (b *builder) filteredNetwork(of string, degree int, where *model.PersonWhere, skip, limit int) (string, string, error) {
	match, err := networkMatch(degree)
	if err != nil {
		return "", "", err
	}
	if skip < 0 || limit < 1 || limit > MaxPageSize {
		return "", "", invalid("first must be between 1 and %d, got %d", MaxPageSize, limit)
	}
	b.named("of", of)
	c, err := b.personWhere(where, "other", "")
	if err != nil {
		return "", "", err
	}
	b.named("skip", int64(skip))
	b.named("end", int64(skip+limit))
	evidence := c.evidence
	if evidence == "" {
		evidence = "[]"
	}
	return match + `
WHERE ` + c.pred + `
WITH other, degree, strength, CASE WHEN degree = 1 THEN [] ELSE firstHops END AS via`, evidence, nil
}

// BuildConnections translates a connections request into one statement.
// The statement returns one row: total (all matches) and edges (the page,
// each with person, degree, strength, via and evidence).
func BuildConnections(req ConnectionsRequest) (string, map[string]any, error) {
	b := newBuilder()
	network, evidence, err := b.filteredNetwork(req.Of, req.Degree, req.Where, req.Skip, req.Limit)
	if err != nil {
		return "", nil, err
	}
	order, err := orderClause(req.Order)
	if err != nil {
		return "", nil, err
	}
	cypher := network + `
ORDER BY ` + order + `
WITH collect({person: other, degree: degree, strength: strength, via: via}) AS rows
WITH size(rows) AS total, rows[$skip..$end] AS page
CALL (page) {
  UNWIND range(0, size(page) - 1) AS i
  WITH i, page[i] AS row, page[i].person AS other
  RETURN collect({index: i, person: other, degree: row.degree, strength: row.strength, via: row.via, evidence: ` + evidence + `}) AS edges
}
RETURN total, edges, EXISTS { MATCH (:Person {id: $of}) } AS found`
	return cypher, b.params, nil
}

// ConnectionsPage is one page of question 1.
type ConnectionsPage struct {
	Total int
	Edges []*model.PersonEdge
}

// ErrNotFound marks a request naming a node that does not exist.
type ErrNotFound struct{ What, ID string }

func (e *ErrNotFound) Error() string { return fmt.Sprintf("%s %q does not exist", e.What, e.ID) }

// Connections answers question 1.
func (s *Store) Connections(ctx context.Context, req ConnectionsRequest) (*ConnectionsPage, error) {
	cypher, params, err := BuildConnections(req)
	if err != nil {
		return nil, err
	}
	page, err := readOne(ctx, s, "connections", cypher, params, func(rec *driver.Record) (*ConnectionsPage, error) {
		found, _, err := driver.GetRecordValue[bool](rec, "found")
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, &ErrNotFound{What: "person", ID: req.Of}
		}
		total, _, err := driver.GetRecordValue[int64](rec, "total")
		if err != nil {
			return nil, err
		}
		rows, _, err := driver.GetRecordValue[[]any](rec, "edges")
		if err != nil {
			return nil, err
		}
		out := &ConnectionsPage{Total: int(total), Edges: make([]*model.PersonEdge, len(rows))}
		return out, decodeIndexed(rows, func(i int, m map[string]any) error {
			edge, err := decodeEdge(m)
			out.Edges[i] = edge
			return err
		})
	})
	return page, err
}

func decodeEdge(v any) (*model.PersonEdge, error) {
	m, err := asMap(v)
	if err != nil {
		return nil, err
	}
	person, err := nodeAt(m, "person")
	if err != nil {
		return nil, err
	}
	degree, err := valueAt[int64](m, "degree")
	if err != nil {
		return nil, err
	}
	strength, err := valueAt[float64](m, "strength")
	if err != nil {
		return nil, err
	}
	edge := &model.PersonEdge{Node: decodePerson(person), Degree: int(degree), Strength: strength}
	via, err := valueAt[[]any](m, "via")
	if err != nil {
		return nil, err
	}
	if edge.Via, err = decodePeople(via); err != nil {
		return nil, err
	}
	evidence, err := valueAt[[]any](m, "evidence")
	if err != nil {
		return nil, err
	}
	edge.Evidence, err = decodeEvidence(evidence)
	if err != nil {
		return nil, err
	}
	return edge, nil
}

// decodeEvidence reads evidence maps and orders them: by filter label as
// produced, then newest first, then content or signal id.
func decodeEvidence(items []any) ([]*model.Evidence, error) {
	out := []*model.Evidence{}
	order := map[string]int{}
	for _, it := range items {
		m, err := asMap(it)
		if err != nil {
			return nil, err
		}
		filter, err := valueAt[string](m, "filter")
		if err != nil {
			return nil, err
		}
		if _, ok := order[filter]; !ok {
			order[filter] = len(order)
		}
		kind, err := valueAt[string](m, "kind")
		if err != nil {
			return nil, err
		}
		ev := &model.Evidence{Filter: filter}
		switch kind {
		case "ENGAGEMENT":
			eng, err := decodeEngagementMap(m)
			if err != nil {
				return nil, err
			}
			ev.Engagement = eng
		case "SIGNAL":
			sm, err := valueAt[map[string]any](m, "signal")
			if err != nil {
				return nil, err
			}
			ev.Signal, err = decodeSignalMap(sm)
			if err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("unexpected evidence kind %q", kind)
		}
		out = append(out, ev)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if order[a.Filter] != order[b.Filter] {
			return order[a.Filter] < order[b.Filter]
		}
		ta, ida := evidenceKey(a)
		tb, idb := evidenceKey(b)
		if !ta.Equal(tb) {
			return ta.After(tb)
		}
		return ida < idb
	})
	return out, nil
}
