package neo4j

import (
	"context"
	"fmt"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/ndjson"
)

// statement is one named, parameterised statement of a transaction.
type statement struct {
	name   string
	cypher string
	params map[string]any
}

// writeAll runs statements in order in one write transaction: all of them
// take effect or none does. Each is traced like a single statement.
func writeAll(ctx context.Context, s *Store, stmts []statement) ([]driver.ResultSummary, error) {
	sess := s.session(ctx, driver.AccessModeWrite)
	defer sess.Close(ctx)
	var timings []time.Duration
	sums, err := driver.ExecuteWrite(ctx, sess, func(tx driver.ManagedTransaction) ([]driver.ResultSummary, error) {
		timings = timings[:0] // a retried transaction runs everything again
		out := make([]driver.ResultSummary, 0, len(stmts))
		for _, st := range stmts {
			start := time.Now()
			res, err := tx.Run(ctx, st.cypher, st.params)
			var sum driver.ResultSummary
			if err == nil {
				sum, err = res.Consume(ctx)
			}
			timings = append(timings, time.Since(start))
			if err != nil {
				return nil, err
			}
			out = append(out, sum)
		}
		return out, nil
	}, s.txConfig()...)
	for i, d := range timings {
		var stErr error
		if i == len(timings)-1 {
			stErr = err
		}
		s.record(ctx, stmts[i].name, stmts[i].cypher, stmts[i].params, d, 0, stErr)
	}
	if err != nil {
		name := "write"
		if len(timings) > 0 {
			name = stmts[len(timings)-1].name
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return sums, nil
}

// MaxUpsertBatch is the largest batch one mutation writes.
const MaxUpsertBatch = 1000

// buildUpsert returns the import's statements for rows of one kind, nodes
// before their relationships (content ABOUT; signal BY, AT, MENTIONS).
func buildUpsert(kind ndjson.Kind, rows []map[string]any) ([]statement, error) {
	cypher, ok := upserts[kind]
	if !ok {
		return nil, fmt.Errorf("no upsert statement for %q", kind)
	}
	params := map[string]any{"rows": rows}
	stmts := []statement{{name: "upsert." + string(kind), cypher: cypher, params: params}}
	if link, ok := links[kind]; ok {
		stmts = append(stmts, statement{name: "upsert." + string(kind) + ".links", cypher: link, params: params})
	}
	return stmts, nil
}

// Upsert writes validated rows of one kind (the Row maps of ndjson records
// whose references exist) in one write transaction, as the import does.
func (s *Store) Upsert(ctx context.Context, kind ndjson.Kind, rows []map[string]any) error {
	if len(rows) > MaxUpsertBatch {
		return invalid("at most %d items per call, got %d", MaxUpsertBatch, len(rows))
	}
	if len(rows) == 0 {
		return nil
	}
	stmts, err := buildUpsert(kind, rows)
	if err != nil {
		return err
	}
	if _, err = writeAll(ctx, s, stmts); err != nil {
		return err
	}
	s.observer.Written(string(kind), len(rows))
	return nil
}

// BuildDeletePerson erases a person with every relationship of theirs and
// every signal that concerns only them: BY them, BY no one else and AT no
// company. Other signals BY them stay and only lose the BY edge.
func BuildDeletePerson(id string) (string, map[string]any, error) {
	cypher := `MATCH (p:Person {id: $id})
OPTIONAL MATCH (s:Signal)-[:BY]->(p)
WHERE NOT EXISTS { MATCH (s)-[:AT]->(:Company) }
  AND NOT EXISTS { MATCH (s)-[:BY]->(other:Person) WHERE other <> p }
WITH p, collect(DISTINCT s) AS signals
FOREACH (s IN signals | DETACH DELETE s)
DETACH DELETE p`
	return cypher, map[string]any{"id": id}, nil
}

// Deletion is what DeletePerson erased.
type Deletion struct {
	Deleted       bool
	Signals       int
	Relationships int
}

// DeletePerson answers deletePerson(id) in one write transaction. An
// unknown id erases nothing.
func (s *Store) DeletePerson(ctx context.Context, id string) (Deletion, error) {
	cypher, params, err := BuildDeletePerson(id)
	if err != nil {
		return Deletion{}, err
	}
	sum, err := write(ctx, s, "deletePerson", cypher, params)
	if err != nil {
		return Deletion{}, err
	}
	// The statement deletes only the person and its signals.
	c := sum.Counters()
	if c.NodesDeleted() == 0 {
		return Deletion{}, nil
	}
	return Deletion{Deleted: true, Signals: c.NodesDeleted() - 1, Relationships: c.RelationshipsDeleted()}, nil
}
