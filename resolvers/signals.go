package resolvers

import (
	"context"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
)

func (r *queryResolver) signals(ctx context.Context, where *model.SignalWhere, network *model.NetworkInput, first *int, after *string, orderBy *model.SignalOrder) (*model.SignalConnection, error) {
	req, err := signalsRequest(ctx, where, network, first, after, orderBy)
	if err != nil {
		return nil, err
	}
	p, err := r.store.Signals(ctx, req)
	if err != nil {
		return nil, err
	}
	loaders(ctx, r.store).seeSignals(p.Signals)
	edges, info := page(p.Signals, req.Skip, p.Total, func(c string, s *model.Signal) *model.SignalEdge {
		return &model.SignalEdge{Cursor: c, Node: s}
	})
	return &model.SignalConnection{Edges: edges, PageInfo: info, TotalCount: p.Total}, nil
}

func signalsRequest(ctx context.Context, where *model.SignalWhere, network *model.NetworkInput, first *int, after *string, orderBy *model.SignalOrder) (neo4j.SignalsRequest, error) {
	req := neo4j.SignalsRequest{Where: where, Order: orderBy}
	var err error
	if network != nil {
		n := &neo4j.SignalsNetwork{Degree: 1}
		if network.Of == nil && viewerID(ctx) == "" {
			return req, badInput("this API key names no person: pass network.of with a person id")
		}
		if n.Of, err = ofOrViewer(ctx, network.Of); err != nil {
			return req, err
		}
		if network.Degree != nil {
			n.Degree = *network.Degree
		}
		if n.Degree < neo4j.MinDegree || n.Degree > neo4j.MaxDegree {
			return req, badInput("network.degree must be between %d and %d, got %d", neo4j.MinDegree, neo4j.MaxDegree, n.Degree)
		}
		req.Network = n
	}
	req.Skip, req.Limit, err = pageArgs(first, after)
	return req, err
}
