package resolvers

import (
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

// customerValueRequest reads the arguments of customerValue: each weight
// given, else its default. The request checks them (finite numbers;
// negative ones are allowed).
func customerValueRequest(weights *model.ValueWeights, clvWeight *float64, since *model.DateTime) *neo4j.CustomerValueRequest {
	req := &neo4j.CustomerValueRequest{ClvWeight: orDefault(clvWeight, defaultClvWeight), Since: since}
	for _, d := range valueDimensions {
		w := d.weight
		if weights != nil {
			w = orDefault(d.of(weights), w)
		}
		req.Weights = append(req.Weights, neo4j.ValueWeight{Kind: d.kind, Weight: w})
	}
	return req
}
