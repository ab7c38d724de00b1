package neo4j

import (
	"context"

	"github.com/relgraph/relgraph/internal/model"
)

// Anchors is how many topics a degree-2 walk over a network filtered by
// where may start from, besides the network (ConnectionsRequest.Start).
func Anchors(degree int, where *model.PersonWhere) int {
	if degree != 2 {
		return 0
	}
	return len(anchorsOf(where))
}

// StartCounts returns what a degree-2 walk over of's network filtered by
// where counts to choose its side: the rows of the network and of each
// topic (nil when of does not exist).
func (s *Store) StartCounts(ctx context.Context, of string, where *model.PersonWhere) (int, []int, error) {
	return s.startCounts(ctx, "test", of, anchorsOf(where))
}
