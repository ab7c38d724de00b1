package neo4j

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/model"
)

// What alerts keep in the graph:
//   - GraphChange {kind, seq, at}: one node per kind of import line, its
//     seq raised after every import and mutation that wrote that kind, so
//     that every relgraph process sees what changed, whoever wrote it;
//   - on each SavedQuestion, the last answer kept (answer, JSON) and the
//     number of alerts made so far (answerSeq);
//   - Alert {id, savedQuestion, seq, at, body}: body is the alert as JSON;
//   - Webhook {id, savedQuestion, url, secret, createdAt};
//   - Delivery {id, alert, savedQuestion, webhook, url, secret, body,
//     state, attempts, since, nextAt, ...}: the outbox, one per alert and
//     webhook.

// Signal wakes those waiting on it; a waiter takes Wait() and is woken
// by the next Notify.
type Signal struct {
	mu sync.Mutex
	ch chan struct{}
}

// NewSignal returns a signal nobody has notified yet.
func NewSignal() *Signal { return &Signal{ch: make(chan struct{})} }

// Wait returns a channel closed at the next Notify.
func (s *Signal) Wait() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ch
}

// Notify wakes every waiter.
func (s *Signal) Notify() {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.ch)
	s.ch = make(chan struct{})
}

// Changed is notified when this process writes to the graph.
func (s *Store) Changed() *Signal { return s.changed }

// NoteChange records that writes of these kinds (model.Kind names) took
// place. It runs after the write it follows, in its own transaction: a
// change it misses (relgraph stopped in between) is caught by the next
// scheduled evaluation.
func (s *Store) NoteChange(ctx context.Context, kinds []string) error {
	if len(kinds) == 0 {
		return nil
	}
	_, err := write(ctx, s, "noteChange", `UNWIND $kinds AS kind
MERGE (c:GraphChange {kind: kind})
SET c.seq = coalesce(c.seq, 0) + 1, c.at = $at`, map[string]any{"kinds": kinds, "at": time.Now().UTC()})
	if err != nil {
		s.log.Warn().Err(err).Strs("kinds", kinds).Msg("could not record a change for alerts; the next scheduled evaluation will see it")
		return err
	}
	s.changed.Notify()
	return nil
}

// noteChange is NoteChange after a mutation, which has taken effect
// whatever happens here.
func (s *Store) noteChange(ctx context.Context, kinds ...string) {
	_ = s.NoteChange(context.WithoutCancel(ctx), kinds)
}

// Changes returns the seq of each kind written so far.
func (s *Store) Changes(ctx context.Context) (map[string]int64, error) {
	type row struct {
		Kind string `json:"kind"`
		Seq  int    `json:"seq"`
	}
	rows, err := read(ctx, s, "changes", `MATCH (c:GraphChange) RETURN c.kind AS kind, c.seq AS seq`, nil, func(rec *driver.Record) (row, error) {
		var r row
		return r, decodeRow(rec, &r)
	})
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.Kind] = int64(r.Seq)
	}
	return out, err
}

// SavedAnswer is the last answer kept for a saved question.
type SavedAnswer struct {
	// Items is the answer as JSON (a list of model.AlertItem); empty
	// before the first evaluation.
	Items string `json:"answer"`
	// Seq is the number of alerts made so far.
	Seq int `json:"seq"`
	// Query and Variables are the question the answer answers: an answer
	// is kept only while the question stays the same.
	Query     string `json:"query"`
	Variables string `json:"variables"`
}

// SavedAnswerOf returns the last answer kept for a saved question.
func (s *Store) SavedAnswerOf(ctx context.Context, id string) (SavedAnswer, error) {
	rows, err := read(ctx, s, "savedAnswer", `MATCH (q:SavedQuestion {id: $id})
RETURN coalesce(q.answer, '') AS answer, coalesce(q.answerSeq, 0) AS seq, q.query AS query, q.variables AS variables`, map[string]any{"id": id},
		func(rec *driver.Record) (SavedAnswer, error) {
			var a SavedAnswer
			return a, decodeRow(rec, &a)
		})
	if err != nil {
		return SavedAnswer{}, err
	}
	if len(rows) == 0 {
		return SavedAnswer{}, &model.NotFoundError{What: "saved question", ID: id}
	}
	return rows[0], nil
}

