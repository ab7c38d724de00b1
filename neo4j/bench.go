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
