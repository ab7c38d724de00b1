package resolvers

import (
	"context"

	"github.com/relgraph/relgraph/internal/model"
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

// companiesRequest reads the same network arguments as connections.
func companiesRequest(ctx context.Context, of *string, degree *int, where *model.PersonWhere, first *int, after *string, orderBy *model.CompanyOrder) (neo4j.CompaniesRequest, error) {
	c, err := connectionsRequest(ctx, of, degree, where, first, after)
	if err != nil {
		return neo4j.CompaniesRequest{}, err
	}
	return neo4j.CompaniesRequest{Of: c.Of, Degree: c.Degree, Where: c.Where, Order: orderBy, Skip: c.Skip, Limit: c.Limit}, nil
}
