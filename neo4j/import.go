package neo4j

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/ndjson"
)

// Upsert statements, one per line kind. Each takes $rows, the Row maps of
// ndjson records, and is idempotent: MERGE on the identifying keys, then
// SET += of the line's fields (fields a line leaves out are kept).
var upserts = map[ndjson.Kind]string{
	ndjson.Person:  `UNWIND $rows AS row MERGE (n:Person {id: row.id}) SET n += row.props`,
	ndjson.Company: `UNWIND $rows AS row MERGE (n:Company {id: row.id}) SET n += row.props`,
	ndjson.Topic:   `UNWIND $rows AS row MERGE (n:Topic {id: row.id}) SET n += row.props`,
	ndjson.Content: `UNWIND $rows AS row MERGE (n:Content {id: row.id}) SET n += row.props`,
	ndjson.Signal:  `UNWIND $rows AS row MERGE (n:Signal {id: row.id}) SET n += row.props`,
	ndjson.WorksAt: `UNWIND $rows AS row
MATCH (p:Person {id: row.person})
MATCH (c:Company {id: row.company})
MERGE (p)-[r:WORKS_AT]->(c)
SET r += row.props`,
	// The parser orders a < b, so each pair has one relationship; the
	// undirected MERGE also finds one stored the other way round.
	ndjson.Knows: `UNWIND $rows AS row
MATCH (a:Person {id: row.a})
MATCH (b:Person {id: row.b})
MERGE (a)-[r:KNOWS]-(b)
SET r += row.props`,
	ndjson.InterestedIn: `UNWIND $rows AS row
MATCH (p:Person {id: row.person})
MATCH (t:Topic {id: row.topic})
MERGE (p)-[r:INTERESTED_IN]->(t)
SET r += row.props`,
	ndjson.Engaged: `UNWIND $rows AS row
MATCH (p:Person {id: row.person})
MATCH (c:Content {id: row.content})
MERGE (p)-[:ENGAGED_WITH {action: row.action, at: row.at}]->(c)`,
}

// Relationship statements for content and signal lines.
var links = map[ndjson.Kind]string{
	ndjson.Content: `UNWIND $rows AS row
MATCH (n:Content {id: row.id})
UNWIND row.topics AS topicId
MATCH (t:Topic {id: topicId})
MERGE (n)-[:ABOUT]->(t)`,
	ndjson.Signal: `UNWIND $rows AS row
MATCH (s:Signal {id: row.id})
OPTIONAL MATCH (p:Person {id: row.person})
OPTIONAL MATCH (c:Company {id: row.company})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (s)-[:BY]->(p))
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | MERGE (s)-[:AT]->(c))
WITH s, row
UNWIND row.topics AS topicId
MATCH (t:Topic {id: topicId})
MERGE (s)-[:MENTIONS]->(t)`,
}

var missing = map[ndjson.Label]string{
	ndjson.LabelPerson:  `UNWIND $ids AS id WITH id WHERE NOT EXISTS { MATCH (:Person {id: id}) } RETURN id`,
	ndjson.LabelCompany: `UNWIND $ids AS id WITH id WHERE NOT EXISTS { MATCH (:Company {id: id}) } RETURN id`,
	ndjson.LabelTopic:   `UNWIND $ids AS id WITH id WHERE NOT EXISTS { MATCH (:Topic {id: id}) } RETURN id`,
	ndjson.LabelContent: `UNWIND $ids AS id WITH id WHERE NOT EXISTS { MATCH (:Content {id: id}) } RETURN id`,
	ndjson.LabelSignal:  `UNWIND $ids AS id WITH id WHERE NOT EXISTS { MATCH (:Signal {id: id}) } RETURN id`,
}

// MissingIDs returns those of ids with no node of the label.
func (s *Store) MissingIDs(ctx context.Context, label ndjson.Label, ids []string) ([]string, error) {
	cypher, ok := missing[label]
	if !ok {
		return nil, fmt.Errorf("no lookup for label %q", label)
	}
	return read(ctx, s, "missingIds", cypher, map[string]any{"ids": ids}, func(rec *driver.Record) (string, error) {
		id, _, err := driver.GetRecordValue[string](rec, "id")
		return id, err
	})
}

