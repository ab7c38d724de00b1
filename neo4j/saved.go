package neo4j

import (
	"context"
	"encoding/json"
	"fmt"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/model"
)

// Saved questions are nodes of label SavedQuestion, their variables kept
// as JSON text. A key sees only those of its own person; admin keys (and
// the operator) see all. One that a key may not see does not exist for it.

// savedRow is a saved question as stored.
type savedRow struct {
	ID        string         `json:"id"`
	Name      string         `json:"name"`
	Owner     string         `json:"owner"`
	Scope     string         `json:"scope"`
	Question  string         `json:"question"`
	Query     string         `json:"query"`
	Variables string         `json:"variables"`
	CreatedAt model.DateTime `json:"createdAt"`
	UpdatedAt model.DateTime `json:"updatedAt"`
}

func (r savedRow) question() (*model.SavedQuestion, error) {
	q := &model.SavedQuestion{ID: r.ID, Name: r.Name, Owner: r.Owner, Scope: r.Scope, Question: r.Question, Query: r.Query,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if err := json.Unmarshal([]byte(r.Variables), &q.Variables); err != nil {
		return nil, fmt.Errorf("saved question %s: variables: %w", r.ID, err)
	}
	return q, nil
}

func savedParams(q *model.SavedQuestion) (map[string]any, error) {
	vars, err := json.Marshal(q.Variables)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": q.ID, "name": q.Name, "owner": q.Owner, "scope": q.Scope, "question": q.Question, "query": q.Query,
		"variables": string(vars), "at": q.UpdatedAt.Time, "answer": q.Answer}, nil
}

// visibleSaved is the condition on a saved question q for the viewer:
// their own person's, or any for admin keys. It names $owner.
func visibleSaved(v viewer, params map[string]any) string {
	if v.private {
		return "true"
	}
	params["owner"] = v.person
	return "q.owner = $owner"
}

// SaveQuestion stores a new saved question, refusing one more than the
// owner may have.
func (s *Store) SaveQuestion(ctx context.Context, q *model.SavedQuestion) error {
	params, err := savedParams(q)
	if err != nil {
		return err
	}
	params["max"] = int64(s.limits.MaxSavedQuestions)
	return writeTx(ctx, s, func(t *txn) error {
		recs, err := t.run("saveQuestion", `OPTIONAL MATCH (o:SavedQuestion {owner: $owner})
WITH count(o) AS have
CALL (have) {
  WITH have WHERE have < $max
  CREATE (q:SavedQuestion {id: $id, name: $name, owner: $owner, scope: $scope, question: $question, query: $query,
    variables: $variables, createdAt: $at, updatedAt: $at, answer: $answer, answerSeq: 0})
}
RETURN have`, params)
		if err != nil {
			return err
		}
		var have int
		if err := decodeRecord(recs[0], "have", &have); err != nil {
			return err
		}
		if have >= s.limits.MaxSavedQuestions {
			return model.Invalid("name", "%s has %d saved questions, the most a person may have: delete one first", q.Owner, have)
		}
		return nil
	})
}

// UpdateSavedQuestion replaces the name, query and variables of a saved
// question the viewer may see.
func (s *Store) UpdateSavedQuestion(ctx context.Context, q *model.SavedQuestion) error {
	params, err := savedParams(q)
	if err != nil {
		return err
	}
	cond := visibleSaved(viewerOf(ctx), params)
	sum, err := write(ctx, s, "updateSavedQuestion", `MATCH (q:SavedQuestion {id: $id}) WHERE `+cond+`
SET q.name = $name, q.question = $question, q.query = $query, q.variables = $variables, q.updatedAt = $at,
  q.answer = CASE $answer WHEN '' THEN q.answer ELSE $answer END`, params)
	if err != nil {
		return err
	}
	if sum.Counters().PropertiesSet() == 0 {
		return &model.NotFoundError{What: "saved question", ID: q.ID}
	}
	return nil
}

// DeleteSavedQuestion deletes a saved question the viewer may see, with
// its alerts, webhooks and deliveries.
func (s *Store) DeleteSavedQuestion(ctx context.Context, id string) error {
	params := map[string]any{"id": id}
	cond := visibleSaved(viewerOf(ctx), params)
	found := false
	err := writeTx(ctx, s, func(t *txn) error {
		_, sum, err := t.runSummary("deleteSavedQuestion", `MATCH (q:SavedQuestion {id: $id}) WHERE `+cond+` DETACH DELETE q`, params)
		if err != nil || sum.Counters().NodesDeleted() == 0 {
			return err
		}
		found = true
		for _, label := range []string{"Alert", "Webhook", "Delivery"} {
			if _, err := t.run("deleteSavedQuestion."+label, `MATCH (n:`+label+` {savedQuestion: $id}) DETACH DELETE n`, map[string]any{"id": id}); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && !found {
		return &model.NotFoundError{What: "saved question", ID: id}
	}
	return err
}

// SavedQuestions lists the saved questions the viewer may see (with id,
// only that one), by owner, name and id.
func (s *Store) SavedQuestions(ctx context.Context, id *string) ([]*model.SavedQuestion, error) {
	params := map[string]any{}
	cond := visibleSaved(viewerOf(ctx), params)
	if id != nil {
		params["id"] = *id
		cond += " AND q.id = $id"
	}
	rows, err := read(ctx, s, "savedQuestions", `MATCH (q:SavedQuestion) WHERE `+cond+`
RETURN q {.id, .name, .owner, .scope, .question, .query, .variables, .createdAt, .updatedAt} AS q ORDER BY q.owner, q.name, q.id`, params, func(rec *driver.Record) (savedRow, error) {
		var r savedRow
		err := decodeRecord(rec, "q", &r)
		return r, err
	})
	if err != nil {
		return nil, err
	}
	out := make([]*model.SavedQuestion, 0, len(rows))
	for _, r := range rows {
		q, err := r.question()
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}
