package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// generated.go is what genqlient makes now from the schema and
// operations.graphql: an operation the schema no longer answers fails
// here, and so does a generated file left stale.
func TestGeneratedIsCurrent(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ops, err := os.ReadFile("operations.graphql")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "operations.graphql"), ops, 0o600); err != nil {
		t.Fatal(err)
	}
	// The same configuration, the schema named by its absolute path.
	config, err := os.ReadFile("genqlient.yaml")
	if err != nil {
		t.Fatal(err)
	}
	config = bytes.Replace(config, []byte("schema: ../../schema.graphqls"), []byte("schema: "+filepath.Join(root, "schema.graphqls")), 1)
	if err := os.WriteFile(filepath.Join(dir, "genqlient.yaml"), config, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "tool", "genqlient", filepath.Join(dir, "genqlient.yaml"))
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("genqlient: %v\n%s", err, out)
	}
	fresh, err := os.ReadFile(filepath.Join(dir, "generated.go"))
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("generated.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fresh, committed) {
		t.Error("generated.go is stale: run go tool genqlient examples/go-client/genqlient.yaml")
	}
}