// WriteBatch upserts one batch of import rows in one write transaction.
func (s *Store) WriteBatch(ctx context.Context, kind ndjson.Kind, withLinks bool, rows []map[string]any) error {
	statements := upserts
	if withLinks && kind.IsNode() {
		statements = links
	}
	cypher, ok := statements[kind]
	if !ok {
		return nil // nodes without relationships of their own
	}
	if _, err := write(ctx, s, "import."+string(kind), cypher, map[string]any{"rows": rows}); err != nil {
		return err
	}
	if !withLinks || !kind.IsNode() {
		s.observer.Written(string(kind), len(rows))
	}
	return nil
}

// Counts returns the number of nodes per label and relationships per type.
func (s *Store) Counts(ctx context.Context) (map[string]int64, error) {
	return readOne(ctx, s, "counts", `CALL () {
  MATCH (n) UNWIND labels(n) AS label RETURN label AS key, count(*) AS n
  UNION ALL
  MATCH ()-[r]->() RETURN type(r) AS key, count(*) AS n
}
RETURN collect([key, n]) AS pairs`, nil, func(rec *driver.Record) (map[string]int64, error) {
		pairs, _, err := driver.GetRecordValue[[]any](rec, "pairs")
		if err != nil {
			return nil, err
		}
		out := map[string]int64{}
		for _, p := range pairs {
			kv, ok := p.([]any)
			if !ok || len(kv) != 2 {
				return nil, fmt.Errorf("counts: unexpected %T", p)
			}
			k, ok1 := kv[0].(string)
			n, ok2 := kv[1].(int64)
			if !ok1 || !ok2 {
				return nil, fmt.Errorf("counts: unexpected pair %v", kv)
			}
			out[k] = n
		}
		return out, nil
	})
}

// IsEmpty reports whether the database holds no Person node.
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	return readOne(ctx, s, "isEmpty", `RETURN NOT EXISTS { MATCH (:Person) } AS empty`, nil, func(rec *driver.Record) (bool, error) {
		v, _, err := driver.GetRecordValue[bool](rec, "empty")
		return v, err
	})
}

// DeleteAll removes every node and relationship, in batches. For tests and
// for `relgraph import --replace`.
func (s *Store) DeleteAll(ctx context.Context) error {
	// CALL ... IN TRANSACTIONS needs an auto-commit transaction.
	sess := s.session(ctx, driver.AccessModeWrite)
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, `MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		return fmt.Errorf("deleteAll: %w", err)
	}
	return nil
}

// Fingerprint is a SHA-256 over the whole graph: every node's labels and
// properties and every relationship's type, end ids and properties, in a
// canonical order. Two graphs with the same fingerprint hold the same data.
func (s *Store) Fingerprint(ctx context.Context) (string, error) {
	lines, err := read(ctx, s, "fingerprint", `CALL () {
  MATCH (n) RETURN [labels(n), properties(n)] AS item
  UNION ALL
  MATCH (a)-[r]->(b) RETURN [type(r), a.id, b.id, properties(r)] AS item
}
RETURN item`, nil, func(rec *driver.Record) (string, error) {
		item, _, err := driver.GetRecordValue[[]any](rec, "item")
		if err != nil {
			return "", err
		}
		b, err := json.Marshal(canonical(item))
		return string(b), err
	})
	if err != nil {
		return "", err
	}
	sort.Strings(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// canonical turns driver values into JSON-stable ones (sorted labels,
// times in UTC).
func canonical(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = canonical(e)
		}
		if len(out) > 0 {
			if _, ok := out[0].(string); ok && allStrings(out) {
				sort.Slice(out, func(i, j int) bool { return out[i].(string) < out[j].(string) })
			}
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = canonical(e)
		}
		return out
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	}
	return v
}

func allStrings(list []any) bool {
	for _, e := range list {
		if _, ok := e.(string); !ok {
			return false
		}
	}
	return true
}
