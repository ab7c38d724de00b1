package neo4j

import (
	"context"
	"fmt"
	"math"

	"github.com/relgraph/relgraph/internal/model"
)

// ValueWeight is one dimension of customer value: every signal of Kind AT
// the customer adds Weight.
type ValueWeight struct {
	Kind   string
	Weight float64
}

// CustomerValueRequest is question 6: customers ranked by
// ClvWeight x clv + the sum over Weights of weight x count of signals of
// that kind AT the customer with `at` >= Since (all signals when Since is
// nil); one page of them.
type CustomerValueRequest struct {
	// Weights are the dimensions, in the order of the answer's components.
	Weights   []ValueWeight
	ClvWeight float64
	Since     *model.DateTime
	Skip      int
	Limit     int
}

// BuildCustomerValue translates a customer-value request into one
// statement. It returns one row: total (every customer) and page, each
// entry with the company, its clv (0 when unknown), the signal count per
// requested kind in request order, and the score. The score is computed in
// the statement because it orders the page.
func BuildCustomerValue(req CustomerValueRequest) (string, map[string]any, error) {
	if req.Skip < 0 || req.Limit < 1 || req.Limit > MaxPageSize {
		return "", nil, invalid("first must be between 1 and %d, got %d", MaxPageSize, req.Limit)
	}
	if len(req.Weights) == 0 {
		return "", nil, invalid("customer value needs at least one weighted signal kind")
	}
	if !finite(req.ClvWeight) {
		return "", nil, invalid("clvWeight must be a finite number, got %v", req.ClvWeight)
	}
	kinds := make([]string, 0, len(req.Weights))
	weights := make([]float64, 0, len(req.Weights))
	seen := map[string]bool{}
	for _, w := range req.Weights {
		if seen[w.Kind] {
			return "", nil, invalid("signal kind %s is weighted twice", w.Kind)
		}
		seen[w.Kind] = true
		if !finite(w.Weight) {
			return "", nil, invalid("the weight of %s must be a finite number, got %v", w.Kind, w.Weight)
		}
		kinds = append(kinds, w.Kind)
		weights = append(weights, w.Weight)
	}
	b := newBuilder()
	b.named("kinds", kinds)
	b.named("weights", weights)
	b.named("clvWeight", req.ClvWeight)
	signalWhere := "s.kind IN $kinds"
	if req.Since != nil {
		signalWhere += " AND s.at >= " + b.named("since", req.Since.Time)
	}
	b.named("skip", int64(req.Skip))
	b.named("end", int64(req.Skip+req.Limit))
	cypher := `MATCH (co:Company)
WHERE co.customer = true
WITH co, toFloat(coalesce(co.clv, 0)) AS clv, COLLECT {
  MATCH (s:Signal)-[:AT]->(co)
  WHERE ` + signalWhere + `
  RETURN s.kind
} AS seen
WITH co, clv, [k IN $kinds | size([x IN seen WHERE x = k])] AS counts
WITH co, clv, counts, $clvWeight * clv + reduce(v = 0.0, i IN range(0, size(counts) - 1) | v + counts[i] * $weights[i]) AS score
ORDER BY score DESC, co.name ASC, co.id ASC
WITH collect({company: co, clv: clv, counts: counts, score: score}) AS rows
RETURN size(rows) AS total, rows[$skip..$end] AS page`
	return cypher, b.params, nil
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// CustomerValuePage is one page of question 6.
type CustomerValuePage struct {
	Total     int
	Customers []*model.CustomerValue
}

// CustomerValue answers question 6.
func (s *Store) CustomerValue(ctx context.Context, req CustomerValueRequest) (*CustomerValuePage, error) {
	cypher, params, err := BuildCustomerValue(req)
	if err != nil {
		return nil, err
	}
	total, customers, err := readPage(ctx, s, "customerValue", cypher, params, "page", nil, func(v any) (*model.CustomerValue, error) {
		return decodeCustomerValue(v, req)
	})
	if err != nil {
		return nil, err
	}
	return &CustomerValuePage{Total: total, Customers: customers}, nil
}

func decodeCustomerValue(v any, req CustomerValueRequest) (*model.CustomerValue, error) {
	m, err := asMap(v)
	if err != nil {
		return nil, err
	}
	co, err := nodeAt(m, "company")
	if err != nil {
		return nil, err
	}
	clv, err := valueAt[float64](m, "clv")
	if err != nil {
		return nil, err
	}
	score, err := valueAt[float64](m, "score")
	if err != nil {
		return nil, err
	}
	counts, err := valueAt[[]any](m, "counts")
	if err != nil {
		return nil, err
	}
	if len(counts) != len(req.Weights) {
		return nil, fmt.Errorf("expected %d counts, got %d", len(req.Weights), len(counts))
	}
	cv := &model.CustomerValue{
		Company:    decodeCompany(co),
		Score:      plusZero(score),
		Clv:        clv,
		ClvValue:   plusZero(req.ClvWeight * clv),
		Components: make([]*model.ValueComponent, 0, len(counts)),
	}
	for i, c := range counts {
		n, ok := c.(int64)
		if !ok {
			return nil, fmt.Errorf("count of %s: expected an integer, got %T", req.Weights[i].Kind, c)
		}
		w := req.Weights[i]
		cv.Components = append(cv.Components, &model.ValueComponent{Kind: w.Kind, Count: int(n), Weight: w.Weight, Value: plusZero(float64(n) * w.Weight)})
	}
	return cv, nil
}

// plusZero turns -0 (no signals times a negative weight) into 0, so that
// answers never show "-0".
func plusZero(f float64) float64 {
	if f == 0 {
		return 0
	}
	return f
}
