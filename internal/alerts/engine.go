// Package alerts asks saved questions again when the graph changes and on
// a schedule, keeps what changed in their answers as alerts, and delivers
// the alerts to webhooks through an outbox kept in Neo4j.
package alerts

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph/internal/gqlexec"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
)

// Config tunes alerts and their delivery. Zero fields take the defaults.
type Config struct {
	// Every is how often every saved question is asked again (default
	// 15m).
	Every time.Duration
	// Poll is how often the changes other processes record, and the
	// outbox, are looked at (default 1s).
	Poll time.Duration
	// RetryBase is the wait after a first failed delivery; each later one
	// doubles it (default 30s), up to RetryMax (default 1h), with jitter.
	RetryBase time.Duration
	RetryMax  time.Duration
	// RetryFor is how long a delivery is tried before it is marked failed
	// (default 24h).
	RetryFor time.Duration
	// Timeout bounds one POST to a webhook (default 10s).
	Timeout time.Duration
	// AllowHTTP are the hosts a webhook may name with http:// (https is
	// allowed anywhere).
	AllowHTTP []string
	// Observer, when set, counts deliveries and the outbox depth.
	Observer Observer
}

// Observer is told about deliveries, for metrics.
type Observer interface {
	// Delivery reports one attempt's outcome: delivered, retry or failed.
	Delivery(outcome string)
	// Outbox reports the number of deliveries pending.
	Outbox(depth int)
}

func (c Config) withDefaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.Every, 15*time.Minute)
	def(&c.Poll, time.Second)
	def(&c.RetryBase, 30*time.Second)
	def(&c.RetryMax, time.Hour)
	def(&c.RetryFor, 24*time.Hour)
	def(&c.Timeout, 10*time.Second)
	return c
}

// maxIntroductions bounds the introduction paths looked up for one alert.
const maxIntroductions = 50

// Engine evaluates saved questions and delivers their alerts.
type Engine struct {
	store  *neo4j.Store
	schema graphql.ExecutableSchema
	exec   *executor.Executor
	cfg    Config
	log    zerolog.Logger
	// alerted is notified when this process keeps an alert: for the
	// outbox and the subscriptions.
	alerted *neo4j.Signal
	// mu serializes evaluations in this process.
	mu sync.Mutex
}

// New returns an engine over store; SetSchema must follow before it asks
// anything.
func New(store *neo4j.Store, log zerolog.Logger, cfg Config) *Engine {
	return &Engine{store: store, cfg: cfg.withDefaults(), log: log, alerted: neo4j.NewSignal()}
}

// Wake makes the outbox look for due deliveries now.
func (e *Engine) Wake() { e.alerted.Notify() }

// SetSchema gives the engine the schema it asks saved questions through.
func (e *Engine) SetSchema(es graphql.ExecutableSchema) {
	e.schema = es
	e.exec = executor.New(es)
}

// Answer asks a saved question as its owner and returns its answer as
// the JSON kept for it: its items in order.
func (e *Engine) Answer(ctx context.Context, q *model.SavedQuestion) (string, error) {
	items, err := e.ask(ctx, q)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(items)
	return string(b), err
}

// ask reads the answer of q, page after page, up to MaxAlertItems items.
func (e *Engine) ask(ctx context.Context, q *model.SavedQuestion) ([]*model.AlertItem, error) {
	limits := e.store.Limits()
	query, vars, err := rewrite(e.schema.Schema(), q, limits.MaxPageSize)
	if err != nil {
		return nil, err
	}
	ctx = asOwner(ctx, q)
	sel := selections[q.Question]
	var items []*model.AlertItem
	seen := map[string]bool{}
	var after any
	for len(items) < limits.MaxAlertItems {
		vars[afterVar] = after
		data, err := gqlexec.Run(ctx, e.exec, query, vars)
		if err != nil {
			return nil, err
		}
		var page struct {
			Edges    []map[string]any `json:"edges"`
			PageInfo struct {
				HasNextPage bool    `json:"hasNextPage"`
				EndCursor   *string `json:"endCursor"`
			} `json:"pageInfo"`
		}
		if err := remarshal(data[q.Question], &page); err != nil {
			return nil, err
		}
		for _, edge := range page.Edges {
			kind, id, name := sel.item(edge)
			if seen[id] || len(items) == limits.MaxAlertItems {
				continue
			}
			seen[id] = true
			items = append(items, &model.AlertItem{Kind: kind, ID: id, Name: name, Match: edge})
		}
		if !page.PageInfo.HasNextPage || page.PageInfo.EndCursor == nil {
			break
		}
		after = *page.PageInfo.EndCursor
	}
	return items, nil
}

