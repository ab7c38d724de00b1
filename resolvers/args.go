package resolvers

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
)

// Page sizes of lists and connections.
const (
	defaultPageSize = 20
	maxListSize     = 100
)

func viewerID(ctx context.Context) string {
	if p := auth.FromContext(ctx); p != nil {
		return p.Person
	}
	return ""
}

func (r *queryResolver) personByID(ctx context.Context, id string) (*model.Person, error) {
	m, err := r.store.PeopleByID(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	return m[id], nil
}

func listSize(first *int) (int, error) {
	if first == nil {
		return defaultPageSize, nil
	}
	if *first < 1 || *first > maxListSize {
		return 0, badInput("first must be between 1 and %d, got %d", maxListSize, *first)
	}
	return *first, nil
}

func head[T any](list []T, n int) []T {
	if len(list) > n {
		return list[:n]
	}
	return list
}

// ofOrViewer resolves the `of` argument: given, else the key's person.
func ofOrViewer(ctx context.Context, of *string) (string, error) {
	if of != nil {
		if *of == "" {
			return "", badInput("of must not be empty")
		}
		return *of, nil
	}
	if id := viewerID(ctx); id != "" {
		return id, nil
	}
	return "", badInput("this API key names no person: pass `of` with a person id")
}

// Cursors are opaque to clients; inside they hold the offset of an edge,
// below maxOffset (Neo4j list indexes are 32-bit).
const (
	cursorPrefix = "offset:"
	maxOffset    = 1 << 30
)

func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(offset)))
}

func decodeCursor(c string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil && strings.HasPrefix(string(raw), cursorPrefix) {
		n, err := strconv.Atoi(strings.TrimPrefix(string(raw), cursorPrefix))
		if err == nil && n >= 0 && n < maxOffset {
			return n, nil
		}
	}
	return 0, badInput("after: %q is not a cursor returned by this API", c)
}

// fillNear defaults near.of to the viewer everywhere in a filter.
func fillNear(ctx context.Context, w *model.PersonWhere) error {
	if w == nil {
		return nil
	}
	if w.Near != nil && w.Near.Of == nil {
		id := viewerID(ctx)
		if id == "" {
			return badInput("near.of is required: this API key names no person")
		}
		w.Near.Of = &id
	}
	for _, list := range [][]*model.PersonWhere{w.And, w.Or, {w.Not}} {
		for _, sub := range list {
			if err := fillNear(ctx, sub); err != nil {
				return err
			}
		}
	}
	return nil
}

func connectionsRequest(ctx context.Context, of *string, degree *int, where *model.PersonWhere, first *int, after *string) (neo4j.ConnectionsRequest, error) {
	var req neo4j.ConnectionsRequest
	id, err := ofOrViewer(ctx, of)
	if err != nil {
		return req, err
	}
	req.Of = id
	req.Degree = 1
	if degree != nil {
		req.Degree = *degree
	}
	if req.Degree < neo4j.MinDegree || req.Degree > neo4j.MaxDegree {
		return req, badInput("degree must be between %d and %d, got %d", neo4j.MinDegree, neo4j.MaxDegree, req.Degree)
	}
	if req.Skip, req.Limit, err = pageArgs(first, after); err != nil {
		return req, err
	}
	if err := fillNear(ctx, where); err != nil {
		return req, err
	}
	req.Where = where
	return req, nil
}

// pageArgs reads Relay `first` and `after` into an offset and a limit.
func pageArgs(first *int, after *string) (skip, limit int, err error) {
	if limit, err = listSize(first); err != nil {
		return 0, 0, err
	}
	if after != nil {
		off, err := decodeCursor(*after)
		if err != nil {
			return 0, 0, err
		}
		skip = off + 1
	}
	return skip, limit, nil
}

// page builds the edges and page info of a Relay connection: items start
// at offset skip of total, and edge wraps one item with its cursor.
func page[T, E any](items []T, skip, total int, edge func(cursor string, item T) E) ([]E, *model.PageInfo) {
	edges := make([]E, 0, len(items))
	info := &model.PageInfo{HasPreviousPage: skip > 0, HasNextPage: skip+len(items) < total}
	for i, it := range items {
		c := encodeCursor(skip + i)
		if i == 0 {
			info.StartCursor = &c
		}
		if i == len(items)-1 {
			end := c
			info.EndCursor = &end
		}
		edges = append(edges, edge(c, it))
	}
	return edges, info
}

func connectionPage(p *neo4j.ConnectionsPage, req neo4j.ConnectionsRequest) *model.PersonConnection {
	edges, info := page(p.Edges, req.Skip, p.Total, func(c string, e *model.PersonEdge) *model.PersonEdge {
		e.Cursor = c
		return e
	})
	return &model.PersonConnection{Edges: edges, PageInfo: info, TotalCount: p.Total}
}

// seeEdges registers the people of a page of edges as sibling groups: the
// nodes, the via people, and the people and companies of the evidence.
func seeEdges(l *Loaders, edges []*model.PersonEdge) {
	nodes := make([]*model.Person, 0, len(edges))
	var via []*model.Person
	var signals []*model.Signal
	for _, e := range edges {
		nodes = append(nodes, e.Node)
		via = append(via, e.Via...)
		for _, ev := range e.Evidence {
			if ev.Signal != nil {
				signals = append(signals, ev.Signal)
			}
		}
	}
	l.seePeople(nodes)
	l.seePeople(via)
	l.seeSignals(signals)
}
