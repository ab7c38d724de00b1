package neo4j

import (
	"context"
	"sync"
	"time"
)

// Statement is one statement that ran for a request.
type Statement struct {
	Name     string
	Cypher   string
	Params   map[string]any
	Duration time.Duration
	Rows     int
}

// Trace collects the statements run for one request: their count bounds
// round trips, their timings go to the log, and analysts may see them.
type Trace struct {
	mu         sync.Mutex
	statements []Statement
}

type traceKey struct{}

// WithTrace returns a context whose statements are recorded in t.
func WithTrace(ctx context.Context, t *Trace) context.Context {
	return context.WithValue(ctx, traceKey{}, t)
}

// TraceFrom returns the context's trace, or nil.
func TraceFrom(ctx context.Context) *Trace {
	t, _ := ctx.Value(traceKey{}).(*Trace)
	return t
}

func (t *Trace) add(s Statement) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.statements = append(t.statements, s)
}

// Statements returns a copy of what ran so far.
func (t *Trace) Statements() []Statement {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Statement(nil), t.statements...)
}

// Total is the number of statements and their summed time.
func (t *Trace) Total() (int, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var d time.Duration
	for _, s := range t.statements {
		d += s.Duration
	}
	return len(t.statements), d
}
