package neo4j

import (
	"context"
	"fmt"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/contacts"
	"github.com/relgraph/relgraph/internal/model"
)

// What an import of contacts reads before it writes (contacts.Graph).

// findPeople finds people by one property; a value that only a merged
// person had (their id, email or LinkedIn URL, kept on the Merge record)
// finds whom they were merged into.
var findPeople = map[string]string{
	"email":       `UNWIND $values AS v MATCH (p:Person {email: v}) RETURN v AS key, p.id AS id ORDER BY p.id`,
	"linkedinUrl": `UNWIND $values AS v MATCH (p:Person {linkedinUrl: v}) RETURN v AS key, p.id AS id ORDER BY p.id`,
	"id":          `UNWIND $values AS v MATCH (p:Person {id: v}) RETURN v AS key, p.id AS id`,
}

var findMerged = map[string]string{
	"email":       `UNWIND $values AS v MATCH (m:Merge {email: v}) RETURN v AS key, m.into AS into`,
	"linkedinUrl": `UNWIND $values AS v MATCH (m:Merge {linkedinUrl: v}) RETURN v AS key, m.into AS into`,
	"id":          `UNWIND $values AS v MATCH (m:Merge {id: v}) RETURN v AS key, m.into AS into`,
}

type keyed struct {
	Key  string `json:"key"`
	ID   string `json:"id"`
	Into string `json:"into"`
}

func readKeyed(ctx context.Context, s *Store, name, cypher string, values []string) ([]keyed, error) {
	return read(ctx, s, name, cypher, map[string]any{"values": values}, func(rec *driver.Record) (keyed, error) {
		var k keyed
		err := decodeRow(rec, &k)
		return k, err
	})
}

