package model

import (
	"context"
	"fmt"
	"slices"
	"sort"
)

// Batch is the one check an import and a mutation share once every line
// or item is valid on its own: everything a record refers to must be
// defined in the batch itself or exist in the database. Per node referred
// to it keeps how many places refer to it and the first of them (every
// one with EveryPlace), so that a file of millions of lines costs one
// entry per node.
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

// lookupChunk bounds the ids of one look-up.
const lookupChunk = 10000

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
		for len(unknown) > 0 {
			chunk := unknown[:min(len(unknown), lookupChunk)]
			unknown = unknown[len(chunk):]
			ids, err := missing(ctx, label, chunk)
			if err != nil {
				return nil, fmt.Errorf("checking references to %s: %w", label, err)
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
		}
	}
	b.defined, b.refs = nil, nil
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].At < problems[j].At })
	return problems, nil
}
