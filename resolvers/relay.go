package resolvers

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
)

// Relay belongs to the GraphQL layer: the store answers a page of plain
// rows (neo4j.Page), and this file turns `first` and `after` into the page
// to ask for, and the page into edges with cursors and page info.
//
// A cursor is opaque to clients. Inside it holds a digest of the question
// and its arguments (everything but first and after, with `of` resolved
// to the key's person) and the offset of its edge, so that a cursor is
// accepted only by the question that gave it.

// paged is a question's request with a page in it.
type paged interface {
	Paging() *neo4j.Paging
}

const cursorVersion = "c1"

// digest names a request's question and arguments, its page left out.
// Requests are plain data; only a number JSON cannot hold (NaN, an
// infinity) makes it fail.
func digest(req paged) (string, error) {
	args, err := json.Marshal(req)
	if err != nil {
		return "", model.Invalid("", "the arguments hold a number that is not finite")
	}
	sum := sha256.Sum256(append([]byte(fmt.Sprintf("%T\n", req)), args...))
	return hex.EncodeToString(sum[:8]), nil
}

func encodeCursor(digest string, offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorVersion + ":" + digest + ":" + strconv.Itoa(offset)))
}

// decodeCursor returns the offset of a cursor that digest's question gave.
func decodeCursor(c, digest string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	parts := strings.Split(string(raw), ":")
	if err != nil || len(parts) != 3 || parts[0] != cursorVersion {
		return 0, model.Invalid("after", "after: %q is not a cursor returned by this API", c)
	}
	if parts[1] != digest {
		return 0, model.Invalid("after", "after: the cursor belongs to another question, or to this question with other arguments: pass the endCursor of the page before, asked with the same arguments")
	}
	n, err := strconv.Atoi(parts[2])
	if err != nil || n < 0 || n >= model.MaxOffset {
		return 0, model.Invalid("after", "after: %q is not a cursor returned by this API", c)
	}
	return n, nil
}

// setPage reads `first` (the schema's default when null) and `after` into
// req's page, once the rest of req is known.
func setPage(req paged, first *int, after *string) error {
	p := req.Paging()
	p.Limit = model.DefaultPageSize
	if first != nil {
		p.Limit = *first
	}
	p.Skip = 0
	if after != nil {
		d, err := digest(req)
		if err != nil {
			return err
		}
		off, err := decodeCursor(*after, d)
		if err != nil {
			return err
		}
		p.Skip = off + 1
	}
	return nil
}

// relay wraps one page of req's answer into edges, each made by edge with
// its cursor, and the page info. req has been answered, so it is valid.
func relay[T, E any](req paged, page neo4j.Page[T], edge func(cursor string, row T) E) ([]E, *graph.PageInfo, error) {
	skip := req.Paging().Skip
	d, err := digest(req)
	if err != nil {
		return nil, nil, err
	}
	edges := make([]E, 0, len(page.Items))
	info := &graph.PageInfo{HasPreviousPage: skip > 0, HasNextPage: skip+len(page.Items) < page.Total}
	for i, row := range page.Items {
		c := encodeCursor(d, skip+i)
		if i == 0 {
			info.StartCursor = &c
		}
		if i == len(page.Items)-1 {
			end := c
			info.EndCursor = &end
		}
		edges = append(edges, edge(c, row))
	}
	return edges, info, nil
}

// pagedRequest is a request type R whose pointer has a page.
type pagedRequest[R any] interface {
	*R
	paged
}

// connection is a Relay connection's parts, for the generated Connection
// types.
type connection[E any] struct {
	edges []E
	info  *graph.PageInfo
	total int
}

// ask answers a paged question: it reads first and after into req, asks
// the store, registers the rows with the request's loaders and wraps them
// into edges.
func ask[R any, PR pagedRequest[R], T, E any](ctx context.Context, r *Resolver, req R, first *int, after *string,
	answer func(context.Context, R) (neo4j.Page[T], error), edge func(cursor string, row T) E) (connection[E], error) {
	if err := setPage(PR(&req), first, after); err != nil {
		return connection[E]{}, err
	}
	page, err := answer(ctx, req)
	if err != nil {
		return connection[E]{}, err
	}
	r.see(ctx, page.Items)
	edges, info, err := relay(PR(&req), page, edge)
	return connection[E]{edges, info, page.Total}, err
}

// personEdge is the edge of a person in a network.
func personEdge(cursor string, p *model.NetworkPerson) *graph.PersonEdge {
	return &graph.PersonEdge{Cursor: cursor, Node: p.Person, Degree: p.Degree, Strength: p.Strength, Via: p.Via, Evidence: p.Evidence, Of: p.Of}
}
