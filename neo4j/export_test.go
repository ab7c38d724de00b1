package neo4j

import "github.com/relgraph/relgraph/internal/model"

// Anchors is how many topics a degree-2 walk over a network filtered by
// where may start from, besides the network (ConnectionsRequest.Start).
func Anchors(degree int, where *model.PersonWhere) int {
	if degree != 2 {
		return 0
	}
	return len(anchorsOf(where))
}
