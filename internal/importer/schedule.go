package importer

import (
	"context"
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/relgraph/relgraph/internal/model"
)

// Parallel writes without lock contention.
//
// Every node is put in one of `groups` groups by a hash of its id. A row
// of the import locks the nodes it writes or links, so its lock keys are
// the (label, group) pairs of those nodes. Rows with the same keys share a
// bucket, and a bucket's rows are written in file order, one batch at a
// time. Batches run side by side only when their keys are disjoint, so
// concurrent transactions never wait on each other's node locks and cannot
// deadlock; and every line about the same node, pair or edge falls in the
// same bucket, so a later line still wins over an earlier one.

// lockKey is a group of nodes of one label; group -1 is every node of it.
type lockKey struct {
	label string
	group int
}

func (a lockKey) conflicts(b lockKey) bool {
	return a.label == b.label && (a.group == b.group || a.group < 0 || b.group < 0)
}

func groupOf(id string, groups int) int {
	if groups <= 1 {
		return 0
	}
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(groups))
}

// linkKeys are the lock keys of a node kind's links: its link statements
// touch several labels per row (a signal's person, company and topics), so
// they lock every label they touch whole.
func linkKeys(k *model.Kind) []lockKey {
	var keys []lockKey
	for _, label := range k.Labels() {
		keys = append(keys, lockKey{label, -1})
	}
	return keys
}

// keysOf returns the lock keys of a record in the pass that writes nodes
// (links false) or relationships (links true), sorted and distinct.
func keysOf(rec *model.Record, links bool, groups int) []lockKey {
	if rec.Kind.IsNode() {
		if links {
			return linkKeys(rec.Kind)
		}
		return []lockKey{{rec.Kind.Label, groupOf(rec.ID, groups)}}
	}
	keys := make([]lockKey, 0, len(rec.Refs))
	for _, r := range rec.Refs {
		k := lockKey{r.Label, groupOf(r.ID, groups)}
		dup := false
		for _, have := range keys {
			dup = dup || have == k
		}
		if !dup {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].label != keys[j].label {
			return keys[i].label < keys[j].label
		}
		return keys[i].group < keys[j].group
	})
	return keys
}

func bucketName(kind *model.Kind, keys []lockKey) string {
	var b strings.Builder
	b.WriteString(kind.Name)
	for _, k := range keys {
		b.WriteByte('|')
		b.WriteString(k.label)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(k.group))
	}
	return b.String()
}

type bucket struct {
	kind *model.Kind
	keys []lockKey
	rows []map[string]any // filling
}

type batch struct {
	bucket *bucket
	rows   []map[string]any
}

// scheduler batches the rows of one pass by bucket and writes the batches
// on several writers.
type scheduler struct {
	ctx       context.Context
	w         Writer
	links     bool
	groups    int
	batchSize int
	maxQueued int
	// pending counts the rows in buckets, not yet batches; beyond
	// maxPending the fullest bucket goes as a smaller batch, which bounds
	// the rows held in memory however many buckets there are.
	pending, maxPending int
	// done is called after each batch with its kind and size, under mu.
	done func(kind *model.Kind, rows int, took time.Duration)

	mu      sync.Mutex
	cond    *sync.Cond
	buckets map[string]*bucket
	queue   []*batch // waiting, oldest first
	held    []lockKey
	closed  bool
	err     error
	wg      sync.WaitGroup
}

func newScheduler(ctx context.Context, w Writer, links bool, writers, groups, batchSize int, done func(*model.Kind, int, time.Duration)) *scheduler {
	s := &scheduler{
		ctx: ctx, w: w, links: links, groups: groups, batchSize: batchSize, done: done,
		maxQueued: 2 * writers, maxPending: pendingBatches * batchSize, buckets: map[string]*bucket{},
	}
	s.cond = sync.NewCond(&s.mu)
	for range writers {
		s.wg.Add(1)
		go s.writer()
	}
	return s
}

