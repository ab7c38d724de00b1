// Package testdb connects integration tests to the real Neo4j that
// `make test` starts (through cmd/withneo4j) and loads the demo graph.
package testdb

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph/internal/importer"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
)

// URIVar names the database of integration tests; RequireVar=1 turns a
// missing database into a failure instead of a skip (make test sets it).
const (
	URIVar     = "RELGRAPH_TEST_NEO4J_URI"
	RequireVar = "RELGRAPH_REQUIRE_NEO4J"
)

// Root is the repository's root folder.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// ReadmeAfter returns README.md from just after the first occurrence of
// marker, for tests that check what the README says; it fails the test
// when the README lacks the marker.
func ReadmeAfter(t testing.TB, marker string) string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join(Root(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), marker)
	if !ok {
		t.Fatalf("README.md has no %q", marker)
	}
	return after
}

// Store connects to the test database, or skips (fails under make test).
// The connection is closed when the test ends. Options change the
// store's configuration.
func Store(t testing.TB, options ...func(*neo4j.Config)) *neo4j.Store {
	t.Helper()
	store := Shared(t, options...)
	t.Cleanup(func() { _ = store.Close(context.Background()) })
	return store
}

// AsOf fixes the time a store computes strengths as of.
func AsOf(at time.Time) func(*neo4j.Config) {
	return func(c *neo4j.Config) { c.AsOf = func() time.Time { return at } }
}

// Shared is Store for a connection that outlives the test, such as one
// behind a server shared by a whole test binary.
func Shared(t testing.TB, options ...func(*neo4j.Config)) *neo4j.Store {
	t.Helper()
	uri := os.Getenv(URIVar)
	if uri == "" {
		if os.Getenv(RequireVar) == "1" {
			t.Fatalf("%s is not set but %s=1: the integration tests need the Neo4j that make test starts", URIVar, RequireVar)
		}
		t.Skipf("integration test: set %s (make test does) to run it", URIVar)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Strengths as of the demo's today, unless an option says otherwise.
	cfg := neo4j.Config{URI: uri, TxTimeout: 30 * time.Second, AsOf: func() time.Time { return model.DemoAsOf }}
	for _, o := range options {
		o(&cfg)
	}
	store, err := neo4j.Connect(ctx, cfg, zerolog.Nop())
	if err != nil {
		t.Fatalf("integration test: %v", err)
	}
	return store
}

// Reset empties the database and creates the schema.
func Reset(t testing.TB, store *neo4j.Store) {
	t.Helper()
	ctx := context.Background()
	if err := store.DeleteAll(ctx); err != nil {
		t.Fatal(err)
	}
	if err := store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
}

// Import loads an NDJSON file into the database.
func Import(t testing.TB, store *neo4j.Store, path string) *importer.Summary {
	t.Helper()
	sum, err := importer.Import(context.Background(), func() (io.ReadCloser, error) { return os.Open(path) }, store, importer.Options{})
	if err != nil {
		for _, e := range sum.Errors {
			t.Log(e)
		}
		t.Fatalf("importing %s: %v", path, err)
	}
	return sum
}

// Demo empties the database and loads testdata/demo.ndjson.
func Demo(t testing.TB, store *neo4j.Store) {
	t.Helper()
	Reset(t, store)
	Import(t, store, filepath.Join(Root(), "testdata", "demo.ndjson"))
}

// ImportText loads NDJSON text into the database.
func ImportText(t testing.TB, store *neo4j.Store, text string) *importer.Summary {
	t.Helper()
	sum, err := importer.Import(context.Background(), func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(text)), nil }, store, importer.Options{})
	if err != nil {
		for _, e := range sum.Errors {
			t.Log(e)
		}
		t.Fatalf("importing text: %v", err)
	}
	return sum
}

// Fingerprint is a digest of the whole graph: equal fingerprints, equal
// graphs.
func Fingerprint(t testing.TB, store *neo4j.Store) string {
	t.Helper()
	f, err := store.Fingerprint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return f
}
