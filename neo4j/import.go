package neo4j

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/telemetry"
)

// The write statements are built from the graph model's table, once, for
// each kind of line: labels, types and property names come from code, and
// every value travels in $rows (the Row maps of model records). Each is
// idempotent: MERGE on the identifying keys, then SET += of the fields the
// line gives (fields it leaves out are kept; defaults are set only on
// creation).
var (
	upserts = statements(upsertStatement)
	links   = statements(linkStatement)
	missing = func() map[string]string {
		m := map[string]string{}
		for _, label := range model.Labels() {
			m[label] = `UNWIND $ids AS id WITH id WHERE NOT EXISTS { MATCH (:` + label + ` {id: id}) } RETURN id`
		}
		return m
	}()
)

func statements(build func(*model.Kind) string) map[*model.Kind]string {
	m := map[*model.Kind]string{}
	for _, k := range model.Kinds {
		if cypher := build(k); cypher != "" {
			m[k] = cypher
		}
	}
	return m
}

// upsertStatement writes nodes, or relationships between existing nodes.
// An undirected relationship is stored from the smaller id to the larger
// (the record orders them), and the undirected MERGE also finds one stored
// the other way round.
func upsertStatement(k *model.Kind) string {
	var keys []string
	for _, f := range k.Keys {
		keys = append(keys, f.Name+": row.keys."+f.Name)
	}
	if k.IsNode() {
		return `UNWIND $rows AS row
MERGE (n:` + k.Label + ` {` + strings.Join(append([]string{"id: row.id"}, keys...), ", ") + `})
ON CREATE SET n += row.create
SET n += row.props` + addSources(k, "n")
	}
	rel := k.Type
	if len(keys) > 0 {
		rel += " {" + strings.Join(keys, ", ") + "}"
	}
	arrow := "->"
	if k.Undirected() {
		arrow = "-"
	}
	return `UNWIND $rows AS row
MATCH (a:` + k.From.Label + ` {id: row.from})
MATCH (b:` + k.To.Label + ` {id: row.to})
MERGE (a)-[r:` + rel + `]` + arrow + `(b)
SET r += row.props` + addSources(k, "r") + keptOf(k)
}

// keptOf recounts the interests the people of a batch of INTERESTED_IN
// keep (suggestions.go: interestIds), once per person.
func keptOf(k *model.Kind) string {
	if k.Type != "INTERESTED_IN" {
		return ""
	}
	return "\n" + lockOrdered("a") + interestIds.recount("a")
}

// addSources adds a row's provenance entries to those of v, keeping the
// first entry of each kind and owner (what follows the date); a row
// without entries leaves them as they are.
func addSources(k *model.Kind, v string) string {
	if !k.HasProvenance() {
		return ""
	}
	return `,
  ` + v + `.sources = CASE WHEN row.sources IS NULL THEN ` + v + `.sources
    ELSE coalesce(` + v + `.sources, []) + [s IN row.sources WHERE NOT substring(s, 11) IN [x IN coalesce(` + v + `.sources, []) | substring(x, 11)]] END`
}

// linkStatement writes a node line's relationships to other nodes, which
// the first pass of an import or a mutation has written: each link is a
// list of ids in the row.
func linkStatement(k *model.Kind) string {
	if len(k.Links) == 0 {
		return ""
	}
	cypher := `UNWIND $rows AS row
MATCH (n:` + k.Label + ` {id: row.id})`
	for _, f := range k.Links {
		cypher += `
CALL (n, row) {
  UNWIND row.` + f.Name + ` AS ref
  MATCH (m:` + f.Label + ` {id: ref})
  MERGE (n)-[:` + f.Rel + `]->(m)
}`
	}
	if k.Label == "Signal" {
		// The companies the signals are AT recount their signals, the
		// people they are BY the topics of theirs.
		cypher += `
WITH collect(DISTINCT n) AS signals_
CALL (signals_) {
  UNWIND signals_ AS n
  MATCH (n)-[:AT]->(co:Company)
  ` + lockOrdered("co") + recountSignals("co") + `
}
CALL (signals_) {
  UNWIND signals_ AS n
  MATCH (n)-[:BY]->(p:Person)
  ` + lockOrdered("p") + signalTopicIds.recount("p") + `
}`
	}
	return cypher
}

// MissingIDs returns those of ids with no node of the label.
func (s *Store) MissingIDs(ctx context.Context, label string, ids []string) ([]string, error) {
	cypher, ok := missing[label]
	if !ok {
		return nil, fmt.Errorf("no lookup for label %q", label)
	}
	return read(ctx, s, "missingIds", cypher, map[string]any{"ids": ids}, func(rec *driver.Record) (string, error) {
		id, _, err := driver.GetRecordValue[string](rec, "id")
		return id, err
	})
}

// WriteBatch upserts one batch of import rows in one write transaction:
// with withLinks, the links of node lines.
func (s *Store) WriteBatch(ctx context.Context, kind *model.Kind, withLinks bool, rows []map[string]any) error {
	statements := upserts
	if withLinks && kind.IsNode() {
		statements = links
	}
	cypher, ok := statements[kind]
	if !ok {
		return nil // nodes without links
	}
	ctx, span := telemetry.Tracer().Start(ctx, "import batch", trace.WithAttributes(attribute.String("relgraph.import.kind", kind.Name),
		attribute.Bool("relgraph.import.links", withLinks), attribute.Int("relgraph.import.rows", len(rows))))
	defer span.End()
	if _, err := write(ctx, s, "import."+kind.Name, cypher, map[string]any{"rows": rows}); err != nil {
		span.SetStatus(codes.Error, err.Error())
		return err
	}
	if !withLinks || !kind.IsNode() {
		s.observer.Written(kind.Name, len(rows))
	}
	return nil
}

// Counts returns the number of nodes per label and relationships per type.
// Like Fingerprint, it leaves out the GraphChange nodes, which record
// when writes happened for alerts, and the Migration nodes, which record
// which data migrations ran: not what the graph holds.
func (s *Store) Counts(ctx context.Context) (map[string]int64, error) {
	return readOne(ctx, s, "counts", `CALL () {
  MATCH (n) WHERE NOT n:GraphChange AND NOT n:Migration UNWIND labels(n) AS label RETURN label AS key, count(*) AS n
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
// The GraphChange nodes (see NoteChange) and the Migration nodes are left
// out: they say when writes took place and which migrations ran, not
// what was written.
func (s *Store) Fingerprint(ctx context.Context) (string, error) {
	lines, err := read(ctx, s, "fingerprint", `CALL () {
  MATCH (n) WHERE NOT n:GraphChange AND NOT n:Migration RETURN [labels(n), properties(n)] AS item
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
