package neo4j

import (
	"context"
	"slices"
	"sort"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/model"
)

// The statements below fetch nested fields for many parents at once: the
// per-request loaders call them with every key a GraphQL level asked for,
// so one level of nesting costs one round trip, whatever the row count.

func sortByID[T any](s []T, id func(T) string) {
	sort.SliceStable(s, func(i, j int) bool { return id(s[i]) < id(s[j]) })
}

// grouped runs a keyed statement: each record carries "key" and a "value"
// of type T.
func grouped[T any](ctx context.Context, s *Store, name, cypher string, params map[string]any) (map[string][]T, error) {
	type pair struct {
		Key   string `json:"key"`
		Value T      `json:"value"`
	}
	rows, err := read(ctx, s, name, cypher, params, func(rec *driver.Record) (pair, error) {
		var p pair
		err := decodeRow(rec, &p)
		return p, err
	})
	if err != nil {
		return nil, err
	}
	out := map[string][]T{}
	for _, r := range rows {
		out[r.Key] = append(out[r.Key], r.Value)
	}
	return out, nil
}

// byID fetches nodes of one label by id; missing ids are absent from the
// map.
func byID[T any](ctx context.Context, s *Store, name, label string, ids []string, id func(T) string) (map[string]T, error) {
	b := newBuilder(operator)
	rows, err := read(ctx, s, name, `UNWIND `+b.param(ids)+` AS id MATCH (n:`+label+` {id: id}) RETURN n`, b.params,
		func(rec *driver.Record) (T, error) {
			var v T
			err := decodeRecord(rec, "n", &v)
			return v, err
		})
	out := map[string]T{}
	for _, v := range rows {
		out[id(v)] = v
	}
	return out, err
}

// PeopleByID fetches people; missing ids are absent from the map.
func (s *Store) PeopleByID(ctx context.Context, ids []string) (map[string]*model.Person, error) {
	return byID(ctx, s, "peopleById", KindPerson, ids, func(p *model.Person) string { return p.ID })
}

// CompaniesByID fetches companies; missing ids are absent from the map.
func (s *Store) CompaniesByID(ctx context.Context, ids []string) (map[string]*model.Company, error) {
	return byID(ctx, s, "companiesById", KindCompany, ids, func(c *model.Company) string { return c.ID })
}

func sortEmployments(list []*model.Employment, other func(*model.Employment) string) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Current() != b.Current() {
			return a.Current()
		}
		ta, tb := timeOf(a.Since), timeOf(b.Since)
		if !ta.Equal(tb) {
			return ta.After(tb)
		}
		return other(a) < other(b)
	})
}

func timeOf(d *model.DateTime) time.Time {
	if d == nil {
		return time.Time{}
	}
	return d.Time
}

// EmploymentsByPerson fetches WORKS_AT edges per person: current ones
// first, newest start first.
func (s *Store) EmploymentsByPerson(ctx context.Context, ids []string, includePast bool) (map[string][]*model.Employment, error) {
	b := newBuilder(operator)
	out, err := grouped[*model.Employment](ctx, s, "employmentsByPerson", `UNWIND `+b.param(ids)+` AS key
MATCH (p:Person {id: key})-[w:WORKS_AT]->(co:Company)
WHERE `+b.named("includePast", includePast)+` OR w.until IS NULL
RETURN key, w {.*, person: p, company: co} AS value`, b.params)
	for _, l := range out {
		sortEmployments(l, func(e *model.Employment) string { return e.Company.ID })
	}
	return out, err
}

// EmployeesByCompany fetches current WORKS_AT edges per company, by person id.
func (s *Store) EmployeesByCompany(ctx context.Context, ids []string) (map[string][]*model.Employment, error) {
	b := newBuilder(operator)
	out, err := grouped[*model.Employment](ctx, s, "employeesByCompany", `UNWIND `+b.param(ids)+` AS key
MATCH (p:Person)-[w:WORKS_AT]->(co:Company {id: key})
WHERE w.until IS NULL
RETURN key, w {.*, person: p, company: co} AS value`, b.params)
	for _, l := range out {
		sortByID(l, func(e *model.Employment) string { return e.Person.ID })
	}
	return out, err
}

