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
//   - gqlgen resolves every field through graphql.ResolveField: a field
//     context, a context value, a panic handler and the field
//     middleware, for each field of each element. A field that only
//     reads a struct field of a string, integer or boolean, with no
//     resolver and no directive, is now marshalled directly (plainField
//     below): its marshaller cannot fail, it has no children to give a
//     path to, and relgraph's server uses no field middleware
//     (internal/server says so where it wires gqlgen).
package main

import (
	"bytes"
	"fmt"
	"os"
	"regexp"

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
	n := len(plainField.FindAllIndex(src, -1))
	if n == 0 {
		return fmt.Errorf("%s has no plain scalar field: check graph/gen against this gqlgen version", path)
	}
	src = plainField.ReplaceAll(src, []byte(`$1 {
	return ec.$4(ctx, field.Selections, obj.$2)
}
`))
	return os.WriteFile(path, src, 0o644)
}

// plainField matches the generated function of a field that reads a
// struct field ($2) of the object and marshals it ($4) with a marshaller
// that never fails nor gives null for a value: strings, IDs, integers
// and booleans, required or not.
var plainField = regexp.MustCompile(`(func \(ec \*executionContext\) \w+\(ctx context\.Context, field graphql\.CollectedField, obj [\w.*]+\) \(ret graphql\.Marshaler\)) \{
	return graphql\.ResolveField\(
		ctx,
		ec\.OperationContext,
		field,
		func\(ctx context\.Context, field graphql\.CollectedField\) \(\*graphql\.FieldContext, error\) \{
			return ec\.fieldContext_\w+\(ctx, field\)
		\},
		func\(ctx context\.Context\) \(any, error\) \{
			return obj\.(\w+), nil
		\},
		nil,
		func\(ctx context\.Context, selections ast\.SelectionSet, v (\*?(?:string|int|bool))\) graphql\.Marshaler \{
			return ec\.(marshalN(?:String|ID)2string|marshalNInt2int|marshalNBoolean2bool|marshalO(?:String|ID)2ᚖstring|marshalOInt2ᚖint|marshalOBoolean2ᚖbool)\(ctx, selections, v\)
		\},
		(?:true|false),
		(?:true|false),
	\)
\}
`)
