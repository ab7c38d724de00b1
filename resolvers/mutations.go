package resolvers

import (
	"context"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/model"
)

func (r *mutationResolver) upsertPeople(ctx context.Context, input []*graph.PersonInput) (*model.UpsertResult, error) {
	return nil, errNotYet
}

func (r *mutationResolver) upsertCompanies(ctx context.Context, input []*graph.CompanyInput) (*model.UpsertResult, error) {
	return nil, errNotYet
}

func (r *mutationResolver) upsertTopics(ctx context.Context, input []*graph.TopicInput) (*model.UpsertResult, error) {
	return nil, errNotYet
}

func (r *mutationResolver) upsertContent(ctx context.Context, input []*graph.ContentInput) (*model.UpsertResult, error) {
	return nil, errNotYet
}

func (r *mutationResolver) upsertSignals(ctx context.Context, input []*graph.SignalInput) (*model.UpsertResult, error) {
	return nil, errNotYet
}

func (r *mutationResolver) upsertWorksAt(ctx context.Context, input []*graph.WorksAtInput) (*model.UpsertResult, error) {
	return nil, errNotYet
}

func (r *mutationResolver) upsertKnows(ctx context.Context, input []*graph.KnowsInput) (*model.UpsertResult, error) {
	return nil, errNotYet
}

func (r *mutationResolver) upsertInterests(ctx context.Context, input []*graph.InterestInput) (*model.UpsertResult, error) {
	return nil, errNotYet
}

func (r *mutationResolver) upsertEngagements(ctx context.Context, input []*graph.EngagementInput) (*model.UpsertResult, error) {
	return nil, errNotYet
}

func (r *mutationResolver) deletePerson(ctx context.Context, id string) (*model.DeleteResult, error) {
	return nil, errNotYet
}
