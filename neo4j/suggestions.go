package neo4j

import (
	"context"

	"github.com/relgraph/relgraph/internal/model"
)

// BuildSuggestions translates a suggestions request into one statement.
// Exactly two hops means at shortest distance 2: reachable through a
// first-degree connection, and neither Of nor known by Of directly. The
// statement returns one row: total (all suggestions), items (the page) and
// whether Of exists. Strengths and scores are rounded before they order
// (roundScore).
func BuildSuggestions(req SuggestionsRequest, v viewer) (string, map[string]any, error) {
	b := newBuilder(v)
	b.named("of", req.Of)
	b.named("minShared", int64(req.MinShared))
	b.page(req.Page)
	// of's interests and direct relationships are read once; each
	// candidate's few interests are then checked against them, never a
	// popular topic's many people. (A test of "not known directly" per
	// row would cost an expansion each once relationships carry a
	// visibility predicate.)
	cypher := `MATCH (me:Person {id: $of})
WITH me, COLLECT { MATCH (me)-[:INTERESTED_IN]->(t:Topic) RETURN DISTINCT t } AS mine,
  COLLECT { MATCH (me)-[` + b.knows("k3") + `]-(known:Person) RETURN known } AS direct
MATCH (me)-[` + b.knows("k1") + `]-(via:Person)-[` + b.knows("k2") + `]-(other:Person)
WHERE other <> me AND NOT other IN direct
WITH mine, other, ` + roundScore("max(coalesce(k1.strength, 0.0) * coalesce(k2.strength, 0.0))") + ` AS strength, collect(DISTINCT via) AS via
WITH other, strength, via, COLLECT {
  MATCH (other)-[:INTERESTED_IN]->(t:Topic)
  WHERE t IN mine
  RETURN DISTINCT t ORDER BY t.id
} AS shared
WHERE size(shared) >= $minShared
WITH other, strength, via, shared, ` + roundScore("size(shared) * strength") + ` AS score
ORDER BY score DESC, other.id ASC
WITH collect({person: other, strength: strength, score: score, via: via, sharedTopics: shared}) AS rows
RETURN size(rows) AS total, rows[$skip..$end] AS items, EXISTS { MATCH (:Person {id: $of}) } AS found`
	return cypher, b.params, nil
}

// Suggestions answers question 7.
func (s *Store) Suggestions(ctx context.Context, req SuggestionsRequest) (Page[*model.Suggestion], error) {
	page, err := askPage[SuggestionsRequest, *model.Suggestion](ctx, s, "suggestions", req, BuildSuggestions, &model.NotFoundError{What: "person", ID: req.Of})
	for _, sg := range page.Items {
		sortByID(sg.Via, func(p *model.Person) string { return p.ID })
	}
	return page, err
}
