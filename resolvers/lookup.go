package resolvers

import (
	"context"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/model"
)

func (r *queryResolver) topic(ctx context.Context, id string) (*model.Topic, error) {
	return nil, errNotYet
}

func (r *queryResolver) node(ctx context.Context, id string) (graph.Node, error) {
	return nil, errNotYet
}

func (r *queryResolver) search(ctx context.Context, text string, first *int) ([]*model.SearchHit, error) {
	return nil, errNotYet
}
