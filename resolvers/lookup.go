package resolvers

import (
	"context"
	"fmt"
	"strings"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
)

func (r *queryResolver) topic(ctx context.Context, id string) (*model.Topic, error) {
	found, err := r.store.Nodes(ctx, []string{neo4j.KindTopic}, id)
	if err != nil || len(found) == 0 {
		return nil, err
	}
	t, _ := found[0].Value.(*model.Topic)
	return t, nil
}

// nodeKinds reads node's id argument: "Kind:id" names the kind (the kind's
// case does not matter), anything else is a bare id looked up among all
// kinds.
func nodeKinds(id string) (kinds []string, bare string, err error) {
	if prefix, rest, ok := strings.Cut(id, ":"); ok {
		for _, k := range neo4j.NodeKinds {
			if strings.EqualFold(prefix, k) {
				if rest == "" {
					return nil, "", badInput("id %q names a kind but no id: write %s:<id>", id, k)
				}
				return []string{k}, rest, nil
			}
		}
	}
	return neo4j.NodeKinds, id, nil
}

func (r *queryResolver) node(ctx context.Context, id string) (graph.Node, error) {
	kinds, bare, err := nodeKinds(id)
	if err != nil {
		return nil, err
	}
	found, err := r.store.Nodes(ctx, kinds, bare)
	if err != nil {
		return nil, err
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
	default:
		var names, forms []string
		for _, f := range found {
			names = append(names, f.Kind)
			forms = append(forms, fmt.Sprintf("%q", f.Kind+":"+bare))
		}
		return nil, badInput("id %q is used by several kinds of node (%s): ask for one of %s",
			id, strings.Join(names, ", "), strings.Join(forms, ", "))
	}
	l := loaders(ctx, r.store)
	switch v := found[0].Value.(type) {
	case *model.Person:
		l.seePeople([]*model.Person{v})
	case *model.Company:
		l.companies.add([]string{v.ID})
	case *model.Signal:
		l.seeSignals([]*model.Signal{v})
	}
	n, ok := found[0].Value.(graph.Node)
	if !ok {
		return nil, fmt.Errorf("node: unexpected %T", found[0].Value)
	}
	return n, nil
}

func (r *queryResolver) search(ctx context.Context, text string, first *int) ([]*model.SearchHit, error) {
	if strings.TrimSpace(text) == "" {
		return nil, badInput("text must contain at least one word, e.g. `dana` or `acme`")
	}
	n, err := listSize(first)
	if err != nil {
		return nil, err
	}
	hits, err := r.store.Search(ctx, text, n)
	if err != nil {
		return nil, err
	}
	var people []*model.Person
	var companies []string
	for _, h := range hits {
		switch v := h.Node.(type) {
		case *model.Person:
			people = append(people, v)
		case *model.Company:
			companies = append(companies, v.ID)
		}
	}
	l := loaders(ctx, r.store)
	l.seePeople(people)
	l.companies.add(companies)
	return hits, nil
}
