// Package neo4j holds every Cypher statement of relgraph and all code that
// talks to the database through the Neo4j Go driver.
package neo4j

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/rs/zerolog"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/telemetry"
)

// Store runs relgraph's statements against one database.
type Store struct {
	driver    driver.DriverWithContext
	database  string
	txTimeout time.Duration
	slow      time.Duration
	log       zerolog.Logger
	observer  Observer
	limits    model.Limits
	strength  model.StrengthModel
	asOf      func() time.Time
	// changed tells this process's alerts that the graph changed.
	changed *Signal
	// anchorSizes: see networkStart.
	anchorSizes anchorSizes
}

// Observer is told about every statement and session, for metrics.
type Observer interface {
	// Statement reports one statement: its name, time, rows and error.
	Statement(name string, d time.Duration, rows int, err error)
	// Sessions reports a session opened (+1) or closed (-1).
	Sessions(delta int)
	// Written reports n records of one kind upserted (import or mutation).
	Written(kind string, n int)
}

type noObserver struct{}

func (noObserver) Statement(string, time.Duration, int, error) {}
func (noObserver) Sessions(int)                                {}
func (noObserver) Written(string, int)                         {}

// Options configure a Store.
type Options struct {
	// Database is the database name; empty means the server's default.
	Database string
	// TxTimeout bounds each transaction; 0 leaves the server's setting.
	TxTimeout time.Duration
	// SlowQuery logs, at warn level with its Cypher, every statement that
	// takes longer; 0 turns the slow-query log off.
	SlowQuery time.Duration
	// Observer receives statement timings; nil for none.
	Observer Observer
	// Limits bound the questions; zero fields take the defaults.
	Limits model.Limits
	// Strength computes KNOWS strengths from interactions; zero means
	// model.DefaultStrengthModel.
	Strength model.StrengthModel
	// AsOf is the time strengths are computed as of; nil means now.
	AsOf func() time.Time
}

// NewStore wraps a driver. The driver stays owned by the caller.
func NewStore(d driver.DriverWithContext, log zerolog.Logger, opts Options) *Store {
	s := &Store{driver: d, database: opts.Database, txTimeout: opts.TxTimeout, slow: opts.SlowQuery, log: log, observer: opts.Observer,
		limits: opts.Limits.WithDefaults(), strength: opts.Strength, asOf: opts.AsOf, changed: NewSignal()}
	if s.strength.HalfLife <= 0 {
		s.strength = model.DefaultStrengthModel()
	}
	if s.asOf == nil {
		s.asOf = time.Now
	}
	if s.observer == nil {
		s.observer = noObserver{}
	}
	return s
}

// Now is the store's clock: the time strengths are computed as of, fixed
// in tests and under relgraph dev (the demo's today), else now.
func (s *Store) Now() time.Time { return s.asOf() }

// StrengthModel returns the model of the store's computed strengths.
func (s *Store) StrengthModel() model.StrengthModel { return s.strength }

// Limits returns the limits the store's questions are checked against.
func (s *Store) Limits() model.Limits { return s.limits }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	return s.driver.VerifyConnectivity(ctx)
}

// session opens a session in read or write mode: in a cluster, reads go to
// followers and writes to the leader. Sessions of one request share its
// bookmarks, so a read after a write of the same request sees it.
func (s *Store) session(ctx context.Context, mode driver.AccessMode) driver.SessionWithContext {
	cfg := driver.SessionConfig{AccessMode: mode, DatabaseName: s.database}
	if bm := bookmarksFrom(ctx); bm != nil {
		cfg.BookmarkManager = bm
	}
	s.observer.Sessions(1)
	return &countedSession{SessionWithContext: s.driver.NewSession(ctx, cfg), closed: func() { s.observer.Sessions(-1) }}
}

type countedSession struct {
	driver.SessionWithContext
	once   sync.Once
	closed func()
}

func (c *countedSession) Close(ctx context.Context) error {
	c.once.Do(c.closed)
	return c.SessionWithContext.Close(ctx)
}

type bookmarksKey struct{}

// WithBookmarks gives the statements run with ctx one shared bookmark
// manager (causal consistency within a request).
func WithBookmarks(ctx context.Context) context.Context {
	return context.WithValue(ctx, bookmarksKey{}, driver.NewBookmarkManager(driver.BookmarkManagerConfig{}))
}

func bookmarksFrom(ctx context.Context) driver.BookmarkManager {
	bm, _ := ctx.Value(bookmarksKey{}).(driver.BookmarkManager)
	return bm
}

func (s *Store) txConfig() []func(*driver.TransactionConfig) {
	if s.txTimeout <= 0 {
		return nil
	}
	return []func(*driver.TransactionConfig){driver.WithTxTimeout(s.txTimeout)}
}

// readRetryDelay is how long read waits before it tries a statement
// again, as the driver's transaction functions wait before their first
// retry.
const readRetryDelay = time.Second