// KeepAnswer keeps a new answer for a saved question, and with it the
// alert (nil for none) and a delivery of it to each of the question's
// webhooks, in one transaction, provided that nothing kept another answer
// since seen was read (another relgraph process, or a change of the
// question). It returns the deliveries made, and false when seen was
// stale and nothing was kept.
func (s *Store) KeepAnswer(ctx context.Context, id string, seen SavedAnswer, items string, alert *model.Alert) (int, bool, error) {
	params := map[string]any{"id": id, "seq": int64(seen.Seq), "query": seen.Query, "variables": seen.Variables, "answer": items, "now": time.Now().UTC(),
		"alert": nil}
	if alert != nil {
		params["alert"] = alert.ID
	}
	var deliveries int
	kept := false
	err := writeTx(ctx, s, func(t *txn) error {
		recs, err := t.run("keepAnswer", `MATCH (q:SavedQuestion {id: $id})
WHERE coalesce(q.answerSeq, 0) = $seq AND q.query = $query AND q.variables = $variables
SET q.answer = $answer, q.evaluatedAt = $now, q.answerSeq = coalesce(q.answerSeq, 0) + CASE WHEN $alert IS NULL THEN 0 ELSE 1 END
RETURN q.answerSeq AS seq`, params)
		if err != nil || len(recs) == 0 {
			return err
		}
		kept = true
		if alert == nil {
			return nil
		}
		var seq int
		if err := decodeRecord(recs[0], "seq", &seq); err != nil {
			return err
		}
		alert.Seq = seq
		body, err := json.Marshal(alert)
		if err != nil {
			return err
		}
		recs, err = t.run("createAlert", `CREATE (a:Alert {id: $alert, savedQuestion: $id, seq: $seq, at: $now, body: $body})
WITH a
MATCH (w:Webhook {savedQuestion: $id})
CREATE (d:Delivery {id: 'dl-' + randomUUID(), alert: a.id, savedQuestion: $id, webhook: w.id, url: w.url, secret: w.secret,
  body: $body, state: 'PENDING', attempts: 0, createdAt: $now, since: $now, nextAt: $now})
RETURN count(d) AS deliveries`, map[string]any{"alert": alert.ID, "id": id, "seq": int64(seq), "now": params["now"], "body": string(body)})
		if err != nil {
			return err
		}
		return decodeRecord(recs[0], "deliveries", &deliveries)
	})
	if err != nil {
		return 0, false, err
	}
	return deliveries, kept, nil
}

// alertOf reads an alert as it is kept (Alert.body).
func alertOf(body string) (*model.Alert, error) {
	a := &model.Alert{}
	if err := json.Unmarshal([]byte(body), a); err != nil {
		return nil, fmt.Errorf("alert: %w", err)
	}
	return a, nil
}

func decodeAlert(rec *driver.Record) (*model.Alert, error) {
	var body string
	if err := decodeRecord(rec, "body", &body); err != nil {
		return nil, err
	}
	return alertOf(body)
}

// AlertsRequest asks for a page of the alerts of a saved question.
type AlertsRequest struct {
	SavedQuestion string
	Page          Paging
}

// Paging returns the request's page.
func (r *AlertsRequest) Paging() *Paging { return &r.Page }

// Alerts returns a page of the alerts of a saved question, newest first.
// The caller has checked that the key may see the question.
func (s *Store) Alerts(ctx context.Context, req AlertsRequest) (Page[*model.Alert], error) {
	if err := s.limits.CheckFirst(req.Page.Limit); err != nil {
		return Page[*model.Alert]{}, err
	}
	params := map[string]any{"id": req.SavedQuestion, "skip": int64(req.Page.Skip), "limit": int64(req.Page.Limit)}
	bodies, err := readPage[string](ctx, s, "alerts", `MATCH (a:Alert {savedQuestion: $id})
WITH a ORDER BY a.seq DESC
WITH collect(a.body) AS every
RETURN size(every) AS total, every[$skip..$skip + $limit] AS items`, params, nil)
	page := Page[*model.Alert]{Total: bodies.Total, Items: make([]*model.Alert, 0, len(bodies.Items))}
	for _, b := range bodies.Items {
		a, err := alertOf(b)
		if err != nil {
			return page, err
		}
		page.Items = append(page.Items, a)
	}
	return page, err
}

