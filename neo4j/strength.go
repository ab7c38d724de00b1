package neo4j

import (
	"context"
	"fmt"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/model"
)

// Strengths computed from interactions (model.StrengthModel). The
// interactions of a pair are read only to refresh its summary and its
// KNOWS: questions read the strength stored on KNOWS, and never the
// interactions or the summaries.

// pairRows turns pairs into statement parameters.
func pairRows(pairs []model.Pair) [][]string {
	out := make([][]string, len(pairs))
	for i, p := range pairs {
		out[i] = []string{p[0], p[1]}
	}
	return out
}

// readInteractions counts each pair's interactions by kind and direction.
const readInteractions = `UNWIND $pairs AS p
MATCH (i:Interaction) WHERE i.a = p[0] AND i.b = p[1]
RETURN p[0] AS a, p[1] AS b, i.kind AS kind, i.direction AS direction, count(*) AS n, min(i.at) AS first, max(i.at) AS last`

// writeSummaries stores the summaries of pairs (rows of a, b, strength,
// counts, first, last; counts null for a pair without interactions, whose
// summary goes).
const writeSummaries = `UNWIND $rows AS row
OPTIONAL MATCH (old:PairSummary {a: row.a, b: row.b})
WITH row, old
CALL (row, old) {
  WITH row, old WHERE row.counts IS NULL AND old IS NOT NULL
  DELETE old
}
CALL (row) {
  WITH row WHERE row.counts IS NOT NULL
  MERGE (s:PairSummary {a: row.a, b: row.b})
  SET s.computedStrength = row.strength, s.strengthAsOf = $asOf, s.interactionCounts = row.counts,
    s.firstInteractionAt = row.first, s.lastInteractionAt = row.last
}`

// writeStrengths stores on KNOWS what the questions read of the computed
// strengths (the same rows), and the later of its lastInteractionAt and
// the last interaction. A pair with interactions gets a KNOWS if it had
// none. A manual strength stays what the questions read; otherwise the
// computed one does, or, without interactions, the baseline of the
// KNOWS's sources (model.Baseline).
const writeStrengths = `UNWIND $rows AS row
MATCH (a:Person {id: row.a}), (b:Person {id: row.b})
OPTIONAL MATCH (a)-[old:KNOWS]-(b)
WITH a, b, row, old
WHERE old IS NOT NULL OR row.counts IS NOT NULL
MERGE (a)-[k:KNOWS]-(b)
ON CREATE SET k.source = 'interactions', k.since = row.first
WITH k, row, coalesce(k.strengthSource = 'MANUAL', k.strength IS NOT NULL) AS manual
SET k.lastInteractionAt = CASE WHEN row.last > k.lastInteractionAt OR k.lastInteractionAt IS NULL THEN row.last ELSE k.lastInteractionAt END,
  k.strengthSource = CASE WHEN manual THEN 'MANUAL' ELSE 'COMPUTED' END,
  k.strength = CASE WHEN manual THEN k.strength WHEN row.counts IS NOT NULL THEN row.strength ELSE row.baseline END`

// readSources reads the source and sources of the KNOWS of pairs, for
// their baselines. Both people are found first and the KNOWS between
// them in a subquery, so that it is looked for from the one with fewer
// (an owner may know a hundred thousand people): as one pattern, the
// planner could expand the owner's for every pair.
const readSources = `UNWIND $pairs AS p
MATCH (a:Person {id: p[0]}), (b:Person {id: p[1]})
CALL (a, b) {
  MATCH (a)-[k:KNOWS]-(b)
  RETURN k
}
RETURN p[0] AS a, p[1] AS b, k.source AS source, k.sources AS sources`

// storeStrengths writes computed rows: the summaries, then the KNOWS.
func storeStrengths(t *txn, rows []map[string]any, asOf time.Time) error {
	params := map[string]any{"rows": rows, "asOf": asOf}
	if _, err := t.run("strength.summaries", writeSummaries, params); err != nil {
		return err
	}
	_, err := t.run("strength.write", writeStrengths, params)
	return err
}

// strengthRow computes one pair's row for storeStrengths.
func (s *Store) strengthRow(p model.Pair, in *model.PairInteractions, asOf time.Time) map[string]any {
	row := map[string]any{"a": p[0], "b": p[1], "strength": nil, "counts": nil, "first": nil, "last": nil, "baseline": nil}
	if in == nil || in.Total() == 0 {
		return row
	}
	strength, _ := s.strength.Strength(*in, asOf)
	counts := make([]int64, len(in.Counts))
	for i, c := range in.Counts {
		counts[i] = int64(c)
	}
	row["strength"], row["counts"], row["first"], row["last"] = strength, counts, in.First, in.Last
	return row
}

