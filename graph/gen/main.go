// Command gen generates graph/ from schema.graphqls (`make generate`):
// gqlgen, then two changes to what it writes, for long lists of objects
// (accountCoverage's 5,000 team members at a million people):
//
//   - gqlgen marshals every list of objects with
//     graphql.MarshalSliceConcurrently, one goroutine per element;
//     relgraph's resolvers have loaded every list before it is
//     marshalled, so the goroutines only cost (36 ms for those team
//     members). The generated code calls marshalList (graph/lists.go)
//     instead, which marshals the elements in order, in the request's
//     goroutine.
//   - gqlgen makes every object it marshals a group for its fields under
//     @defer, whose path it spells out each time (9% of the server's time
//     on those team members). The generated code calls newDeferredGroup
//     (graph/lists.go) instead, which makes it only when one of the
//     object's fields is deferred.
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
	for _, r := range []struct{ from, to string }{
		{"graphql.MarshalSliceConcurrently(", "marshalList("},
		{"deferred := graphql.NewDeferredGroup(ctx)\n", "deferred := newDeferredGroup(ctx, fields)\n"},
	} {
		if !bytes.Contains(src, []byte(r.from)) {
			return fmt.Errorf("%s has no %q: check graph/gen against this gqlgen version", path, r.from)
		}
		src = bytes.ReplaceAll(src, []byte(r.from), []byte(r.to))
	}
	return os.WriteFile(path, src, 0o644)
}
