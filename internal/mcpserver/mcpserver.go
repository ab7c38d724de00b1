// Package mcpserver serves relgraph's questions to assistants as a Model
// Context Protocol server: each read question of the schema is one tool,
// whose input schema follows the question's arguments and descriptions.
// A call is a GraphQL request through relgraph's own HTTP handler, with
// the key the server was given: the same resolvers, limits and
// permissions as any other client.
package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/vektah/gqlparser/v2/ast"
)

// Version is the MCP server's version, as it introduces itself.
const Version = "1.0.0"

// New returns an MCP server with one tool per field of the schema's Query
// type, each answered by handler with the bearer key.
func New(schema *ast.Schema, handler http.Handler, key string) *mcp.Server {
	s := mcp.NewServer(&mcp.Implementation{Name: "relgraph", Title: "relgraph: relationship-graph questions", Version: Version}, nil)
	fields := append(ast.FieldList(nil), schema.Query.Fields...)
	sort.Slice(fields, func(i, j int) bool { return fields[i].Name < fields[j].Name })
	for _, f := range fields {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		t := tool{schema: schema, field: f, handler: handler, key: key}
		s.AddTool(&mcp.Tool{Name: f.Name, Description: strings.TrimSpace(f.Description), InputSchema: t.inputSchema(),
			Annotations: &mcp.ToolAnnotations{ReadOnlyHint: true}}, t.call)
	}
	return s
}

// tool is one question.
type tool struct {
	schema  *ast.Schema
	field   *ast.FieldDefinition
	handler http.Handler
	key     string
}

// inputSchema is the JSON Schema of the question's arguments: their types,
// descriptions and defaults; non-null arguments without a default are
// required. Input object types are $defs, so recursive ones (AND/OR lists
// of conditions) are described whole.
func (t tool) inputSchema() map[string]any {
	defs := map[string]any{}
	props := map[string]any{}
	var required []string
	for _, a := range t.field.Arguments {
		props[a.Name] = t.typeSchema(a.Type, a.Description, a.DefaultValue, defs)
		if a.Type.NonNull && a.DefaultValue == nil {
			required = append(required, a.Name)
		}
	}
	out := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		out["required"] = required
	}
	if len(defs) > 0 {
		out["$defs"] = defs
	}
	return out
}

func (t tool) typeSchema(typ *ast.Type, description string, def *ast.Value, defs map[string]any) map[string]any {
	var out map[string]any
	if typ.Elem != nil {
		out = map[string]any{"type": "array", "items": t.typeSchema(typ.Elem, "", nil, defs)}
	} else {
		d := t.schema.Types[typ.NamedType]
		switch {
		case d == nil:
			out = map[string]any{}
		case d.Kind == ast.Enum:
			var values []string
			for _, v := range d.EnumValues {
				values = append(values, v.Name)
			}
			out = map[string]any{"type": "string", "enum": values}
		case d.Kind == ast.InputObject:
			if _, seen := defs[d.Name]; !seen {
				defs[d.Name] = map[string]any{} // a placeholder while it is described
				props := map[string]any{}
				for _, f := range d.Fields {
					props[f.Name] = t.typeSchema(f.Type, f.Description, f.DefaultValue, defs)
				}
				defs[d.Name] = map[string]any{"type": "object", "description": strings.TrimSpace(d.Description), "properties": props, "additionalProperties": false}
			}
			out = map[string]any{"$ref": "#/$defs/" + d.Name}
		default:
			out = map[string]any{"type": scalarType(d.Name)}
			if d.Description != "" && !d.BuiltIn {
				description = strings.TrimSpace(description + " (" + d.Name + ": " + firstSentence(d.Description) + ")")
			}
		}
	}
	if description != "" {
		if _, ref := out["$ref"]; ref {
			out = map[string]any{"allOf": []any{out}, "description": strings.TrimSpace(description)}
		} else {
			out["description"] = strings.TrimSpace(description)
		}
	}
	if def != nil {
		if v, err := def.Value(nil); err == nil {
			out["default"] = v
		}
	}
	return out
}

func scalarType(name string) string {
	switch name {
	case "Int":
		return "integer"
	case "Float":
		return "number"
	case "Boolean":
		return "boolean"
	case "JSONObject":
		return "object"
	}
	return "string" // String, ID, DateTime
}

func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i+1]
	}
	return s
}