// refreshPairs recomputes the strengths of pairs from their interactions,
// in the transaction t, as of the store's clock.
func (s *Store) refreshPairs(t *txn, pairs []model.Pair) error {
	if len(pairs) == 0 {
		return nil
	}
	recs, err := t.run("strength.interactions", readInteractions, map[string]any{"pairs": pairRows(pairs)})
	if err != nil {
		return err
	}
	found := map[model.Pair]*model.PairInteractions{}
	for _, rec := range recs {
		var r struct {
			A         string    `json:"a"`
			B         string    `json:"b"`
			Kind      string    `json:"kind"`
			Direction string    `json:"direction"`
			N         int       `json:"n"`
			First     time.Time `json:"first"`
			Last      time.Time `json:"last"`
		}
		if err := decodeRow(rec, &r); err != nil {
			return err
		}
		p := found[model.Pair{r.A, r.B}]
		if p == nil {
			p = &model.PairInteractions{}
			found[model.Pair{r.A, r.B}] = p
		}
		if err := p.Add(r.Kind, r.Direction, r.N, r.First, r.Last); err != nil {
			return err
		}
	}
	// Pairs without interactions have the baseline of their KNOWS's
	// sources, if any.
	var without []model.Pair
	for _, p := range pairs {
		if found[p] == nil {
			without = append(without, p)
		}
	}
	baselines := map[model.Pair]float64{}
	if len(without) > 0 {
		recs, err := t.run("strength.sources", readSources, map[string]any{"pairs": pairRows(without)})
		if err != nil {
			return err
		}
		for _, rec := range recs {
			var r struct {
				A       string   `json:"a"`
				B       string   `json:"b"`
				Source  *string  `json:"source"`
				Sources []string `json:"sources"`
			}
			if err := decodeRow(rec, &r); err != nil {
				return err
			}
			if b, ok := model.Baseline(r.Source, r.Sources); ok {
				baselines[model.Pair{r.A, r.B}] = b
			}
		}
	}
	asOf := s.asOf().UTC()
	rows := make([]map[string]any, 0, len(pairs))
	for _, p := range pairs {
		row := s.strengthRow(p, found[p], asOf)
		if b, ok := baselines[p]; ok {
			row["baseline"] = b
		}
		rows = append(rows, row)
	}
	return storeStrengths(t, rows, asOf)
}

// RefreshStrengths recomputes the strengths of pairs an import touched,
// from their interactions, in one transaction.
func (s *Store) RefreshStrengths(ctx context.Context, pairs []model.Pair) error {
	return writeTx(ctx, s, func(t *txn) error { return s.refreshPairs(t, pairs) })
}

// Recomputed is what a full recompute did.
type Recomputed struct {
	Pairs    int
	AsOf     time.Time
	Duration time.Duration
}

// RecomputeStrengths recomputes every computed strength as of the store's
// clock from the pair summaries, so that strengths fade with time.
// It walks the people by id, a page at a time, one transaction per page;
// progress, when set, is told how many pairs are done.
func (s *Store) RecomputeStrengths(ctx context.Context, progress func(pairs int)) (Recomputed, error) {
	start := time.Now()
	out := Recomputed{AsOf: s.asOf().UTC()}
	after := ""
	for {
		ids, err := read(ctx, s, "strength.people", `MATCH (a:Person) WHERE a.id > $after
RETURN a.id AS id ORDER BY a.id LIMIT $n`, map[string]any{"after": after, "n": int64(recomputePeople)}, func(rec *driver.Record) (string, error) {
			var id string
			err := decodeRecord(rec, "id", &id)
			return id, err
		})
		if err != nil || len(ids) == 0 {
			out.Duration = time.Since(start)
			return out, err
		}
		after = ids[len(ids)-1]
		n := 0
		err = writeTx(ctx, s, func(t *txn) error {
			recs, err := t.run("strength.stored", `UNWIND $ids AS id
MATCH (s:PairSummary) WHERE s.a = id AND s.b IS NOT NULL
RETURN s.a AS a, s.b AS b, s.interactionCounts AS counts, s.firstInteractionAt AS first, s.lastInteractionAt AS last`, map[string]any{"ids": ids})
			if err != nil {
				return err
			}
			rows := make([]map[string]any, 0, len(recs))
			for _, rec := range recs {
				var r struct {
					A      string    `json:"a"`
					B      string    `json:"b"`
					Counts []int     `json:"counts"`
					First  time.Time `json:"first"`
					Last   time.Time `json:"last"`
				}
				if err := decodeRow(rec, &r); err != nil {
					return err
				}
				in := &model.PairInteractions{Counts: r.Counts, First: r.First, Last: r.Last}
				rows = append(rows, s.strengthRow(model.Pair{r.A, r.B}, in, out.AsOf))
			}
			n = len(rows)
			if n == 0 {
				return nil
			}
			return storeStrengths(t, rows, out.AsOf)
		})
		if err != nil {
			return out, err
		}
		out.Pairs += n
		if progress != nil {
			progress(out.Pairs)
		}
	}
}

