package resolvers

import (
	"context"

	"github.com/relgraph/relgraph/graph"
	english "github.com/relgraph/relgraph/internal/ask"
	"github.com/relgraph/relgraph/internal/gqlexec"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
)

// askLookup resolves the names of a question through the store: topics by
// id and name, people and companies through search.
type askLookup struct{ store *neo4j.Store }

func (l askLookup) Topics(ctx context.Context) ([]english.Named, error) {
	topics, err := l.store.Topics(ctx)
	out := make([]english.Named, 0, len(topics))
	for _, t := range topics {
		n := english.Named{ID: t.ID}
		if t.Name != nil {
			n.Name = *t.Name
		}
		out = append(out, n)
	}
	return out, err
}

func (l askLookup) find(ctx context.Context, text string, people bool) ([]english.Named, error) {
	hits, err := l.store.Search(ctx, neo4j.SearchRequest{Text: text, Limit: 10})
	var out []english.Named
	for _, h := range hits {
		switch n := h.Node.(type) {
		case *model.Person:
			if people && n.Name != nil {
				out = append(out, english.Named{ID: n.ID, Name: *n.Name})
			}
		case *model.Company:
			if !people && n.Name != nil {
				out = append(out, english.Named{ID: n.ID, Name: *n.Name})
			}
		}
	}
	return out, err
}

func (l askLookup) People(ctx context.Context, text string) ([]english.Named, error) {
	return l.find(ctx, text, true)
}

func (l askLookup) Companies(ctx context.Context, text string) ([]english.Named, error) {
	return l.find(ctx, text, false)
}

// askEnglish interprets a question and asks what it became, with the caller's
// key, through the schema.
func (r *Resolver) askEnglish(ctx context.Context, question string) (*graph.AskAnswer, error) {
	in, err := english.Interpret(ctx, question, askLookup{r.store}, r.store.Now())
	if err != nil {
		return nil, err
	}
	data, err := gqlexec.Run(ctx, r.exec, in.GraphQL, in.Variables)
	if err != nil {
		return nil, err
	}
	unknown := in.Unknown
	if unknown == nil {
		unknown = []string{}
	}
	return &graph.AskAnswer{Understood: in.Understood, Graphql: in.GraphQL, Variables: in.Variables, Answer: data, Unknown: unknown}, nil
}
