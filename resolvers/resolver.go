// Package resolvers answers GraphQL fields by calling the store: one store
// method or loader per field, no Cypher here.
package resolvers

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/internal/alerts"
	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
)

// Resolver holds the dependencies of every resolver.
type Resolver struct {
	store *neo4j.Store
	// schema is the executable schema these resolvers answer, for saved
	// questions, which are asked through it.
	schema graphql.ExecutableSchema
	exec   *executor.Executor
	// alerts asks saved questions for their baselines, and follows their
	// alerts for subscriptions.
	alerts *alerts.Engine
}

// see registers an answer with the request's loaders (Loaders.see).
func (r *Resolver) see(ctx context.Context, answer any) { loaders(ctx, r.store).see(answer) }

// pairKnows is the KNOWS between a and b, loaded with every pair of its
// answer; an empty one when there is none.
func (r *Resolver) pairKnows(ctx context.Context, a, b string) (*model.Acquaintance, error) {
	list, err := loaders(ctx, r.store).pairKnows.Load(ctx, pairKey(a, b))
	if err != nil || len(list) == 0 {
		return &model.Acquaintance{}, err
	}
	return list[0], nil
}

// pairDetail explains the strength of the KNOWS between a and b.
func (r *Resolver) pairDetail(ctx context.Context, a, b string) (*model.StrengthDetail, error) {
	k, err := r.pairKnows(ctx, a, b)
	if err != nil {
		return nil, err
	}
	return r.store.StrengthModel().Detail(k.Knows, k.Summary), nil
}

// NewSchema returns the executable schema answering from store, with
// eng for saved questions and alerts (nil: an engine that only answers,
// whose loops nobody runs).
func NewSchema(store *neo4j.Store, eng *alerts.Engine) graphql.ExecutableSchema {
	if eng == nil {
		eng = alerts.New(store, zerolog.Nop(), alerts.Config{})
	}
	r := &Resolver{store: store, alerts: eng}
	cfg := graph.Config{Resolvers: r}
	cfg.Directives.HasRole = hasRole
	setComplexity(&cfg.Complexity, store.Limits())
	r.schema = graph.NewExecutableSchema(cfg)
	r.exec = executor.New(r.schema)
	eng.SetSchema(r.schema)
	return r.schema
}

// hasRole enforces @hasRole: the key's role must include the one named.
func hasRole(ctx context.Context, _ any, next graphql.Resolver, role string) (any, error) {
	need, err := auth.ParseRole(strings.ToLower(role))
	if err != nil {
		return nil, err
	}
	p := auth.FromContext(ctx)
	if p == nil {
		return nil, model.ErrUnauthenticated
	}
	if !p.Role.Allows(need) {
		return nil, &model.ForbiddenError{Msg: fmt.Sprintf("this needs %s key; key %q is %s key", auth.Article(need), p.KeyName, auth.Article(p.Role))}
	}
	return next(ctx)
}

// deleteResult is what a deletion did, as the schema says it.
func deleteResult(d neo4j.Deletion) *graph.DeleteResult {
	return &graph.DeleteResult{Deleted: d.Deleted, SignalsDeleted: d.Signals, InteractionsDeleted: d.Interactions, RelationshipsDeleted: d.Relationships}
}

// edgeFieldsButEvidence are PersonEdge's fields but evidence: a
// selection of edges that asks only these asks no evidence.
var edgeFieldsButEvidence = []string{"cursor", "node", "degree", "strength", "via", "strengthDetail", "__typename"}

// asksOnly reports whether the selection at path below the current field
// (fragments and aliases included) asks for no field but those allowed;
// a path the query does not ask for asks for nothing.
func asksOnly(ctx context.Context, path []string, allowed ...string) bool {
	oc := graphql.GetOperationContext(ctx)
	fields := graphql.CollectFieldsCtx(ctx, nil)
	for _, name := range path {
		// Each field's own selections: gqlgen caches what CollectFields
		// returns by the address of the selections it is given, which a
		// slice made here would share with a later one once collected.
		var below []graphql.CollectedField
		for _, f := range fields {
			if f.Name == name {
				below = append(below, graphql.CollectFields(oc, f.Selections, nil)...)
			}
		}
		fields = below
	}
	for _, f := range fields {
		if !slices.Contains(allowed, f.Name) {
			return false
		}
	}
	return true
}
