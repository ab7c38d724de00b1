package resolvers

import (
	"context"
	"fmt"
	"strings"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
)

// Reading arguments: what the schema leaves to the key (the viewer) and
// the defaults of arguments passed as null. Every bound is checked once,
// by the request, in the store.

func viewerID(ctx context.Context) string {
	if p := auth.FromContext(ctx); p != nil {
		return p.Person
	}
	return ""
}

// orViewer reads a person argument that defaults to the key's person.
func orViewer(ctx context.Context, arg string, id *string) (string, error) {
	return orViewerAs(ctx, arg, "`"+arg+"`", id)
}

// orViewerAs is orViewer with the argument as messages quote it.
func orViewerAs(ctx context.Context, arg, quoted string, id *string) (string, error) {
	if id != nil {
		if *id == "" {
			return "", model.Invalid(arg, "%s must not be empty", arg)
		}
		return *id, nil
	}
	if v := viewerID(ctx); v != "" {
		return v, nil
	}
	return "", model.Invalid(arg, "this API key names no person: pass %s with a person id", quoted)
}

func orDefault[T any](v *T, def T) T {
	if v == nil {
		return def
	}
	return *v
}

// listSize reads the `first` of a nested list.
func listSize(limits model.Limits, first *int) (int, error) {
	n := orDefault(first, model.DefaultPageSize)
	return n, limits.CheckFirst(n)
}

func head[T any](list []T, n int) []T {
	if len(list) > n {
		return list[:n]
	}
	return list
}

// fillNear defaults near.of to the viewer everywhere in a filter.
func fillNear(ctx context.Context, w *model.PersonWhere) error {
	if w == nil {
		return nil
	}
	if w.Near != nil && w.Near.Of == nil {
		id := viewerID(ctx)
		if id == "" {
			return model.Invalid("near.of", "near.of is required: this API key names no person")
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

// network reads the arguments of the two network questions.
func network(ctx context.Context, of *string, degree *int, where *model.PersonWhere) (string, int, error) {
	id, err := orViewer(ctx, "of", of)
	if err != nil {
		return "", 0, err
	}
	return id, orDefault(degree, 1), fillNear(ctx, where)
}

// signalsNetwork reads signals' network argument.
func signalsNetwork(ctx context.Context, n *model.NetworkInput) (*neo4j.SignalsNetwork, error) {
	if n == nil {
		return nil, nil
	}
	of, err := orViewerAs(ctx, "network.of", "network.of", n.Of)
	return &neo4j.SignalsNetwork{Of: of, Degree: orDefault(n.Degree, 1)}, err
}

// Defaults of the introduction questions, as in the schema.
const (
	defaultMaxHops   = 3
	defaultPathCount = 3
)

func pathsRequest(ctx context.Context, from *string, to string, toCompany bool, maxHops, first *int) (neo4j.PathsRequest, error) {
	start, err := orViewer(ctx, "from", from)
	return neo4j.PathsRequest{From: start, To: to, ToCompany: toCompany, MaxHops: orDefault(maxHops, defaultMaxHops), Limit: orDefault(first, defaultPathCount)}, err
}

// nodeKinds reads node's id argument: "Kind:id" names the kind (the kind's
// case does not matter), anything else is a bare id looked up among all
// kinds.
func nodeKinds(id string) (kinds []string, bare string, err error) {
	if prefix, rest, ok := strings.Cut(id, ":"); ok {
		for _, k := range neo4j.NodeKinds {
			if strings.EqualFold(prefix, k) {
				if rest == "" {
					return nil, "", model.Invalid("id", "id %q names a kind but no id: write %s:<id>", id, k)
				}
				return []string{k}, rest, nil
			}
		}
	}
	return neo4j.NodeKinds, id, nil
}

// oneNode is node's answer among the nodes found with its id.
func oneNode(id, bare string, found []neo4j.FoundNode) (graph.Node, error) {
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
		n, ok := found[0].Value.(graph.Node)
		if !ok {
			return nil, fmt.Errorf("node: unexpected %T", found[0].Value)
		}
		return n, nil
	}
	var names, forms []string
	for _, f := range found {
		names = append(names, f.Kind)
		forms = append(forms, fmt.Sprintf("%q", f.Kind+":"+bare))
	}
	return nil, model.Invalid("id", "id %q is used by several kinds of node (%s): ask for one of %s",
		id, strings.Join(names, ", "), strings.Join(forms, ", "))
}
