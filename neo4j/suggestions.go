package neo4j

import (
	"context"
	"sort"

	"github.com/relgraph/relgraph/internal/model"
)

// SuggestionsRequest is question 7: people exactly two KNOWS hops from Of
// who share at least MinShared declared interests with Of, one page.
type SuggestionsRequest struct {
	Of        string
	MinShared int
	Skip      int
	Limit     int
}

// BuildSuggestions translates a suggestions request into one statement.
// Exactly two hops means at shortest distance 2: reachable through a
// first-degree connection, and neither Of nor known by Of directly. The
// statement returns one row: total (all suggestions), suggestions (the
// page) and whether Of exists.
func BuildSuggestions(req SuggestionsRequest) (string, map[string]any, error) {
	if req.MinShared < 1 {
		return "", nil, invalid("minSharedInterests must be at least 1, got %d", req.MinShared)
	}
	if req.Skip < 0 || req.Limit < 1 || req.Limit > MaxPageSize {
		return "", nil, invalid("first must be between 1 and %d, got %d", MaxPageSize, req.Limit)
	}
	b := newBuilder()
	b.named("of", req.Of)
	b.named("minShared", int64(req.MinShared))
	b.named("skip", int64(req.Skip))
	b.named("end", int64(req.Skip+req.Limit))
	// of's interests are read once; each candidate's few interests are
	// then checked against them, never a popular topic's many people.
	cypher := `MATCH (me:Person {id: $of})
WITH me, COLLECT { MATCH (me)-[:INTERESTED_IN]->(t:Topic) RETURN DISTINCT t } AS mine
MATCH (me)-[k1:KNOWS]-(via:Person)-[k2:KNOWS]-(other:Person)
WHERE other <> me AND NOT EXISTS { (me)-[:KNOWS]-(other) }
WITH mine, other, max(coalesce(k1.strength, 0.0) * coalesce(k2.strength, 0.0)) AS strength, collect(DISTINCT via) AS via
WITH other, strength, via, COLLECT {
  MATCH (other)-[:INTERESTED_IN]->(t:Topic)
  WHERE t IN mine
  RETURN DISTINCT t ORDER BY t.id
} AS shared
WHERE size(shared) >= $minShared
WITH other, strength, via, shared, size(shared) * strength AS score
ORDER BY score DESC, other.id ASC
WITH collect({person: other, strength: strength, score: score, via: via, shared: shared}) AS rows
RETURN size(rows) AS total, rows[$skip..$end] AS suggestions, EXISTS { MATCH (:Person {id: $of}) } AS found`
	return cypher, b.params, nil
}

// SuggestionsPage is one page of question 7.
type SuggestionsPage struct {
	Total       int
	Suggestions []*model.Suggestion
}

// Suggestions answers question 7.
func (s *Store) Suggestions(ctx context.Context, req SuggestionsRequest) (*SuggestionsPage, error) {
	cypher, params, err := BuildSuggestions(req)
	if err != nil {
		return nil, err
	}
	total, list, err := readPage(ctx, s, "suggestions", cypher, params, "suggestions", &ErrNotFound{What: "person", ID: req.Of}, decodeSuggestion)
	if err != nil {
		return nil, err
	}
	page := &SuggestionsPage{Total: total, Suggestions: list}
	sort.SliceStable(page.Suggestions, func(i, j int) bool {
		a, b := page.Suggestions[i], page.Suggestions[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.Person.ID < b.Person.ID
	})
	return page, nil
}

func decodeSuggestion(v any) (*model.Suggestion, error) {
	m, err := asMap(v)
	if err != nil {
		return nil, err
	}
	person, err := nodeAt(m, "person")
	if err != nil {
		return nil, err
	}
	strength, err := valueAt[float64](m, "strength")
	if err != nil {
		return nil, err
	}
	score, err := valueAt[float64](m, "score")
	if err != nil {
		return nil, err
	}
	sg := &model.Suggestion{Person: decodePerson(person), Strength: strength, Score: score}
	via, err := valueAt[[]any](m, "via")
	if err != nil {
		return nil, err
	}
	if sg.Via, err = decodePeople(via); err != nil {
		return nil, err
	}
	shared, err := valueAt[[]any](m, "shared")
	if err != nil {
		return nil, err
	}
	sg.SharedTopics, err = decodeTopics(shared)
	return sg, err
}
