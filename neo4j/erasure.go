package neo4j

import (
	"context"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/model"
)

// Suppressions: one Suppression node per hash of an erased person's id,
// email or LinkedIn URL (model.SuppressionHash), grouped by the erasure
// that made them. They hold nothing readable.

// Suppressed implements model.Suppressed: which of hashes are recorded;
// with none, one recorded hash if there is any (whether to look at all).
func (s *Store) Suppressed(ctx context.Context, hashes []string) ([]string, error) {
	if len(hashes) == 0 {
		return read(ctx, s, "suppressed.any", `MATCH (n:Suppression) RETURN n.hash AS h LIMIT 1`, nil, func(rec *driver.Record) (string, error) {
			var h string
			err := decodeRecord(rec, "h", &h)
			return h, err
		})
	}
	return read(ctx, s, "suppressed", `UNWIND $hashes AS h MATCH (n:Suppression {hash: h}) RETURN h`, map[string]any{"hashes": hashes},
		func(rec *driver.Record) (string, error) {
			var h string
			err := decodeRecord(rec, "h", &h)
			return h, err
		})
}

// Erasure is what ErasePerson did: the deletion, and the erasure that
// keeps the person from coming back (its id, for `suppressions remove`).
type Erasure struct {
	Deletion
	ID string
}

// ErasePerson erases a person as DeletePerson does and records the hashes
// of their id, email and LinkedIn URL, in one transaction. An unknown id
// is recorded too: a person of that id is never created.
func (s *Store) ErasePerson(ctx context.Context, id string) (Erasure, error) {
	var e Erasure
	err := writeTx(ctx, s, func(t *txn) error {
		recs, err := t.run("erase.keys", `OPTIONAL MATCH (p:Person {id: $id}) RETURN p.email AS email, p.linkedinUrl AS linkedinUrl`, map[string]any{"id": id})
		if err != nil {
			return err
		}
		var keys struct {
			Email       *string `json:"email"`
			LinkedinURL *string `json:"linkedinUrl"`
		}
		if len(recs) > 0 {
			if err := decodeRow(recs[0], &keys); err != nil {
				return err
			}
		}
		if e.Deletion, err = deletePerson(t, id); err != nil {
			return err
		}
		e.ID = model.SuppressionHash(model.SuppressID, id)[:16]
		rows := []map[string]any{{"hash": model.SuppressionHash(model.SuppressID, id), "kind": model.SuppressID}}
		if keys.Email != nil {
			rows = append(rows, map[string]any{"hash": model.SuppressionHash(model.SuppressEmail, *keys.Email), "kind": model.SuppressEmail})
		}
		if keys.LinkedinURL != nil {
			rows = append(rows, map[string]any{"hash": model.SuppressionHash(model.SuppressLinkedIn, *keys.LinkedinURL), "kind": model.SuppressLinkedIn})
		}
		_, err = t.run("erase.suppress", `UNWIND $rows AS row
MERGE (n:Suppression {hash: row.hash})
ON CREATE SET n.erasure = $erasure, n.kind = row.kind, n.at = $at`, map[string]any{"rows": rows, "erasure": e.ID, "at": time.Now().UTC()})
		return err
	})
	if err == nil && e.Deleted {
		s.noteChange(ctx, "person")
	}
	return e, err
}

// SuppressionEntry is one erasure's suppressions.
type SuppressionEntry struct {
	Erasure string    `json:"erasure"`
	At      time.Time `json:"at"`
	Kinds   []string  `json:"kinds"`
}

// Suppressions lists the erasures, oldest first.
func (s *Store) Suppressions(ctx context.Context) ([]SuppressionEntry, error) {
	return read(ctx, s, "suppressions", `MATCH (n:Suppression)
WITH n.erasure AS erasure, min(n.at) AS at, collect(n.kind) AS kinds
RETURN erasure, at, kinds ORDER BY at, erasure`, nil, func(rec *driver.Record) (SuppressionEntry, error) {
		var e SuppressionEntry
		err := decodeRow(rec, &e)
		return e, err
	})
}

// RemoveSuppression forgets an erasure's suppressions, so that imports
// may bring the person back; it returns how many hashes went.
func (s *Store) RemoveSuppression(ctx context.Context, erasure string) (int, error) {
	sum, err := write(ctx, s, "suppressions.remove", `MATCH (n:Suppression {erasure: $erasure}) DELETE n`, map[string]any{"erasure": erasure})
	if err != nil {
		return 0, err
	}
	return sum.Counters().NodesDeleted(), nil
}
