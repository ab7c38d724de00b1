package neo4j

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/relgraph/relgraph/internal/model"
)

// BuildCustomerValue translates a customer-value request into one
// statement. It returns one row: total (every customer) and items (the
// page), each with the company, its clv (0 when unknown), the signal count
// per requested kind in request order, and the score (rounded, see
// roundScore). The score is computed in the statement because it orders
// the page; names tie ignoring case. Without since, the counts are those
// kept on each company (recountSignals); with it, the signals AT each
// customer are counted. A weight of anything but a signal kind is
// refused here, where each kind's place in the counts is looked up.
func BuildCustomerValue(req CustomerValueRequest, v viewer) (string, map[string]any, error) {
	kinds := make([]string, 0, len(req.Weights))
	weights := make([]float64, 0, len(req.Weights))
	at := make([]int64, 0, len(req.Weights))
	for _, w := range req.Weights {
		i := slices.Index(signalKinds, w.Kind)
		if i < 0 {
			return "", nil, model.Invalid("weights", "%q is not a signal kind", w.Kind)
		}
		kinds = append(kinds, w.Kind)
		weights = append(weights, w.Weight)
		at = append(at, int64(i))
	}
	b := newBuilder(v)
	b.named("weights", weights)
	b.named("clvWeight", req.ClvWeight)
	var counts string
	if req.Since == nil {
		counts = `WITH co, toFloat(coalesce(co.clv, 0)) AS clv, [i IN ` + b.named("kindAt", at) + ` | coalesce(co.signalCounts[i], 0)] AS counts`
	} else {
		counts = `WITH co, toFloat(coalesce(co.clv, 0)) AS clv, COLLECT {
  MATCH (s:Signal)-[:AT]->(co)
  WHERE s.kind IN ` + b.named("kinds", kinds) + ` AND s.at >= ` + b.named("since", req.Since.Time) + `
  RETURN s.kind
} AS seen
WITH co, clv, [k IN $kinds | size([x IN seen WHERE x = k])] AS counts`
	}
	b.page(req.Page)
	cypher := `MATCH (co:Company)
WHERE co.customer = true
` + counts + `
WITH co, clv, counts, ` + roundScore("$clvWeight * clv + reduce(v = 0.0, i IN range(0, size(counts) - 1) | v + counts[i] * $weights[i])") + ` AS score
ORDER BY score DESC, co.name IS NULL, toLower(co.name) ASC, co.id ASC
WITH collect({company: co, clv: clv, counts: counts, score: score}) AS rows
RETURN size(rows) AS total, rows[$skip..$end] AS items`
	return cypher, b.params, nil
}

// Signal counts kept on companies, for customerValue without since, so
// that it reads one node per customer rather than every signal AT every
// customer: signalCounts, how many signals AT the company there are of
// each kind, in the order of signalKinds (the kinds appended later read
// as 0 on a list counted before them); a company without signals has
// none. Signals reach a company only through the link statement of
// signal lines, which every signal line of an import or a mutation goes
// through after its node is written (its kind may change there), and
// which recounts the companies of its signals in the same transaction;
// signals AT a company are never deleted (deletePerson keeps them), nor
// are their AT relationships. Graphs written otherwise (before the
// counts, or by the bulk importer) are counted by the data migration
// signal_counts.

// signalKinds is the order of signalCounts.
var signalKinds = model.Enums["SignalKind"]

// recountSignals sets the signal counts of the company co, in a
// subquery of one row per company.
func recountSignals(co string) string { return recount(co, "signalCounts", signalCountsAs) }

// recount sets the property of the node v to what computeAs computes from
// what v holds, in a subquery of one row per node, after taking v's lock.
func recount(v, property string, computeAs func(v, out string) string) string {
	return `CALL (` + v + `) {
  ` + lockFor(v, property) + `
` + computeAs(v, "kept_") + `
  SET ` + v + `.` + property + ` = kept_
}`
}

// signalCountsAs adds to the rows what signalCounts should be on the
// company co, as the variable out. The kinds are code's, written into the
// statement.
func signalCountsAs(co, out string) string {
	return `  WITH *, COLLECT { MATCH (s_:Signal)-[:AT]->(` + co + `) RETURN s_.kind } AS seen_
  WITH *, CASE WHEN size(seen_) = 0 THEN null
    ELSE [k_ IN ['` + strings.Join(signalKinds, "', '") + `'] | size([x IN seen_ WHERE x = k_])] END AS ` + out
}

// lockFor takes the write lock of the node v before what follows reads
// it (setting its property to itself), so that a value computed from what
// the node and its relationships hold is computed from what concurrent
// writers committed: a read does not wait for their locks, a write does.
func lockFor(v, property string) string {
	return "SET " + v + "." + property + " = " + v + "." + property
}

// lockOrdered makes the rows distinct nodes v in order of id, so that
// concurrent writers that set properties on them lock them in the same
// order.
func lockOrdered(v string) string { return "WITH DISTINCT " + v + " ORDER BY " + v + ".id\n" }

// valueRow is a row of the customer-value statement.
type valueRow struct {
	Company *model.Company `json:"company"`
	Clv     float64        `json:"clv"`
	Counts  []int          `json:"counts"`
	Score   float64        `json:"score"`
}

// CustomerValue answers question 6.
func (s *Store) CustomerValue(ctx context.Context, req CustomerValueRequest) (Page[*model.CustomerValue], error) {
	rows, err := askPage[CustomerValueRequest, valueRow](ctx, s, "customerValue", req, BuildCustomerValue, nil)
	if err != nil {
		return Page[*model.CustomerValue]{}, err
	}
	page := Page[*model.CustomerValue]{Total: rows.Total}
	for _, r := range rows.Items {
		if len(r.Counts) != len(req.Weights) {
			return page, fmt.Errorf("customerValue: expected %d counts, got %d", len(req.Weights), len(r.Counts))
		}
		cv := &model.CustomerValue{Company: r.Company, Score: plusZero(r.Score), Clv: r.Clv, ClvValue: round9(req.ClvWeight * r.Clv)}
		for i, n := range r.Counts {
			w := req.Weights[i]
			cv.Components = append(cv.Components, &model.ValueComponent{Kind: w.Kind, Count: n, Weight: w.Weight, Value: round9(float64(n) * w.Weight)})
		}
		page.Items = append(page.Items, cv)
	}
	return page, nil
}

// round9 rounds as roundScore does, for the parts of a score computed
// here, and turns -0 into 0.
func round9(f float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 9, 64), 64)
	return plusZero(r)
}

// plusZero turns -0 (no signals times a negative weight) into 0, so that
// answers never show "-0".
func plusZero(f float64) float64 {
	if f == 0 {
		return 0
	}
	return f
}
