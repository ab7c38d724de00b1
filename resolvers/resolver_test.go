package resolvers

import (
	"slices"
	"testing"

	"github.com/relgraph/relgraph/graph"
)

// edgeFieldsButEvidence are PersonEdge's fields, evidence left out, so
// that a field added to PersonEdge cannot pass for one that needs no
// evidence.
func TestEdgeFieldsButEvidenceFollowTheSchema(t *testing.T) {
	edge := graph.NewExecutableSchema(graph.Config{}).Schema().Types["PersonEdge"]
	want := []string{"__typename"}
	for _, f := range edge.Fields {
		if f.Name != "evidence" {
			want = append(want, f.Name)
		}
	}
	got := slices.Clone(edgeFieldsButEvidence)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("edgeFieldsButEvidence = %v, want %v", got, want)
	}
}
