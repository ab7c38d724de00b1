// Package importer loads an NDJSON file into the graph: it validates the
// whole file first, so that a file with a bad line writes nothing, then
// writes nodes before relationships in batches, one transaction each.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"time"

	"go.opentelemetry.io/otel/attribute"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/ndjson"
	"github.com/relgraph/relgraph/internal/telemetry"
)

// Writer is the database side of an import.
type Writer interface {
	Checker
	// WriteBatch upserts rows of one kind in one transaction. For content
	// and signal lines, links=false writes the nodes and links=true their
	// relationships (ABOUT; BY, AT, MENTIONS).
	WriteBatch(ctx context.Context, kind *model.Kind, links bool, rows []map[string]any) error
	// RefreshStrengths recomputes the strengths of pairs from their
	// interactions, once everything is written.
	RefreshStrengths(ctx context.Context, pairs []model.Pair) error
	// NoteChange records that lines of these kinds were written, for the
	// alerts of saved questions.
	NoteChange(ctx context.Context, kinds []string) error
}

// Options tune an import.
type Options struct {
	// BatchSize is the number of lines per transaction (default
	// DefaultBatchSize).
	BatchSize int
	// Writers is the number of transactions written side by side
	// (default DefaultWriters). With more than one, lines are grouped so
	// that concurrent transactions never touch the same node.
	Writers int
	// MaxErrors caps the errors kept for the report (default 100); every
	// error is still counted.
	MaxErrors int
	// Progress, when set, is called as work advances, from one goroutine
	// at a time.
	Progress func(Progress)
}

// progress reports p, when the caller asked for progress.
func (o Options) progress(p Progress) {
	if o.Progress != nil {
		o.Progress(p)
	}
}

// Defaults of Options.
const (
	DefaultBatchSize = 5000
	DefaultWriters   = 2
	MaxWriters       = 16
)

// Phase names a step of an import.
type Phase string

// The phases, in order.
const (
	Validating Phase = "validating"
	Writing    Phase = "writing"
	Strengths  Phase = "strengths"
)

// Progress reports how far an import is.
type Progress struct {
	Phase Phase
	Done  int
	Total int // 0 while unknown
}

// Summary describes a finished or refused import.
type Summary struct {
	Lines    int
	Records  int
	Counts   map[*model.Kind]int
	Batches  int
	Writers  int
	Duration time.Duration
	// Validation is the time spent reading and checking the file before
	// anything was written.
	Validation time.Duration
	// InDatabase is the time transactions took, summed over writers:
	// InDatabase / (Duration - Validation) is how many writers were busy
	// on average.
	InDatabase time.Duration
	// Pairs is how many pairs' strengths were computed again, from their
	// interactions, in Strengths of time.
	Pairs     int
	Strengths time.Duration
	// Suppressed counts the lines skipped because they are about people
	// erased with erasePerson.
	Suppressed int
	Errors     []*ndjson.LineError
	ErrorCount int
}

// kinds are the names of the kinds of lines written, sorted.
func (s *Summary) kinds() []string {
	var kinds []string
	for k := range s.Counts {
		kinds = append(kinds, k.Name)
	}
	sort.Strings(kinds)
	return kinds
}

// RecordsPerSecond is the write rate over the whole import.
func (s *Summary) RecordsPerSecond() float64 {
	if s.Duration <= 0 {
		return 0
	}
	return float64(s.Records) / s.Duration.Seconds()
}

// strengthChunk is how many pairs' strengths one call refreshes.
const strengthChunk = 5000

// ErrInvalid means the file had bad lines and nothing was written.
var ErrInvalid = errors.New("the file has invalid lines; nothing was written")

// Opener opens the input afresh; the file is read once to validate and
// twice to write.
type Opener func() (io.ReadCloser, error)

// Import validates then writes the file.
func Import(ctx context.Context, open Opener, w Writer, opts Options) (*Summary, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.Writers <= 0 {
		opts.Writers = DefaultWriters
	}
	opts.Writers = min(opts.Writers, MaxWriters)
	if opts.MaxErrors <= 0 {
		opts.MaxErrors = 100
	}
	start := time.Now()
	sum := &Summary{Counts: map[*model.Kind]int{}, Writers: opts.Writers}
	ctx, span := telemetry.Tracer().Start(ctx, "import")
	defer func() {
		sum.Duration = time.Since(start)
		span.SetAttributes(attribute.Int("relgraph.import.lines", sum.Lines), attribute.Int("relgraph.import.records", sum.Records),
			attribute.Int("relgraph.import.errors", sum.ErrorCount), attribute.Int("relgraph.import.batches", sum.Batches))
		span.End()
	}()
	// Whatever was written, even by an import that failed halfway, is a
	// change saved questions may see.
	defer func() {
		// A failure is logged by the writer; the next scheduled evaluation
		// of the saved questions sees the change anyway.
		_ = w.NoteChange(context.WithoutCancel(ctx), sum.kinds())
	}()
	kindOf, supp, err := validate(ctx, open, w, opts, sum, nil)
	if err != nil {
		return sum, err
	}

	// Every node first, then every relationship, so that a relationship
	// always finds its ends whatever the order of the lines.
	groups := 1
	if opts.Writers > 1 {
		groups = 4 * opts.Writers
	}
	done := 0
	pairs := model.PairSet{}
	for _, links := range []bool{false, true} {
		// The first pass writes the nodes, the second their links and the
		// relationships.
		var wanted [256]bool
		for _, k := range model.Kinds {
			wanted[k.Index+1] = k.IsNode() != links || k.IsNode() && len(k.Links) > 0 && links
		}
		want := func(n int) bool { return n < len(kindOf) && wanted[kindOf[n]] }
		// Called by the scheduler under its lock, one batch at a time.
		written := func(k *model.Kind, rows int, took time.Duration) {
			sum.Batches++
			sum.InDatabase += took
			if !links || !k.IsNode() {
				sum.Counts[k] += rows
				done += rows
			}
			opts.progress(Progress{Phase: Writing, Done: done, Total: sum.Records})
		}
		s := newScheduler(ctx, w, links, opts.Writers, groups, opts.BatchSize, written)
		err := scan(ctx, open, parsers(), want, func(n int, rec *model.Record, err error) error {
			if err != nil {
				return fmt.Errorf("the input changed while importing: %w", err)
			}
			if rec == nil || !wanted[rec.Kind.Index+1] {
				return nil
			}
			if supp.Skips(rec) {
				if !links || !rec.Kind.IsNode() {
					sum.Suppressed++
				}
				return nil
			}
			pairs.Add(rec)
			return s.add(rec)
		})
		if err != nil {
			s.abort(err)
			return sum, err
		}
		if err := s.finish(); err != nil {
			return sum, err
		}
	}

	// Then the strengths of the pairs whose interactions (or strength
	// source) the file gave.
	return sum, refreshStrengths(ctx, w, pairs.List(), sum, opts)
}

