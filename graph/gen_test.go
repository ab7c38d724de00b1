package graph_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The generated code must match schema.graphqls: regenerate and compare.
// On drift the regenerated files stay in place and the test fails, so
// `git diff` shows what changed.
func TestGeneratedCodeIsUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs gqlgen")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"graph/generated.go", "graph/models_gen.go", "resolvers/schema.resolvers.go"}
	before := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		before[f] = b
	}
	cmd := exec.Command("go", "run", "./graph/gen")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./graph/gen: %v\n%s", err, out)
	}
	for _, f := range files {
		after, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(before[f], after) {
			t.Errorf("%s is out of date with schema.graphqls: run `make generate` and commit", f)
		}
	}
}