func remarshal(from, to any) error {
	b, err := json.Marshal(from)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, to)
}

// diff returns the items of now that were not in before, and those of
// before that are not in now.
func diff(before, now []*model.AlertItem) (added, removed []*model.AlertItem) {
	key := func(it *model.AlertItem) string { return it.Kind + "\x00" + it.ID }
	had := map[string]bool{}
	for _, it := range before {
		had[key(it)] = true
	}
	has := map[string]bool{}
	for _, it := range now {
		has[key(it)] = true
		if !had[key(it)] {
			added = append(added, it)
		}
	}
	for _, it := range before {
		if !has[key(it)] {
			removed = append(removed, it)
		}
	}
	return added, removed
}

// Evaluate asks q again and, when its answer gained or lost items since
// the last one kept, keeps an alert with a delivery to each webhook. The
// first evaluation keeps the answer as the baseline and makes no alert.
// It returns the alert made, if any.
func (e *Engine) Evaluate(ctx context.Context, q *model.SavedQuestion, trigger string) (*model.Alert, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	seen, err := e.store.SavedAnswerOf(ctx, q.ID)
	if err != nil {
		return nil, err
	}
	if vars, _ := json.Marshal(q.Variables); seen.Query != q.Query || seen.Variables != string(vars) {
		// Changed since it was listed: its new baseline stands, and the
		// next evaluation asks the new question.
		return nil, nil
	}
	now, err := e.ask(ctx, q)
	if err != nil {
		return nil, err
	}
	answer, err := json.Marshal(now)
	if err != nil {
		return nil, err
	}
	if string(answer) == seen.Items {
		return nil, nil // the same answer: nothing to keep
	}
	var alert *model.Alert
	if seen.Items != "" {
		var before []*model.AlertItem
		if err := json.Unmarshal([]byte(seen.Items), &before); err != nil {
			return nil, fmt.Errorf("saved question %s: the answer kept: %w", q.ID, err)
		}
		added, removed := diff(before, now)
		if len(added)+len(removed) > 0 {
			e.introduce(ctx, q, added)
			alert = &model.Alert{ID: newID("al-"), SavedQuestion: q.ID, Name: q.Name, Question: q.Question, Owner: q.Owner,
				At: model.DateTime{Time: time.Now().UTC()}, Trigger: trigger, Added: nonNil(added), Removed: nonNil(removed)}
		}
	}
	deliveries, kept, err := e.store.KeepAnswer(ctx, q.ID, seen, string(answer), alert)
	if err != nil || !kept {
		// Not kept: the question changed meanwhile, or another process
		// kept an answer first; the next evaluation starts from that one.
		return nil, err
	}
	if alert != nil {
		e.log.Info().Str("saved_question", q.ID).Str("alert", alert.ID).Int("added", len(alert.Added)).Int("removed", len(alert.Removed)).
			Int("deliveries", deliveries).Str("trigger", trigger).Msg("alert")
		e.alerted.Notify()
	}
	return alert, nil
}

func nonNil(items []*model.AlertItem) []*model.AlertItem {
	if items == nil {
		return []*model.AlertItem{}
	}
	return items
}

// introduce adds to each added item the strongest introduction path from
// the owner to its person: the person itself, a company's first person,
// the person BY whom a signal is.
func (e *Engine) introduce(ctx context.Context, q *model.SavedQuestion, items []*model.AlertItem) {
	ctx = asOwner(ctx, q)
	for i, it := range items {
		if i == maxIntroductions {
			break
		}
		to := it.ID
		switch it.Kind {
		case "COMPANY":
			node, _ := it.Match["node"].(map[string]any)
			people, _ := node["people"].([]any)
			if len(people) == 0 {
				continue
			}
			to = str(people[0], "node", "id")
		case "SIGNAL":
			to = str(it.Match, "node", "person", "id")
		}
		if to == "" || to == q.Owner {
			continue
		}
		data, err := gqlexec.Run(ctx, e.exec, `query Introduction($to: ID!) { introductionPaths(to: $to, first: 1) { hops strength people { id name } } }`,
			map[string]any{"to": to})
		if err != nil {
			e.log.Debug().Err(err).Str("saved_question", q.ID).Str("to", to).Msg("no introduction path")
			continue
		}
		if paths, _ := data["introductionPaths"].([]any); len(paths) > 0 {
			it.Introduction, _ = paths[0].(map[string]any)
		}
	}
}