// AlertsAfter returns the alerts of a saved question numbered after seq,
// oldest first.
func (s *Store) AlertsAfter(ctx context.Context, savedQuestion string, seq int) ([]*model.Alert, error) {
	return read(ctx, s, "alertsAfter", `MATCH (a:Alert {savedQuestion: $id}) WHERE a.seq > $seq
RETURN a.body AS body ORDER BY a.seq`, map[string]any{"id": savedQuestion, "seq": int64(seq)}, decodeAlert)
}

// AddWebhook adds a webhook to a saved question the viewer may see,
// refusing one more than limit.
func (s *Store) AddWebhook(ctx context.Context, w *model.Webhook) error {
	params := map[string]any{"id": w.ID, "q": w.SavedQuestion, "url": w.URL, "secret": w.Secret, "at": w.CreatedAt.Time,
		"max": int64(s.limits.MaxWebhooks)}
	cond := visibleSaved(viewerOf(ctx), params)
	have := -1
	err := writeTx(ctx, s, func(t *txn) error {
		recs, err := t.run("addWebhook", `MATCH (q:SavedQuestion {id: $q}) WHERE `+cond+`
OPTIONAL MATCH (o:Webhook {savedQuestion: q.id})
WITH q, count(o) AS have
CALL (q, have) {
  WITH q, have WHERE have < $max
  CREATE (:Webhook {id: $id, savedQuestion: q.id, url: $url, secret: $secret, createdAt: $at})
}
RETURN have`, params)
		if err != nil || len(recs) == 0 {
			return err
		}
		return decodeRecord(recs[0], "have", &have)
	})
	switch {
	case err != nil:
		return err
	case have < 0:
		return &model.NotFoundError{What: "saved question", ID: w.SavedQuestion}
	case have >= s.limits.MaxWebhooks:
		return model.Invalid("url", "saved question %s has %d webhooks, the most it may have (RELGRAPH_MAX_WEBHOOKS): remove one first", w.SavedQuestion, have)
	}
	return nil
}

// RemoveWebhook removes a webhook of a saved question the viewer may see,
// with its deliveries still pending.
func (s *Store) RemoveWebhook(ctx context.Context, id string) error {
	params := map[string]any{"id": id}
	cond := visibleSaved(viewerOf(ctx), params)
	sum, err := write(ctx, s, "removeWebhook", `MATCH (w:Webhook {id: $id})
MATCH (q:SavedQuestion {id: w.savedQuestion}) WHERE `+cond+`
OPTIONAL MATCH (d:Delivery {savedQuestion: q.id, state: 'PENDING'}) WHERE d.webhook = w.id
DETACH DELETE w, d`, params)
	if err != nil {
		return err
	}
	if sum.Counters().NodesDeleted() == 0 {
		return &model.NotFoundError{What: "webhook", ID: id}
	}
	return nil
}

// WebhooksOf returns the webhooks of saved questions, by question id, oldest first.
func (s *Store) WebhooksOf(ctx context.Context, ids []string) (map[string][]*model.Webhook, error) {
	rows, err := read(ctx, s, "webhooks", `UNWIND $ids AS id
MATCH (w:Webhook {savedQuestion: id})
RETURN w {.id, .savedQuestion, .url, .createdAt} AS w ORDER BY w.createdAt, w.id`, map[string]any{"ids": ids}, func(rec *driver.Record) (*model.Webhook, error) {
		w := &model.Webhook{}
		return w, decodeRecord(rec, "w", w)
	})
	out := map[string][]*model.Webhook{}
	for _, w := range rows {
		out[w.SavedQuestion] = append(out[w.SavedQuestion], w)
	}
	return out, err
}

// deliveryFields are the properties of a Delivery that leave the store.
const deliveryFields = `d {.id, .alert, .savedQuestion, .webhook, .url, .state, .attempts, .createdAt, .nextAt, .deliveredAt, .lastError}`

func decodeDelivery(rec *driver.Record) (*model.Delivery, error) {
	d := &model.Delivery{}
	return d, decodeRecord(rec, "d", d)
}

