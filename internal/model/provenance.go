package model

import (
	"fmt"
	"strings"
	"time"
)

// Provenance is one source of a node or relationship: the kind of file
// it came from (linkedin, crm, or any slug an NDJSON line names), whose
// file it was (the LinkedIn account's owner, a CRM contact's owner; may be
// empty) and the day that source first gave it. It is stored as the
// string "DATE KIND" or "DATE KIND OWNER", and a record keeps one entry
// per kind and owner: the first.
type Provenance struct {
	Kind  string   `json:"kind"`
	Owner *string  `json:"owner"`
	Since DateTime `json:"since"`
}

// The kinds of provenance relgraph's own imports write.
const (
	SourceLinkedIn = "linkedin"
	SourceCRM      = "crm"
)

// NewProvenance is the stored entry for a kind, an owner and a day.
func NewProvenance(kind, owner string, day time.Time) string {
	s := day.UTC().Format(time.DateOnly) + " " + kind
	if owner != "" {
		s += " " + owner
	}
	return s
}

// ParseProvenance reads a stored entry.
func ParseProvenance(s string) (Provenance, error) {
	bad := fmt.Errorf("source %q is not \"YYYY-MM-DD kind\" or \"YYYY-MM-DD kind owner\"", s)
	if len(s) < 12 || s[10] != ' ' {
		return Provenance{}, bad
	}
	day, err := time.Parse(time.DateOnly, s[:10])
	if err != nil {
		return Provenance{}, bad
	}
	kind, owner, _ := strings.Cut(s[11:], " ")
	if !slugPattern.MatchString(kind) {
		return Provenance{}, bad
	}
	p := Provenance{Kind: kind, Since: DateTime{Time: day}}
	if owner != "" {
		p.Owner = &owner
	}
	return p, nil
}

// ProvenanceKey is what identifies an entry among a record's sources: its
// kind and owner (all but the date).
func ProvenanceKey(s string) string {
	if len(s) < 11 {
		return s
	}
	return s[11:]
}

// AddSources is what an upsert does to stored entries (the write
// statements' addSources): entries whose kind and owner none of stored
// has are appended, in order.
func AddSources(stored, entries []string) []string {
	keys := make(map[string]bool, len(stored))
	for _, s := range stored {
		keys[ProvenanceKey(s)] = true
	}
	out := stored
	for _, e := range entries {
		if !keys[ProvenanceKey(e)] {
			out = append(out, e)
		}
	}
	return out
}

// Provenances reads stored entries, in the order they were added.
func Provenances(entries []string) ([]*Provenance, error) {
	out := make([]*Provenance, 0, len(entries))
	for _, e := range entries {
		p, err := ParseProvenance(e)
		if err != nil {
			return nil, err
		}
		out = append(out, &p)
	}
	return out, nil
}

// MergeCandidate is two people that weak evidence says may be one human.
type MergeCandidate struct {
	A         *Person  `json:"a"`
	B         *Person  `json:"b"`
	Reason    string   `json:"reason"`
	Score     float64  `json:"score"`
	CreatedAt DateTime `json:"createdAt"`
}