// refreshStrengths computes the strengths of pairs, a chunk at a time.
func refreshStrengths(ctx context.Context, w Writer, list []model.Pair, sum *Summary, opts Options) error {
	begin := time.Now()
	total := len(list)
	for len(list) > 0 {
		chunk := list[:min(len(list), strengthChunk)]
		list = list[len(chunk):]
		if err := w.RefreshStrengths(ctx, chunk); err != nil {
			return fmt.Errorf("computing strengths: %w", err)
		}
		sum.Pairs += len(chunk)
		opts.progress(Progress{Phase: Strengths, Done: sum.Pairs, Total: total})
	}
	sum.Strengths = time.Since(begin)
	return nil
}

// FinishBulk does, once a bulk load's files are in the database and it
// runs, what Import does after writing: the strengths of the pairs the
// file changed, and the note of the change for saved questions.
func FinishBulk(ctx context.Context, w Writer, bulk *Bulk, sum *Summary, opts Options) error {
	if err := refreshStrengths(ctx, w, bulk.Pairs, sum, opts); err != nil {
		return err
	}
	return w.NoteChange(ctx, sum.kinds())
}

// Checker is what validation asks the database.
type Checker interface {
	// MissingIDs returns those of ids that no node of label has.
	MissingIDs(ctx context.Context, label string, ids []string) ([]string, error)
	// Suppressed returns those of hashes that erased people left
	// (model.SuppressionHash); with no hashes, one if there is any.
	Suppressed(ctx context.Context, hashes []string) ([]string, error)
}

func parsers() int { return max(1, runtime.GOMAXPROCS(0)) }

// validate reads the whole file once and checks every line, and every
// reference against the file and the database, counting lines and records
// into sum; each, when set, sees every valid record in file order. It
// returns the kind of each line (1 + its index in model.Kinds, 0 for a
// blank or bad line), so that each later pass parses only the lines it
// writes, and the suppression of erased people (nil without erasures).
// With bad lines it returns ErrInvalid and the errors in sum.
func validate(ctx context.Context, open Opener, c Checker, opts Options, sum *Summary, each func(rec *model.Record) error) ([]byte, *model.Suppression, error) {
	start := time.Now()
	report := func(e *ndjson.LineError) {
		sum.ErrorCount++
		if len(sum.Errors) < opts.MaxErrors {
			sum.Errors = append(sum.Errors, e)
		}
	}
	refs := model.Batch{In: "the file", Places: "lines"}
	// Only a database with erasures has lines to skip: the file's people
	// are gathered only then.
	var supp *model.Suppression
	if any, err := c.Suppressed(ctx, nil); err != nil {
		return nil, nil, err
	} else if len(any) > 0 {
		supp = &model.Suppression{}
	}
	kindOf := []byte{0}
	err := scan(ctx, open, parsers(), nil, func(n int, rec *model.Record, err error) error {
		sum.Lines = n
		kindOf = append(kindOf, 0)
		if n%10000 == 0 {
			opts.progress(Progress{Phase: Validating, Done: n})
		}
		var le *ndjson.LineError
		if errors.As(err, &le) {
			report(le)
			return nil
		}
		if err != nil || rec == nil {
			return err
		}
		sum.Records++
		kindOf[n] = byte(rec.Kind.Index + 1)
		refs.Add(rec)
		supp.Add(rec)
		if each != nil && sum.ErrorCount == 0 {
			return each(rec)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	opts.progress(Progress{Phase: Validating, Done: sum.Lines, Total: sum.Lines})

	// Lines about erased people are skipped; references to them are not
	// missing.
	gone, err := supp.Resolve(ctx, c.Suppressed)
	if err != nil {
		return nil, nil, err
	}
	refs.Forget("Person", gone)
	// References to nodes the file does not define must exist already.
	problems, err := refs.Check(ctx, c.MissingIDs)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range problems {
		report(&ndjson.LineError{Line: p.At, Reason: p.Reason})
	}
	if sum.ErrorCount > 0 {
		sort.SliceStable(sum.Errors, func(i, j int) bool { return sum.Errors[i].Line < sum.Errors[j].Line })
		return nil, nil, ErrInvalid
	}
	sum.Validation = time.Since(start)
	return kindOf, supp, nil
}

func eachLine(open Opener, fn func(n int, line []byte) error) error {
	r, err := open()
	if err != nil {
		return err
	}
	defer r.Close()
	return ndjson.Lines(r, fn)
}
