package neo4j

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/model"
)

// statement is one named, parameterised statement of a transaction.
type statement struct {
	name   string
	cypher string
	params map[string]any
}

// txn runs the statements of one transaction function, each traced like
// a single statement.
type txn struct {
	ctx context.Context
	s   *Store
	tx  driver.ManagedTransaction
}

// run runs one statement and returns its records.
func (t *txn) run(name, cypher string, params map[string]any) ([]*driver.Record, error) {
	recs, _, err := t.runSummary(name, cypher, params)
	return recs, err
}

// runSummary is run that also returns the statement's summary (its
// counters).
func (t *txn) runSummary(name, cypher string, params map[string]any) ([]*driver.Record, driver.ResultSummary, error) {
	start := time.Now()
	res, err := t.tx.Run(t.ctx, cypher, params)
	var recs []*driver.Record
	var sum driver.ResultSummary
	if err == nil {
		recs, err = res.Collect(t.ctx)
	}
	if err == nil {
		sum, err = res.Consume(t.ctx)
	}
	t.s.record(t.ctx, name, cypher, params, time.Since(start), len(recs), err)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return recs, sum, nil
}

// writeTx runs fn in one write transaction: everything it runs takes
// effect, or nothing does.
func writeTx(ctx context.Context, s *Store, fn func(*txn) error) error {
	sess := s.session(ctx, driver.AccessModeWrite)
	defer sess.Close(ctx)
	_, err := driver.ExecuteWrite(ctx, sess, func(tx driver.ManagedTransaction) (struct{}, error) {
		return struct{}{}, fn(&txn{ctx: ctx, s: s, tx: tx})
	}, s.txConfig()...)
	return err
}

// buildUpsert returns the import's statements for rows of one kind, nodes
// before their relationships (content ABOUT; signal BY, AT, MENTIONS).
func buildUpsert(kind *model.Kind, rows []map[string]any) []statement {
	params := map[string]any{"rows": rows}
	stmts := []statement{{name: "upsert." + kind.Name, cypher: upserts[kind], params: params}}
	if link, ok := links[kind]; ok {
		stmts = append(stmts, statement{name: "upsert." + kind.Name + ".links", cypher: link, params: params})
	}
	return stmts
}

// Upsert writes a batch of lines of one kind (a mutation's input: the
// import's line types) in one write transaction, all or nothing. It checks
// them exactly as the import does: each line against the graph model's
// table, then what the batch refers to (model.Batch). With any problem it
// writes nothing, and the InputError lists every problem as
// `input[i]: reason`. It returns how many lines it wrote.
func Upsert[T any](ctx context.Context, s *Store, input []*T) (*model.Upserted, error) {
	out := &model.Upserted{}
	kind := model.KindOf((*T)(nil))
	if kind == nil {
		return nil, fmt.Errorf("upsert: %T is not a line of the import format", (*T)(nil))
	}
	if len(input) > s.limits.MaxBatch {
		return nil, model.Invalid("input", "at most %d items per call, got %d: split the batch", s.limits.MaxBatch, len(input))
	}
	var problems []model.Problem
	var recs []*model.Record
	batch := model.Batch{In: "this batch", Places: "items", EveryPlace: true}
	supp := model.Suppression{}
	for i, line := range input {
		rec, err := kind.Record(i, line)
		if err != nil {
			problems = append(problems, model.Problem{At: i, Reason: err.Error()})
			continue
		}
		recs = append(recs, rec)
		batch.Add(rec)
		supp.Add(rec)
	}
	// Items about erased people are skipped, the others written.
	gone, err := supp.Resolve(ctx, s.Suppressed)
	if err != nil {
		return nil, err
	}
	batch.Forget("Person", gone)
	n := len(recs)
	written := slices.DeleteFunc(recs, supp.Skips)
	out.Suppressed = n - len(written)
	rows := make([]map[string]any, len(written))
	pairs := model.PairSet{}
	for i, rec := range written {
		rows[i] = rec.Row
		pairs.Add(rec)
	}
	missing, err := batch.Check(ctx, s.MissingIDs)
	if err != nil {
		return nil, err
	}
	if problems = append(problems, missing...); len(problems) > 0 {
		sort.SliceStable(problems, func(i, j int) bool { return problems[i].At < problems[j].At })
		msgs := make([]string, len(problems))
		for i, p := range problems {
			msgs[i] = fmt.Sprintf("input[%d]: %s", p.At, p.Reason)
		}
		what := "1 problem"
		if len(problems) > 1 {
			what = fmt.Sprintf("%d problems", len(problems))
		}
		return nil, model.Invalid("input", "nothing was written, %s: %s", what, strings.Join(msgs, "; "))
	}
	if len(rows) == 0 {
		return out, nil
	}
	if err := s.markingPrivate(ctx, written); err != nil {
		return nil, err
	}
	// The lines and the strengths of the pairs they touch, together.
	err = writeTx(ctx, s, func(t *txn) error {
		for _, st := range buildUpsert(kind, rows) {
			if _, err := t.run(st.name, st.cypher, st.params); err != nil {
				return err
			}
		}
		return s.refreshPairs(t, pairs.List())
	})
	if err != nil {
		return nil, err
	}
	s.observer.Written(kind.Name, len(rows))
	s.noteChange(ctx, kind.Name)
	out.Count = len(rows)
	return out, nil
}

