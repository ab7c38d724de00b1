package neo4j

import (
	"context"
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

// grouped runs a keyed statement: each record carries "key" and one value.
func grouped[T any](ctx context.Context, s *Store, name, cypher string, params map[string]any, decode func(*driver.Record) (T, error)) (map[string][]T, error) {
	type pair struct {
		key string
		val T
	}
	rows, err := read(ctx, s, name, cypher, params, func(rec *driver.Record) (pair, error) {
		key, _, err := driver.GetRecordValue[string](rec, "key")
		if err != nil {
			return pair{}, err
		}
		v, err := decode(rec)
		return pair{key, v}, err
	})
	if err != nil {
		return nil, err
	}
	out := map[string][]T{}
	for _, r := range rows {
		out[r.key] = append(out[r.key], r.val)
	}
	return out, nil
}

func recNode(rec *driver.Record, key string) (driver.Node, error) {
	n, _, err := driver.GetRecordValue[driver.Node](rec, key)
	return n, err
}

func recRel(rec *driver.Record, key string) (driver.Relationship, error) {
	r, _, err := driver.GetRecordValue[driver.Relationship](rec, key)
	return r, err
}

func relStr(r driver.Relationship, key string) *string {
	v, err := driver.GetProperty[string](r, key)
	if err != nil {
		return nil
	}
	return &v
}

func relNum(r driver.Relationship, key string) *float64 {
	v, err := driver.GetProperty[float64](r, key)
	if err != nil {
		return nil
	}
	return &v
}

func relTime(r driver.Relationship, key string) *model.DateTime {
	v, err := driver.GetProperty[time.Time](r, key)
	if err != nil {
		return nil
	}
	return model.TimePtr(&v)
}

// PeopleByID fetches people; missing ids are absent from the map.
func (s *Store) PeopleByID(ctx context.Context, ids []string) (map[string]*model.Person, error) {
	rows, err := read(ctx, s, "peopleById", `UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN p`, map[string]any{"ids": ids},
		func(rec *driver.Record) (*model.Person, error) {
			n, err := recNode(rec, "p")
			return decodePerson(n), err
		})
	out := map[string]*model.Person{}
	for _, p := range rows {
		out[p.ID] = p
	}
	return out, err
}

// CompaniesByID fetches companies; missing ids are absent from the map.
func (s *Store) CompaniesByID(ctx context.Context, ids []string) (map[string]*model.Company, error) {
	rows, err := read(ctx, s, "companiesById", `UNWIND $ids AS id MATCH (c:Company {id: id}) RETURN c`, map[string]any{"ids": ids},
		func(rec *driver.Record) (*model.Company, error) {
			n, err := recNode(rec, "c")
			return decodeCompany(n), err
		})
	out := map[string]*model.Company{}
	for _, c := range rows {
		out[c.ID] = c
	}
	return out, err
}

func decodeEmployment(rec *driver.Record) (*model.Employment, error) {
	p, err := recNode(rec, "p")
	if err != nil {
		return nil, err
	}
	w, err := recRel(rec, "w")
	if err != nil {
		return nil, err
	}
	co, err := recNode(rec, "co")
	if err != nil {
		return nil, err
	}
	e := &model.Employment{
		Person: decodePerson(p), Company: decodeCompany(co),
		Title: relStr(w, "title"), Department: relStr(w, "department"), Seniority: relStr(w, "seniority"),
		Since: relTime(w, "since"), Until: relTime(w, "until"),
	}
	e.Current = e.Until == nil
	return e, nil
}

func sortEmployments(list []*model.Employment, other func(*model.Employment) string) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Current != b.Current {
			return a.Current
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
	out, err := grouped(ctx, s, "employmentsByPerson", `UNWIND $ids AS key
MATCH (p:Person {id: key})-[w:WORKS_AT]->(co:Company)
WHERE $includePast OR w.until IS NULL
RETURN key, p, w, co`, map[string]any{"ids": ids, "includePast": includePast}, decodeEmployment)
	for _, l := range out {
		sortEmployments(l, func(e *model.Employment) string { return e.Company.ID })
	}
	return out, err
}

// EmployeesByCompany fetches current WORKS_AT edges per company, by person id.
func (s *Store) EmployeesByCompany(ctx context.Context, ids []string) (map[string][]*model.Employment, error) {
	out, err := grouped(ctx, s, "employeesByCompany", `UNWIND $ids AS key
MATCH (p:Person)-[w:WORKS_AT]->(co:Company {id: key})
WHERE w.until IS NULL
RETURN key, p, w, co`, map[string]any{"ids": ids}, decodeEmployment)
	for _, l := range out {
		sortByID(l, func(e *model.Employment) string { return e.Person.ID })
	}
	return out, err
}

// InterestsByPerson fetches declared interests, by weight desc then topic id.
func (s *Store) InterestsByPerson(ctx context.Context, ids []string) (map[string][]*model.Interest, error) {
	out, err := grouped(ctx, s, "interestsByPerson", `UNWIND $ids AS key
MATCH (:Person {id: key})-[i:INTERESTED_IN]->(t:Topic)
RETURN key, i, t`, map[string]any{"ids": ids}, func(rec *driver.Record) (*model.Interest, error) {
		i, err := recRel(rec, "i")
		if err != nil {
			return nil, err
		}
		t, err := recNode(rec, "t")
		if err != nil {
			return nil, err
		}
		return &model.Interest{Topic: decodeTopic(t), Weight: relNum(i, "weight"), Source: relStr(i, "source")}, nil
	})
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

// KnowsByPerson fetches KNOWS edges read undirected, by strength desc then id.
func (s *Store) KnowsByPerson(ctx context.Context, ids []string) (map[string][]*model.Acquaintance, error) {
	out, err := grouped(ctx, s, "knowsByPerson", `UNWIND $ids AS key
MATCH (p:Person {id: key})-[k:KNOWS]-(o:Person)
WHERE o <> p
RETURN key, k, o`, map[string]any{"ids": ids}, func(rec *driver.Record) (*model.Acquaintance, error) {
		k, err := recRel(rec, "k")
		if err != nil {
			return nil, err
		}
		o, err := recNode(rec, "o")
		if err != nil {
			return nil, err
		}
		return &model.Acquaintance{Person: decodePerson(o), Strength: relNum(k, "strength"), Since: relTime(k, "since"),
			LastInteractionAt: relTime(k, "lastInteractionAt"), Source: relStr(k, "source")}, nil
	})
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
	out, err := grouped(ctx, s, "engagementsByPerson", `UNWIND $ids AS key
MATCH (:Person {id: key})-[e:ENGAGED_WITH]->(c:Content)
RETURN key, {action: e.action, at: e.at, content: `+contentProjection("c")+`} AS engagement`, map[string]any{"ids": ids},
		func(rec *driver.Record) (*model.Engagement, error) {
			m, _, err := driver.GetRecordValue[map[string]any](rec, "engagement")
			if err != nil {
				return nil, err
			}
			return decodeEngagementMap(m)
		})
	for _, l := range out {
		sort.SliceStable(l, func(a, b int) bool {
			ta, tb := timeOf(l[a].At), timeOf(l[b].At)
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

func decodeSignalRecord(rec *driver.Record) (*model.Signal, error) {
	m, _, err := driver.GetRecordValue[map[string]any](rec, "signal")
	if err != nil {
		return nil, err
	}
	return decodeSignalMap(m)
}

func sortSignals(l []*model.Signal) {
	sort.SliceStable(l, func(a, b int) bool {
		ta, tb := timeOf(l[a].At), timeOf(l[b].At)
		if !ta.Equal(tb) {
			return ta.After(tb)
		}
		return l[a].ID < l[b].ID
	})
}

// SignalsByPerson fetches signals BY each person, newest first.
func (s *Store) SignalsByPerson(ctx context.Context, ids []string) (map[string][]*model.Signal, error) {
	out, err := grouped(ctx, s, "signalsByPerson", `UNWIND $ids AS key
MATCH (sig:Signal)-[:BY]->(:Person {id: key})
RETURN key, `+signalProjection("sig")+` AS signal`, map[string]any{"ids": ids}, decodeSignalRecord)
	for _, l := range out {
		sortSignals(l)
	}
	return out, err
}

// SignalsByCompany fetches signals AT each company, newest first.
func (s *Store) SignalsByCompany(ctx context.Context, ids []string) (map[string][]*model.Signal, error) {
	out, err := grouped(ctx, s, "signalsByCompany", `UNWIND $ids AS key
MATCH (sig:Signal)-[:AT]->(:Company {id: key})
RETURN key, `+signalProjection("sig")+` AS signal`, map[string]any{"ids": ids}, decodeSignalRecord)
	for _, l := range out {
		sortSignals(l)
	}
	return out, err
}
