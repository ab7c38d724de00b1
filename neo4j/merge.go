package neo4j

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/model"
)

// Merging two people into one, and undoing it. A merge moves everything
// of the merged person onto the one kept, and stores what both were
// before (their neighbourhood: properties, relationships, interactions,
// pair summaries, merge candidates) on a Merge node named by the merged
// person's id, so that unmergePeople can put it back exactly. The Merge
// node also keeps the merged person's email and LinkedIn URL: later
// imports that name them find the person kept.

// graphRel is one relationship of a neighbourhood.
type graphRel struct {
	Type  string         `json:"type"`
	From  string         `json:"from"`
	To    string         `json:"to"`
	Props map[string]any `json:"props"`
}

// neighbourhood is what a merge changes, as it was.
type neighbourhood struct {
	Keep         string           `json:"keep"`
	Merge        string           `json:"merge"`
	KeepProps    map[string]any   `json:"keepProps"`
	MergeProps   map[string]any   `json:"mergeProps"`
	Rels         []graphRel       `json:"rels"`
	Interactions []map[string]any `json:"interactions"`
	Summaries    []map[string]any `json:"summaries"`
	Candidates   []map[string]any `json:"candidates"`
}

// naming matches, as n, the nodes of a label (Interaction, PairSummary,
// MergeCandidate) that name one of $ids as a or b.
func naming(label string) string {
	return `UNWIND $ids AS id
CALL (id) {
  MATCH (n:` + label + `) WHERE n.a = id AND n.b IS NOT NULL RETURN n
  UNION
  MATCH (n:` + label + `) WHERE n.b = id RETURN n
}
WITH DISTINCT n
`
}

// touching reads them.
func touching(label string) string { return naming(label) + `RETURN properties(n) AS props` }

// dropTouching deletes them.
func dropTouching(label string) string { return naming(label) + `DELETE n` }

