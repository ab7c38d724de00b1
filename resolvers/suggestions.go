package resolvers

import (
	"context"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
)

func (r *queryResolver) suggestions(ctx context.Context, of *string, minSharedInterests *int, first *int, after *string) (*model.SuggestionConnection, error) {
	var req neo4j.SuggestionsRequest
	id, err := ofOrViewer(ctx, of)
	if err != nil {
		return nil, err
	}
	req.Of = id
	req.MinShared = 1
	if minSharedInterests != nil {
		req.MinShared = *minSharedInterests
	}
	if req.MinShared < 1 {
		return nil, badInput("minSharedInterests must be at least 1, got %d", req.MinShared)
	}
	if req.Skip, req.Limit, err = pageArgs(first, after); err != nil {
		return nil, err
	}
	p, err := r.store.Suggestions(ctx, req)
	if err != nil {
		return nil, err
	}
	seeSuggestions(loaders(ctx, r.store), p.Suggestions)
	edges, info := page(p.Suggestions, req.Skip, p.Total, func(c string, s *model.Suggestion) *model.SuggestionEdge {
		return &model.SuggestionEdge{Cursor: c, Node: s}
	})
	return &model.SuggestionConnection{Edges: edges, PageInfo: info, TotalCount: p.Total}, nil
}

// seeSuggestions registers the suggested people and, as a second group,
// the people who could introduce them.
func seeSuggestions(l *Loaders, list []*model.Suggestion) {
	people := make([]*model.Person, 0, len(list))
	var via []*model.Person
	for _, s := range list {
		people = append(people, s.Person)
		via = append(via, s.Via...)
	}
	l.seePeople(people)
	l.seePeople(via)
}
