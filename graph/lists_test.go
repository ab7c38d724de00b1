package graph

import (
	"bytes"
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

// An object writes what gqlgen's FieldSet writes for the same fields and
// values: in order, each alias once (the first), nested values as they
// are.
func TestObjectWritesAsFieldSet(t *testing.T) {
	field := func(alias string) graphql.CollectedField {
		return graphql.CollectedField{Field: &ast.Field{Name: "name", Alias: alias}}
	}
	for _, tt := range []struct {
		name   string
		fields []graphql.CollectedField
		values []graphql.Marshaler
	}{
		{"no field", nil, nil},
		{"one", []graphql.CollectedField{field("id")}, []graphql.Marshaler{graphql.MarshalString(`p"1`)}},
		{"several", []graphql.CollectedField{field("id"), field("n"), field("none")}, []graphql.Marshaler{graphql.MarshalString("p1"), graphql.MarshalInt(3), graphql.Null}},
		{"an alias twice", []graphql.CollectedField{field("a"), field("b"), field("a")}, []graphql.Marshaler{graphql.MarshalInt(1), graphql.MarshalInt(2), graphql.MarshalInt(3)}},
		{"nested", []graphql.CollectedField{field("person")}, []graphql.Marshaler{object{[]graphql.CollectedField{field("id")}, []graphql.Marshaler{graphql.MarshalString("p2")}}}},
	} {
		fs := graphql.NewFieldSet(tt.fields)
		copy(fs.Values, tt.values)
		var want, got bytes.Buffer
		fs.MarshalGQL(&want)
		object{tt.fields, tt.values}.MarshalGQL(&got)
		if got.String() != want.String() {
			t.Errorf("%s: wrote %s, FieldSet writes %s", tt.name, got.String(), want.String())
		}
	}
}