// InterestsByPerson fetches declared interests, by weight desc then topic id.
func (s *Store) InterestsByPerson(ctx context.Context, ids []string) (map[string][]*model.Interest, error) {
	b := newBuilder(operator)
	out, err := grouped[*model.Interest](ctx, s, "interestsByPerson", `UNWIND `+b.param(ids)+` AS key
MATCH (:Person {id: key})-[i:INTERESTED_IN]->(t:Topic)
RETURN key, i {.*, topic: t} AS value`, b.params)
	for _, l := range out {
		sort.SliceStable(l, func(a, b int) bool {
			wa, wb := deref(l[a].Weight), deref(l[b].Weight)
			if wa != wb {
				return wa > wb
			}
			return l[a].Topic.ID < l[b].Topic.ID
		})
	}
	return out, err
}

func deref(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}

// KnowsByPerson fetches the KNOWS edges of people, read undirected, with
// the summaries of their interactions, by strength desc then id: each
// person's relationships, which the key's scope must reach, as the viewer
// counts them. The people out of scope get their error in a
// model.KeyErrors.
func (s *Store) KnowsByPerson(ctx context.Context, ids []string) (map[string][]*model.Acquaintance, error) {
	v := viewerOf(ctx)
	subjects := make([]Subject, len(ids))
	for i, id := range ids {
		subjects[i] = Subject{Arg: "knows", ID: id}
	}
	refused, err := s.outOfScope(ctx, v, subjects)
	if err != nil {
		return nil, err
	}
	ids = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return refused[id] != nil })
	b := newBuilder(v)
	out, err := grouped[*model.Acquaintance](ctx, s, "knowsByPerson", `UNWIND `+b.param(ids)+` AS key
MATCH (p:Person {id: key})-[`+b.knows("k")+`]-(o:Person)
WHERE o <> p
`+pairSummary("key", "o.id")+`
RETURN key, `+acquaintance+` AS value`, b.params)
	if err == nil && len(refused) > 0 {
		err = model.KeyErrors(refused)
	}
	for _, l := range out {
		sort.SliceStable(l, func(a, b int) bool {
			sa, sb := deref(l[a].Strength), deref(l[b].Strength)
			if sa != sb {
				return sa > sb
			}
			return l[a].Person.ID < l[b].Person.ID
		})
	}
	return out, err
}

// EngagementsByPerson fetches engagements, newest first.
func (s *Store) EngagementsByPerson(ctx context.Context, ids []string) (map[string][]*model.Engagement, error) {
	b := newBuilder(operator)
	out, err := grouped[*model.Engagement](ctx, s, "engagementsByPerson", `UNWIND `+b.param(ids)+` AS key
MATCH (:Person {id: key})-[e:ENGAGED_WITH]->(c:Content)
RETURN key, e {.*, content: `+contentProjection("c")+`} AS value`, b.params)
	for _, l := range out {
		sort.SliceStable(l, func(a, b int) bool {
			ta, tb := l[a].At.Time, l[b].At.Time
			if !ta.Equal(tb) {
				return ta.After(tb)
			}
			if l[a].Content.ID != l[b].Content.ID {
				return l[a].Content.ID < l[b].Content.ID
			}
			return l[a].Action < l[b].Action
		})
	}
	return out, err
}

func sortSignals(l []*model.SignalNode) {
	sort.SliceStable(l, func(a, b int) bool {
		ta, tb := timeOf(l[a].At), timeOf(l[b].At)
		if !ta.Equal(tb) {
			return ta.After(tb)
		}
		return l[a].ID < l[b].ID
	})
}

// SignalsByPerson fetches signals BY each person, newest first.
func (s *Store) SignalsByPerson(ctx context.Context, ids []string) (map[string][]*model.SignalNode, error) {
	b := newBuilder(operator)
	out, err := grouped[*model.SignalNode](ctx, s, "signalsByPerson", `UNWIND `+b.param(ids)+` AS key
MATCH (sig:Signal)-[:BY]->(:Person {id: key})
RETURN key, `+signalProjection("sig")+` AS value`, b.params)
	for _, l := range out {
		sortSignals(l)
	}
	return out, err
}

// SignalsByCompany fetches signals AT each company, newest first.
func (s *Store) SignalsByCompany(ctx context.Context, ids []string) (map[string][]*model.SignalNode, error) {
	b := newBuilder(operator)
	out, err := grouped[*model.SignalNode](ctx, s, "signalsByCompany", `UNWIND `+b.param(ids)+` AS key
MATCH (sig:Signal)-[:AT]->(:Company {id: key})
RETURN key, `+signalProjection("sig")+` AS value`, b.params)
	for _, l := range out {
		sortSignals(l)
	}
	return out, err
}
