package resolvers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/ndjson"
	"github.com/relgraph/relgraph/neo4j"
)

// Mutations validate exactly as the import does: each input item becomes
// the NDJSON line it stands for and goes through the import's parser, then
// its references must exist in the batch or the database. A batch with any
// bad item writes nothing; a good batch is written in one transaction.

// line is one import line being assembled; absent (null) fields are left
// out, as in a file.
type line map[string]any

func newLine(kind ndjson.Kind) line { return line{"type": string(kind)} }

func (l line) str(key string, v *string) {
	if v != nil {
		l[key] = *v
	}
}

func (l line) num(key string, v *float64) {
	if v != nil {
		l[key] = *v
	}
}

func (l line) flag(key string, v *bool) {
	if v != nil {
		l[key] = *v
	}
}

func (l line) time(key string, v *model.DateTime) {
	if v != nil {
		l[key] = v.Time.UTC().Format(time.RFC3339Nano)
	}
}

func (l line) list(key string, v []string) {
	if v != nil {
		l[key] = v
	}
}

func personLine(p *graph.PersonInput) line {
	l := newLine(ndjson.Person)
	l["id"] = p.ID
	l.str("name", p.Name)
	l.str("title", p.Title)
	l.str("seniority", p.Seniority)
	l.str("department", p.Department)
	l.str("city", p.City)
	l.str("country", p.Country)
	l.num("latitude", p.Latitude)
	l.num("longitude", p.Longitude)
	l.str("email", p.Email)
	l.str("profileUrl", p.ProfileURL)
	l.flag("team", p.Team)
	return l
}

func companyLine(c *graph.CompanyInput) line {
	l := newLine(ndjson.Company)
	l["id"] = c.ID
	l.str("name", c.Name)
	l.str("domain", c.Domain)
	l.str("industry", c.Industry)
	l.str("city", c.City)
	l.str("country", c.Country)
	l.str("stage", c.Stage)
	l.flag("customer", c.Customer)
	l.num("clv", c.Clv)
	return l
}

func topicLine(t *graph.TopicInput) line {
	l := newLine(ndjson.Topic)
	l["id"] = t.ID
	l.str("name", t.Name)
	return l
}

func contentLine(c *graph.ContentInput) line {
	l := newLine(ndjson.Content)
	l["id"] = c.ID
	l.str("title", c.Title)
	l["kind"] = c.Kind
	l.str("url", c.URL)
	l.time("publishedAt", c.PublishedAt)
	l.list("topics", c.Topics)
	return l
}

func signalLine(s *graph.SignalInput) line {
	l := newLine(ndjson.Signal)
	l["id"] = s.ID
	l["kind"] = s.Kind
	l.str("person", s.Person)
	l.str("company", s.Company)
	l.list("topics", s.Topics)
	l.str("sentiment", s.Sentiment)
	l.time("at", &s.At)
	l.str("summary", s.Summary)
	l.str("source", s.Source)
	l.str("url", s.URL)
	l.str("title", s.Title)
	l.str("round", s.Round)
	l.num("amount", s.Amount)
	return l
}

func worksAtLine(w *graph.WorksAtInput) line {
	l := newLine(ndjson.WorksAt)
	l["person"] = w.Person
	l["company"] = w.Company
	l.str("title", w.Title)
	l.str("department", w.Department)
	l.str("seniority", w.Seniority)
	l.time("since", w.Since)
	l.time("until", w.Until)
	return l
}

func knowsLine(k *graph.KnowsInput) line {
	l := newLine(ndjson.Knows)
	l["a"] = k.A
	l["b"] = k.B
	l.num("strength", k.Strength)
	l.time("since", k.Since)
	l.time("lastInteractionAt", k.LastInteractionAt)
	l.str("source", k.Source)
	return l
}

func interestLine(i *graph.InterestInput) line {
	l := newLine(ndjson.InterestedIn)
	l["person"] = i.Person
	l["topic"] = i.Topic
	l.num("weight", i.Weight)
	l.str("source", i.Source)
	return l
}

func engagementLine(e *graph.EngagementInput) line {
	l := newLine(ndjson.Engaged)
	l["person"] = e.Person
	l["content"] = e.Content
	l["action"] = e.Action
	l.time("at", &e.At)
	return l
}

// problem is what is wrong with one input item.
type problem struct {
	item   int
	reason string
}

