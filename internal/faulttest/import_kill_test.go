package faulttest

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph/internal/testdb"
	"github.com/relgraph/relgraph/neo4j"
)

// buildRelgraph compiles the relgraph command into a temporary folder.
func buildRelgraph(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bin := filepath.Join(t.TempDir(), "relgraph")
	begin := time.Now()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/relgraph")
	cmd.Dir = testdb.Root()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/relgraph: %v\n%s", err, out)
	}
	t.Logf("built relgraph in %v", time.Since(begin).Round(time.Millisecond))
	return bin
}

// importCmd is `relgraph import -batch-size 200 -quiet file` against uri.
func importCmd(ctx context.Context, bin, uri, file string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.CommandContext(ctx, bin, "import", "-batch-size", "200", "-quiet", file)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NEO4J_") && !strings.HasPrefix(kv, "RELGRAPH_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "NEO4J_URI="+uri)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	return cmd, &out
}

// runImport runs an import to completion.
func runImport(t *testing.T, bin, uri, file string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	begin := time.Now()
	cmd, out := importCmd(ctx, bin, uri, file)
	if err := cmd.Run(); err != nil {
		t.Fatalf("relgraph import: %v\n%s", err, out)
	}
	t.Logf("import finished in %v: %s", time.Since(begin).Round(time.Millisecond), strings.TrimSpace(out.String()))
}

// formatCounts renders counts in a stable order.
func formatCounts(c map[string]int64) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(c)) {
		parts = append(parts, fmt.Sprintf("%s=%d", k, c[k]))
	}
	return strings.Join(parts, " ")
}

// TestImportKilled kills an import once part of the graph is written, runs
// it again, and checks that the result equals one clean import: the
// import's upserts are idempotent, so a rerun repairs a half-written graph.
func TestImportKilled(t *testing.T) {
	skipShort(t)
	t.Parallel() // each test runs its own Neo4j; together they take less time
	ctx := context.Background()
	data := generate(42)
	file := data.write(t, filepath.Join(t.TempDir(), "graph.ndjson"))
	wantRels, wantAll := rels(data.counts), total(data.counts)
	t.Logf("generated %d lines: %s", len(data.lines), formatCounts(data.counts))

	bin := buildRelgraph(t)
	srv := startNeo4j(t, t.TempDir(), 0)
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	store, err := neo4j.Connect(cctx, neo4j.Config{URI: srv.URI(), TxTimeout: 30 * time.Second}, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close(context.Background()) })
	counts := func() map[string]int64 {
		t.Helper()
		c, err := store.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	// Start an import and kill it once the nodes and a tenth, not all, of
	// the relationships are in (nodes are written before relationships).
	killCtx, killCancel := context.WithTimeout(ctx, 2*time.Minute)
	defer killCancel()
	cmd, out := importCmd(killCtx, bin, srv.URI(), file)
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.After(60 * time.Second)
	polls := 0
poll:
	for {
		select {
		case err := <-exited:
			t.Fatalf("the import ended (%v) before it could be killed midway after %d polls; last counts %s\n%s",
				err, polls, formatCounts(counts()), out)
		case <-deadline:
			t.Fatalf("no partial graph within 60 s; counts %s\n%s", formatCounts(counts()), out)
		default:
		}
		c := counts()
		polls++
		if n := rels(c); c["Person"] > 0 && n >= wantRels/10 && n < wantRels {
			break poll
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no cleanup of any kind
		t.Fatal(err)
	}
	if err := <-exited; err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("import exited with %v, want killed by SIGKILL\n%s", err, out)
	}
	partial := counts()
	t.Logf("killed the import after %v (%d polls); it left %s", time.Since(begin).Round(time.Millisecond), polls, formatCounts(partial))
	// The kill must have left a half-written graph, or this test proves nothing.
	if n := rels(partial); partial["Person"] == 0 || n == 0 || n >= wantRels || total(partial) >= wantAll {
		t.Fatalf("the killed import left %s (%d of %d relationships), want a partial graph", formatCounts(partial), n, wantRels)
	}

	runImport(t, bin, srv.URI(), file)
	resumed := counts()
	resumedPrint, err := store.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("after the rerun: %s, fingerprint %s", formatCounts(resumed), resumedPrint)
	if !maps.Equal(resumed, data.counts) {
		t.Errorf("after the rerun: counts %s, want the file's %s", formatCounts(resumed), formatCounts(data.counts))
	}

	// The reference: one clean import into an empty database.
	if err := store.DeleteAll(ctx); err != nil {
		t.Fatal(err)
	}
	if c := counts(); len(c) != 0 {
		t.Fatalf("after DeleteAll: %s, want nothing", formatCounts(c))
	}
	runImport(t, bin, srv.URI(), file)
	clean := counts()
	cleanPrint, err := store.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("clean import: %s, fingerprint %s", formatCounts(clean), cleanPrint)
	if !maps.Equal(clean, resumed) {
		t.Errorf("counts differ: killed and rerun %s, clean %s", formatCounts(resumed), formatCounts(clean))
	}
	if cleanPrint != resumedPrint {
		t.Errorf("fingerprints differ: killed and rerun %s, clean %s", resumedPrint, cleanPrint)
	}
}
