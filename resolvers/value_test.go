package resolvers

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
)

// loadSchema is schema.graphqls as the server has it.
func loadSchema(*testing.T) *ast.Schema { return graph.NewExecutableSchema(graph.Config{}).Schema() }

func floatDefault(t *testing.T, where string, v *ast.Value) float64 {
	t.Helper()
	if v == nil {
		t.Fatalf("%s has no default in the schema", where)
	}
	f, err := strconv.ParseFloat(v.Raw, 64)
	if err != nil {
		t.Fatalf("%s: default %q is not a number", where, v.Raw)
	}
	return f
}

// The Go defaults of customerValue are the schema's: the same ValueWeights
// fields in the same order with the same defaults, the value kinds of
// SignalKind (REFERRAL to ADVOCACY) in enum order, and clvWeight's default.
func TestValueDefaultsMatchSchema(t *testing.T) {
	schema := loadSchema(t)
	input := schema.Types["ValueWeights"]
	if input == nil || len(input.Fields) != len(valueDimensions) {
		t.Fatalf("ValueWeights has %d fields in the schema, %d dimensions in Go", len(input.Fields), len(valueDimensions))
	}
	for i, f := range input.Fields {
		d := valueDimensions[i]
		if f.Name != d.field {
			t.Errorf("field %d: schema %s, Go %s", i, f.Name, d.field)
		}
		if got := floatDefault(t, "ValueWeights."+f.Name, f.DefaultValue); got != d.weight {
			t.Errorf("ValueWeights.%s: schema default %v, Go default %v", f.Name, got, d.weight)
		}
	}
	var kinds []string
	for _, v := range schema.Types["SignalKind"].EnumValues {
		if v.Name == "REFERRAL" || len(kinds) > 0 {
			kinds = append(kinds, v.Name)
		}
	}
	if len(kinds) != len(valueDimensions) {
		t.Fatalf("value kinds in the schema: %v", kinds)
	}
	for i, k := range kinds {
		if valueDimensions[i].kind != k {
			t.Errorf("dimension %d: schema kind %s, Go kind %s", i, k, valueDimensions[i].kind)
		}
	}
	arg := schema.Query.Fields.ForName("customerValue").Arguments.ForName("clvWeight")
	if got := floatDefault(t, "customerValue(clvWeight)", arg.DefaultValue); got != defaultClvWeight {
		t.Errorf("clvWeight: schema default %v, Go default %v", got, defaultClvWeight)
	}
}

// Each dimension reads its own ValueWeights field, the one its JSON name
// says, and no other.
func TestValueDimensionReadsItsField(t *testing.T) {
	for _, d := range valueDimensions {
		var w model.ValueWeights
		if err := json.Unmarshal([]byte(`{"`+d.field+`": 7}`), &w); err != nil {
			t.Fatal(err)
		}
		for _, other := range valueDimensions {
			got := other.of(&w)
			if other.field == d.field && (got == nil || *got != 7) {
				t.Errorf("%s does not read field %s", other.kind, d.field)
			}
			if other.field != d.field && got != nil {
				t.Errorf("%s reads field %s", other.kind, d.field)
			}
		}
	}
}

func TestCustomerValueRequestDefaults(t *testing.T) {
	defaults := []float64{5000, 3000, 4000, 1000, 500, 250, 2000}
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		name      string
		weights   *model.ValueWeights
		clvWeight *float64
		want      []float64
		wantClv   float64
	}{
		{"no weights object", nil, nil, defaults, 1},
		{"empty weights object", &model.ValueWeights{}, nil, defaults, 1},
		{"some weights, negative allowed", &model.ValueWeights{Referral: f(0), BugReport: f(-250)}, f(0.5), []float64{0, 3000, 4000, 1000, -250, 250, 2000}, 0.5},
		{"every weight", &model.ValueWeights{Referral: f(1), Reference: f(2), CaseStudy: f(3), Review: f(4), BugReport: f(5), FeatureIdea: f(6), Advocacy: f(7)}, f(0), []float64{1, 2, 3, 4, 5, 6, 7}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := customerValueRequest(tt.weights, tt.clvWeight, nil)
			if req.ClvWeight != tt.wantClv {
				t.Errorf("clvWeight %v", req.ClvWeight)
			}
			want := make([]neo4j.ValueWeight, len(tt.want))
			for i, w := range tt.want {
				want[i] = neo4j.ValueWeight{Kind: valueDimensions[i].kind, Weight: w}
			}
			if len(req.Weights) != len(want) {
				t.Fatalf("weights %v, want %v", req.Weights, want)
			}
			for i := range want {
				if req.Weights[i] != want[i] {
					t.Errorf("weight %d: %v, want %v", i, req.Weights[i], want[i])
				}
			}
		})
	}
}
