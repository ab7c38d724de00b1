// Package resolvers answers GraphQL fields by calling the store: one store
// method or loader per field, no Cypher here.
package resolvers

import (
	"github.com/99designs/gqlgen/graphql"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/neo4j"
)

// Resolver holds the dependencies of every resolver.
type Resolver struct {
	store *neo4j.Store
}

// NewSchema returns the executable schema answering from store.
func NewSchema(store *neo4j.Store) graphql.ExecutableSchema {
	return graph.NewExecutableSchema(graph.Config{Resolvers: &Resolver{store: store}})
}