// propsOf reads the props column of records.
func propsOf(recs []*driver.Record) ([]map[string]any, error) {
	out := make([]map[string]any, 0, len(recs))
	for _, rec := range recs {
		var p map[string]any
		if err := decodeRecord(rec, "props", &p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// readNeighbourhood reads what a merge of merge into keep changes.
func readNeighbourhood(t *txn, keep, merge string) (*neighbourhood, error) {
	n := &neighbourhood{Keep: keep, Merge: merge}
	ids := map[string]any{"ids": []string{keep, merge}}
	recs, err := t.run("merge.people", `UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN id, properties(p) AS props`, ids)
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		var r struct {
			ID    string         `json:"id"`
			Props map[string]any `json:"props"`
		}
		if err := decodeRow(rec, &r); err != nil {
			return nil, err
		}
		if r.ID == keep {
			n.KeepProps = r.Props
		} else {
			n.MergeProps = r.Props
		}
	}
	for id, props := range map[string]map[string]any{keep: n.KeepProps, merge: n.MergeProps} {
		if props == nil {
			return nil, &model.NotFoundError{What: "person", ID: id}
		}
	}
	recs, err = t.run("merge.rels", `UNWIND $ids AS id
MATCH (:Person {id: id})-[r]-()
WITH DISTINCT r
RETURN type(r) AS type, startNode(r).id AS from, endNode(r).id AS to, properties(r) AS props`, ids)
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		var r graphRel
		if err := decodeRow(rec, &r); err != nil {
			return nil, err
		}
		n.Rels = append(n.Rels, r)
	}
	for label, dst := range map[string]*[]map[string]any{"Interaction": &n.Interactions, "PairSummary": &n.Summaries, "MergeCandidate": &n.Candidates} {
		recs, err := t.run("merge."+label, touching(label), ids)
		if err != nil {
			return nil, err
		}
		if *dst, err = propsOf(recs); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// relKey identifies a relationship among those between the same nodes:
// its type, its ends (in order for an undirected one) and its keys.
func relKey(r graphRel) string {
	rt := model.RelTypes[r.Type]
	from, to := r.From, r.To
	if rt.Undirected && to < from {
		from, to = to, from
	}
	key, _ := json.Marshal(canonical([]any{r.Type, from, to}))
	for _, k := range rt.Keys {
		v, _ := json.Marshal(canonical(r.Props[k]))
		key = append(key, v...)
	}
	return string(key)
}

// createRels are the statements that create relationships of each type,
// with the labels of its ends from the model.
var createRels = func() map[string]string {
	m := map[string]string{}
	for typ, rt := range model.RelTypes {
		m[typ] = `UNWIND $rows AS row
MATCH (a:` + rt.From + ` {id: row.from})
MATCH (b:` + rt.To + ` {id: row.to})
CREATE (a)-[r:` + typ + `]->(b)
SET r = row.props`
	}
	return m
}()

func writeRels(t *txn, rels []graphRel) error {
	byType := map[string][]map[string]any{}
	for _, r := range rels {
		byType[r.Type] = append(byType[r.Type], map[string]any{"from": r.From, "to": r.To, "props": r.Props})
	}
	types := make([]string, 0, len(byType))
	for typ := range byType {
		types = append(types, typ)
	}
	slices.Sort(types)
	for _, typ := range types {
		cypher, ok := createRels[typ]
		if !ok {
			return fmt.Errorf("merge: relationship type %s is not in the model", typ)
		}
		if _, err := t.run("merge.create."+typ, cypher, map[string]any{"rows": byType[typ]}); err != nil {
			return err
		}
	}
	return nil
}

// Merged is what mergePeople did.
type Merged struct {
	Keep          string
	Merged        string
	Relationships int // moved onto keep
	Duplicates    int // dropped, keep had the same one
	Interactions  int // moved onto keep
}

// MergePeople merges merge into keep in one write transaction: merge's
// relationships move to keep (but for those keep has already, and those
// between the two), its interactions become keep's (those between the
// two go), keep gains the properties it lacks and merge's sources, the
// strengths of keep's changed pairs are recomputed, merge candidates of
// merge go, and merge is deleted, its former self kept on a Merge node.
func (s *Store) MergePeople(ctx context.Context, keep, merge string) (Merged, error) {
	out := Merged{Keep: keep, Merged: merge}
	if keep == merge {
		return out, model.Invalid("merge", "a person cannot be merged into themselves (keep = merge = %q)", keep)
	}
	err := writeTx(ctx, s, func(t *txn) error {
		n, err := readNeighbourhood(t, keep, merge)
		if err != nil {
			return err
		}
		snapshot, err := encodeNeighbourhood(n)
		if err != nil {
			return err
		}
		// Relationships: keep's stay; merge's move unless keep has one.
		seen := map[string]bool{}
		for _, r := range n.Rels {
			if r.From != merge && r.To != merge {
				seen[relKey(r)] = true
			}
		}
		var moved []graphRel
		for _, r := range n.Rels {
			if r.From != merge && r.To != merge {
				continue
			}
			if r.From == merge {
				r.From = keep
			}
			if r.To == merge {
				r.To = keep
			}
			if r.From == r.To || seen[relKey(r)] {
				out.Duplicates++
				continue
			}
			if model.RelTypes[r.Type].Undirected && r.To < r.From {
				r.From, r.To = r.To, r.From
			}
			seen[relKey(r)] = true
			moved = append(moved, r)
		}
		out.Relationships = len(moved)
		// Interactions of merge become keep's.
		var update []map[string]any
		var drop [][]any
		pairs := model.PairSet{}
		for _, i := range n.Interactions {
			a, _ := i["a"].(string)
			b, _ := i["b"].(string)
			if a != merge && b != merge {
				continue
			}
			p := map[string]any{"id": i["id"], "source": i["source"], "a": a, "b": b, "kind": i["kind"], "direction": i["direction"]}
			if a == merge {
				p["a"] = keep
			}
			if b == merge {
				p["b"] = keep
			}
			if p["a"] == p["b"] {
				drop = append(drop, []any{i["id"], i["source"]})
				continue
			}
			if err := model.OrderInteraction(p); err != nil {
				return err
			}
			update = append(update, p)
			pairs[model.Pair{p["a"].(string), p["b"].(string)}] = true
		}
		out.Interactions = len(update)
		// Keep gains what it lacks, and merge's sources.
		props := map[string]any{}
		for k, v := range n.KeepProps {
			props[k] = v
		}
		for k, v := range n.MergeProps {
			if _, has := props[k]; !has {
				props[k] = v
			}
		}
		props["sources"] = unionSources(n.KeepProps["sources"], n.MergeProps["sources"])
		if props["sources"] == nil {
			delete(props, "sources")
		}
		if err := writeRels(t, moved); err != nil {
			return err
		}
		steps := []statement{
			{"merge.interactions", `UNWIND $rows AS row
MATCH (i:Interaction {id: row.id, source: row.source})
SET i.a = row.a, i.b = row.b, i.direction = row.direction`, map[string]any{"rows": update}},
			{"merge.dropInteractions", `UNWIND $keys AS k MATCH (i:Interaction {id: k[0], source: k[1]}) DELETE i`, map[string]any{"keys": drop}},
			{"merge.dropSummaries", dropTouching("PairSummary"), map[string]any{"ids": []string{merge}}},
			{"merge.dropCandidates", dropTouching("MergeCandidate"), map[string]any{"ids": []string{merge}}},
			{"merge.keep", `MATCH (k:Person {id: $keep}) SET k = $props`, map[string]any{"keep": keep, "props": props}},
			{"merge.delete", `MATCH (m:Person {id: $merge}) DETACH DELETE m`, map[string]any{"merge": merge}},
			{"merge.record", `CREATE (m:Merge {id: $merge, into: $keep, at: $at, email: $email, linkedinUrl: $linkedin, snapshot: $snapshot})`,
				map[string]any{"merge": merge, "keep": keep, "at": time.Now().UTC(), "email": n.MergeProps["email"], "linkedin": n.MergeProps["linkedinUrl"], "snapshot": snapshot}},
		}
		for _, st := range steps {
			if _, err := t.run(st.name, st.cypher, st.params); err != nil {
				return err
			}
		}
		return s.refreshPairs(t, pairs.List())
	})
	return out, err
}

// unionSources is keep's provenance entries and those of merge whose
// kind and owner keep lacks.
func unionSources(keep, merge any) any {
	var out []any
	have := map[string]bool{}
	for _, list := range []any{keep, merge} {
		entries, _ := list.([]any)
		for _, e := range entries {
			s, _ := e.(string)
			if k := model.ProvenanceKey(s); !have[k] {
				have[k] = true
				out = append(out, s)
			}
		}
	}
	if out == nil {
		return nil
	}
	return out
}

// UnmergePeople undoes the merge of the person id: both people are put
// back as they were when merged, with their relationships,
// interactions, pair summaries and merge candidates. What happened to
// the person kept since the merge is undone with it. It returns the id of
// the person the merge kept.
func (s *Store) UnmergePeople(ctx context.Context, id string) (string, error) {
	var keep string
	err := writeTx(ctx, s, func(t *txn) error {
		recs, err := t.run("unmerge.record", `MATCH (m:Merge {id: $id})
OPTIONAL MATCH (k:Person {id: m.into})
OPTIONAL MATCH (taken:Person {id: $id})
RETURN m.into AS keep, m.snapshot AS snapshot, k IS NOT NULL AS kept, taken IS NOT NULL AS taken,
  COLLECT { MATCH (later:Merge) WHERE later.into = m.into AND later.at > m.at RETURN later.id } AS later`, map[string]any{"id": id})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return &model.NotFoundError{What: "merged person", ID: id}
		}
		var r struct {
			Keep     string   `json:"keep"`
			Snapshot string   `json:"snapshot"`
			Kept     bool     `json:"kept"`
			Taken    bool     `json:"taken"`
			Later    []string `json:"later"`
		}
		if err := decodeRow(recs[0], &r); err != nil {
			return err
		}
		keep = r.Keep
		switch {
		case !r.Kept:
			return model.Invalid("id", "%q was merged into %q, which is no longer there (merged into someone else since? unmerge that first)", id, r.Keep)
		case r.Taken:
			return model.Invalid("id", "a person %q exists again since the merge; delete or merge them first", id)
		case len(r.Later) > 0:
			slices.Sort(r.Later)
			return model.Invalid("id", "%q was merged into %q later than %q: unmerge %v first", r.Later[0], r.Keep, id, r.Later)
		}
		n, err := decodeNeighbourhood(r.Snapshot)
		if err != nil {
			return err
		}
		var keys [][]any
		for _, i := range n.Interactions {
			keys = append(keys, []any{i["id"], i["source"]})
		}
		ids := map[string]any{"ids": []string{n.Keep}}
		steps := []statement{
			{"unmerge.rels", `MATCH (:Person {id: $keep})-[r]-() DELETE r`, map[string]any{"keep": n.Keep}},
			{"unmerge.interactions", `UNWIND $keys AS k MATCH (i:Interaction {id: k[0], source: k[1]}) DELETE i`, map[string]any{"keys": keys}},
			{"unmerge.dropInteractions", dropTouching("Interaction"), ids},
			{"unmerge.dropSummaries", dropTouching("PairSummary"), ids},
			{"unmerge.dropCandidates", dropTouching("MergeCandidate"), ids},
			{"unmerge.keep", `MATCH (k:Person {id: $keep}) SET k = $props`, map[string]any{"keep": n.Keep, "props": n.KeepProps}},
			{"unmerge.person", `CREATE (p:Person) SET p = $props`, map[string]any{"props": n.MergeProps}},
			{"unmerge.putInteractions", `UNWIND $rows AS row CREATE (n:Interaction) SET n = row`, map[string]any{"rows": n.Interactions}},
			{"unmerge.putSummaries", `UNWIND $rows AS row CREATE (n:PairSummary) SET n = row`, map[string]any{"rows": n.Summaries}},
			{"unmerge.putCandidates", `UNWIND $rows AS row CREATE (n:MergeCandidate) SET n = row`, map[string]any{"rows": n.Candidates}},
		}
		for _, st := range steps {
			if _, err := t.run(st.name, st.cypher, st.params); err != nil {
				return err
			}
		}
		if err := writeRels(t, n.Rels); err != nil {
			return err
		}
		_, err = t.run("unmerge.done", `MATCH (m:Merge {id: $id}) DELETE m`, map[string]any{"id": id})
		return err
	})
	return keep, err
}

// A neighbourhood is stored as JSON in which every value says its type,
// so that it comes back as it was (an integer stays an integer, a time a
// time).
func encodeNeighbourhood(n *neighbourhood) (string, error) {
	c := *n
	c.KeepProps, c.MergeProps = typedMap(n.KeepProps), typedMap(n.MergeProps)
	c.Rels = make([]graphRel, len(n.Rels))
	for i, r := range n.Rels {
		r.Props = typedMap(r.Props)
		c.Rels[i] = r
	}
	c.Interactions, c.Summaries, c.Candidates = typedMaps(n.Interactions), typedMaps(n.Summaries), typedMaps(n.Candidates)
	b, err := json.Marshal(c)
	return string(b), err
}

func decodeNeighbourhood(s string) (*neighbourhood, error) {
	var n neighbourhood
	if err := json.Unmarshal([]byte(s), &n); err != nil {
		return nil, fmt.Errorf("unmerge: the stored snapshot: %w", err)
	}
	var err error
	untyped := func(m map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range m {
			var x any
			if x, err = untype(v); err != nil {
				return nil
			}
			out[k] = x
		}
		return out
	}
	n.KeepProps, n.MergeProps = untyped(n.KeepProps), untyped(n.MergeProps)
	for i := range n.Rels {
		n.Rels[i].Props = untyped(n.Rels[i].Props)
	}
	for _, list := range []*[]map[string]any{&n.Interactions, &n.Summaries, &n.Candidates} {
		for i, m := range *list {
			(*list)[i] = untyped(m)
		}
	}
	return &n, err
}

func typedMaps(list []map[string]any) []map[string]any {
	out := make([]map[string]any, len(list))
	for i, m := range list {
		out[i] = typedMap(m)
	}
	return out
}

func typedMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = typed(v)
	}
	return out
}

