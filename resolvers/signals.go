package resolvers

import (
	"context"

	"github.com/relgraph/relgraph/model"
)

func (r *queryResolver) signals(ctx context.Context, where *model.SignalWhere, network *model.NetworkInput, first *int, after *string, orderBy *model.SignalOrder) (*model.SignalConnection, error) {
	return nil, errNotYet
}
