package resolvers

import (
	"context"

	"github.com/relgraph/relgraph/model"
)

func (r *queryResolver) suggestions(ctx context.Context, of *string, minSharedInterests *int, first *int, after *string) (*model.SuggestionConnection, error) {
	return nil, errNotYet
}
