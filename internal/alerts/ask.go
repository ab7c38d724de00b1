package alerts

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/model"
)

// A saved question is asked again through the schema, as a reader key of
// its owner with the scope it was saved with, so that its answer is the
// one that key would get. Its root field keeps its arguments, but its
// selection is replaced by one that names every item and its evidence
// (whatever the saved query selects), and its pages are read in turn.

// evidence is the selection of a match's evidence.
const evidence = `evidence { filter engagement { action at content { id title kind } } signal { id kind title summary sentiment at } }`

// networkEdge is the selection of a person in a network.
const networkEdge = `node { id name title } degree strength via { id name } ` + evidence

// selections are, for each question, the selection of its edges and how
// an edge names its item.
var selections = map[string]struct {
	edges string
	item  func(edge map[string]any) (kind, id, name string)
}{
	"connections": {networkEdge, func(e map[string]any) (string, string, string) {
		return "PERSON", str(e, "node", "id"), str(e, "node", "name")
	}},
	"companiesWithConnections": {`node { company { id name } count people { ` + networkEdge + ` } }`, func(e map[string]any) (string, string, string) {
		return "COMPANY", str(e, "node", "company", "id"), str(e, "node", "company", "name")
	}},
	"signals": {`node { id kind title summary sentiment at round amount person { id name } company { id name } topics { id } }`, func(e map[string]any) (string, string, string) {
		name := str(e, "node", "title")
		if name == "" {
			name = str(e, "node", "kind")
		}
		return "SIGNAL", str(e, "node", "id"), name
	}},
	"suggestions": {`node { person { id name title } sharedTopics { id name } strength score via { id name } }`, func(e map[string]any) (string, string, string) {
		return "PERSON", str(e, "node", "person", "id"), str(e, "node", "person", "name")
	}},
}

// str reads a string at a path of nested objects; "" when absent.
func str(v any, path ...string) string {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[k]
	}
	s, _ := v.(string)
	return s
}

// afterVar is the variable the rewritten query pages with.
const afterVar = "relgraphAlertsAfter"

// rewrite returns the saved query with its root field's selection made
// the canonical one, paged by $relgraphAlertsAfter, and the variables it
// still uses.
func rewrite(schema *ast.Schema, q *model.SavedQuestion, pageSize int) (string, map[string]any, error) {
	doc, errs := gqlparser.LoadQuery(schema, q.Query)
	if len(errs) > 0 {
		return "", nil, fmt.Errorf("the saved query no longer fits the schema: %s", errs[0].Message)
	}
	if len(doc.Operations) != 1 || len(doc.Operations[0].SelectionSet) != 1 {
		return "", nil, errors.New("the saved query is not one operation asking one question")
	}
	op := doc.Operations[0]
	field, ok := op.SelectionSet[0].(*ast.Field)
	sel, known := selections[q.Question]
	if !ok || !known || field.Name != q.Question {
		return "", nil, fmt.Errorf("the saved query does not ask %s", q.Question)
	}
	canon, err := parser.ParseQuery(&ast.Source{Input: "{ x { edges { " + sel.edges + " } pageInfo { hasNextPage endCursor } } }"})
	if err != nil {
		return "", nil, err
	}
	var args ast.ArgumentList
	used := map[string]bool{}
	for _, a := range field.Arguments {
		if a.Name == "first" || a.Name == "after" {
			continue
		}
		args = append(args, a)
		collectVars(a.Value, used)
	}
	args = append(args,
		&ast.Argument{Name: "first", Value: &ast.Value{Kind: ast.IntValue, Raw: fmt.Sprint(pageSize)}},
		&ast.Argument{Name: "after", Value: &ast.Value{Kind: ast.Variable, Raw: afterVar}})
	root := &ast.Field{Name: field.Name, Arguments: args, SelectionSet: canon.Operations[0].SelectionSet[0].(*ast.Field).SelectionSet}
	vars := map[string]any{}
	var defs ast.VariableDefinitionList
	for _, d := range op.VariableDefinitions {
		if used[d.Variable] {
			defs = append(defs, d)
			if v, ok := q.Variables[d.Variable]; ok {
				vars[d.Variable] = v
			}
		}
	}
	defs = append(defs, &ast.VariableDefinition{Variable: afterVar, Type: ast.NamedType("String", nil)})
	out := &ast.QueryDocument{Operations: ast.OperationList{{Operation: ast.Query, Name: "SavedQuestion", VariableDefinitions: defs, SelectionSet: ast.SelectionSet{root}}}}
	var buf bytes.Buffer
	formatter.NewFormatter(&buf).FormatQueryDocument(out)
	return buf.String(), vars, nil
}

// collectVars adds the variables a value uses to used.
func collectVars(v *ast.Value, used map[string]bool) {
	if v == nil {
		return
	}
	if v.Kind == ast.Variable {
		used[v.Raw] = true
	}
	for _, c := range v.Children {
		collectVars(c.Value, used)
	}
}

// asOwner is ctx speaking as a reader key of the question's owner, with
// the question's scope.
func asOwner(ctx context.Context, q *model.SavedQuestion) context.Context {
	scope, err := auth.ParseScope(q.Scope)
	if err != nil {
		scope = auth.Self
	}
	return auth.WithPrincipal(ctx, &auth.Principal{KeyName: "saved question " + q.ID, Role: auth.Reader, Person: q.Owner, Scope: scope})
}
