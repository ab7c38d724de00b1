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
//   - gqlgen writes each object through its graphql.FieldSet, which
//     makes a map of the names it has written and a copy of each field,
//     per object (8% of the server's time on those team members). The
//     generated code returns an object (graph/lists.go) instead, which
//     writes the same JSON from the same fields and values.
//   - gqlgen resolves every field through graphql.ResolveField: a field
//     context, a context value, a panic handler and the field
//     middleware, for each field of each element. A field that only
//     reads a struct field of a string, integer or boolean, with no
//     resolver and no directive, is now marshalled directly (plainField
//     below): its marshaller cannot fail, it has no children to give a
//     path to, and relgraph's server uses no field middleware
//     (internal/server says so where it wires gqlgen). A required field
//     that reads a struct field holding an object is marshalled directly
//     too when the object is there and the query selects only such
//     plain fields of it (objectField below, plainSelection in
//     graph/lists.go): nothing under it needs the field context.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"regexp"
	"sort"
	"strings"

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
		{"\t\tec.ProcessDeferredGroup(deferred)\n\t}\n\n\treturn out\n}\n", "\t\tec.ProcessDeferredGroup(deferred)\n\t}\n\n\treturn object{fields, out.Values}\n}\n"},
	} {
		if !bytes.Contains(src, []byte(r.from)) {
			return fmt.Errorf("%s has no %q: check graph/gen against this gqlgen version", path, r.from)
		}
		src = bytes.ReplaceAll(src, []byte(r.from), []byte(r.to))
	}
	// The plain fields by object type and name, for plainSelection.
	var plain []string
	for _, m := range plainField.FindAllSubmatch(src, -1) {
		typ, name, ok := strings.Cut(strings.TrimPrefix(string(m[2]), "_"), "_")
		if ok && typ != "" {
			plain = append(plain, fmt.Sprintf("{%q, %q}: true,\n", typ, name))
		}
	}
	if len(plain) == 0 {
		return fmt.Errorf("%s has no plain scalar field: check graph/gen against this gqlgen version", path)
	}
	sort.Strings(plain)
	src = plainField.ReplaceAll(src, []byte(`$1 {
	return ec.$4(ctx, field.Selections, obj.$3)
}
`))
	objects := 0
	src = objectField.ReplaceAllFunc(src, func(m []byte) []byte {
		g := objectField.FindSubmatch(m)
		typ := string(g[5])
		if typ == "Boolean" || strings.HasPrefix(typ, "__") {
			return m
		}
		objects++
		const call = "\treturn graphql.ResolveField(\n"
		rest := m[bytes.Index(m, []byte(call)):]
		return fmt.Appendf(nil, `%s {
	if obj.%s != nil && plainSelection(field.Selections, %q) {
		return ec.%s(ctx, field.Selections, obj.%s)
	}
%s`, g[1], g[3], typ, g[4], g[3], rest)
	})
	if objects == 0 {
		return fmt.Errorf("%s has no plain object field: check graph/gen against this gqlgen version", path)
	}
	// format.Source indents it.
	src = append(src, "\nfunc init() {\nplainFields = map[[2]string]bool{\n"+strings.Join(plain, "")+"}\n}\n"...)
	out, err := format.Source(src)
	if err != nil {
		return err
	}
	return os.WriteFile(path, out, 0o644)
}

// resolvedField is the start of the generated function ($2, its
// signature $1) of a field that reads a struct field ($3) of the object
// and hands it to graphql.ResolveField, up to the type of the value.
const resolvedField = `(func \(ec \*executionContext\) (\w+)\(ctx context\.Context, field graphql\.CollectedField, obj [\w.*]+\) \(ret graphql\.Marshaler\)) \{
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
		func\(ctx context\.Context, selections ast\.SelectionSet, v `

// plainField matches the generated function of a field (resolvedField)
// that marshals the value ($4) with a marshaller that never fails nor
// gives null for a value: strings, IDs, integers and booleans, required
// or not.
var plainField = regexp.MustCompile(resolvedField + `\*?(?:string|int|bool)\) graphql\.Marshaler \{
			return ec\.(marshalN(?:String|ID)2string|marshalNInt2int|marshalNBoolean2bool|marshalO(?:String|ID)2ᚖstring|marshalOInt2ᚖint|marshalOBoolean2ᚖbool)\(ctx, selections, v\)
		\},
		(?:true|false),
		(?:true|false),
	\)
\}
`)

// objectField matches the generated function of a required field
// (resolvedField) holding an object, which it marshals ($4) as the
// GraphQL type $5.
var objectField = regexp.MustCompile(resolvedField + `\*[\w.]+\) graphql\.Marshaler \{
			return ec\.(marshalN(\w+?)2\S+)\(ctx, selections, v\)
		\},
		true,
		true,
	\)
\}
`)