// DeliveriesOf returns the deliveries of alerts, by alert id.
func (s *Store) DeliveriesOf(ctx context.Context, alerts []string) (map[string][]*model.Delivery, error) {
	rows, err := read(ctx, s, "deliveries", `UNWIND $ids AS id
MATCH (d:Delivery {alert: id})
RETURN `+deliveryFields+` AS d ORDER BY d.createdAt, d.url, d.id`, map[string]any{"ids": alerts}, decodeDelivery)
	out := map[string][]*model.Delivery{}
	for _, d := range rows {
		out[d.Alert] = append(out[d.Alert], d)
	}
	return out, err
}

// ClaimDeliveries takes up to n pending deliveries that are due, oldest
// first, counting an attempt for each, marking them with claim and
// putting them out of reach until lease: a process that dies while
// posting one leaves it to be tried again then. Each is checked again once
// locked, so that two processes never claim the same one.
func (s *Store) ClaimDeliveries(ctx context.Context, now, lease time.Time, n int, claim string) ([]*model.Delivery, error) {
	var out []*model.Delivery
	err := writeTx(ctx, s, func(t *txn) error {
		recs, err := t.run("claimDeliveries", `MATCH (d:Delivery) WHERE d.state = 'PENDING' AND d.nextAt <= $now
WITH d ORDER BY d.nextAt, d.id LIMIT $n
SET d.claimedAt = $now
WITH d WHERE d.state = 'PENDING' AND d.nextAt <= $now
SET d.attempts = d.attempts + 1, d.nextAt = $lease, d.claim = $claim
RETURN d {.*} AS d`, map[string]any{"now": now, "lease": lease, "n": int64(n), "claim": claim})
		if err != nil {
			return err
		}
		out = out[:0]
		for _, rec := range recs {
			d, err := decodeDelivery(rec)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

// FinishDelivery records the outcome of the attempt made under claim:
// delivered (state DELIVERED), to be tried again at next (PENDING), or
// given up (FAILED). An attempt whose claim was taken over since (its
// lease ran out) records nothing.
func (s *Store) FinishDelivery(ctx context.Context, id, claim, state string, next time.Time, lastError string) error {
	params := map[string]any{"id": id, "claim": claim, "state": state, "now": time.Now().UTC(), "next": next, "error": lastError}
	if lastError == "" {
		params["error"] = nil
	}
	_, err := write(ctx, s, "finishDelivery", `MATCH (d:Delivery {id: $id}) WHERE d.claim = $claim AND d.state = 'PENDING'
SET d.state = $state, d.lastError = $error,
  d.nextAt = CASE $state WHEN 'PENDING' THEN $next ELSE null END,
  d.deliveredAt = CASE $state WHEN 'DELIVERED' THEN $now ELSE d.deliveredAt END`, params)
	return err
}

// ReplayDelivery puts a delivery of a saved question the viewer may see
// back in the outbox, due now, with a new retry window and the same id.
func (s *Store) ReplayDelivery(ctx context.Context, id string) (*model.Delivery, error) {
	params := map[string]any{"id": id, "now": time.Now().UTC()}
	cond := visibleSaved(viewerOf(ctx), params)
	var out *model.Delivery
	err := writeTx(ctx, s, func(t *txn) error {
		recs, err := t.run("replayDelivery", `MATCH (d:Delivery {id: $id})
MATCH (q:SavedQuestion {id: d.savedQuestion}) WHERE `+cond+`
SET d.state = 'PENDING', d.since = $now, d.nextAt = $now, d.lastError = null
RETURN `+deliveryFields+` AS d`, params)
		if err != nil || len(recs) == 0 {
			return err
		}
		out, err = decodeDelivery(recs[0])
		return err
	})
	if err == nil && out == nil {
		return nil, &model.NotFoundError{What: "delivery", ID: id}
	}
	return out, err
}

// OutboxDepth is the number of deliveries pending.
func (s *Store) OutboxDepth(ctx context.Context) (int, error) {
	return readOne(ctx, s, "outboxDepth", `MATCH (d:Delivery {state: 'PENDING'}) RETURN count(d) AS n`, nil, func(rec *driver.Record) (int, error) {
		var n int
		return n, decodeRecord(rec, "n", &n)
	})
}
