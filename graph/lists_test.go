package graph

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// An object's fields under @defer get their group, as gqlgen makes it;
// without one, the empty group that nothing is added to.
func TestNewDeferredGroupOnlyWhenAFieldIsDeferred(t *testing.T) {
	ctx := graphql.WithFieldContext(context.Background(), &graphql.FieldContext{})
	plain := []graphql.CollectedField{{}, {Deferrables: []*graphql.Deferrable{{Label: "x"}}, IsNonDeferrable: true}}
	if g := newDeferredGroup(ctx, plain); g.FieldSet != nil || g.Defers != nil {
		t.Errorf("no field is deferred, yet a group: %+v", g)
	}
	deferred := append(plain, graphql.CollectedField{Deferrables: []*graphql.Deferrable{{Label: "later"}}})
	if g := newDeferredGroup(ctx, deferred); g.FieldSet == nil || g.Defers == nil {
		t.Errorf("a field is deferred, yet no group: %+v", g)
	}
}
