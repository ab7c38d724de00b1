package importer

import (
	"context"
	"slices"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/ndjson"
)

// Lines travel between the reader and the parsers in chunks of about this
// many lines or bytes, whichever comes first.
const (
	chunkLines = 1024
	chunkBytes = 1 << 20
)

// chunk is a run of consecutive lines and, once parsed, their records.
type chunk struct {
	seq   int
	first int    // number of the first line
	data  []byte // the lines, end to end
	ends  []int  // ends[i] is where line first+i ends in data
	recs  []*model.Record
	errs  []error
}

func (c *chunk) line(i int) []byte {
	start := 0
	if i > 0 {
		start = c.ends[i-1]
	}
	return c.data[start:c.ends[i]]
}

// scan reads the input once, parses its lines on `workers` goroutines and
// calls fn with every line's number, record and parse error in file order,
// from the calling goroutine. Blank lines, and lines for which want (when
// not nil) returns false, are not parsed: they give a nil record and no
// error. It stops at the first error fn returns and returns it.
func scan(ctx context.Context, open Opener, workers int, want func(n int) bool, fn func(n int, rec *model.Record, err error) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan *chunk, workers)
	done := make(chan *chunk, workers)

	// Chunks the caller has finished with come back to the reader, so
	// that a file's lines are copied into a few buffers over and over.
	free := make(chan *chunk, 2*workers+2)
	newChunk := func(seq int) *chunk {
		select {
		case c := <-free:
			c.seq = seq
			return c
		default:
			return &chunk{seq: seq, data: make([]byte, 0, chunkBytes+chunkBytes/4), ends: make([]int, 0, chunkLines)}
		}
	}

	var readErr error
	go func() {
		defer close(jobs)
		seq := 0
		cur := newChunk(0)
		send := func() bool {
			select {
			case jobs <- cur:
				seq++
				return true
			case <-ctx.Done():
				return false
			}
		}
		readErr = eachLine(open, func(n int, line []byte) error {
			if len(cur.ends) == 0 {
				cur.first = n
			}
			cur.data = append(cur.data, line...)
			cur.ends = append(cur.ends, len(cur.data))
			if len(cur.ends) >= chunkLines || len(cur.data) >= chunkBytes {
				if !send() {
					return ctx.Err()
				}
				cur = newChunk(seq)
			}
			return nil
		})
		if readErr == nil && len(cur.ends) > 0 {
			send()
		}
	}()

	finished := make(chan struct{})
	for range workers {
		go func() {
			defer func() { finished <- struct{}{} }()
			var parser ndjson.Parser
			for c := range jobs {
				// A chunk comes new or emptied (below): its records and
				// errors are nil up to their capacity.
				c.recs = slices.Grow(c.recs[:0], len(c.ends))[:len(c.ends)]
				c.errs = slices.Grow(c.errs[:0], len(c.ends))[:len(c.ends)]
				for i := range c.ends {
					if want == nil || want(c.first+i) {
						c.recs[i], c.errs[i] = parser.Parse(c.first+i, c.line(i))
					}
				}
				select {
				case done <- c:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		for range workers {
			<-finished
		}
		close(done)
	}()

	pending := map[int]*chunk{}
	next := 0
	var fnErr error
	for c := range done {
		if fnErr != nil {
			continue // draining after a failure
		}
		pending[c.seq] = c
		for p := pending[next]; p != nil; p = pending[next] {
			delete(pending, next)
			next++
			for i := range p.recs {
				if fnErr = fn(p.first+i, p.recs[i], p.errs[i]); fnErr != nil {
					cancel()
					break
				}
			}
			if fnErr != nil {
				break
			}
			// Emptied, so that the records it held are not kept alive and
			// a worker finds nil where it parses no line.
			p.data, p.ends = p.data[:0], p.ends[:0]
			clear(p.recs)
			clear(p.errs)
			select {
			case free <- p:
			default:
			}
		}
	}
	if fnErr != nil {
		return fnErr
	}
	// The reader has finished: done closes only after jobs has closed.
	if readErr != nil {
		return readErr
	}
	return ctx.Err()
}
