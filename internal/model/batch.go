package model

import (
	"context"
	"fmt"
	"slices"
	"sort"
)

// Batch is the one check an import and a mutation share once every line
// or item is valid on its own: everything a record refers to must be
// defined in the batch itself or exist in the database. It keeps the ids
// of the nodes defined, and per node referred to before any record
// defines it how many places refer to it and the first of them (every
// one with EveryPlace): a file of millions of lines costs one entry per
// node defined, and one per node referred to ahead of its definition.
type Batch struct {
	// In names the batch in messages ("the file", "this batch"), and
	// Places its places ("lines", "items").
	In, Places string
	// EveryPlace reports each place that refers to a missing node, rather
	// than the first with a count.
	EveryPlace bool
	defined    map[string]map[string]bool
	refs       map[string]map[string]*uses
}

// uses are the places that refer to one node.
type uses struct {
	first []use
	count int
}

type use struct {
	at    int
	field string
}

// Problem is what is wrong at one place of a batch (a line number or an
// item's position).
type Problem struct {
	At     int
	Reason string
}

// Add records what rec defines and refers to.
func (b *Batch) Add(rec *Record) {
	if b.defined == nil {
		b.defined = map[string]map[string]bool{}
		b.refs = map[string]map[string]*uses{}
	}
	if rec.ID != "" {
		if b.defined[rec.Kind.Label] == nil {
			b.defined[rec.Kind.Label] = map[string]bool{}
		}
		b.defined[rec.Kind.Label][rec.ID] = true
	}
	for _, r := range rec.Refs {
		if b.defined[r.Label][r.ID] {
			continue // nothing to look up
		}
		if b.refs[r.Label] == nil {
			b.refs[r.Label] = map[string]*uses{}
		}
		u := b.refs[r.Label][r.ID]
		if u == nil {
			u = &uses{}
			b.refs[r.Label][r.ID] = u
		}
		u.count++
		if len(u.first) == 0 || b.EveryPlace {
			u.first = append(u.first, use{at: rec.Line, field: r.Field})
		}
	}
}

// Missing returns those of ids no node of label has.
type Missing func(ctx context.Context, label string, ids []string) ([]string, error)

// LookupChunk bounds the values of one look-up in the database.
const LookupChunk = 10000

// InChunks calls fn with list a LookupChunk at a time, in order, and
// stops at the first error.
func InChunks[T any](list []T, fn func(chunk []T) error) error {
	for start := 0; start < len(list); start += LookupChunk {
		if err := fn(list[start:min(len(list), start+LookupChunk)]); err != nil {
			return err
		}
	}
	return nil
}

// Check looks up, label by label, the nodes referred to but not defined in
// the batch, and returns a problem for each one the database lacks too,
// by place. Afterwards the batch holds nothing.
func (b *Batch) Check(ctx context.Context, missing Missing) ([]Problem, error) {
	var problems []Problem
	labels := make([]string, 0, len(b.refs))
	for label := range b.refs {
		labels = append(labels, label)
	}
	slices.Sort(labels)
	for _, label := range labels {
		var unknown []string
		for id := range b.refs[label] {
			if !b.defined[label][id] {
				unknown = append(unknown, id)
			}
		}
		slices.Sort(unknown)
		err := InChunks(unknown, func(chunk []string) error {
			ids, err := missing(ctx, label, chunk)
			if err != nil {
				return fmt.Errorf("checking references to %s: %w", label, err)
			}
			for _, id := range ids {
				u := b.refs[label][id]
				for _, place := range u.first {
					reason := fmt.Sprintf("%s: %s %q exists neither in %s nor in the database", place.field, label, id, b.In)
					if u.count > len(u.first) {
						reason += fmt.Sprintf(" (%d %s refer to it; this is the first)", u.count, b.Places)
					}
					problems = append(problems, Problem{At: place.at, Reason: reason})
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	b.defined, b.refs = nil, nil
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].At < problems[j].At })
	return problems, nil
}
