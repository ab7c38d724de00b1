package graph

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
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

// A selection is plain when it asks only fields read from the struct (or
// __typename), with no fragment and no directive; anything else goes
// through gqlgen's field resolution.
func TestPlainSelection(t *testing.T) {
	field := func(name string) *ast.Field { return &ast.Field{Name: name, Alias: name} }
	skip := &ast.Field{Name: "name", Alias: "name", Directives: ast.DirectiveList{{Name: "skip"}}}
	for _, tt := range []struct {
		name string
		sel  ast.SelectionSet
		want bool
	}{
		{"ids and names", ast.SelectionSet{field("id"), field("name"), field("__typename")}, true},
		{"nothing", ast.SelectionSet{}, true},
		{"a resolved field", ast.SelectionSet{field("id"), field("worksAt")}, false},
		{"a directive", ast.SelectionSet{field("id"), skip}, false},
		{"a fragment", ast.SelectionSet{field("id"), &ast.InlineFragment{TypeCondition: "Person", SelectionSet: ast.SelectionSet{field("name")}}}, false},
		{"a field of another type", ast.SelectionSet{field("domain")}, false},
	} {
		if got := plainSelection(tt.sel, "Person"); got != tt.want {
			t.Errorf("%s: plainSelection = %v, want %v", tt.name, got, tt.want)
		}
	}
}