// recomputePeople is how many people one recompute page takes.
const recomputePeople = 2000

// pairKeyed decodes the rows of a statement over pairs: each carries the
// pair's a and b and a value.
func pairKeyed[T any](ctx context.Context, s *Store, name, cypher string, params map[string]any) (map[model.Pair][]T, error) {
	type row struct {
		A     string `json:"a"`
		B     string `json:"b"`
		Value T      `json:"value"`
	}
	rows, err := read(ctx, s, name, cypher, params, func(rec *driver.Record) (row, error) {
		var r row
		err := decodeRow(rec, &r)
		return r, err
	})
	out := map[model.Pair][]T{}
	for _, r := range rows {
		out[model.Pair{r.A, r.B}] = append(out[model.Pair{r.A, r.B}], r.Value)
	}
	return out, err
}

// pairSummary is an OPTIONAL MATCH that binds sum to the summary of the
// pair of people whose ids are a and b, given in either order.
func pairSummary(a, b string) string {
	return fmt.Sprintf("OPTIONAL MATCH (sum:PairSummary {a: CASE WHEN %[1]s < %[2]s THEN %[1]s ELSE %[2]s END, b: CASE WHEN %[1]s < %[2]s THEN %[2]s ELSE %[1]s END})", a, b)
}

// acquaintance projects the KNOWS k seen from one side: the other person
// o, and the pair's summary sum (pairSummary), as a model.Acquaintance.
const acquaintance = "k {.*, person: o, summary: sum {.*}}"

// KnowsByPair fetches the KNOWS of pairs (ids in either order), with the
// summaries of their interactions: a list of one for a pair that has one.
// A private KNOWS the viewer may not count is left out.
func (s *Store) KnowsByPair(ctx context.Context, pairs []model.Pair) (map[model.Pair][]*model.Acquaintance, error) {
	b := newBuilder(viewerOf(ctx))
	b.named("pairs", pairRows(pairs))
	return pairKeyed[*model.Acquaintance](ctx, s, "knowsByPair", `UNWIND $pairs AS p
MATCH (a:Person {id: p[0]})-[`+b.knows("k")+`]-(b:Person {id: p[1]})
`+pairSummary("p[0]", "p[1]")+`
RETURN p[0] AS a, p[1] AS b, k {.*, summary: sum {.*}} AS value`, b.params)
}

// InteractionsByPair fetches the latest interactions of pairs (ids in
// either order), at most limit each, newest first (then by source and
// id). The interactions of a pair whose KNOWS is private are private with
// it: left out when the viewer may not count it.
func (s *Store) InteractionsByPair(ctx context.Context, pairs []model.Pair, limit int) (map[model.Pair][]*model.Interaction, error) {
	ordered := make([][]string, len(pairs))
	for i, p := range pairs {
		ordered[i] = []string{min(p[0], p[1]), max(p[0], p[1]), p[0], p[1]}
	}
	b := newBuilder(viewerOf(ctx))
	b.named("pairs", ordered)
	b.named("limit", int64(limit))
	hidden := ""
	if !b.viewer.private {
		hidden = "\nWITH p WHERE NOT EXISTS { MATCH (:Person {id: p[0]})-[k:KNOWS]-(:Person {id: p[1]}) WHERE NOT " + b.visible("k") + " }"
	}
	return pairKeyed[*model.Interaction](ctx, s, "interactionsByPair", `UNWIND $pairs AS p`+hidden+`
CALL (p) {
  MATCH (i:Interaction) WHERE i.a = p[0] AND i.b = p[1]
  RETURN i ORDER BY i.at DESC, i.source, i.id LIMIT $limit
}
RETURN p[2] AS a, p[3] AS b, i {.*} AS value`, b.params)
}