// typed wraps a property value with its type: {"s": text}, {"i":
// "digits"}, {"f": number}, {"b": bool}, {"t": RFC 3339 time}, {"l":
// [typed...]}.
func typed(v any) any {
	switch x := v.(type) {
	case string:
		return map[string]any{"s": x}
	case int64:
		return map[string]any{"i": strconv.FormatInt(x, 10)}
	case float64:
		return map[string]any{"f": x}
	case bool:
		return map[string]any{"b": x}
	case time.Time:
		return map[string]any{"t": x.UTC().Format(time.RFC3339Nano)}
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = typed(e)
		}
		return map[string]any{"l": out}
	}
	return map[string]any{"?": fmt.Sprintf("%T", v)}
}

func untype(v any) (any, error) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return nil, fmt.Errorf("unmerge: a stored value %v", v)
	}
	for k, x := range m {
		switch k {
		case "s", "b", "f":
			return x, nil
		case "i":
			s, _ := x.(string)
			return strconv.ParseInt(s, 10, 64)
		case "t":
			s, _ := x.(string)
			return time.Parse(time.RFC3339Nano, s)
		case "l":
			list, _ := x.([]any)
			out := make([]any, len(list))
			for i, e := range list {
				var err error
				if out[i], err = untype(e); err != nil {
					return nil, err
				}
			}
			return out, nil
		}
	}
	return nil, errors.New("unmerge: a property of a type a snapshot cannot hold")
}

