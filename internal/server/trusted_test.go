package server_test

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/documents"
	"github.com/relgraph/relgraph/internal/server"
	"github.com/relgraph/relgraph/internal/server/playground"
	"github.com/relgraph/relgraph/internal/testdb"
)

// rawPost posts a GraphQL request body built from fields and returns the
// decoded answer.
func rawPost(t *testing.T, url, key string, fields map[string]any) response {
	t.Helper()
	body, _ := json.Marshal(fields)
	res, text := prodServer{url: url}.do(t, http.MethodPost, "/graphql", key, nil, string(body))
	var r response
	if err := json.Unmarshal([]byte(text), &r); err != nil {
		t.Fatalf("HTTP %d %s", res.StatusCode, text)
	}
	return r
}

func code(r response) any {
	if len(r.Errors) == 0 {
		return nil
	}
	return r.Errors[0].Extensions["code"]
}

// In trusted-documents mode with the playground's manifest, a reader key
// runs every example, by its text or by its hash alone, and nothing else;
// a writer key (not held to the manifest here) runs anything, and may use
// automatic persisted queries.
func TestTrustedDocuments(t *testing.T) {
	restoreDemo(t)
	manifest, err := documents.Load(filepath.Join(testdb.Root(), "internal", "server", "playground", "examples", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	f := &auth.File{}
	key := keyMaker(t, f)
	reader := key("bi-dashboard", auth.Reader, "p0")
	writer := key("crm-sync", auth.Writer, "p0")
	url := serveWithKeys(t, server.Options{Trusted: server.Trusted{Manifest: manifest, Roles: []auth.Role{auth.Reader}}}, f)

	ran := 0
	for _, ex := range playground.Examples {
		var vars map[string]any
		if ex.Variables != "" {
			_ = json.Unmarshal([]byte(ex.Variables), &vars)
		}
		byText := rawPost(t, url, reader, map[string]any{"query": ex.Query, "variables": vars})
		byHash := rawPost(t, url, reader, map[string]any{"variables": vars,
			"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": documents.Hash(ex.Query)}}})
		for how, r := range map[string]response{"text": byText, "hash": byHash} {
			switch {
			case strings.Contains(ex.Query, "mutation"):
				// A writer's example: trusted, but not for a reader key.
				if code(r) != "FORBIDDEN" {
					t.Errorf("%s by %s: %s %+v, want FORBIDDEN for the role", ex.Name, how, r.Data, r.Errors)
				}
			case len(r.Errors) > 0 || len(r.Data) < 10:
				t.Errorf("%s by %s: %s %+v", ex.Name, how, r.Data, r.Errors)
			default:
				ran++
			}
		}
		if string(byText.Data) != string(byHash.Data) {
			t.Errorf("%s: by text and by hash differ", ex.Name)
		}
	}
	if ran < 2*(len(playground.Examples)-1) {
		t.Errorf("%d answers from %d examples", ran, len(playground.Examples))
	}

	first := playground.Examples[0]
	for name, fields := range map[string]map[string]any{
		"a query not listed":    {"query": `{ viewer { id } }`},
		"a listed one, changed": {"query": strings.Replace(first.Query, "totalCount", "totalCount ", 1), "variables": map[string]any{"since": "2026-10-01"}},
		"an unknown hash":       {"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": documents.Hash("{ viewer { id } }")}}},
	} {
		r := rawPost(t, url, reader, fields)
		if code(r) != "UNTRUSTED_DOCUMENT" || r.Data != nil && string(r.Data) != "null" || !strings.Contains(r.Errors[0].Message, `key "bi-dashboard" is a reader key, and this server runs only trusted documents for reader keys`) {
			t.Errorf("%s: %s %+v, want UNTRUSTED_DOCUMENT", name, r.Data, r.Errors)
		}
	}

	// The writer is not held to the manifest; it may register a query by
	// its hash (Apollo's automatic persisted queries) and then send the
	// hash alone.
	q := `{ viewer { id name } }`
	pq := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": documents.Hash(q)}}
	if r := rawPost(t, url, writer, map[string]any{"extensions": pq}); code(r) != "PERSISTED_QUERY_NOT_FOUND" {
		t.Errorf("an unseen hash: %+v", r.Errors)
	}
	if r := rawPost(t, url, writer, map[string]any{"query": q, "extensions": pq}); len(r.Errors) > 0 || !strings.Contains(string(r.Data), "Alex Morgan") {
		t.Errorf("registering: %s %+v", r.Data, r.Errors)
	}
	if r := rawPost(t, url, writer, map[string]any{"extensions": pq}); len(r.Errors) > 0 || !strings.Contains(string(r.Data), "Alex Morgan") {
		t.Errorf("by hash after registering: %s %+v", r.Data, r.Errors)
	}
	// The reader cannot run it by that hash: the manifest decides.
	if r := rawPost(t, url, reader, map[string]any{"extensions": pq}); code(r) != "UNTRUSTED_DOCUMENT" {
		t.Errorf("the reader by a registered hash: %+v", r.Errors)
	}
}