// BuildDeletePerson erases a person with every relationship of theirs,
// every signal that concerns only them (BY them, BY no one else and AT no
// company), every interaction of theirs with the summaries of their
// pairs, and the merge candidates that name them. Other signals BY them stay and only lose the BY edge.
func BuildDeletePerson(id string) (string, map[string]any, error) {
	cypher := `MATCH (p:Person {id: $id})
OPTIONAL MATCH (s:Signal)-[:BY]->(p)
WHERE NOT EXISTS { MATCH (s)-[:AT]->(:Company) }
  AND NOT EXISTS { MATCH (s)-[:BY]->(other:Person) WHERE other <> p }
WITH p, collect(DISTINCT s) AS signals
WITH p, signals,
  COLLECT { MATCH (i:Interaction) WHERE i.a = p.id AND i.b IS NOT NULL RETURN i
    UNION MATCH (i:Interaction) WHERE i.b = p.id RETURN i } AS interactions,
  COLLECT { MATCH (t:PairSummary) WHERE t.a = p.id AND t.b IS NOT NULL RETURN t
    UNION MATCH (t:PairSummary) WHERE t.b = p.id RETURN t } AS summaries,
  COLLECT { MATCH (c:MergeCandidate) WHERE c.a = p.id AND c.b IS NOT NULL RETURN c
    UNION MATCH (c:MergeCandidate) WHERE c.b = p.id RETURN c } AS candidates
FOREACH (s IN signals | DETACH DELETE s)
FOREACH (n IN interactions + summaries + candidates | DELETE n)
DETACH DELETE p
RETURN size(signals) AS signals, size(interactions) AS interactions`
	return cypher, map[string]any{"id": id}, nil
}

// Deletion is what DeletePerson erased.
type Deletion struct {
	Deleted       bool
	Signals       int
	Interactions  int
	Relationships int
}

// DeletePerson answers deletePerson(id) in one write transaction. An
// unknown id erases nothing.
func (s *Store) DeletePerson(ctx context.Context, id string) (Deletion, error) {
	var d Deletion
	err := writeTx(ctx, s, func(t *txn) error {
		var err error
		d, err = deletePerson(t, id)
		return err
	})
	if err == nil && d.Deleted {
		s.noteChange(ctx, "person")
	}
	return d, err
}

// deletePerson deletes a person in the transaction t.
func deletePerson(t *txn, id string) (Deletion, error) {
	cypher, params, err := BuildDeletePerson(id)
	if err != nil {
		return Deletion{}, err
	}
	var d Deletion
	err = func() error {
		recs, sum, err := t.runSummary("deletePerson", cypher, params)
		if err != nil || len(recs) == 0 {
			return err
		}
		var r struct {
			Signals      int `json:"signals"`
			Interactions int `json:"interactions"`
		}
		if err := decodeRow(recs[0], &r); err != nil {
			return err
		}
		d = Deletion{Deleted: true, Signals: r.Signals, Interactions: r.Interactions, Relationships: sum.Counters().RelationshipsDeleted()}
		return nil
	}()
	return d, err
}