// validate parses every item as its import line and checks that what the
// items refer to exists in the batch or the database. It returns the rows
// to write, or a BAD_USER_INPUT error listing every problem.
func validate[T any](ctx context.Context, store *neo4j.Store, input []T, toLine func(T) line) ([]map[string]any, error) {
	if len(input) > neo4j.MaxUpsertBatch {
		return nil, badInput("at most %d items per call, got %d: split the batch", neo4j.MaxUpsertBatch, len(input))
	}
	var problems []problem
	rows := make([]map[string]any, 0, len(input))
	type use struct {
		item  int
		field string
	}
	defined := map[ndjson.Label]map[string]bool{}
	refs := map[ndjson.Label]map[string][]use{}
	for i, it := range input {
		text, err := json.Marshal(toLine(it))
		if err != nil {
			return nil, fmt.Errorf("input[%d]: %w", i, err)
		}
		rec, err := ndjson.ParseLine(i+1, text)
		var le *ndjson.LineError
		if errors.As(err, &le) {
			problems = append(problems, problem{i, le.Reason})
			continue
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, rec.Row)
		if rec.ID != "" {
			if defined[rec.Label] == nil {
				defined[rec.Label] = map[string]bool{}
			}
			defined[rec.Label][rec.ID] = true
		}
		for _, ref := range rec.Refs {
			if refs[ref.Label] == nil {
				refs[ref.Label] = map[string][]use{}
			}
			refs[ref.Label][ref.ID] = append(refs[ref.Label][ref.ID], use{i, ref.Field})
		}
	}
	// One look-up per label referred to (at most three).
	labels := make([]ndjson.Label, 0, len(refs))
	for label := range refs {
		labels = append(labels, label)
	}
	sort.Slice(labels, func(i, j int) bool { return labels[i] < labels[j] })
	for _, label := range labels {
		var unknown []string
		for id := range refs[label] {
			if !defined[label][id] {
				unknown = append(unknown, id)
			}
		}
		if len(unknown) == 0 {
			continue
		}
		sort.Strings(unknown)
		missing, err := store.MissingIDs(ctx, label, unknown)
		if err != nil {
			return nil, err
		}
		for _, id := range missing {
			for _, u := range refs[label][id] {
				problems = append(problems, problem{u.item, fmt.Sprintf("%s: %s %q exists neither in this batch nor in the database", u.field, label, id)})
			}
		}
	}
	if len(problems) > 0 {
		sort.SliceStable(problems, func(i, j int) bool { return problems[i].item < problems[j].item })
		msgs := make([]string, len(problems))
		for i, p := range problems {
			msgs[i] = fmt.Sprintf("input[%d]: %s", p.item, p.reason)
		}
		what := "1 problem"
		if len(problems) > 1 {
			what = fmt.Sprintf("%d problems", len(problems))
		}
		return nil, badInput("nothing was written, %s: %s", what, strings.Join(msgs, "; "))
	}
	return rows, nil
}

// upsert validates then writes one batch of one kind, all or nothing.
func upsert[T any](ctx context.Context, store *neo4j.Store, kind ndjson.Kind, input []T, toLine func(T) line) (*model.UpsertResult, error) {
	rows, err := validate(ctx, store, input, toLine)
	if err != nil {
		return nil, err
	}
	if err := store.Upsert(ctx, kind, rows); err != nil {
		return nil, err
	}
	return &model.UpsertResult{Count: len(rows)}, nil
}

func (r *mutationResolver) upsertPeople(ctx context.Context, input []*graph.PersonInput) (*model.UpsertResult, error) {
	return upsert(ctx, r.store, ndjson.Person, input, personLine)
}

func (r *mutationResolver) upsertCompanies(ctx context.Context, input []*graph.CompanyInput) (*model.UpsertResult, error) {
	return upsert(ctx, r.store, ndjson.Company, input, companyLine)
}

func (r *mutationResolver) upsertTopics(ctx context.Context, input []*graph.TopicInput) (*model.UpsertResult, error) {
	return upsert(ctx, r.store, ndjson.Topic, input, topicLine)
}

func (r *mutationResolver) upsertContent(ctx context.Context, input []*graph.ContentInput) (*model.UpsertResult, error) {
	return upsert(ctx, r.store, ndjson.Content, input, contentLine)
}

func (r *mutationResolver) upsertSignals(ctx context.Context, input []*graph.SignalInput) (*model.UpsertResult, error) {
	return upsert(ctx, r.store, ndjson.Signal, input, signalLine)
}

func (r *mutationResolver) upsertWorksAt(ctx context.Context, input []*graph.WorksAtInput) (*model.UpsertResult, error) {
	return upsert(ctx, r.store, ndjson.WorksAt, input, worksAtLine)
}

func (r *mutationResolver) upsertKnows(ctx context.Context, input []*graph.KnowsInput) (*model.UpsertResult, error) {
	return upsert(ctx, r.store, ndjson.Knows, input, knowsLine)
}

func (r *mutationResolver) upsertInterests(ctx context.Context, input []*graph.InterestInput) (*model.UpsertResult, error) {
	return upsert(ctx, r.store, ndjson.InterestedIn, input, interestLine)
}

func (r *mutationResolver) upsertEngagements(ctx context.Context, input []*graph.EngagementInput) (*model.UpsertResult, error) {
	return upsert(ctx, r.store, ndjson.Engaged, input, engagementLine)
}

func (r *mutationResolver) deletePerson(ctx context.Context, id string) (*model.DeleteResult, error) {
	d, err := r.store.DeletePerson(ctx, id)
	if err != nil {
		return nil, err
	}
	return &model.DeleteResult{Deleted: d.Deleted, SignalsDeleted: d.Signals, RelationshipsDeleted: d.Relationships}, nil
}
