package graph

import (
	"context"
	"io"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// marshalList stands for graphql.MarshalSliceConcurrently in the
// generated code (graph/gen): the same answer, each element with its
// index in the field context and a panic turned into an error and null,
// but marshalled in order in the calling goroutine. workerLimit is
// gqlgen's and has nothing to limit here.
func marshalList(ctx context.Context, length int, workerLimit int64, omitPanicHandler bool, marshal func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	_ = workerLimit
	out := make(graphql.Array, length)
	for i := range length {
		fc := &graphql.FieldContext{Index: &i}
		childCtx := graphql.WithFieldContext(ctx, fc)
		if omitPanicHandler {
			out[i] = marshal(childCtx, i)
			continue
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					graphql.AddError(childCtx, graphql.Recover(childCtx, r))
					out[i] = graphql.Null
				}
			}()
			out[i] = marshal(childCtx, i)
		}()
	}
	return out
}

// newDeferredGroup stands for graphql.NewDeferredGroup in the generated
// code (graph/gen): the group of an object's fields under @defer, made
// (with its path) only when one of fields is deferred. Without one, the
// empty group is all the generated code reads: no field is added to it.
func newDeferredGroup(ctx context.Context, fields []graphql.CollectedField) graphql.DeferredGroup {
	for _, f := range fields {
		if f.IsDeferred() {
			return graphql.NewDeferredGroup(ctx)
		}
	}
	return graphql.DeferredGroup{}
}

// plainFields are the fields, by object type and name, that the generated
// code marshals without resolving them; graph/gen writes the generated
// code that sets them.
var plainFields map[[2]string]bool

// plainSelection tells whether a selection on an object of the GraphQL
// type typ asks only fields that the generated code marshals without
// resolving them (plainFields) or __typename, with no fragment and no
// directive: marshalling the object then needs no field context.
func plainSelection(sel ast.SelectionSet, typ string) bool {
	for _, s := range sel {
		f, ok := s.(*ast.Field)
		if !ok || len(f.Directives) > 0 {
			return false
		}
		if f.Name != "__typename" && !plainFields[[2]string{typ, f.Name}] {
			return false
		}
	}
	return true
}

// object stands for the *graphql.FieldSet that an object's generated
// marshaller returns (graph/gen), its fields and their values once they
// are resolved: the same JSON, each field under its alias, in order,
// an alias asked twice written once, without graphql's map of the
// aliases written and its copy of each field, per object.
type object struct {
	fields []graphql.CollectedField
	values []graphql.Marshaler
}

func (o object) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, "{")
	first := true
	for i := range o.fields {
		alias := o.fields[i].Alias
		if slices.ContainsFunc(o.fields[:i], func(f graphql.CollectedField) bool { return f.Alias == alias }) {
			continue
		}
		if !first {
			_, _ = io.WriteString(w, ",")
		}
		first = false
		// An alias is a GraphQL name, [_A-Za-z][_0-9A-Za-z]*: nothing
		// in it needs escaping.
		_, _ = io.WriteString(w, `"`)
		_, _ = io.WriteString(w, alias)
		_, _ = io.WriteString(w, `":`)
		o.values[i].MarshalGQL(w)
	}
	_, _ = io.WriteString(w, "}")
}
