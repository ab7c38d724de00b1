// Command gen generates graph/ from schema.graphqls (`make generate`):
// gqlgen, then one change to what it writes. gqlgen marshals every list
// of objects with graphql.MarshalSliceConcurrently, one goroutine per
// element; relgraph's resolvers have loaded every list before it is
// marshalled, so the goroutines only cost (36 ms for accountCoverage's
// 5,000 team members at a million people). The generated code calls
// marshalList (graph/lists.go) instead, which marshals the elements in
// order, in the request's goroutine.
package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen/config"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		return err
	}
	if err := api.Generate(cfg); err != nil {
		return err
	}
	path := cfg.Exec.Filename
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	from, to := []byte("graphql.MarshalSliceConcurrently("), []byte("marshalList(")
	if !bytes.Contains(src, from) {
		return fmt.Errorf("%s calls no graphql.MarshalSliceConcurrently: check graph/gen against this gqlgen version", path)
	}
	return os.WriteFile(path, bytes.ReplaceAll(src, from, to), 0o644)
}
