package resolvers

import (
	"context"

	"github.com/relgraph/relgraph/model"
)

func (r *queryResolver) accountCoverage(ctx context.Context, company string) (*model.AccountCoverage, error) {
	return nil, errNotYet
}