// call asks the question with the given arguments and returns the
// answer's JSON; GraphQL errors are the tool's error, with their codes.
func (t tool) call(ctx context.Context, req *mcp.CallToolRequest) (out *mcp.CallToolResult, err error) {
	// A handler that panics fails its call, not the server (net/http
	// recovers for HTTP clients; here nobody would).
	defer func() {
		if p := recover(); p != nil {
			out, err = failed(fmt.Sprintf("internal error: %v", p)), nil
		}
	}()
	args := map[string]any{}
	if len(req.Params.Arguments) > 0 {
		if err := json.Unmarshal(req.Params.Arguments, &args); err != nil {
			return failed("the arguments are not a JSON object: " + err.Error()), nil
		}
	}
	body, _ := json.Marshal(map[string]any{"query": t.query(args), "variables": args})
	r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body)).WithContext(ctx)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", "Bearer "+t.key)
	w := httptest.NewRecorder()
	t.handler.ServeHTTP(w, r)
	var res struct {
		Data   map[string]json.RawMessage `json:"data"`
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
		return failed(fmt.Sprintf("HTTP %d: %s", w.Code, w.Body.String())), nil
	}
	var msgs []string
	for _, e := range res.Errors {
		msgs = append(msgs, fmt.Sprintf("%v: %s", e.Extensions["code"], e.Message))
	}
	answer := res.Data[t.field.Name]
	if len(answer) == 0 || string(answer) == "null" && len(msgs) > 0 {
		return failed(strings.Join(msgs, "; ")), nil
	}
	out = &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: string(answer)}}}
	if len(msgs) > 0 {
		// An answer with parts left out (a field out of the key's scope).
		out.Content = append(out.Content, &mcp.TextContent{Text: "partial answer: " + strings.Join(msgs, "; ")})
	}
	return out, nil
}

func failed(msg string) *mcp.CallToolResult {
	return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: msg}}}
}

// query is the GraphQL document of a call: the arguments given, as
// variables of their declared types, and the answer's selection.
func (t tool) query(args map[string]any) string {
	var defs, pass []string
	for _, a := range t.field.Arguments {
		if _, ok := args[a.Name]; !ok {
			continue
		}
		defs = append(defs, "$"+a.Name+": "+a.Type.String())
		pass = append(pass, a.Name+": $"+a.Name)
	}
	var b strings.Builder
	b.WriteString("query")
	if len(defs) > 0 {
		b.WriteString("(" + strings.Join(defs, ", ") + ")")
	}
	b.WriteString(" { " + t.field.Name)
	if len(pass) > 0 {
		b.WriteString("(" + strings.Join(pass, ", ") + ")")
	}
	b.WriteString(selection(t.schema, t.field.Type, 0))
	b.WriteString(" }")
	return b.String()
}

// maxDepth bounds the nesting of an answer's selection.
const maxDepth = 4

// selection is the selection set of a value of type typ at depth: every
// field without required arguments, objects followed as deep as maxDepth.
// An entity (a Node: person, company, signal, content, topic) is described
// by its own fields and single links, not its lists (knows, employees,
// signals, ...): those are questions of their own, so an answer stays the
// size of its page.
func selection(schema *ast.Schema, typ *ast.Type, depth int) string {
	d := schema.Types[typ.Name()]
	if d == nil || d.Kind == ast.Scalar || d.Kind == ast.Enum {
		return ""
	}
	var parts []string
	if d.IsAbstractType() {
		parts = append(parts, "__typename")
		for _, p := range schema.GetPossibleTypes(d) {
			if sel := fieldsOf(schema, p, depth); sel != "" {
				parts = append(parts, "... on "+p.Name+sel)
			}
		}
		return " { " + strings.Join(parts, " ") + " }"
	}
	return fieldsOf(schema, d, depth)
}

func fieldsOf(schema *ast.Schema, d *ast.Definition, depth int) string {
	var parts []string
	for _, f := range d.Fields {
		if strings.HasPrefix(f.Name, "__") || requiresArguments(f) {
			continue
		}
		leaf := schema.Types[f.Type.Name()]
		if leaf == nil {
			continue
		}
		if leaf.Kind == ast.Scalar || leaf.Kind == ast.Enum {
			parts = append(parts, f.Name)
			continue
		}
		if depth+1 >= maxDepth || f.Type.Elem != nil && isEntity(d) {
			continue
		}
		if sel := selection(schema, f.Type, depth+1); sel != "" {
			parts = append(parts, f.Name+sel)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " { " + strings.Join(parts, " ") + " }"
}

func isEntity(d *ast.Definition) bool {
	for _, i := range d.Interfaces {
		if i == "Node" {
			return true
		}
	}
	return false
}

func requiresArguments(f *ast.FieldDefinition) bool {
	for _, a := range f.Arguments {
		if a.Type.NonNull && a.DefaultValue == nil {
			return true
		}
	}
	return false
}