// FindPeople implements contacts.Graph.
func (s *Store) FindPeople(ctx context.Context, by string, values []string) (map[string]*contacts.Person, error) {
	cypher, ok := findPeople[by]
	if !ok {
		return nil, fmt.Errorf("findPeople: no look-up by %q", by)
	}
	ids := map[string]string{} // value -> person id
	err := model.InChunks(values, func(chunk []string) error {
		rows, err := readKeyed(ctx, s, "contacts.find."+by, cypher, chunk)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if _, dup := ids[r.Key]; !dup {
				ids[r.Key] = r.ID
			}
		}
		var rest []string
		for _, v := range chunk {
			if _, ok := ids[v]; !ok {
				rest = append(rest, v)
			}
		}
		if len(rest) == 0 {
			return nil
		}
		merged, err := readKeyed(ctx, s, "contacts.merged."+by, findMerged[by], rest)
		if err != nil {
			return err
		}
		for _, r := range merged {
			into, err := s.mergedInto(ctx, r.Into)
			if err != nil {
				return err
			}
			if into != "" {
				ids[r.Key] = into
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var list []string
	for _, id := range ids {
		list = append(list, id)
	}
	people, err := read(ctx, s, "contacts.people", `UNWIND $ids AS id MATCH (p:Person {id: id})
RETURN p {.id, .name, .email, .linkedinUrl} AS p`, map[string]any{"ids": list}, func(rec *driver.Record) (*contacts.Person, error) {
		var p contacts.Person
		err := decodeRecord(rec, "p", &p)
		return &p, err
	})
	if err != nil {
		return nil, err
	}
	byID := map[string]*contacts.Person{}
	for _, p := range people {
		byID[p.ID] = p
	}
	out := map[string]*contacts.Person{}
	for v, id := range ids {
		if p := byID[id]; p != nil {
			out[v] = p
		}
	}
	return out, nil
}

// mergedInto follows merges from id to the person that stands for it
// now ("" when there is none).
func (s *Store) mergedInto(ctx context.Context, id string) (string, error) {
	for range 100 {
		rows, err := readKeyed(ctx, s, "contacts.person", findPeople["id"], []string{id})
		if err != nil || len(rows) > 0 {
			return id, err
		}
		merged, err := readKeyed(ctx, s, "contacts.merged.id", findMerged["id"], []string{id})
		if err != nil || len(merged) == 0 {
			return "", err
		}
		id = merged[0].Into
	}
	return "", fmt.Errorf("merges of %q go round in a circle", id)
}

// Companies implements contacts.Graph.
func (s *Store) Companies(ctx context.Context) ([]contacts.Company, error) {
	return read(ctx, s, "contacts.companies", `MATCH (c:Company) RETURN c.id AS id, coalesce(c.name, '') AS name`, nil, func(rec *driver.Record) (contacts.Company, error) {
		var c contacts.Company
		err := decodeRow(rec, &c)
		return c, err
	})
}

// Jobs implements contacts.Graph: each job with the latest day its
// sources give (the dates that begin the provenance entries).
func (s *Store) Jobs(ctx context.Context, ids []string) (map[string][]contacts.Job, error) {
	out := map[string][]contacts.Job{}
	err := model.InChunks(ids, func(chunk []string) error {
		rows, err := read(ctx, s, "contacts.jobs", `UNWIND $ids AS id
MATCH (:Person {id: id})-[w:WORKS_AT]->(c:Company)
WITH id, w, c, reduce(m = null, e IN coalesce(w.sources, []) | CASE WHEN m IS NULL OR substring(e, 0, 10) > m THEN substring(e, 0, 10) ELSE m END) AS seen
RETURN {person: id, company: c.id, title: coalesce(w.title, ''), since: w.since, until: w.until,
  seen: CASE WHEN seen IS NULL THEN null ELSE datetime(seen) END} AS job ORDER BY id, c.id`,
			map[string]any{"ids": chunk}, func(rec *driver.Record) (contacts.Job, error) {
				var j contacts.Job
				err := decodeRecord(rec, "job", &j)
				return j, err
			})
		for _, j := range rows {
			out[j.Person] = append(out[j.Person], j)
		}
		return err
	})
	return out, err
}

// ReopenJobs implements contacts.Graph.
func (s *Store) ReopenJobs(ctx context.Context, jobs []contacts.Job) error {
	if len(jobs) == 0 {
		return nil
	}
	rows := make([]map[string]any, len(jobs))
	for i, j := range jobs {
		rows[i] = map[string]any{"person": j.Person, "company": j.Company}
	}
	_, err := write(ctx, s, "contacts.reopen", `UNWIND $rows AS row
MATCH (:Person {id: row.person})-[w:WORKS_AT]->(:Company {id: row.company})
REMOVE w.until`, map[string]any{"rows": rows})
	return err
}

// Employees implements contacts.Graph.
func (s *Store) Employees(ctx context.Context, companies []string) (map[string][]*contacts.Person, error) {
	type row struct {
		Company string          `json:"company"`
		Person  contacts.Person `json:"person"`
	}
	rows, err := read(ctx, s, "contacts.employees", `UNWIND $ids AS id
MATCH (p:Person)-[w:WORKS_AT]->(:Company {id: id}) WHERE w.until IS NULL
RETURN id AS company, p {.id, name: coalesce(p.name, '')} AS person ORDER BY id, p.id`, map[string]any{"ids": companies}, func(rec *driver.Record) (row, error) {
		var r row
		err := decodeRow(rec, &r)
		return r, err
	})
	out := map[string][]*contacts.Person{}
	for _, r := range rows {
		out[r.Company] = append(out[r.Company], &r.Person)
	}
	return out, err
}

// Team implements contacts.Graph.
func (s *Store) Team(ctx context.Context) ([]*contacts.Person, error) {
	return read(ctx, s, "contacts.team", `MATCH (p:Person {team: true}) RETURN p {.id, .name, .email} AS p ORDER BY p.id`, nil, func(rec *driver.Record) (*contacts.Person, error) {
		var p contacts.Person
		err := decodeRecord(rec, "p", &p)
		return &p, err
	})
}

// KnownPairs implements contacts.Graph. Both ends are found first, so
// that the KNOWS is looked for from the one with fewer (an owner may know
// a hundred thousand people).
func (s *Store) KnownPairs(ctx context.Context, pairs []model.Pair) (map[model.Pair]bool, error) {
	out := map[model.Pair]bool{}
	err := model.InChunks(pairs, func(chunk []model.Pair) error {
		rows, err := read(ctx, s, "contacts.knows", `UNWIND $pairs AS p
MATCH (a:Person {id: p[0]}), (b:Person {id: p[1]})
WHERE EXISTS { (a)-[:KNOWS]-(b) }
RETURN p AS pair`, map[string]any{"pairs": pairRows(chunk)}, func(rec *driver.Record) (model.Pair, error) {
			var p []string
			err := decodeRecord(rec, "pair", &p)
			if err == nil && len(p) != 2 {
				err = fmt.Errorf("contacts.knows: a pair of %d", len(p))
			}
			if err != nil {
				return model.Pair{}, err
			}
			return model.Pair{p[0], p[1]}, nil
		})
		for _, p := range rows {
			out[p] = true
		}
		return err
	})
	return out, err
}

// AddMergeCandidates implements contacts.Graph: a MergeCandidate node per
// pair (the smaller id as a), which names its two people without a
// relationship, like an interaction.
func (s *Store) AddMergeCandidates(ctx context.Context, cands []contacts.Candidate, at time.Time) (int, error) {
	if len(cands) == 0 {
		return 0, nil
	}
	rows := make([]map[string]any, len(cands))
	for i, c := range cands {
		rows[i] = map[string]any{"a": c.A, "b": c.B, "reason": c.Reason, "score": c.Score}
	}
	created := 0
	err := writeTx(ctx, s, func(t *txn) error {
		recs, err := t.run("contacts.candidates", `UNWIND $rows AS row
OPTIONAL MATCH (old:MergeCandidate {a: row.a, b: row.b})
WITH row, old IS NULL AS new
MERGE (c:MergeCandidate {a: row.a, b: row.b})
ON CREATE SET c.reason = row.reason, c.score = row.score, c.createdAt = $at
RETURN count(CASE WHEN new THEN 1 END) AS created`, map[string]any{"rows": rows, "at": at.UTC()})
		if err == nil && len(recs) == 1 {
			err = decodeRecord(recs[0], "created", &created)
		}
		return err
	})
	return created, err
}
