package resolvers

import (
	"context"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
)

// Defaults of the introduction questions, as in the schema.
const (
	defaultMaxHops   = 3
	defaultPathCount = 3
)

func (r *queryResolver) introductionPaths(ctx context.Context, from *string, to string, maxHops *int, first *int) ([]*model.IntroductionPath, error) {
	req, err := pathsRequest(ctx, from, "to", to, maxHops, first)
	if err != nil {
		return nil, err
	}
	paths, err := r.store.IntroductionPaths(ctx, req)
	if err != nil {
		return nil, err
	}
	seePaths(loaders(ctx, r.store), paths)
	return paths, nil
}

func (r *queryResolver) introductionPathsToCompany(ctx context.Context, from *string, company string, maxHops *int, first *int) ([]*model.IntroductionPath, error) {
	req, err := pathsRequest(ctx, from, "company", company, maxHops, first)
	if err != nil {
		return nil, err
	}
	paths, err := r.store.IntroductionPathsToCompany(ctx, req)
	if err != nil {
		return nil, err
	}
	seePaths(loaders(ctx, r.store), paths)
	return paths, nil
}

// pathsRequest validates the arguments of both introduction questions;
// arg names the target argument (to or company) for messages.
func pathsRequest(ctx context.Context, from *string, arg, target string, maxHops, first *int) (neo4j.PathsRequest, error) {
	req := neo4j.PathsRequest{To: target, MaxHops: defaultMaxHops, Limit: defaultPathCount}
	switch {
	case from == nil:
		req.From = viewerID(ctx)
		if req.From == "" {
			return req, badInput("this API key names no person: pass `from` with a person id")
		}
	case *from == "":
		return req, badInput("from must not be empty")
	default:
		req.From = *from
	}
	if target == "" {
		return req, badInput("%s must not be empty", arg)
	}
	if maxHops != nil {
		req.MaxHops = *maxHops
	}
	if req.MaxHops < neo4j.MinHops || req.MaxHops > neo4j.MaxHops {
		return req, badInput("maxHops must be between %d and %d, got %d", neo4j.MinHops, neo4j.MaxHops, req.MaxHops)
	}
	if first != nil {
		req.Limit = *first
	}
	if req.Limit < 1 || req.Limit > maxListSize {
		return req, badInput("first must be between 1 and %d, got %d", maxListSize, req.Limit)
	}
	return req, nil
}

// seePaths registers the people of all paths as one sibling group.
func seePaths(l *Loaders, paths []*model.IntroductionPath) {
	var people []*model.Person
	for _, p := range paths {
		people = append(people, p.People...)
	}
	l.seePeople(people)
}