// add puts a record's row in its bucket; it blocks while too many batches
// wait, and returns the first write error once there is one.
func (s *scheduler) add(rec *model.Record) error {
	keys := keysOf(rec, s.links, s.groups)
	name := bucketName(rec.Kind, keys)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	b := s.buckets[name]
	if b == nil {
		b = &bucket{kind: rec.Kind, keys: keys}
		s.buckets[name] = b
	}
	b.rows = append(b.rows, rec.Row)
	s.pending++
	if len(b.rows) < s.batchSize && s.pending > s.maxPending {
		for _, other := range s.buckets {
			if len(other.rows) > len(b.rows) {
				b = other
			}
		}
	}
	if len(b.rows) >= s.batchSize || s.pending > s.maxPending {
		s.enqueue(b)
		for len(s.queue) > s.maxQueued && s.err == nil {
			s.cond.Wait()
		}
	}
	return s.err
}

// pendingBatches bounds the rows waiting in buckets, in batches: with 2
// writers a KNOWS pass fills up to 36 buckets (pairs of 8 groups), which
// held 180,000 rows of batches of 5000 (866 MiB peak at 100k people).
const pendingBatches = 8

// enqueue turns a bucket's rows into a waiting batch; called under mu.
func (s *scheduler) enqueue(b *bucket) {
	s.pending -= len(b.rows)
	s.queue = append(s.queue, &batch{bucket: b, rows: b.rows})
	b.rows = nil
	s.cond.Broadcast()
}

// finish writes what is left and waits for every writer.
func (s *scheduler) finish() error {
	s.mu.Lock()
	names := make([]string, 0, len(s.buckets))
	for name, b := range s.buckets {
		if len(b.rows) > 0 {
			names = append(names, name)
		}
	}
	// Partial batches in a stable order.
	sort.Strings(names)
	for _, name := range names {
		s.enqueue(s.buckets[name])
	}
	s.closed = true
	s.cond.Broadcast()
	s.mu.Unlock()
	s.wg.Wait()
	return s.err
}

// abort stops the writers after the batches under way.
func (s *scheduler) abort(err error) {
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.closed = true
	s.cond.Broadcast()
	s.mu.Unlock()
	s.wg.Wait()
}

// next returns the oldest waiting batch whose keys are free and takes
// them; nil when the pass is over. Called under mu.
func (s *scheduler) next() *batch {
	for {
		if s.err != nil {
			return nil
		}
		for i, b := range s.queue {
			if s.free(b.bucket.keys) {
				s.queue = append(s.queue[:i], s.queue[i+1:]...)
				s.held = append(s.held, b.bucket.keys...)
				s.cond.Broadcast()
				return b
			}
		}
		if s.closed && len(s.queue) == 0 {
			return nil
		}
		s.cond.Wait()
	}
}

func (s *scheduler) free(keys []lockKey) bool {
	for _, k := range keys {
		for _, h := range s.held {
			if k.conflicts(h) {
				return false
			}
		}
	}
	return true
}

func (s *scheduler) release(keys []lockKey) {
	for _, k := range keys {
		for i, h := range s.held {
			if h == k {
				s.held = append(s.held[:i], s.held[i+1:]...)
				break
			}
		}
	}
}

func (s *scheduler) writer() {
	defer s.wg.Done()
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		b := s.next()
		if b == nil {
			return
		}
		s.mu.Unlock()
		start := time.Now()
		err := s.w.WriteBatch(s.ctx, b.bucket.kind, s.links, b.rows)
		took := time.Since(start)
		s.mu.Lock()
		s.release(b.bucket.keys)
		if err != nil {
			if s.err == nil {
				s.err = fmt.Errorf("writing %d %s lines: %w", len(b.rows), b.bucket.kind, err)
			}
		} else if s.done != nil {
			s.done(b.bucket.kind, len(b.rows), took)
		}
		s.cond.Broadcast()
	}
}
