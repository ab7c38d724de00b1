package documents_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/internal/documents"
)

var schema = graph.NewExecutableSchema(graph.Config{}).Schema()

// The playground's examples ship with their manifest, made by `relgraph
// documents build`: it lists them all, as they are now.
func TestPlaygroundManifestIsCurrent(t *testing.T) {
	dir := filepath.Join("..", "server", "playground", "examples")
	built, err := documents.Build(schema, dir)
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := documents.Load(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(built, shipped) {
		t.Errorf("examples/manifest.json is stale: run relgraph documents build -o internal/server/playground/examples/manifest.json internal/server/playground/examples")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.graphql"))
	if len(built) != len(files) || len(files) < 10 {
		t.Errorf("%d documents from %d files", len(built), len(files))
	}
}

// Every document must fit the schema; each problem names its file and
// line, and nothing is built.
func TestBuildRefusesBadDocuments(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("good.graphql", "query Me { viewer { id } }\n")
	write("bad.graphql", "query Bad {\n  viewer { shoeSize }\n}\n")
	write("notes.txt", "not a document")
	_, err := documents.Build(schema, dir)
	if err == nil || !strings.Contains(err.Error(), "bad.graphql:2: Cannot query field \"shoeSize\" on type \"Person\"") {
		t.Errorf("got %v", err)
	}
	os.Remove(filepath.Join(dir, "bad.graphql"))
	m, err := documents.Build(schema, dir)
	if err != nil || len(m) != 1 || m[documents.Hash("query Me { viewer { id } }\n")] == "" {
		t.Errorf("got %v, %v", m, err)
	}
	// A manifest whose hash does not match its document is refused.
	write("manifest.json", `{"0000": "query Me { viewer { id } }\n"}`)
	if _, err := documents.Load(filepath.Join(dir, "manifest.json")); err == nil || !strings.Contains(err.Error(), "is not the sha256 of its document") {
		t.Errorf("a wrong hash: %v", err)
	}
}
