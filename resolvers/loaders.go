package resolvers

import (
	"context"
	"net/http"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/relgraph/relgraph/model"
	"github.com/relgraph/relgraph/neo4j"
)

// Loaders batch the nested fields of one request: every parent at one
// level of the query shares one statement.
type Loaders struct {
	worksAt     *dataloadgen.Loader[string, []*model.Employment]
	worksAtAll  *dataloadgen.Loader[string, []*model.Employment]
	employees   *dataloadgen.Loader[string, []*model.Employment]
	interests   *dataloadgen.Loader[string, []*model.Interest]
	knows       *dataloadgen.Loader[string, []*model.Acquaintance]
	engagements *dataloadgen.Loader[string, []*model.Engagement]
	personSigs  *dataloadgen.Loader[string, []*model.Signal]
	companySigs *dataloadgen.Loader[string, []*model.Signal]
}

// loaderWait is how long a loader gathers keys before it runs.
const loaderWait = 2 * time.Millisecond

// grouped adapts a store method returning a map of lists to a loader
// returning one list per key, in key order.
func grouped[T any](fetch func(context.Context, []string) (map[string][]T, error)) *dataloadgen.Loader[string, []T] {
	return dataloadgen.NewLoader(func(ctx context.Context, keys []string) ([][]T, []error) {
		m, err := fetch(ctx, keys)
		out := make([][]T, len(keys))
		errs := make([]error, len(keys))
		for i, k := range keys {
			if err != nil {
				errs[i] = err
				continue
			}
			out[i] = m[k]
			if out[i] == nil {
				out[i] = []T{}
			}
		}
		return out, errs
	}, dataloadgen.WithWait(loaderWait))
}

// NewLoaders builds the loaders of one request.
func NewLoaders(s *neo4j.Store) *Loaders {
	return &Loaders{
		worksAt: grouped(func(ctx context.Context, ids []string) (map[string][]*model.Employment, error) {
			return s.EmploymentsByPerson(ctx, ids, false)
		}),
		worksAtAll: grouped(func(ctx context.Context, ids []string) (map[string][]*model.Employment, error) {
			return s.EmploymentsByPerson(ctx, ids, true)
		}),
		employees:   grouped(s.EmployeesByCompany),
		interests:   grouped(s.InterestsByPerson),
		knows:       grouped(s.KnowsByPerson),
		engagements: grouped(s.EngagementsByPerson),
		personSigs:  grouped(s.SignalsByPerson),
		companySigs: grouped(s.SignalsByCompany),
	}
}

type loadersKey struct{}

// Middleware gives each request fresh loaders.
func Middleware(s *neo4j.Store) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := context.WithValue(r.Context(), loadersKey{}, NewLoaders(s))
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

func loaders(ctx context.Context, s *neo4j.Store) *Loaders {
	if l, ok := ctx.Value(loadersKey{}).(*Loaders); ok {
		return l
	}
	// Outside the HTTP middleware (a direct executor call): still batch
	// per call rather than fail.
	return NewLoaders(s)
}
