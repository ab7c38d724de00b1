package resolvers

import (
	"context"

	"github.com/relgraph/relgraph/model"
)

func (r *queryResolver) introductionPaths(ctx context.Context, from *string, to string, maxHops *int, first *int) ([]*model.IntroductionPath, error) {
	return nil, errNotYet
}

func (r *queryResolver) introductionPathsToCompany(ctx context.Context, from *string, company string, maxHops *int, first *int) ([]*model.IntroductionPath, error) {
	return nil, errNotYet
}
