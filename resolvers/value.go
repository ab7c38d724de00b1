package resolvers

import (
	"context"

	"github.com/relgraph/relgraph/model"
)

func (r *queryResolver) customerValue(ctx context.Context, weights *model.ValueWeights, clvWeight *float64, since *model.DateTime, first *int, after *string) (*model.CustomerValueConnection, error) {
	return nil, errNotYet
}
