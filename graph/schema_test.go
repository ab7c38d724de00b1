package graph_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/internal/model"
)

// The schema's descriptions are the analyst's manual: every type, field,
// argument, input field and enum value of ours must have one.
func TestEverySchemaElementIsDescribed(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	var missing []string
	for name, def := range schema.Types {
		if def.BuiltIn || strings.HasPrefix(name, "__") {
			continue
		}
		if def.Description == "" && name != "Query" {
			missing = append(missing, name)
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			if f.Description == "" {
				missing = append(missing, name+"."+f.Name)
			}
			for _, a := range f.Arguments {
				if a.Description == "" {
					missing = append(missing, name+"."+f.Name+"("+a.Name+")")
				}
			}
		}
		for _, v := range def.EnumValues {
			if v.Description == "" {
				missing = append(missing, name+"."+v.Name)
			}
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d schema elements have no description: %s", len(missing), strings.Join(missing, ", "))
	}
}

// The schema and the table describe the same model: each mutation input
// has exactly its line's fields, and each answer type has every property
// of its node or relationship. So adding a property to one and not the
// other fails here.
func TestSchemaMatchesTheTable(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	names := func(def *ast.Definition) []string {
		var out []string
		for _, f := range def.Fields {
			out = append(out, f.Name)
		}
		slices.Sort(out)
		return out
	}
	inputs := map[string]string{"person": "PersonInput", "company": "CompanyInput", "topic": "TopicInput", "content": "ContentInput", "signal": "SignalInput",
		"works_at": "WorksAtInput", "knows": "KnowsInput", "interested_in": "InterestInput", "engaged": "EngagementInput", "interaction": "InteractionInput"}
	for _, k := range model.Kinds {
		def := schema.Types[inputs[k.Name]]
		if def == nil {
			t.Errorf("%s: no input %s in the schema", k.Name, inputs[k.Name])
			continue
		}
		var fields []string
		for _, f := range k.Columns() {
			fields = append(fields, f.Name)
		}
		slices.Sort(fields)
		if got := names(def); !slices.Equal(got, fields) {
			t.Errorf("%s has fields %v; the %s table has %v", def.Name, got, k.Name, fields)
		}
	}
	// Answer types: the node and relationship tables by the type that
	// shows them.
	answers := map[string]any{"Person": model.Person{}, "Company": model.Company{}, "Topic": model.Topic{}, "Content": model.Content{}, "Signal": model.Signal{},
		"Employment": model.WorksAt{}, "Acquaintance": model.Knows{}, "Interest": model.InterestedIn{}, "Engagement": model.EngagedWith{},
		"Interaction": model.Interaction{}}
	for typ, table := range answers {
		def := schema.Types[typ]
		have := names(def)
		for _, f := range model.ColumnsOf(table) {
			if !slices.Contains(have, f.Name) {
				t.Errorf("type %s lacks %q of its table", typ, f.Name)
			}
		}
	}
}