// MergeCandidatesRequest asks for a page of merge candidates.
type MergeCandidatesRequest struct {
	Page Paging `json:"-"`
}

// Paging returns the request's page.
func (r *MergeCandidatesRequest) Paging() *Paging { return &r.Page }

// Validate checks the request against l.
func (r MergeCandidatesRequest) Validate(l model.Limits) error { return r.Page.validate(l) }

// BuildMergeCandidates lists the candidates whose two people both exist,
// by score descending, then the two ids.
func BuildMergeCandidates(r MergeCandidatesRequest) (string, map[string]any, error) {
	return `MATCH (c:MergeCandidate)
MATCH (a:Person {id: c.a})
MATCH (b:Person {id: c.b})
WITH c, a, b ORDER BY c.score DESC, c.a, c.b
WITH collect({a: a {.*}, b: b {.*}, reason: c.reason, score: c.score, createdAt: c.createdAt}) AS candidates
RETURN size(candidates) AS total, candidates[$skip..$skip + $limit] AS items`, map[string]any{"skip": int64(r.Page.Skip), "limit": int64(r.Page.Limit)}, nil
}

// MergeCandidates answers mergeCandidates.
func (s *Store) MergeCandidates(ctx context.Context, req MergeCandidatesRequest) (Page[*model.MergeCandidate], error) {
	return askPage[MergeCandidatesRequest, *model.MergeCandidate](ctx, s, "mergeCandidates", req, BuildMergeCandidates, nil)
}
