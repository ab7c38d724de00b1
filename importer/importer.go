// Package importer loads an NDJSON file into the graph: it validates the
// whole file first, so that a file with a bad line writes nothing, then
// writes nodes before relationships in batches, one transaction each.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/relgraph/relgraph/ndjson"
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
	// BatchSize is the number of lines per transaction (default 1000).
	BatchSize int
	// MaxErrors caps the errors kept for the report (default 100); every
	// error is still counted.
	MaxErrors int
	// Progress, when set, is called as work advances.
	Progress func(Progress)
}

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
	Lines      int
	Records    int
	Counts     map[ndjson.Kind]int
	Batches    int
	Duration   time.Duration
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
		opts.BatchSize = 1000
	}
	if opts.MaxErrors <= 0 {
		opts.MaxErrors = 100
	}
	start := time.Now()
	sum := &Summary{Counts: map[ndjson.Kind]int{}}
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
	err := eachLine(open, func(n int, line []byte) error {
		sum.Lines = n
		if n%10000 == 0 {
			progress(Progress{Phase: Validating, Done: n})
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, err := ndjson.ParseLine(n, line)
		var le *ndjson.LineError
		if errors.As(err, &le) {
			report(le)
			return nil
		}
		if err != nil || rec == nil {
			return err
		}
		sum.Records++
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

	// Every node first, then every relationship, so that a relationship
	// always finds its ends whatever the order of the lines.
	done := 0
	for i, pass := range [][]ndjson.Kind{
		{ndjson.Person, ndjson.Company, ndjson.Topic, ndjson.Content, ndjson.Signal},
		{ndjson.Content, ndjson.Signal, ndjson.WorksAt, ndjson.Knows, ndjson.InterestedIn, ndjson.Engaged},
	} {
		links := i == 1
		in := map[ndjson.Kind]bool{}
		for _, k := range pass {
			in[k] = true
		}
		buf := map[ndjson.Kind][]map[string]any{}
		flush := func(k ndjson.Kind) error {
			rows := buf[k]
			if len(rows) == 0 {
				return nil
			}
			if err := w.WriteBatch(ctx, k, links, rows); err != nil {
				return fmt.Errorf("writing %d %s lines: %w", len(rows), k, err)
			}
			sum.Batches++
			if !links || !k.IsNode() {
				sum.Counts[k] += len(rows)
				done += len(rows)
			}
			buf[k] = rows[:0]
			progress(Progress{Phase: Writing, Done: done, Total: sum.Records})
			return nil
		}
		err := eachLine(open, func(n int, line []byte) error {
			rec, err := ndjson.ParseLine(n, line)
			if err != nil {
				return fmt.Errorf("the input changed while importing: %w", err)
			}
			if rec == nil || !in[rec.Kind] {
				return nil
			}
			buf[rec.Kind] = append(buf[rec.Kind], rec.Row)
			if len(buf[rec.Kind]) >= opts.BatchSize {
				return flush(rec.Kind)
			}
			return nil
		})
		if err != nil {
			return sum, err
		}
		for _, k := range pass {
			if err := flush(k); err != nil {
				return sum, err
			}
		}
	}
	return sum, nil
}

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
