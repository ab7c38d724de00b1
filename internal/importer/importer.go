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

	"github.com/relgraph/relgraph/internal/ndjson"
)

// Writer is the database side of an import.
type Writer interface {
	// MissingIDs returns those of ids that no node of label has.
	MissingIDs(ctx context.Context, label ndjson.Label, ids []string) ([]string, error)
	// WriteBatch upserts rows of one kind in one transaction. For content
	// and signal lines, links=false writes the nodes and links=true their
	// relationships (ABOUT; BY, AT, MENTIONS).
	WriteBatch(ctx context.Context, kind ndjson.Kind, links bool, rows []map[string]any) error
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
	Counts   map[ndjson.Kind]int
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
	Errors     []*ndjson.LineError
	ErrorCount int
}

// RecordsPerSecond is the write rate over the whole import.
func (s *Summary) RecordsPerSecond() float64 {
	if s.Duration <= 0 {
		return 0
	}
	return float64(s.Records) / s.Duration.Seconds()
}

// ErrInvalid means the file had bad lines and nothing was written.
var ErrInvalid = errors.New("the file has invalid lines; nothing was written")

// Opener opens the input afresh; the file is read once to validate and
// twice to write.
type Opener func() (io.ReadCloser, error)

type refInfo struct {
	line  int
	field string
	count int
}

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
	parsers := max(1, runtime.GOMAXPROCS(0))
	start := time.Now()
	sum := &Summary{Counts: map[ndjson.Kind]int{}, Writers: opts.Writers}
	defer func() { sum.Duration = time.Since(start) }()
	report := func(e *ndjson.LineError) {
		sum.ErrorCount++
		if len(sum.Errors) < opts.MaxErrors {
			sum.Errors = append(sum.Errors, e)
		}
	}
	progress := func(p Progress) {
		if opts.Progress != nil {
			opts.Progress(p)
		}
	}

	defined := map[ndjson.Label]map[string]bool{}
	refs := map[ndjson.Label]map[string]*refInfo{}
	// kindOf[n] is the kind of line n (an index in kindCodes, 0 for a blank
	// line), so that each write pass parses only the lines it writes.
	kindOf := []byte{0}
	err := scan(ctx, open, parsers, nil, func(n int, rec *ndjson.Record, err error) error {
		sum.Lines = n
		kindOf = append(kindOf, 0)
		if n%10000 == 0 {
			progress(Progress{Phase: Validating, Done: n})
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
		kindOf[n] = kindCodes[rec.Kind]
		if rec.ID != "" {
			if defined[rec.Label] == nil {
				defined[rec.Label] = map[string]bool{}
			}
			defined[rec.Label][rec.ID] = true
		}
		for _, r := range rec.Refs {
			if refs[r.Label] == nil {
				refs[r.Label] = map[string]*refInfo{}
			}
			if info := refs[r.Label][r.ID]; info != nil {
				info.count++
			} else {
				refs[r.Label][r.ID] = &refInfo{line: n, field: r.Field, count: 1}
			}
		}
		return nil
	})
	if err != nil {
		return sum, err
	}
	progress(Progress{Phase: Validating, Done: sum.Lines, Total: sum.Lines})

	// References to nodes the file does not define must exist already.
	for _, label := range sortedLabels(refs) {
		var unknown []string
		for id := range refs[label] {
			if !defined[label][id] {
				unknown = append(unknown, id)
			}
		}
		sort.Strings(unknown)
		for len(unknown) > 0 {
			chunk := unknown[:min(len(unknown), 10000)]
			unknown = unknown[len(chunk):]
			missing, err := w.MissingIDs(ctx, label, chunk)
			if err != nil {
				return sum, fmt.Errorf("checking references to %s: %w", label, err)
			}
			for _, id := range missing {
				info := refs[label][id]
				reason := fmt.Sprintf("%s: %s %q exists neither in the file nor in the database", info.field, label, id)
				if info.count > 1 {
					reason += fmt.Sprintf(" (%d lines refer to it; this is the first)", info.count)
				}
				report(&ndjson.LineError{Line: info.line, Reason: reason})
			}
		}
	}
	if sum.ErrorCount > 0 {
		sort.SliceStable(sum.Errors, func(i, j int) bool { return sum.Errors[i].Line < sum.Errors[j].Line })
		return sum, ErrInvalid
	}
	// The id sets are not needed any more.
	defined, refs = nil, nil
	sum.Validation = time.Since(start)

	// Every node first, then every relationship, so that a relationship
	// always finds its ends whatever the order of the lines.
	groups := 1
	if opts.Writers > 1 {
		groups = 4 * opts.Writers
	}
	done := 0
	for i, pass := range [][]ndjson.Kind{
		{ndjson.Person, ndjson.Company, ndjson.Topic, ndjson.Content, ndjson.Signal},
		{ndjson.Content, ndjson.Signal, ndjson.WorksAt, ndjson.Knows, ndjson.InterestedIn, ndjson.Engaged},
	} {
		links := i == 1
		var wanted [256]bool
		for _, k := range pass {
			wanted[kindCodes[k]] = true
		}
		want := func(n int) bool { return n < len(kindOf) && wanted[kindOf[n]] }
		// Called by the scheduler under its lock, one batch at a time.
		written := func(k ndjson.Kind, rows int, took time.Duration) {
			sum.Batches++
			sum.InDatabase += took
			if !links || !k.IsNode() {
				sum.Counts[k] += rows
				done += rows
			}
			progress(Progress{Phase: Writing, Done: done, Total: sum.Records})
		}
		s := newScheduler(ctx, w, links, opts.Writers, groups, opts.BatchSize, written)
		err := scan(ctx, open, parsers, want, func(n int, rec *ndjson.Record, err error) error {
			if err != nil {
				return fmt.Errorf("the input changed while importing: %w", err)
			}
			if rec == nil || !wanted[kindCodes[rec.Kind]] {
				return nil
			}
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
	return sum, nil
}

// kindCodes numbers the kinds from 1 for kindOf.
var kindCodes = func() map[ndjson.Kind]byte {
	m := map[ndjson.Kind]byte{}
	for i, k := range ndjson.Kinds {
		m[k] = byte(i + 1)
	}
	return m
}()

func eachLine(open Opener, fn func(n int, line []byte) error) error {
	r, err := open()
	if err != nil {
		return err
	}
	defer r.Close()
	return ndjson.Lines(r, fn)
}

func sortedLabels(m map[ndjson.Label]map[string]*refInfo) []ndjson.Label {
	var out []ndjson.Label
	for l := range m {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
