package resolvers

import (
	"context"
	"math"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
)

// valueDimension is one term of customer value: a signal kind, the
// ValueWeights field that weighs it, and that field's default.
type valueDimension struct {
	kind   string
	field  string
	weight float64
	of     func(*model.ValueWeights) *float64
}

// valueDimensions are the customer-value dimensions in the order of the
// answer's components, with the defaults ValueWeights declares in
// schema.graphqls (a test keeps the two equal). gqlgen fills those
// defaults only when a weights object is given, so they are applied here
// too, when weights or one of its fields is null.
var valueDimensions = []valueDimension{
	{"REFERRAL", "referral", 5000, func(w *model.ValueWeights) *float64 { return w.Referral }},
	{"REFERENCE", "reference", 3000, func(w *model.ValueWeights) *float64 { return w.Reference }},
	{"CASE_STUDY", "caseStudy", 4000, func(w *model.ValueWeights) *float64 { return w.CaseStudy }},
	{"REVIEW", "review", 1000, func(w *model.ValueWeights) *float64 { return w.Review }},
	{"BUG_REPORT", "bugReport", 500, func(w *model.ValueWeights) *float64 { return w.BugReport }},
	{"FEATURE_IDEA", "featureIdea", 250, func(w *model.ValueWeights) *float64 { return w.FeatureIdea }},
	{"ADVOCACY", "advocacy", 2000, func(w *model.ValueWeights) *float64 { return w.Advocacy }},
}

// DefaultValueWeights are the weights customerValue uses when none are given.
func DefaultValueWeights() []neo4j.ValueWeight {
	out := make([]neo4j.ValueWeight, 0, len(valueDimensions))
	for _, d := range valueDimensions {
		out = append(out, neo4j.ValueWeight{Kind: d.kind, Weight: d.weight})
	}
	return out
}

// defaultClvWeight is the default of customerValue's clvWeight argument.
const defaultClvWeight = 1.0

// customerValueRequest reads the arguments of customerValue. Weights may
// be negative (a dimension that costs rather than adds, such as bug
// reports seen as support load); they must be finite numbers.
func customerValueRequest(weights *model.ValueWeights, clvWeight *float64, since *model.DateTime, first *int, after *string) (neo4j.CustomerValueRequest, error) {
	req := neo4j.CustomerValueRequest{ClvWeight: defaultClvWeight, Since: since}
	if clvWeight != nil {
		req.ClvWeight = *clvWeight
	}
	if !isFinite(req.ClvWeight) {
		return req, badInput("clvWeight must be a finite number")
	}
	for _, d := range valueDimensions {
		w := d.weight
		if weights != nil {
			if given := d.of(weights); given != nil {
				w = *given
			}
		}
		if !isFinite(w) {
			return req, badInput("weights.%s must be a finite number", d.field)
		}
		req.Weights = append(req.Weights, neo4j.ValueWeight{Kind: d.kind, Weight: w})
	}
	var err error
	req.Skip, req.Limit, err = pageArgs(first, after)
	return req, err
}

func isFinite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func (r *queryResolver) customerValue(ctx context.Context, weights *model.ValueWeights, clvWeight *float64, since *model.DateTime, first *int, after *string) (*model.CustomerValueConnection, error) {
	req, err := customerValueRequest(weights, clvWeight, since, first, after)
	if err != nil {
		return nil, err
	}
	res, err := r.store.CustomerValue(ctx, req)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(res.Customers))
	for _, c := range res.Customers {
		ids = append(ids, c.Company.ID)
	}
	loaders(ctx, r.store).companies.add(ids)
	edges, info := page(res.Customers, req.Skip, res.Total, func(c string, cv *model.CustomerValue) *model.CustomerValueEdge {
		return &model.CustomerValueEdge{Cursor: c, Node: cv}
	})
	return &model.CustomerValueConnection{Edges: edges, PageInfo: info, TotalCount: res.Total}, nil
}
