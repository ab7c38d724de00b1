// Package resolvers answers GraphQL fields by calling the store: one store
// method or loader per field, no Cypher here.
package resolvers

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/relgraph/relgraph/internal/auth"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/neo4j"
)

// Resolver holds the dependencies of every resolver.
type Resolver struct {
	store *neo4j.Store
}

// NewSchema returns the executable schema answering from store.
func NewSchema(store *neo4j.Store) graphql.ExecutableSchema {
	cfg := graph.Config{Resolvers: &Resolver{store: store}}
	cfg.Directives.HasRole = hasRole
	setComplexity(&cfg.Complexity)
	return graph.NewExecutableSchema(cfg)
}

// hasRole enforces @hasRole: the key's role must include the one named.
func hasRole(ctx context.Context, _ any, next graphql.Resolver, role string) (any, error) {
	need, err := auth.ParseRole(strings.ToLower(role))
	if err != nil {
		return nil, err
	}
	p := auth.FromContext(ctx)
	if p == nil {
		return nil, &gqlerror.Error{Message: "an API key is required", Extensions: map[string]any{"code": CodeUnauthenticated}}
	}
	if !p.Role.Allows(need) {
		return nil, &gqlerror.Error{
			Message:    fmt.Sprintf("this needs a %s key; key %q is a %s key", need, p.KeyName, p.Role),
			Extensions: map[string]any{"code": CodeForbidden},
		}
	}
	return next(ctx)
}