// Baseline asks q for the first time and sets q.Answer, the baseline that
// saving it keeps.
func (e *Engine) Baseline(ctx context.Context, q *model.SavedQuestion) error {
	answer, err := e.Answer(ctx, q)
	if err != nil {
		return err
	}
	q.Answer = answer
	return nil
}

// Run evaluates saved questions until ctx ends: those that a change could
// affect, soon after the change (whichever process made it), and all of
// them every cfg.Every and once at the start. It delivers the outbox
// meanwhile.
func (e *Engine) Run(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		e.deliverLoop(ctx)
	}()
	e.evaluateLoop(ctx)
	wg.Wait()
}

func (e *Engine) evaluateLoop(ctx context.Context) {
	poll := time.NewTicker(e.cfg.Poll)
	defer poll.Stop()
	every := time.NewTicker(e.cfg.Every)
	defer every.Stop()
	var seen map[string]int64
	all, trigger := true, "start"
	for {
		changed := e.store.Changed().Wait()
		now, err := e.store.Changes(ctx)
		switch {
		case err != nil:
			if ctx.Err() == nil {
				e.log.Warn().Err(err).Msg("alerts: could not read the changes; trying again")
			}
		case all:
			// At start and on schedule: every question, whatever changed.
			if e.evaluateAll(ctx, nil, true, trigger) {
				seen, all = now, false
			}
		default:
			var kinds []string
			for k, seq := range now {
				if seq > seen[k] {
					kinds = append(kinds, k)
				}
			}
			slices.Sort(kinds)
			if len(kinds) > 0 && e.evaluateAll(ctx, kinds, false, "change: "+strings.Join(kinds, ", ")) {
				seen = now
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-changed:
		case <-poll.C:
		case <-every.C:
			all, trigger = true, "schedule"
		}
	}
}

// evaluateAll evaluates the saved questions that read one of kinds (all
// of them when all is set). It reports whether every evaluation ran; a
// question that fails on its own (a person deleted, a filter no longer
// valid) is logged and counts as run.
func (e *Engine) evaluateAll(ctx context.Context, kinds []string, all bool, trigger string) bool {
	qs, err := e.store.SavedQuestions(ctx, nil)
	if err != nil {
		if ctx.Err() == nil {
			e.log.Warn().Err(err).Msg("alerts: could not list the saved questions; trying again")
		}
		return false
	}
	ok := true
	for _, q := range qs {
		if !all && !reads(q.Question, kinds) {
			continue
		}
		if _, err := e.Evaluate(ctx, q, trigger); err != nil {
			if ctx.Err() != nil {
				return false
			}
			// A question that times out on its own is logged like any
			// other failure; only an unavailable database is tried again
			// at once.
			if neo4j.IsUnavailable(err) {
				ok = false
			}
			e.log.Warn().Err(err).Str("saved_question", q.ID).Msg("alerts: evaluating a saved question failed")
		}
	}
	return ok
}

// reads tells whether a question reads any of kinds.
func reads(question string, kinds []string) bool {
	for _, k := range kinds {
		if slices.Contains(model.SavedQuestionReads[question], k) {
			return true
		}
		if !slices.ContainsFunc(model.Kinds, func(m *model.Kind) bool { return m.Name == k }) {
			return true // a kind not known here: it cannot tell
		}
	}
	return false
}

// Subscribe returns the alerts of a saved question numbered after after
// (nil: those kept from now on), until ctx ends. Alerts kept by any
// process arrive: the graph is polled, and this process's own alerts wake
// it at once.
func (e *Engine) Subscribe(ctx context.Context, savedQuestion string, after *int) (<-chan *model.Alert, error) {
	start, err := e.store.SavedAnswerOf(ctx, savedQuestion)
	if err != nil {
		return nil, err
	}
	if after != nil {
		if *after < 0 {
			return nil, model.Invalid("after", "after must be 0 or more, got %d", *after)
		}
		start.Seq = *after
	}
	out := make(chan *model.Alert, 1)
	go func() {
		defer close(out)
		seq := start.Seq
		tick := time.NewTicker(e.cfg.Poll)
		defer tick.Stop()
		for {
			woken := e.alerted.Wait()
			list, err := e.store.AlertsAfter(ctx, savedQuestion, seq)
			if err != nil && ctx.Err() == nil {
				e.log.Warn().Err(err).Str("saved_question", savedQuestion).Msg("alerts: subscription could not read alerts")
			}
			for _, a := range list {
				select {
				case out <- a:
					seq = a.Seq
				case <-ctx.Done():
					return
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-woken:
			case <-tick.C:
			}
		}
	}()
	return out, nil
}

func newID(prefix string) string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}
