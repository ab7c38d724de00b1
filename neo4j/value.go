package neo4j

import (
	"context"
	"fmt"
	"strconv"

	"github.com/relgraph/relgraph/internal/model"
)

// BuildCustomerValue translates a customer-value request into one
// statement. It returns one row: total (every customer) and items (the
// page), each with the company, its clv (0 when unknown), the signal count
// per requested kind in request order, and the score (rounded, see
// roundScore). The score is computed in the statement because it orders
// the page; names tie ignoring case.
func BuildCustomerValue(req CustomerValueRequest, v viewer) (string, map[string]any, error) {
	kinds := make([]string, 0, len(req.Weights))
	weights := make([]float64, 0, len(req.Weights))
	for _, w := range req.Weights {
		kinds = append(kinds, w.Kind)
		weights = append(weights, w.Weight)
	}
	b := newBuilder(v)
	b.named("kinds", kinds)
	b.named("weights", weights)
	b.named("clvWeight", req.ClvWeight)
	signalWhere := "s.kind IN $kinds"
	if req.Since != nil {
		signalWhere += " AND s.at >= " + b.named("since", req.Since.Time)
	}
	b.page(req.Page)
	cypher := `MATCH (co:Company)
WHERE co.customer = true
WITH co, toFloat(coalesce(co.clv, 0)) AS clv, COLLECT {
  MATCH (s:Signal)-[:AT]->(co)
  WHERE ` + signalWhere + `
  RETURN s.kind
} AS seen
WITH co, clv, [k IN $kinds | size([x IN seen WHERE x = k])] AS counts
WITH co, clv, counts, ` + roundScore("$clvWeight * clv + reduce(v = 0.0, i IN range(0, size(counts) - 1) | v + counts[i] * $weights[i])") + ` AS score
ORDER BY score DESC, co.name IS NULL, toLower(co.name) ASC, co.id ASC
WITH collect({company: co, clv: clv, counts: counts, score: score}) AS rows
RETURN size(rows) AS total, rows[$skip..$end] AS items`
	return cypher, b.params, nil
}

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
