package neo4j

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/relgraph/relgraph/internal/model"
)

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
// shortest one. Each person keeps the strength and first hops of their
// least number of hops; a test of "not known directly" instead would cost
// an expansion per row once relationships carry a visibility predicate. Degree 3 uses ALL SHORTEST, whose quantifier must be a
// literal, chosen here after the degree was validated.
func (b *builder) networkMatch(degree int) (string, error) {
	switch degree {
	case 1:
		return `MATCH (me:Person {id: $of})
MATCH (me)-[` + b.knows("k") + `]-(other:Person)
WHERE other <> me
WITH other, 1 AS degree, max(coalesce(k.strength, 0.0)) AS strength, [] AS firstHops`, nil
	case 2:
		return `MATCH (me:Person {id: $of})
CALL (me) {
  MATCH (me)-[` + b.knows("k") + `]-(other:Person)
  WHERE other <> me
  RETURN other, 1 AS hops, coalesce(k.strength, 0.0) AS pathStrength, NULL AS firstHop
  UNION ALL
  MATCH (me)-[` + b.knows("k1") + `]-(firstHop:Person)-[` + b.knows("k2") + `]-(other:Person)
  WHERE other <> me
  RETURN other, 2 AS hops, coalesce(k1.strength, 0.0) * coalesce(k2.strength, 0.0) AS pathStrength, firstHop
}
WITH other, hops, max(pathStrength) AS strength, collect(DISTINCT firstHop) AS firstHops
WITH other, min(hops) AS degree, collect({hops: hops, strength: strength, firstHops: firstHops}) AS byHops
WITH other, degree, [h IN byHops WHERE h.hops = degree][0] AS best
WITH other, degree, best.strength AS strength, best.firstHops AS firstHops`, nil
	case 3:
		return `MATCH (me:Person {id: $of})
MATCH path = ALL SHORTEST (me)-[` + b.knows("k") + `]-{1,3}(other:Person)
WHERE other <> me
WITH other, length(path) AS degree, reduce(s = 1.0, k IN relationships(path) | s * coalesce(k.strength, 0.0)) AS strength, nodes(path)[1] AS firstHop
WITH other, min(degree) AS degree, max(strength) AS strength, collect(DISTINCT firstHop) AS firstHops`, nil
	}
	return "", fmt.Errorf("no network pattern for degree %d", degree)
}

// filteredNetwork starts the statements over a filtered network: it binds
// other, degree, strength (rounded, see roundScore) and via for every
// person in of's network within degree who matches where, and returns the
// evidence expression over `other` ("[]" when where has none). It names
// $of, $skip and $end.
func (b *builder) filteredNetwork(of string, degree int, where *model.PersonWhere, page Paging) (string, string, error) {
	match, err := b.networkMatch(degree)
	if err != nil {
		return "", "", err
	}
	b.named("of", of)
	c, err := b.personWhere(where, "other", "")
	if err != nil {
		return "", "", err
	}
	b.page(page)
	evidence := c.evidence
	if evidence == "" {
		evidence = "[]"
	}
	return match + `
WHERE ` + c.pred + `
WITH other, degree, ` + roundScore("strength") + ` AS strength, CASE WHEN degree = 1 THEN [] ELSE firstHops END AS via`, evidence, nil
}

// roundScore rounds a strength or score to 9 decimal places, before it
// orders anything: products of the same strengths multiplied in another
// order then tie (and fall back to the next key), and answers show 0.72,
// not 0.7200000000000001.
func roundScore(expr string) string { return "round(" + expr + ", 9)" }

// page names $skip and $end, the bounds of a page in a list of rows.
func (b *builder) page(p Paging) {
	b.named("skip", int64(p.Skip))
	b.named("end", int64(p.Skip+p.Limit))
}

// BuildConnections translates a connections request into one statement.
// The statement returns one row: total (all matches) and edges (the page,
// each with person, degree, strength, via and evidence).
func BuildConnections(req ConnectionsRequest, v viewer) (string, map[string]any, error) {
	b := newBuilder(v)
	network, evidence, err := b.filteredNetwork(req.Of, req.Degree, req.Where, req.Page)
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
  ORDER BY i
  RETURN collect({person: other, degree: row.degree, strength: row.strength, via: row.via, evidence: ` + evidence + `}) AS items
}
RETURN total, items, EXISTS { MATCH (:Person {id: $of}) } AS found`
	return cypher, b.params, nil
}

// Connections answers question 1.
func (s *Store) Connections(ctx context.Context, req ConnectionsRequest) (Page[*model.NetworkPerson], error) {
	page, err := askPage[ConnectionsRequest, *model.NetworkPerson](ctx, s, "connections", req, BuildConnections, &model.NotFoundError{What: "person", ID: req.Of})
	for _, p := range page.Items {
		tidy(p, req.Of)
	}
	return page, err
}

// tidy says whose network a row is in and puts its lists in their
// documented order: via by id, evidence as sortEvidence says.
func tidy(p *model.NetworkPerson, of string) {
	p.Of = of
	sortByID(p.Via, func(v *model.Person) string { return v.ID })
	sortEvidence(p.Evidence)
}

// sortEvidence orders evidence: by filter label in the order they first
// appear (the filter's own order), then newest first, then content or
// signal id.
func sortEvidence(list []*model.Evidence) {
	order := map[string]int{}
	for _, e := range list {
		if _, ok := order[e.Filter]; !ok {
			order[e.Filter] = len(order)
		}
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
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
}

func evidenceKey(e *model.Evidence) (time.Time, string) {
	switch {
	case e.Engagement != nil:
		return e.Engagement.At.Time, e.Engagement.Content.ID + "/" + e.Engagement.Action
	case e.Signal != nil:
		var t time.Time
		if e.Signal.At != nil {
			t = e.Signal.At.Time
		}
		return t, e.Signal.ID
	}
	return time.Time{}, ""
}
