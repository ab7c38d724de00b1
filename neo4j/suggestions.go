package neo4j

import (
	"context"
	"strings"

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
	// candidate's interests are then read from the list it keeps
	// (interestIds), never from a popular topic's many people, nor by
	// walking the candidate's relationships. (A test of "not known
	// directly" per row would cost an expansion each once relationships
	// carry a visibility predicate.)
	cypher := `MATCH (me:Person {id: $of})
WITH me, COLLECT { MATCH (me)-[:INTERESTED_IN]->(t:Topic) RETURN DISTINCT t ORDER BY t.id } AS mine,
  COLLECT { MATCH (me)-[` + b.knows("k3") + `]-(known:Person) RETURN known } AS direct
WITH me, mine, [t IN mine | t.id] AS mineIds, direct
MATCH (me)-[` + b.knows("k1") + `]-(via:Person)-[` + b.knows("k2") + `]-(other:Person)
WHERE other <> me AND NOT other IN direct
WITH mine, mineIds, other, ` + roundScore("max(coalesce(k1.strength, 0.0) * coalesce(k2.strength, 0.0))") + ` AS strength, collect(DISTINCT via) AS via
WITH mine, mineIds, other, strength, via, other.interestIds AS theirs
WITH other, strength, via, [i IN range(0, size(mine) - 1) WHERE mineIds[i] IN theirs | mine[i]] AS shared
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

// Every person keeps the ids of the topics they are INTERESTED_IN, sorted
// (interestIds; none without interests), for suggestions: a candidate's
// interests are then one property, not a walk of all their
// relationships. The interest statement recounts the people of its rows,
// as a merge and its undoing do for their two people, in the same
// transaction (no other write adds or removes an INTERESTED_IN but
// deleting the person); graphs written otherwise (before the lists, or by
// the bulk importer) get them from the data migration interest_ids.

// sortedIDs is the list of ids sorted, each once.
func sortedIDs(list string) string {
	return `COLLECT { UNWIND ` + list + ` AS id_ RETURN DISTINCT id_ ORDER BY id_ }`
}

// topicList is a list a person keeps of the topics at the end of some of
// their relationships, sorted, each once (none when there is no topic).
type topicList struct {
	// property holds the list; migration fills it once per graph.
	property, migration string
	// path leads from the topic t to the person p.
	path func(t, p string) string
}

var (
	// interestIds: the topics the person is INTERESTED_IN.
	interestIds = topicList{"interestIds", "interest_ids", func(t, p string) string {
		return "(" + t + ":Topic)<-[:INTERESTED_IN]-(" + p + ")"
	}}
	// signalTopicIds: the topics signals BY the person mention (filter.go).
	signalTopicIds = topicList{"signalTopicIds", "signal_topic_ids", func(t, p string) string {
		return "(" + t + ":Topic)<-[:MENTIONS]-(:Signal)-[:BY]->(" + p + ")"
	}}
	// personLists are every list people keep.
	personLists = []topicList{interestIds, signalTopicIds}
)

// as adds to the rows what the list should be on the person p, as the
// variable out.
func (l topicList) as(p, out string) string {
	return `  WITH *, COLLECT { MATCH ` + l.path("t_", p) + ` RETURN DISTINCT t_.id AS id_ ORDER BY id_ } AS topics_
  WITH *, CASE WHEN size(topics_) = 0 THEN null ELSE topics_ END AS ` + out
}

// recount sets the list on the person p, in a subquery of one row per
// person.
func (l topicList) recount(p string) string { return recount(p, l.property, l.as) }

// fill sets the list on every person who has topics at its path's end,
// a batch of people per transaction: read from the topics (each holds its
// relationships by type) rather than by walking every person's.
func (l topicList) fill() string {
	return `MATCH ` + l.path("t", "p:Person") + `
WITH p, collect(t.id) AS ids
CALL (p, ids) {
  SET p.` + l.property + ` = ` + sortedIDs("ids") + `
} IN TRANSACTIONS OF 10000 ROWS`
}

// recountPerson sets every list the person p keeps (personLists), for
// writes that move any of them: merges and their undoing.
func recountPerson(p string) string {
	var out []string
	for _, l := range personLists {
		out = append(out, l.recount(p))
	}
	return strings.Join(out, "\n")
}
