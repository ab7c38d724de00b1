package resolvers

import (
	"context"

	"github.com/relgraph/relgraph/model"
	"github.com/relgraph/relgraph/neo4j"
)

func (r *queryResolver) companiesWithConnections(ctx context.Context, of *string, degree *int, where *model.PersonWhere, first *int, after *string, orderBy *model.CompanyOrder) (*model.CompanyHitConnection, error) {
	req, err := companiesRequest(ctx, of, degree, where, first, after, orderBy)
	if err != nil {
		return nil, err
	}
	p, err := r.store.CompaniesWithConnections(ctx, req)
	if err != nil {
		return nil, err
	}
	// All companies of the page form one sibling group, and all their
	// people another, so nested fields cost one statement per list.
	l := loaders(ctx, r.store)
	ids := make([]string, 0, len(p.Hits))
	var people []*model.PersonEdge
	for _, h := range p.Hits {
		ids = append(ids, h.Company.ID)
		people = append(people, h.People...)
	}
	l.companies.add(ids)
	seeEdges(l, people)
	edges, info := page(p.Hits, req.Skip, p.Total, func(c string, h *model.CompanyHit) *model.CompanyHitEdge {
		return &model.CompanyHitEdge{Cursor: c, Node: h}
	})
	return &model.CompanyHitConnection{Edges: edges, PageInfo: info, TotalCount: p.Total}, nil
}

func companiesRequest(ctx context.Context, of *string, degree *int, where *model.PersonWhere, first *int, after *string, orderBy *model.CompanyOrder) (neo4j.CompaniesRequest, error) {
	req := neo4j.CompaniesRequest{Degree: 1, Where: where, Order: orderBy}
	var err error
	if req.Of, err = ofOrViewer(ctx, of); err != nil {
		return req, err
	}
	if degree != nil {
		req.Degree = *degree
	}
	if req.Degree < neo4j.MinDegree || req.Degree > neo4j.MaxDegree {
		return req, badInput("degree must be between %d and %d, got %d", neo4j.MinDegree, neo4j.MaxDegree, req.Degree)
	}
	if req.Skip, req.Limit, err = pageArgs(first, after); err != nil {
		return req, err
	}
	return req, fillNear(ctx, where)
}
