package mcpserver_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/mcpserver"
	"github.com/relgraph/relgraph/internal/server"
	"github.com/relgraph/relgraph/internal/testdb"
)

// session starts relgraph's MCP server on the demo graph with a key of
// the given role and scope, and connects the SDK's own client to it.
func session(t *testing.T, role auth.Role, scope auth.Scope) *mcp.ClientSession {
	t.Helper()
	store := testdb.Store(t)
	testdb.Demo(t, store)
	f := &auth.File{}
	key, err := f.New("assistant", role, "p1")
	if err != nil {
		t.Fatal(err)
	}
	f.Keys[len(f.Keys)-1].Scope = scope
	path := filepath.Join(t.TempDir(), "keys.json")
	if err := f.Save(path); err != nil {
		t.Fatal(err)
	}
	ring, err := auth.OpenKeyring(path)
	if err != nil {
		t.Fatal(err)
	}
	handler := server.New(store, ring, zerolog.Nop(), server.Options{})
	srv := mcpserver.New(graph.NewExecutableSchema(graph.Config{}).Schema(), handler, key)
	ctx := context.Background()
	st, ct := mcp.NewInMemoryTransports()
	ss, err := srv.Connect(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ss.Close() })
	client := mcp.NewClient(&mcp.Implementation{Name: "test-client", Version: "1"}, nil)
	cs, err := client.Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cs.Close() })
	return cs
}

func call(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) (string, bool) {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(res.Content) == 0 {
		t.Fatalf("%s: no content", name)
	}
	return res.Content[0].(*mcp.TextContent).Text, res.IsError
}

// The SDK's client lists one tool per question, with input schemas from
// the GraphQL arguments, and asks the churn question: the four people of
// the README. Keys keep their scope; bad arguments say what is wrong.
func TestMCP(t *testing.T) {
	cs := session(t, auth.Reader, auth.Team)
	ctx := context.Background()
	list, err := cs.ListTools(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	tools := map[string]*mcp.Tool{}
	for _, tl := range list.Tools {
		tools[tl.Name] = tl
	}
	var questions int
	for _, f := range graph.NewExecutableSchema(graph.Config{}).Schema().Query.Fields {
		if !strings.HasPrefix(f.Name, "__") {
			questions++
			if tools[f.Name] == nil {
				t.Errorf("no tool for %s", f.Name)
			}
		}
	}
	if len(tools) != questions {
		t.Errorf("%d tools for %d questions", len(tools), questions)
	}
	conn := tools["connections"]
	schema, _ := json.Marshal(conn.InputSchema)
	for _, want := range []string{`"degree":{"default":1,"description":"Maximum KNOWS distance, 1..3.","type":"integer"}`, `"since":{"description":"Earliest time (inclusive). (DateTime: A point in time`, `"$ref":"#/$defs/PersonWhere"`, `"engagedWith":`} {
		if !strings.Contains(string(schema), want) {
			t.Errorf("the connections tool's input schema lacks %s:\n%s", want, schema)
		}
	}
	if !strings.Contains(conn.Description, "People in the network of `of`") || conn.Annotations == nil || !conn.Annotations.ReadOnlyHint {
		t.Errorf("connections tool: %q %+v", conn.Description, conn.Annotations)
	}

	// The churn question, as p1's key asks it of p0's network... out of a
	// TEAM key's reach? p0 is a team member, so it is allowed.
	text, isErr := call(t, cs, "connections", map[string]any{"of": "p0", "degree": 2, "where": map[string]any{
		"engagedWith": map[string]any{"kind": "WHITE_PAPER", "topic": "crm", "action": "READ"},
		"mentioned":   map[string]any{"topic": "churn", "sentiment": "NEGATIVE", "since": "2026-10-01"},
	}})
	var page struct {
		TotalCount int
		Edges      []struct {
			Node struct{ ID, Name string }
			Via  []struct{ ID string }
		}
	}
	if err := json.Unmarshal([]byte(text), &page); isErr || err != nil {
		t.Fatalf("connections: %v %s", err, text)
	}
	var got []string
	for _, e := range page.Edges {
		got = append(got, e.Node.ID+" "+e.Node.Name)
	}
	if page.TotalCount != 4 || strings.Join(got, ", ") != "p10 Dana Reyes, p11 Marcus Bell, p30 Victor Huang, p31 Aisha Khan" {
		t.Errorf("churn question: %d %v", page.TotalCount, got)
	}

	// A union answers with each kind's fields.
	if text, isErr := call(t, cs, "search", map[string]any{"text": "olivia"}); isErr || !strings.Contains(text, `"__typename":"Person"`) || !strings.Contains(text, `"name":"Olivia Grant"`) {
		t.Errorf("search: %s", text)
	}
	// The key's scope holds: p20 is neither p1 nor a team member.
	if text, isErr := call(t, cs, "connections", map[string]any{"of": "p20"}); !isErr || !strings.Contains(text, "FORBIDDEN: key \"assistant\" has scope TEAM") {
		t.Errorf("out of scope: %v %s", isErr, text)
	}
	// Bad arguments are the question's own errors.
	if text, isErr := call(t, cs, "connections", map[string]any{"degree": 9}); !isErr || !strings.Contains(text, "BAD_USER_INPUT") || !strings.Contains(text, "degree must be between 1 and 3") {
		t.Errorf("degree 9: %v %s", isErr, text)
	}
}
