package resolvers

import (
	"context"

	"github.com/relgraph/relgraph/model"
)

func (r *queryResolver) companiesWithConnections(ctx context.Context, of *string, degree *int, where *model.PersonWhere, first *int, after *string, orderBy *model.CompanyOrder) (*model.CompanyHitConnection, error) {
	return nil, errNotYet
}