// read runs one statement as a read and decodes every record. It is an
// auto-commit transaction: one round trip to Neo4j, where a transaction
// function needs two (at 1M, a lookup by id p50 1.4 against 0.7 ms). A
// failure the driver would retry (a lost connection, a transient error)
// is tried once more after readRetryDelay, as the store's transaction
// functions are (Connect: MaxTransactionRetryTime): a read may run twice.
func read[T any](ctx context.Context, s *Store, name, cypher string, params map[string]any, decode func(*driver.Record) (T, error)) ([]T, error) {
	start := time.Now()
	out, err := readOnce(ctx, s, cypher, params, decode)
	if err != nil && driver.IsRetryable(err) {
		t := time.NewTimer(readRetryDelay)
		select {
		case <-ctx.Done():
		case <-t.C:
			out, err = readOnce(ctx, s, cypher, params, decode)
		}
		t.Stop()
	}
	s.record(ctx, name, cypher, params, time.Since(start), len(out), err)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// readOnce runs a statement of read in an auto-commit transaction.
func readOnce[T any](ctx context.Context, s *Store, cypher string, params map[string]any, decode func(*driver.Record) (T, error)) ([]T, error) {
	sess := s.session(ctx, driver.AccessModeRead)
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, cypher, params, s.txConfig()...)
	if err != nil {
		return nil, err
	}
	var rows []T
	for res.Next(ctx) {
		row, err := decode(res.Record())
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	return rows, res.Err()
}

// readOne is read for statements that return exactly one row.
func readOne[T any](ctx context.Context, s *Store, name, cypher string, params map[string]any, decode func(*driver.Record) (T, error)) (T, error) {
	rows, err := read(ctx, s, name, cypher, params, decode)
	if err != nil {
		var zero T
		return zero, err
	}
	if len(rows) != 1 {
		var zero T
		return zero, fmt.Errorf("%s: expected one row, got %d", name, len(rows))
	}
	return rows[0], nil
}

// write runs one statement in a write transaction and returns its counters.
func write(ctx context.Context, s *Store, name, cypher string, params map[string]any) (driver.ResultSummary, error) {
	sess := s.session(ctx, driver.AccessModeWrite)
	defer sess.Close(ctx)
	start := time.Now()
	sum, err := driver.ExecuteWrite(ctx, sess, func(tx driver.ManagedTransaction) (driver.ResultSummary, error) {
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		return res.Consume(ctx)
	}, s.txConfig()...)
	s.record(ctx, name, cypher, params, time.Since(start), 0, err)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return sum, nil
}

func (s *Store) record(ctx context.Context, name, cypher string, params map[string]any, d time.Duration, rows int, err error) {
	statementSpan(ctx, name, d, rows, err)
	if t := TraceFrom(ctx); t != nil {
		t.add(Statement{Name: name, Cypher: cypher, Params: params, Duration: d, Rows: rows})
	}
	s.observer.Statement(name, d, rows, err)
	log := zerolog.Ctx(ctx)
	if log.GetLevel() == zerolog.Disabled {
		log = &s.log
	}
	ev := log.Debug()
	switch {
	case err != nil:
		ev = log.Warn().Err(err)
	case s.slow > 0 && d >= s.slow:
		ev = log.Warn().Str("cypher", cypher).Bool("slow", true)
	}
	ev.Str("statement", name).Float64("cypher_ms", float64(d.Microseconds())/1000).Int("rows", rows).Msg("cypher")
}

// IsUnavailable reports whether err means the database could not be reached.
func IsUnavailable(err error) bool {
	// After its retries the driver reports every attempt in one error
	// that does not unwrap: look at the attempts.
	var limit *driver.TransactionExecutionLimit
	if errors.As(err, &limit) {
		for _, e := range limit.Errors {
			if IsUnavailable(e) {
				return true
			}
		}
		return false
	}
	var conn *driver.ConnectivityError
	return errors.As(err, &conn) || driver.IsRetryable(err) && !isTimeout(err)
}

// IsTimeout reports whether a transaction ran out of time.
func IsTimeout(err error) bool { return isTimeout(err) || errors.Is(err, context.DeadlineExceeded) }

func isTimeout(err error) bool {
	var ne *driver.Neo4jError
	if errors.As(err, &ne) {
		return ne.Code == "Neo.ClientError.Transaction.TransactionTimedOut" ||
			ne.Code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"
	}
	return false
}

// Page is one page of a question's answer: Total rows in all, and the
// rows of the page, in order.
type Page[T any] struct {
	Total int
	Items []T
}

// askPage answers a paged question: req is admitted (admit), build makes
// its statement for the viewer, and the statement's row is read as a page
// of T (see readPage).
func askPage[R request, T any](ctx context.Context, s *Store, name string, req R, build func(R, viewer) (string, map[string]any, error), missing error) (Page[T], error) {
	v, err := s.admit(ctx, name, req)
	if err != nil {
		return Page[T]{}, err
	}
	cypher, params, err := build(req, v)
	if err != nil {
		return Page[T]{}, err
	}
	return readPage[T](ctx, s, name, cypher, params, missing)
}

// readPage runs a paged question. Its statement returns one row: total,
// items (the page) and, when missing is not nil, found, whose false means
// that the node the question is about does not exist.
func readPage[T any](ctx context.Context, s *Store, name, cypher string, params map[string]any, missing error) (Page[T], error) {
	type row struct {
		Found *bool `json:"found"`
		Total int   `json:"total"`
		Items []T   `json:"items"`
	}
	r, err := readOne(ctx, s, name, cypher, params, func(rec *driver.Record) (row, error) {
		var r row
		err := decodeRow(rec, &r)
		return r, err
	})
	if err == nil && missing != nil && (r.Found == nil || !*r.Found) {
		err = missing
	}
	return Page[T]{Total: r.Total, Items: r.Items}, err
}

// statementSpan records a statement that took d as a span of the trace ctx
// is in: its name and rows, never its parameters.
func statementSpan(ctx context.Context, name string, d time.Duration, rows int, err error) {
	if !trace.SpanFromContext(ctx).IsRecording() {
		return
	}
	end := time.Now()
	_, span := telemetry.Tracer().Start(ctx, "cypher "+name, trace.WithSpanKind(trace.SpanKindClient), trace.WithTimestamp(end.Add(-d)),
		trace.WithAttributes(attribute.String("db.system.name", "neo4j"), attribute.String("db.operation.name", name),
			attribute.Int("db.response.returned_rows", rows)))
	if err != nil {
		span.SetStatus(codes.Error, err.Error())
	}
	span.End(trace.WithTimestamp(end))
}
