package resolvers

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
)

// Nested fields are loaded by sibling group rather than by time window.
// Whenever a resolver or a loader returns a list of people or companies,
// their ids are registered as one group. When a nested field is first
// asked for one member, the field is fetched for every not-yet-loaded
// member of its group in one statement. So a request costs at most one
// statement per (field, list) of its shape, however many rows come back,
// and no loader waits on a timer.

// groups records the sibling groups of one request.
type groups struct {
	mu      sync.Mutex
	groupOf map[string][]string
}

// add registers ids as siblings. An id in several groups (an employee
// who also wrote one of the signals of the same answer) has their union:
// whichever of its lists resolves first, the field is fetched once for
// all of them.
func (g *groups) add(ids []string) {
	if len(ids) == 0 {
		return
	}
	group := dedupe(ids)
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, id := range group {
		if old, ok := g.groupOf[id]; ok {
			g.groupOf[id] = dedupe(append(slices.Clone(old), group...))
		} else {
			g.groupOf[id] = group
		}
	}
}

func (g *groups) of(id string) []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	if group, ok := g.groupOf[id]; ok {
		return group
	}
	return []string{id}
}

func dedupe(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// call is one fetch in flight; done closes when its results are stored.
// err fails every key of the fetch; keyErrs only theirs.
type call struct {
	done    chan struct{}
	err     error
	keyErrs model.KeyErrors
}

// groupLoader loads one list field of people or companies by group.
type groupLoader[T any] struct {
	groups *groups
	fetch  func(ctx context.Context, ids []string) (map[string][]T, error)
	// fetched registers what one fetch led to (the people or companies
	// of all its values) as the next level's groups.
	fetched func(values []T)

	mu       sync.Mutex
	results  map[string][]T
	inFlight map[string]*call
}

func newLoader[T any](g *groups, fetch func(context.Context, []string) (map[string][]T, error), fetched func([]T)) *groupLoader[T] {
	return &groupLoader[T]{groups: g, fetch: fetch, fetched: fetched, results: map[string][]T{}, inFlight: map[string]*call{}}
}

// Load returns the field's list for id.
func (l *groupLoader[T]) Load(ctx context.Context, id string) ([]T, error) {
	l.mu.Lock()
	if res, ok := l.results[id]; ok {
		l.mu.Unlock()
		return res, nil
	}
	c, ok := l.inFlight[id]
	if !ok {
		c = &call{done: make(chan struct{})}
		keys := []string{id}
		for _, k := range l.groups.of(id) {
			if _, loaded := l.results[k]; loaded || k == id {
				continue
			}
			if _, flying := l.inFlight[k]; !flying {
				keys = append(keys, k)
			}
		}
		for _, k := range keys {
			l.inFlight[k] = c
		}
		l.mu.Unlock()
		l.run(ctx, c, keys)
		l.mu.Lock()
	}
	l.mu.Unlock()
	select {
	case <-c.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if c.err != nil {
		return nil, c.err
	}
	if err := c.keyErrs[id]; err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.results[id], nil
}

func (l *groupLoader[T]) run(ctx context.Context, c *call, keys []string) {
	m, err := l.fetch(ctx, keys)
	var keyErrs model.KeyErrors
	if errors.As(err, &keyErrs) {
		c.keyErrs, err = keyErrs, nil
	}
	var values []T
	l.mu.Lock()
	for _, k := range keys {
		delete(l.inFlight, k)
		if err != nil || keyErrs[k] != nil {
			continue
		}
		list := m[k]
		if list == nil {
			list = []T{}
		}
		l.results[k] = list
		values = append(values, list...)
	}
	c.err = err
	l.mu.Unlock()
	if l.fetched != nil {
		l.fetched(values)
	}
	close(c.done)
}

// Loaders are the loaders of one request.
type Loaders struct {
	people    *groups
	companies *groups
	pairs     *groups // pairKey(a, b) of the KNOWS an answer shows
	saved     *groups // saved questions
	alerts    *groups

	worksAt     *groupLoader[*model.Employment]
	worksAtAll  *groupLoader[*model.Employment]
	employees   *groupLoader[*model.Employment]
	interests   *groupLoader[*model.Interest]
	knows       *groupLoader[*model.Acquaintance]
	engagements *groupLoader[*model.Engagement]
	personSigs  *groupLoader[*model.SignalNode]
	companySigs *groupLoader[*model.SignalNode]
	pairKnows   *groupLoader[*model.Acquaintance] // by pair
	interacted  *groupLoader[*model.Interaction]  // by pair, newest first
	webhooks    *groupLoader[*model.Webhook]      // by saved question
	deliveries  *groupLoader[*model.Delivery]     // by alert
}

// pairKey names a pair of people for the pair loaders.
func pairKey(a, b string) string { return a + "\x00" + b }

// byPair adapts a store method over pairs to the loaders' string keys.
func byPair[T any](fetch func(context.Context, []model.Pair) (map[model.Pair][]T, error)) func(context.Context, []string) (map[string][]T, error) {
	return func(ctx context.Context, keys []string) (map[string][]T, error) {
		pairs := make([]model.Pair, len(keys))
		for i, k := range keys {
			a, b, _ := strings.Cut(k, "\x00")
			pairs[i] = model.Pair{a, b}
		}
		found, err := fetch(ctx, pairs)
		out := make(map[string][]T, len(found))
		for p, list := range found {
			out[pairKey(p[0], p[1])] = list
		}
		return out, err
	}
}

// NewLoaders builds the loaders of one request.
func NewLoaders(s *neo4j.Store) *Loaders {
	people := &groups{groupOf: map[string][]string{}}
	companies := &groups{groupOf: map[string][]string{}}
	pairs := &groups{groupOf: map[string][]string{}}
	l := &Loaders{people: people, companies: companies, pairs: pairs, saved: &groups{groupOf: map[string][]string{}}, alerts: &groups{groupOf: map[string][]string{}}}
	employers := func(list []*model.Employment) {
		ids := make([]string, 0, len(list))
		for _, e := range list {
			ids = append(ids, e.Company.ID)
		}
		companies.add(ids)
	}
	employees := func(list []*model.Employment) {
		ids := make([]string, 0, len(list))
		for _, e := range list {
			ids = append(ids, e.Person.ID)
		}
		people.add(ids)
	}
	acquaintances := func(list []*model.Acquaintance) {
		ids := make([]string, 0, len(list))
		for _, a := range list {
			ids = append(ids, a.Person.ID)
		}
		people.add(ids)
	}
	l.worksAt = newLoader(people, func(ctx context.Context, ids []string) (map[string][]*model.Employment, error) {
		return s.EmploymentsByPerson(ctx, ids, false)
	}, employers)
	l.worksAtAll = newLoader(people, func(ctx context.Context, ids []string) (map[string][]*model.Employment, error) {
		return s.EmploymentsByPerson(ctx, ids, true)
	}, employers)
	l.employees = newLoader(companies, s.EmployeesByCompany, employees)
	l.interests = newLoader(people, s.InterestsByPerson, nil)
	l.knows = newLoader(people, s.KnowsByPerson, acquaintances)
	l.engagements = newLoader(people, s.EngagementsByPerson, nil)
	l.personSigs = newLoader(people, s.SignalsByPerson, l.seeSignals)
	l.companySigs = newLoader(companies, s.SignalsByCompany, l.seeSignals)
	l.pairKnows = newLoader(pairs, byPair(s.KnowsByPair), nil)
	l.interacted = newLoader(pairs, byPair(func(ctx context.Context, pairs []model.Pair) (map[model.Pair][]*model.Interaction, error) {
		return s.InteractionsByPair(ctx, pairs, s.Limits().MaxPageSize)
	}), nil)
	l.webhooks = newLoader(l.saved, s.WebhooksOf, nil)
	l.deliveries = newLoader(l.alerts, s.DeliveriesOf, nil)
	return l
}

// seePairs registers pairs of people (from, to) as siblings.
func (l *Loaders) seePairs(pairs [][2]string) {
	keys := make([]string, len(pairs))
	for i, p := range pairs {
		keys[i] = pairKey(p[0], p[1])
	}
	l.pairs.add(keys)
}

// seePeople registers a list of people as siblings.
func (l *Loaders) seePeople(people []*model.Person) {
	ids := make([]string, 0, len(people))
	for _, p := range people {
		if p != nil {
			ids = append(ids, p.ID)
		}
	}
	l.people.add(ids)
}

// seeSignals registers the people and companies of a list of signals.
func (l *Loaders) seeSignals(signals []*model.SignalNode) {
	var people, companies []string
	for _, s := range signals {
		if s.Person != nil {
			people = append(people, s.Person.ID)
		}
		if s.Company != nil {
			companies = append(companies, s.Company.ID)
		}
	}
	l.people.add(people)
	l.companies.add(companies)
}

// seeNetwork registers the people of network rows as sibling groups: the
// people, the via people, and the people and companies of the evidence.
func (l *Loaders) seeNetwork(rows []*model.NetworkPerson) {
	people := make([]*model.Person, 0, len(rows))
	var via []*model.Person
	var signals []*model.SignalNode
	for _, r := range rows {
		people = append(people, r.Person)
		via = append(via, r.Via...)
		for _, ev := range r.Evidence {
			if ev.Signal != nil {
				signals = append(signals, ev.Signal)
			}
		}
	}
	l.seePeople(people)
	l.seePeople(via)
	l.seeSignals(signals)
	var pairs [][2]string
	for _, r := range rows {
		if r.Degree == 1 {
			pairs = append(pairs, [2]string{r.Of, r.Person.ID})
		}
	}
	l.seePairs(pairs)
}

// see registers what an answer holds, so that a nested field asked for one
// of its people or companies is fetched for all of them at once.
func (l *Loaders) see(answer any) {
	switch a := answer.(type) {
	case []*model.SavedQuestion:
		ids := make([]string, len(a))
		for i, q := range a {
			ids[i] = q.ID
		}
		l.saved.add(ids)
	case []*model.Alert:
		ids := make([]string, len(a))
		for i, al := range a {
			ids[i] = al.ID
		}
		l.alerts.add(ids)
	case []*model.NetworkPerson:
		l.seeNetwork(a)
	case []*model.CompanyHit:
		// All companies of the page form one sibling group, and all their
		// people another.
		ids := make([]string, 0, len(a))
		var people []*model.NetworkPerson
		for _, h := range a {
			ids = append(ids, h.Company.ID)
			people = append(people, h.People...)
		}
		l.companies.add(ids)
		l.seeNetwork(people)
	case []*model.SignalNode:
		l.seeSignals(a)
	case []*model.CustomerValue:
		ids := make([]string, 0, len(a))
		for _, c := range a {
			ids = append(ids, c.Company.ID)
		}
		l.companies.add(ids)
	case []*model.Suggestion:
		// The suggested people, and the people who could introduce them.
		people := make([]*model.Person, 0, len(a))
		var via []*model.Person
		for _, s := range a {
			people = append(people, s.Person)
			via = append(via, s.Via...)
		}
		l.seePeople(people)
		l.seePeople(via)
	case []*model.IntroductionPath:
		var people []*model.Person
		var pairs [][2]string
		for _, p := range a {
			people = append(people, p.People...)
			for _, link := range p.Links() {
				pairs = append(pairs, [2]string{link.From.ID, link.To.ID})
			}
		}
		l.seePeople(people)
		l.seePairs(pairs)
	case *model.AccountCoverage:
		// Contacts and team members form one sibling group.
		var people []*model.Person
		for _, d := range a.Departments {
			for _, c := range d.People {
				people = append(people, c.Person)
			}
		}
		for _, t := range a.TeamMembers {
			people = append(people, t.Person)
		}
		l.seePeople(people)
		l.companies.add([]string{a.Company.ID})
	case []*model.SearchHit:
		var people []*model.Person
		var companies []string
		for _, h := range a {
			switch v := h.Node.(type) {
			case *model.Person:
				people = append(people, v)
			case *model.Company:
				companies = append(companies, v.ID)
			}
		}
		l.seePeople(people)
		l.companies.add(companies)
	case *model.Person:
		l.seePeople([]*model.Person{a})
	case *model.Company:
		if a != nil {
			l.companies.add([]string{a.ID})
		}
	case *model.SignalNode:
		if a != nil {
			l.seeSignals([]*model.SignalNode{a})
		}
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
	// Outside the HTTP middleware (a direct executor call): still correct,
	// batched per field call.
	return NewLoaders(s)
}
