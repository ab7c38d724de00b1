package server

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// The POST transport writes what encoding/json writes for the same
// graphql.Response: the same fields, names, order and values.
func TestWriteResponseAsEncodingJSON(t *testing.T) {
	yes := true
	for _, resp := range []*graphql.Response{
		{},
		{Data: json.RawMessage(`{"viewer":{"id":"p0"}}`)},
		{Data: json.RawMessage(`{"viewer":null}`), Extensions: map[string]any{"cost": Cost{Computed: 3, Limit: 10}}},
		{Errors: gqlerror.List{{Message: "no such field", Extensions: map[string]any{"code": "GRAPHQL_VALIDATION_FAILED"}}}, Extensions: map[string]any{"cost": Cost{}}},
		{Errors: gqlerror.List{{Message: `a "quoted" word`, Path: ast.Path{ast.PathName("connections"), ast.PathIndex(2)}}}, Data: json.RawMessage(`{"connections":null}`)},
		{Data: json.RawMessage(`{"a":1}`), Label: "later", Path: ast.Path{ast.PathName("x")}, HasNext: &yes},
	} {
		want, err := json.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		writeResponse(&got, resp)
		if got.String() != string(want) {
			t.Errorf("wrote %s\nencoding/json writes %s", got.String(), want)
		}
	}
}

// The answer's media type is chosen as gqlgen's POST transport chooses it.
func TestResponseMediaType(t *testing.T) {
	for accept, want := range map[string]string{
		"":                                  mediaJSON,
		"*/*":                               mediaJSON,
		"application/json":                  mediaJSON,
		"application/graphql-response+json": mediaGraphQLResponse,
		"application/graphql-response+json, application/json;q=0.9": mediaGraphQLResponse,
		"text/html, application/json":                               mediaJSON,
		"text/html":                                                 mediaGraphQLResponse,
	} {
		if got := responseMediaType(accept); got != want {
			t.Errorf("Accept %q: %s, want %s", accept, got, want)
		}
	}
}
