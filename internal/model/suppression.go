package model

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
)

// Erasure that stays erased: erasePerson records, for the person erased,
// a hash of their id, their email and their LinkedIn URL (nothing
// readable), and every later import or mutation skips the lines that
// would bring them back, counting them as suppressed.

// Suppression kinds: what a hash is of.
const (
	SuppressID       = "id"
	SuppressEmail    = "email"
	SuppressLinkedIn = "linkedinUrl"
)

// SuppressionHash is the stored form of one key of an erased person: a
// SHA-256 of the kind and the value (emails and LinkedIn URLs as they are
// stored, normalised).
func SuppressionHash(kind, value string) string {
	sum := sha256.Sum256([]byte("relgraph erasure\x00" + kind + "\x00" + value))
	return hex.EncodeToString(sum[:])
}

// Suppressed finds which of hashes are recorded suppressions.
type Suppressed func(ctx context.Context, hashes []string) ([]string, error)

// Suppression gathers the people a batch names (the ids of person lines,
// with their emails and LinkedIn URLs, and every reference to a person)
// and finds those erased, so that the lines about them can be skipped.
type Suppression struct {
	byHash map[string][]string // hash -> person ids it stands for
	gone   map[string]bool
}

// Add gathers the people rec names. A nil Suppression gathers nothing
// and skips nothing.
func (s *Suppression) Add(rec *Record) {
	if s == nil {
		return
	}
	if s.byHash == nil {
		s.byHash = map[string][]string{}
	}
	add := func(kind, value, id string) {
		h := SuppressionHash(kind, value)
		for _, x := range s.byHash[h] {
			if x == id {
				return
			}
		}
		s.byHash[h] = append(s.byHash[h], id)
	}
	if rec.Kind.Label == "Person" {
		add(SuppressID, rec.ID, rec.ID)
		props, _ := rec.Row["props"].(map[string]any)
		if e, ok := props["email"].(string); ok {
			add(SuppressEmail, e, rec.ID)
		}
		if u, ok := props["linkedinUrl"].(string); ok {
			add(SuppressLinkedIn, u, rec.ID)
		}
	}
	for _, r := range rec.Refs {
		if r.Label == "Person" {
			add(SuppressID, r.ID, r.ID)
		}
	}
}

// Resolve looks the gathered hashes up and returns the ids of the people
// erased (nil when none is).
func (s *Suppression) Resolve(ctx context.Context, suppressed Suppressed) (map[string]bool, error) {
	if s == nil {
		return nil, nil
	}
	hashes := make([]string, 0, len(s.byHash))
	for h := range s.byHash {
		hashes = append(hashes, h)
	}
	s.gone = nil
	err := InChunks(hashes, func(chunk []string) error {
		found, err := suppressed(ctx, chunk)
		for _, h := range found {
			for _, id := range s.byHash[h] {
				if s.gone == nil {
					s.gone = map[string]bool{}
				}
				s.gone[id] = true
			}
		}
		return err
	})
	s.byHash = nil
	return s.gone, err
}

// Skips reports whether rec is about an erased person: one itself, or a
// line that refers to one.
func (s *Suppression) Skips(rec *Record) bool {
	if s == nil || len(s.gone) == 0 {
		return false
	}
	if rec.Kind.Label == "Person" && s.gone[rec.ID] {
		return true
	}
	for _, r := range rec.Refs {
		if r.Label == "Person" && s.gone[r.ID] {
			return true
		}
	}
	return false
}

// Forget drops references to people from the batch's check: those erased
// are not missing, their lines are skipped.
func (b *Batch) Forget(label string, ids map[string]bool) {
	for id := range ids {
		delete(b.refs[label], id)
	}
}

// Upserted is what an upsert wrote: Count items, and Suppressed items
// skipped because they are about erased people.
type Upserted struct {
	Count      int `json:"count"`
	Suppressed int `json:"suppressed"`
}
