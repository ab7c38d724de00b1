package server_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/internal/server"
)

// GET /schema.graphql gives any key the schema the server answers, with
// introspection off too; without a key it is 401.
func TestSchemaFile(t *testing.T) {
	p := newProdServer(t, server.Options{NoIntrospection: true})
	res, body := p.do(t, http.MethodGet, "/schema.graphql", p.reader, nil, "")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/graphql") {
		t.Fatalf("GET /schema.graphql: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	served, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: body})
	if err != nil {
		t.Fatalf("the served schema does not parse: %v", err)
	}
	format := func(s *ast.Schema) string {
		var b bytes.Buffer
		formatter.NewFormatter(&b, formatter.WithComments()).FormatSchema(s)
		return b.String()
	}
	if format(served) != format(graph.NewExecutableSchema(graph.Config{}).Schema()) {
		t.Error("the served schema differs from the one the server executes")
	}
	if res, _ := p.do(t, http.MethodGet, "/schema.graphql", "", nil, ""); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("without a key: %d, want 401", res.StatusCode)
	}
	// Introspection itself stays off.
	if _, body := p.do(t, http.MethodPost, "/graphql", p.reader, nil, `{"query":"{ __schema { queryType { name } } }"}`); !strings.Contains(body, "introspection") {
		t.Errorf("introspection with it off: %s", body)
	}
}
