package resolvers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/internal/alerts"
	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/gqlexec"
	"github.com/relgraph/relgraph/internal/model"
)

// maxSavedName bounds the name of a saved question.
const maxSavedName = 200

// checkSaved checks a question to save and returns which one it asks:
// one query operation asking one of model.SavedQuestionFields, valid
// against the schema with its variables. Then it is asked once, as the
// key asks, so that a bad argument or a person out of scope shows now,
// with its own code.
func (r *Resolver) checkSaved(ctx context.Context, query string, vars map[string]any) (string, error) {
	schema := r.schema.Schema()
	doc, errs := gqlparser.LoadQuery(schema, query)
	if len(errs) > 0 {
		return "", model.Invalid("query", "the query is not valid GraphQL for this schema: %s", errs[0].Message)
	}
	if len(doc.Operations) != 1 || doc.Operations[0].Operation != ast.Query {
		return "", model.Invalid("query", "a saved question is one query operation")
	}
	op := doc.Operations[0]
	field, ok := op.SelectionSet[0].(*ast.Field)
	if len(op.SelectionSet) != 1 || !ok || !slices.Contains(model.SavedQuestionFields, field.Name) {
		return "", model.Invalid("query", "a saved question asks exactly one of %s", strings.Join(model.SavedQuestionFields, ", "))
	}
	if _, err := validator.VariableValues(schema, op, vars); err != nil {
		return "", model.Invalid("variables", "the variables do not fit the query: %s", strings.TrimPrefix(err.Error(), "input: "))
	}
	if _, err := gqlexec.Run(ctx, r.exec, query, vars); err != nil {
		return "", err
	}
	return field.Name, nil
}

func newSavedID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return "sq-" + hex.EncodeToString(b)
}

// savedName checks the name of a saved question.
func savedName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > maxSavedName {
		return "", model.Invalid("name", "name must have 1 to %d characters", maxSavedName)
	}
	return name, nil
}

// saveQuestion saves a new question for the key's person.
func (r *Resolver) saveQuestion(ctx context.Context, name, query string, vars map[string]any) (*model.SavedQuestion, error) {
	p := auth.FromContext(ctx)
	if p == nil || p.Person == "" {
		return nil, model.Invalid("query", "this API key names no person: a saved question belongs to the person a key speaks for")
	}
	name, err := savedName(name)
	if err != nil {
		return nil, err
	}
	field, err := r.checkSaved(ctx, query, vars)
	if err != nil {
		return nil, err
	}
	if vars == nil {
		vars = map[string]any{}
	}
	now := model.DateTime{Time: time.Now().UTC()}
	q := &model.SavedQuestion{ID: newSavedID(), Name: name, Owner: p.Person, Scope: string(p.Scope), Question: field, Query: query, Variables: vars,
		CreatedAt: now, UpdatedAt: now}
	// Its first answer is the baseline of its alerts.
	if err := r.alerts.Baseline(ctx, q); err != nil {
		return nil, err
	}
	return q, r.store.SaveQuestion(ctx, q)
}

// updateSavedQuestion changes what is given of a saved question the key
// may see.
func (r *Resolver) updateSavedQuestion(ctx context.Context, id string, name, query *string, vars map[string]any) (*model.SavedQuestion, error) {
	q, err := r.savedQuestion(ctx, id)
	if err != nil {
		return nil, err
	}
	if name != nil {
		if q.Name, err = savedName(*name); err != nil {
			return nil, err
		}
	}
	if query != nil || vars != nil {
		if query != nil {
			q.Query = *query
		}
		if vars != nil {
			q.Variables = vars
		}
		if q.Question, err = r.checkSaved(ctx, q.Query, q.Variables); err != nil {
			return nil, err
		}
		// A new question: its first answer is the new baseline.
		if err := r.alerts.Baseline(ctx, q); err != nil {
			return nil, err
		}
	}
	q.UpdatedAt = model.DateTime{Time: time.Now().UTC()}
	return q, r.store.UpdateSavedQuestion(ctx, q)
}

// savedOwner is the person a saved question belongs to; a person deleted
// since is shown by id alone.
func (r *Resolver) savedOwner(ctx context.Context, q *model.SavedQuestion) (*model.Person, error) {
	people, err := r.store.PeopleByID(ctx, []string{q.Owner})
	if err != nil {
		return nil, err
	}
	if p := people[q.Owner]; p != nil {
		return p, nil
	}
	return &model.Person{ID: q.Owner}, nil
}

// savedQuestion is a saved question the key may see; another person's is
// NOT_FOUND, as one that does not exist.
func (r *Resolver) savedQuestion(ctx context.Context, id string) (*model.SavedQuestion, error) {
	found, err := r.store.SavedQuestions(ctx, &id)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, &model.NotFoundError{What: "saved question", ID: id}
	}
	return found[0], nil
}

// addWebhook adds a webhook to a saved question the key may see, with a
// new secret.
func (r *Resolver) addWebhook(ctx context.Context, savedQuestion, url string) (*graph.NewWebhook, error) {
	url, err := r.alerts.CheckURL(url)
	if err != nil {
		return nil, err
	}
	w := &model.Webhook{ID: alerts.NewWebhookID(), SavedQuestion: savedQuestion, URL: url, Secret: alerts.NewSecret(),
		CreatedAt: model.DateTime{Time: time.Now().UTC()}}
	if err := r.store.AddWebhook(ctx, w); err != nil {
		return nil, err
	}
	return &graph.NewWebhook{Webhook: w, Secret: w.Secret}, nil
}

// replayDelivery puts a delivery back in the outbox and wakes the outbox.
func (r *Resolver) replayDelivery(ctx context.Context, id string) (*model.Delivery, error) {
	d, err := r.store.ReplayDelivery(ctx, id)
	if err != nil {
		return nil, err
	}
	r.alerts.Wake()
	return d, nil
}
