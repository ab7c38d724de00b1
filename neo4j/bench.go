package neo4j

import (
	"context"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Candidates are what a benchmark (bench/cmd/relbench) draws its
// parameters from: every person with a KNOWS relationship, topic, company
// with a current employee and signal time, and how many people there are.
type Candidates struct {
	People    int         `json:"people"`
	Connected []string    `json:"connected"`
	Topics    []string    `json:"topics"`
	Employers []string    `json:"employers"`
	Times     []time.Time `json:"times"`
}

// Candidates reads a benchmark's candidates in one statement.
func (s *Store) Candidates(ctx context.Context) (Candidates, error) {
	return readOne(ctx, s, "bench.candidates", `RETURN
  COUNT { MATCH (p:Person) } AS people,
  COLLECT { MATCH (p:Person) WHERE EXISTS { (p)-[:KNOWS]-(:Person) } RETURN p.id } AS connected,
  COLLECT { MATCH (t:Topic) RETURN t.id } AS topics,
  COLLECT { MATCH (c:Company) WHERE EXISTS { (:Person)-[w:WORKS_AT]->(c) WHERE w.until IS NULL } RETURN c.id } AS employers,
  COLLECT { MATCH (s:Signal) WHERE s.at IS NOT NULL RETURN s.at } AS times`, nil, func(rec *driver.Record) (Candidates, error) {
		var c Candidates
		err := decodeRow(rec, &c)
		return c, err
	})
}

// Stories returns, for each of people, the pairs of topics [t, t2] such
// that one of their direct connections engaged with content about t and
// mentioned t2 in a signal: the filters of the benchmark's filtered
// connections that have an answer at degree 1 (and so at degree 2).
func (s *Store) Stories(ctx context.Context, people []string) (map[string][][2]string, error) {
	type row struct {
		ID    string     `json:"id"`
		Pairs [][]string `json:"pairs"`
	}
	rows, err := read(ctx, s, "bench.stories", `UNWIND $people AS id
MATCH (:Person {id: id})-[:KNOWS]-(m:Person)
MATCH (m)<-[:BY]-(:Signal {kind: 'MENTION'})-[:MENTIONS]->(t2:Topic)
MATCH (m)-[:ENGAGED_WITH]->(:Content)-[:ABOUT]->(t:Topic)
RETURN id, collect(DISTINCT [t.id, t2.id]) AS pairs`, map[string]any{"people": people}, func(rec *driver.Record) (row, error) {
		var r row
		err := decodeRow(rec, &r)
		return r, err
	})
	out := map[string][][2]string{}
	for _, r := range rows {
		for _, p := range r.Pairs {
			out[r.ID] = append(out[r.ID], [2]string{p[0], p[1]})
		}
	}
	return out, err
}

// Names returns the names of the given people and companies.
func (s *Store) Names(ctx context.Context, people, companies []string) ([]string, error) {
	return read(ctx, s, "bench.names", `MATCH (p:Person) WHERE p.id IN $people RETURN p.name AS name
UNION ALL
MATCH (c:Company) WHERE c.id IN $companies RETURN c.name AS name`, map[string]any{"people": people, "companies": companies},
		func(rec *driver.Record) (string, error) {
			var name string
			err := decodeRecord(rec, "name", &name)
			return name, err
		})
}

// ClearQueryCaches empties Neo4j's caches of planned statements, so that
// the next run of each statement is planned again, as a new filter shape
// is: for the benchmark's cold pass.
func (s *Store) ClearQueryCaches(ctx context.Context) error {
	_, err := readOne(ctx, s, "bench.clearQueryCaches", `CALL db.clearQueryCaches() YIELD value RETURN value`, nil, func(rec *driver.Record) (any, error) {
		v, _ := rec.Get("value")
		return v, nil
	})
	return err
}
