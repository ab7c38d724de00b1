package neo4j

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/model"
)

// Merging two people into one, and undoing it. A merge moves everything
// of the merged person onto the one kept and records exactly what it
// changed (a Merge node named by the merged person's id), so that
// unmergePeople undoes that and only that: what happened to the person
// kept since stays. The Merge node also keeps the merged person's email
// and LinkedIn URL: later imports that name them find the person kept.

// graphRel is one relationship, with the ids of its ends.
type graphRel struct {
	Type  string         `json:"type"`
	From  string         `json:"from"`
	To    string         `json:"to"`
	Props map[string]any `json:"props"`
}

// mergeRecord is what a merge changed, as it was before.
type mergeRecord struct {
	Keep  string `json:"keep"`
	Merge string `json:"merge"`
	// KeepProps are keep's properties before; MergeProps merge's; Set
	// those the merge set on keep (but its sources).
	KeepProps  map[string]any `json:"keepProps"`
	MergeProps map[string]any `json:"mergeProps"`
	Set        map[string]any `json:"set"`
	// Rels are merge's relationships; Moved those the merge made on keep
	// from them; Added the provenance entries, and the private mark, it
	// gave relationships keep already had (Props holds only those).
	Rels  []graphRel `json:"rels"`
	Moved []graphRel `json:"moved"`
	Added []graphRel `json:"added"`
	// Interactions are merge's, as they were (moved to keep, or deleted
	// when they were between the two).
	Interactions []map[string]any `json:"interactions"`
	// Pairs are keep's pairs whose strengths the merge computed again;
	// Knows their KNOWS and Summaries their summaries and merge's, as
	// they were.
	Pairs      [][]string       `json:"pairs"`
	Knows      []graphRel       `json:"knows"`
	Summaries  []map[string]any `json:"summaries"`
	Candidates []map[string]any `json:"candidates"`
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

// readRels reads relationships: the statement returns type, from, to and
// props.
func readRels(t *txn, name, cypher string, params map[string]any) ([]graphRel, error) {
	recs, err := t.run(name, cypher, params)
	if err != nil {
		return nil, err
	}
	out := make([]graphRel, 0, len(recs))
	for _, rec := range recs {
		var r graphRel
		if err := decodeRow(rec, &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

const relColumns = `RETURN type(r) AS type, startNode(r).id AS from, endNode(r).id AS to, properties(r) AS props`

// keepRels reads keep's relationships to the other ends of merge's: each
// end found by its id under every label, then the relationships between
// the two in a subquery (looked for from the end with fewer).
var keepRels = func() string {
	var union []string
	for _, l := range model.Labels() {
		union = append(union, "MATCH (o:"+l+" {id: oid}) RETURN o")
	}
	return `MATCH (k:Person {id: $id})
UNWIND $others AS oid
CALL (oid) {
  ` + strings.Join(union, "\n  UNION\n  ") + `
}
CALL (k, o) {
  MATCH (k)-[r]-(o)
  RETURN r
}
` + relColumns
}()

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

// relRow is a relationship as relStatement takes it: its ends, its keys
// (those of its type in the model) and its properties.
func relRow(r graphRel) map[string]any {
	keys := map[string]any{}
	for _, k := range model.RelTypes[r.Type].Keys {
		keys[k] = r.Props[k]
	}
	return map[string]any{"from": r.From, "to": r.To, "keys": keys, "props": r.Props}
}

// relStatement finds, for each row of relRow, the relationship of a type
// between its ends with its keys, as r, then does what follows. Labels
// and the type come from the model, the keys' names from the model
// through the rows.
func relStatement(typ, then string) (string, error) {
	rt, ok := model.RelTypes[typ]
	if !ok {
		return "", fmt.Errorf("merge: relationship type %s is not in the model", typ)
	}
	arrow := "->"
	if rt.Undirected {
		arrow = "-"
	}
	if then == "" {
		return `UNWIND $rows AS row
MATCH (a:` + rt.From + ` {id: row.from})
MATCH (b:` + rt.To + ` {id: row.to})
CREATE (a)-[r:` + typ + `]->(b)
SET r = row.props
RETURN count(*) AS n`, nil
	}
	// Both ends first, then the relationship between them in a subquery:
	// looked for from the end with fewer (an owner may have 100,000).
	return `UNWIND $rows AS row
MATCH (a:` + rt.From + ` {id: row.from})
MATCH (b:` + rt.To + ` {id: row.to})
CALL (a, b, row) {
  MATCH (a)-[r:` + typ + `]` + arrow + `(b)
  WHERE all(k IN keys(row.keys) WHERE r[k] = row.keys[k])
  RETURN r
}
` + then, nil
}

// eachType runs relStatement(type, then) over rels, a type at a time,
// and returns how many rows each statement returned in all.
func eachType(t *txn, name, then string, rels []graphRel) (int, error) {
	byType := map[string][]map[string]any{}
	for _, r := range rels {
		byType[r.Type] = append(byType[r.Type], relRow(r))
	}
	types := make([]string, 0, len(byType))
	for typ := range byType {
		types = append(types, typ)
	}
	slices.Sort(types)
	n := 0
	for _, typ := range types {
		cypher, err := relStatement(typ, then)
		if err != nil {
			return 0, err
		}
		recs, err := t.run(name+"."+typ, cypher, map[string]any{"rows": byType[typ]})
		if err != nil {
			return 0, err
		}
		for _, rec := range recs {
			var c int
			if err := decodeRecord(rec, "n", &c); err != nil {
				return 0, err
			}
			n += c
		}
	}
	return n, nil
}

// createRels creates relationships; all of them, or it is an error (an
// end that no longer exists).
func createRels(t *txn, name string, rels []graphRel) error {
	n, err := eachType(t, name, "", rels)
	if err == nil && n != len(rels) {
		err = model.Invalid("id", "%d of %d relationships lead to nodes that no longer exist", len(rels)-n, len(rels))
	}
	return err
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
// relationships move to keep (but for those keep has already, which gain
// merge's sources, and those between the two), its interactions become
// keep's (those between the two go), keep gains the properties it lacks
// and merge's sources, the strengths of keep's changed pairs are computed
// again, merge candidates of merge go, and merge is deleted; what changed
// is recorded on a Merge node.
func (s *Store) MergePeople(ctx context.Context, keep, merge string) (Merged, error) {
	out := Merged{Keep: keep, Merged: merge}
	if keep == merge {
		return out, model.Invalid("merge", "a person cannot be merged into themselves (keep = merge = %q)", keep)
	}
	err := writeTx(ctx, s, func(t *txn) error {
		rec := &mergeRecord{Keep: keep, Merge: merge}
		if err := rec.readPeople(t); err != nil {
			return err
		}
		ids := map[string]any{"ids": []string{merge}}
		var err error
		if rec.Rels, err = readRels(t, "merge.rels", `MATCH (:Person {id: $id})-[r]-() `+relColumns, map[string]any{"id": merge}); err != nil {
			return err
		}
		var others []string
		for _, r := range rec.Rels {
			for _, end := range []string{r.From, r.To} {
				if end != merge && !slices.Contains(others, end) {
					others = append(others, end)
				}
			}
		}
		keeps, err := readRels(t, "merge.keepRels", keepRels, map[string]any{"id": keep, "others": others})
		if err != nil {
			return err
		}
		have := map[string]graphRel{}
		for _, r := range keeps {
			have[relKey(r)] = r
		}
		// Relationships: merge's move to keep, unless keep has the same.
		for _, r := range rec.Rels {
			if r.From == merge {
				r.From = keep
			}
			if r.To == merge {
				r.To = keep
			}
			if r.From == r.To {
				out.Duplicates++
				continue
			}
			if old, ok := have[relKey(r)]; ok {
				out.Duplicates++
				// It gains merge's sources and, private winning, its mark.
				gain := map[string]any{}
				if add := newSources(old.Props["sources"], r.Props["sources"]); len(add) > 0 {
					gain["sources"] = add
				}
				if r.Props["private"] == true && old.Props["private"] != true {
					gain["private"] = true
				}
				if len(gain) > 0 {
					rec.Added = append(rec.Added, graphRel{Type: old.Type, From: old.From, To: old.To, Props: withKeys(old, gain)})
				}
				continue
			}
			if model.RelTypes[r.Type].Undirected && r.To < r.From {
				r.From, r.To = r.To, r.From
			}
			have[relKey(r)] = r
			rec.Moved = append(rec.Moved, r)
		}
		out.Relationships = len(rec.Moved)
		// Interactions of merge become keep's.
		recs, err := t.run("merge.interactions", touching("Interaction"), ids)
		if err != nil {
			return err
		}
		if rec.Interactions, err = propsOf(recs); err != nil {
			return err
		}
		var update []map[string]any
		var drop [][]any
		pairs := model.PairSet{}
		for _, i := range rec.Interactions {
			p := map[string]any{"id": i["id"], "source": i["source"], "a": i["a"], "b": i["b"], "kind": i["kind"], "direction": i["direction"]}
			for _, end := range []string{"a", "b"} {
				if p[end] == merge {
					p[end] = keep
				}
			}
			if p["a"] == p["b"] {
				drop = append(drop, []any{i["id"], i["source"]})
				continue
			}
			if err := model.OrderInteraction(p); err != nil {
				return err
			}
			update = append(update, p)
			a, _ := p["a"].(string)
			b, _ := p["b"].(string)
			pairs[model.Pair{a, b}] = true
		}
		out.Interactions = len(update)
		// The KNOWS that move or gain sources get their strengths again
		// (a baseline may change).
		for _, r := range append(slices.Clone(rec.Moved), rec.Added...) {
			if r.Type == "KNOWS" {
				pairs[pair2(r)] = true
			}
		}
		rec.Pairs = pairRows(pairs.List())
		if err := rec.readPairs(t); err != nil {
			return err
		}
		// Keep gains what it lacks, and merge's sources; a team member
		// merged in makes keep one.
		props := map[string]any{}
		for k, v := range rec.MergeProps {
			if _, has := rec.KeepProps[k]; !has && k != "sources" {
				props[k] = v
			}
		}
		if rec.MergeProps["team"] == true && rec.KeepProps["team"] != true {
			props["team"] = true
		}
		rec.Set = maps.Clone(props)
		if add := newSources(rec.KeepProps["sources"], rec.MergeProps["sources"]); len(add) > 0 {
			props["sources"] = append(listOf(rec.KeepProps["sources"]), add...)
		}
		record, err := rec.encode()
		if err != nil {
			return err
		}
		if err := createRels(t, "merge.move", rec.Moved); err != nil {
			return err
		}
		if _, err := eachType(t, "merge.addSources", `SET r.sources = CASE WHEN row.props.sources IS NULL THEN r.sources ELSE coalesce(r.sources, []) + row.props.sources END,
  r.private = coalesce(row.props.private, r.private)`, rec.Added); err != nil {
			return err
		}
		steps := []statement{
			{"merge.moveInteractions", `UNWIND $rows AS row
MATCH (i:Interaction {id: row.id, source: row.source})
SET i.a = row.a, i.b = row.b, i.direction = row.direction`, map[string]any{"rows": update}},
			{"merge.dropInteractions", `UNWIND $keys AS k MATCH (i:Interaction {id: k[0], source: k[1]}) DELETE i`, map[string]any{"keys": drop}},
			{"merge.dropSummaries", dropTouching("PairSummary"), ids},
			{"merge.dropCandidates", dropTouching("MergeCandidate"), ids},
			{"merge.keep", `MATCH (k:Person {id: $keep}) SET k += $props`, map[string]any{"keep": keep, "props": props}},
			{"merge.delete", `MATCH (m:Person {id: $merge}) DETACH DELETE m`, map[string]any{"merge": merge}},
			{"merge.record", `CREATE (m:Merge {id: $merge, into: $keep, at: $at, email: $email, linkedinUrl: $linkedin, record: $record})`,
				map[string]any{"merge": merge, "keep": keep, "at": time.Now().UTC(), "email": rec.MergeProps["email"], "linkedin": rec.MergeProps["linkedinUrl"], "record": record}},
			{"merge.kept", `MATCH (p:Person {id: $keep})
` + recountPerson("p"), map[string]any{"keep": keep}},
		}
		for _, st := range steps {
			if _, err := t.run(st.name, st.cypher, st.params); err != nil {
				return err
			}
		}
		return s.refreshPairs(t, pairs.List())
	})
	if err == nil {
		s.noteChange(ctx, "person")
	}
	return out, err
}

// readPeople reads keep's and merge's properties.
func (rec *mergeRecord) readPeople(t *txn) error {
	recs, err := t.run("merge.people", `UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN id, properties(p) AS props`,
		map[string]any{"ids": []string{rec.Keep, rec.Merge}})
	if err != nil {
		return err
	}
	for _, r := range recs {
		var row struct {
			ID    string         `json:"id"`
			Props map[string]any `json:"props"`
		}
		if err := decodeRow(r, &row); err != nil {
			return err
		}
		if row.ID == rec.Keep {
			rec.KeepProps = row.Props
		} else {
			rec.MergeProps = row.Props
		}
	}
	for id, props := range map[string]map[string]any{rec.Keep: rec.KeepProps, rec.Merge: rec.MergeProps} {
		if props == nil {
			return &model.NotFoundError{What: "person", ID: id}
		}
	}
	return nil
}

// readPairs reads, as they are, the KNOWS and summaries of the pairs
// whose strengths the merge computes again, merge's summaries and merge
// candidates.
func (rec *mergeRecord) readPairs(t *txn) error {
	var err error
	params := map[string]any{"pairs": rec.Pairs}
	if rec.Knows, err = readRels(t, "merge.knows", `UNWIND $pairs AS p
MATCH (a:Person {id: p[0]}), (b:Person {id: p[1]})
CALL (a, b) {
  MATCH (a)-[r:KNOWS]-(b)
  RETURN r
}
`+relColumns, params); err != nil {
		return err
	}
	recs, err := t.run("merge.pairSummaries", `UNWIND $pairs AS p MATCH (n:PairSummary {a: p[0], b: p[1]}) RETURN properties(n) AS props`, params)
	if err != nil {
		return err
	}
	if rec.Summaries, err = propsOf(recs); err != nil {
		return err
	}
	ids := map[string]any{"ids": []string{rec.Merge}}
	for label, dst := range map[string]*[]map[string]any{"PairSummary": nil, "MergeCandidate": &rec.Candidates} {
		recs, err := t.run("merge."+label, touching(label), ids)
		if err != nil {
			return err
		}
		list, err := propsOf(recs)
		if err != nil {
			return err
		}
		if dst == nil {
			rec.Summaries = append(rec.Summaries, list...)
		} else {
			*dst = list
		}
	}
	return nil
}

// withKeys is props with r's keys added, so that the relationship can be
// found again.
func withKeys(r graphRel, props map[string]any) map[string]any {
	for _, k := range model.RelTypes[r.Type].Keys {
		props[k] = r.Props[k]
	}
	return props
}

// listOf reads a stored list of strings.
func listOf(v any) []any {
	list, _ := v.([]any)
	return slices.Clone(list)
}

// newSources are the provenance entries of add whose kind and owner have
// none among have.
func newSources(have, add any) []any {
	seen := map[string]bool{}
	for _, e := range listOf(have) {
		s, _ := e.(string)
		seen[model.ProvenanceKey(s)] = true
	}
	var out []any
	for _, e := range listOf(add) {
		s, _ := e.(string)
		if k := model.ProvenanceKey(s); !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

// UnmergePeople undoes the merge of the person id, and only what it did:
// the merged person comes back with their properties and relationships,
// the relationships made on the person kept go (and the sources added to
// those they had), interactions go back to the merged person, the
// properties the kept person gained go, and the KNOWS, summaries and
// merge candidates the merge changed are as they were, their strengths
// then computed again. What happened to the kept person since the merge
// stays. It returns the id of the person the merge kept.
func (s *Store) UnmergePeople(ctx context.Context, id string) (string, error) {
	var keep string
	err := writeTx(ctx, s, func(t *txn) error {
		recs, err := t.run("unmerge.record", `MATCH (m:Merge {id: $id})
OPTIONAL MATCH (k:Person {id: m.into})
OPTIONAL MATCH (taken:Person {id: $id})
RETURN m.into AS keep, m.record AS record, properties(k) AS keepProps, taken IS NOT NULL AS taken,
  COLLECT { MATCH (later:Merge) WHERE later.into = m.into AND later.at > m.at RETURN later.id } AS later`, map[string]any{"id": id})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return &model.NotFoundError{What: "merged person", ID: id}
		}
		var r struct {
			Keep      string         `json:"keep"`
			Record    string         `json:"record"`
			KeepProps map[string]any `json:"keepProps"`
			Taken     bool           `json:"taken"`
			Later     []string       `json:"later"`
		}
		if err := decodeRow(recs[0], &r); err != nil {
			return err
		}
		keep = r.Keep
		switch {
		case r.KeepProps == nil:
			return model.Invalid("id", "%q was merged into %q, which is no longer there (merged into someone else since? unmerge that first)", id, r.Keep)
		case r.Taken:
			return model.Invalid("id", "a person %q exists again since the merge; delete or merge them first", id)
		case len(r.Later) > 0:
			slices.Sort(r.Later)
			return model.Invalid("id", "%v were merged into %q after %q: unmerge them first", r.Later, r.Keep, id)
		}
		rec, err := decodeMergeRecord(r.Record)
		if err != nil {
			return err
		}
		// What the merge set on keep goes back, unless it changed since;
		// keep's sources lose merge's.
		props := map[string]any{}
		for k, v := range rec.Set {
			if sameValue(r.KeepProps[k], v) {
				props[k] = rec.KeepProps[k]
			}
		}
		if gained := newSources(rec.KeepProps["sources"], rec.MergeProps["sources"]); len(gained) > 0 {
			var left []any
			for _, e := range listOf(r.KeepProps["sources"]) {
				if !slices.Contains(gained, e) {
					left = append(left, e)
				}
			}
			props["sources"] = left
		}
		// The relationships the merge made on keep go, but for those a
		// source confirmed since: they stay with that source alone.
		if _, err := eachType(t, "unmerge.moved", `WITH r, [s IN coalesce(r.sources, []) WHERE NOT s IN coalesce(row.props.sources, [])] AS since
CALL (r, since) {
  WITH r, since WHERE size(since) > 0
  SET r.sources = since
}
CALL (r, since) {
  WITH r, since WHERE size(since) = 0
  DELETE r
}`, rec.Moved); err != nil {
			return err
		}
		if _, err := eachType(t, "unmerge.added", `SET r.sources = CASE WHEN row.props.sources IS NULL THEN r.sources ELSE [s IN r.sources WHERE NOT s IN row.props.sources] END,
  r.private = CASE WHEN row.props.private = true THEN null ELSE r.private END`, rec.Added); err != nil {
			return err
		}
		steps := []statement{
			{"unmerge.keep", `MATCH (k:Person {id: $keep}) SET k += $props`, map[string]any{"keep": rec.Keep, "props": props}},
			{"unmerge.person", `CREATE (p:Person) SET p = $props`, map[string]any{"props": rec.MergeProps}},
			{"unmerge.interactions", `UNWIND $rows AS row MERGE (i:Interaction {id: row.id, source: row.source}) SET i = row`, map[string]any{"rows": rec.Interactions}},
			{"unmerge.summaries", `UNWIND $pairs AS p MATCH (n:PairSummary {a: p[0], b: p[1]}) DELETE n`, map[string]any{"pairs": rec.Pairs}},
			{"unmerge.putSummaries", `UNWIND $rows AS row CREATE (n:PairSummary) SET n = row`, map[string]any{"rows": rec.Summaries}},
			{"unmerge.candidates", `UNWIND $rows AS row MERGE (n:MergeCandidate {a: row.a, b: row.b}) SET n = row`, map[string]any{"rows": rec.Candidates}},
			{"unmerge.done", `MATCH (m:Merge {id: $id}) DELETE m`, map[string]any{"id": id}},
		}
		for _, st := range steps {
			if _, err := t.run(st.name, st.cypher, st.params); err != nil {
				return err
			}
		}
		if err := createRels(t, "unmerge.rels", rec.Rels); err != nil {
			return err
		}
		if _, err := t.run("unmerge.kept", `UNWIND $ids AS id
MATCH (p:Person {id: id})
`+lockOrdered("p")+recountPerson("p"), map[string]any{"ids": []string{rec.Keep, rec.Merge}}); err != nil {
			return err
		}
		// The KNOWS of the pairs the merge computed again, as they were;
		// one the merge's strengths made goes.
		if _, err := eachType(t, "unmerge.knows", `SET r.strength = row.props.strength, r.strengthSource = row.props.strengthSource,
  r.lastInteractionAt = row.props.lastInteractionAt`, rec.Knows); err != nil {
			return err
		}
		var pairs []model.Pair
		for _, p := range rec.Pairs {
			pr := model.Pair{p[0], p[1]}
			if !slices.ContainsFunc(rec.Knows, func(k graphRel) bool { return pair2(k) == pr }) &&
				!slices.ContainsFunc(rec.Moved, func(k graphRel) bool { return k.Type == "KNOWS" && pair2(k) == pr }) {
				if _, err := t.run("unmerge.madeKnows", `MATCH (a:Person {id: $a}), (b:Person {id: $b})
CALL (a, b) {
  MATCH (a)-[r:KNOWS]-(b)
  WHERE size(coalesce(r.sources, [])) = 0
  DELETE r
}`, map[string]any{"a": p[0], "b": p[1]}); err != nil {
					return err
				}
			}
			pairs = append(pairs, pr)
		}
		// Then every strength the merge changed, computed again (the same
		// as before unless interactions came since).
		for _, i := range rec.Interactions {
			a, _ := i["a"].(string)
			b, _ := i["b"].(string)
			pairs = append(pairs, model.PairOf(a, b))
		}
		// Only pairs with interactions: the strength of one without is
		// the KNOWS put back as it was.
		recs, err = t.run("unmerge.interacting", `UNWIND $pairs AS p
WITH p WHERE EXISTS { MATCH (i:Interaction) WHERE i.a = p[0] AND i.b = p[1] }
RETURN p`, map[string]any{"pairs": pairRows(pairs)})
		if err != nil {
			return err
		}
		pairs = pairs[:0]
		for _, rec := range recs {
			var p []string
			if err := decodeRecord(rec, "p", &p); err != nil {
				return err
			}
			pairs = append(pairs, model.Pair{p[0], p[1]})
		}
		slices.SortFunc(pairs, func(x, y model.Pair) int { return strings.Compare(x[0]+"\x00"+x[1], y[0]+"\x00"+y[1]) })
		return s.refreshPairs(t, slices.Compact(pairs))
	})
	if err == nil {
		s.noteChange(ctx, "person")
	}
	return keep, err
}

// sameValue reports whether two property values are equal.
func sameValue(a, b any) bool {
	x, _ := json.Marshal(canonical(a))
	y, _ := json.Marshal(canonical(b))
	return string(x) == string(y)
}

// pair2 is a relationship's two ends as a pair, the smaller first.
func pair2(r graphRel) model.Pair { return model.PairOf(r.From, r.To) }

// A record is stored as JSON in which every value says its type, so that
// it comes back as it was (an integer stays an integer, a time a time).
func (rec *mergeRecord) encode() (string, error) {
	c := *rec
	var err error
	tm := func(m map[string]any) map[string]any {
		out, e := typedMap(m)
		if e != nil && err == nil {
			err = e
		}
		return out
	}
	trs := func(list []graphRel) []graphRel {
		out := make([]graphRel, len(list))
		for i, r := range list {
			r.Props = tm(r.Props)
			out[i] = r
		}
		return out
	}
	tms := func(list []map[string]any) []map[string]any {
		out := make([]map[string]any, len(list))
		for i, m := range list {
			out[i] = tm(m)
		}
		return out
	}
	c.KeepProps, c.MergeProps, c.Set = tm(rec.KeepProps), tm(rec.MergeProps), tm(rec.Set)
	c.Rels, c.Moved, c.Added, c.Knows = trs(rec.Rels), trs(rec.Moved), trs(rec.Added), trs(rec.Knows)
	c.Interactions, c.Summaries, c.Candidates = tms(rec.Interactions), tms(rec.Summaries), tms(rec.Candidates)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(c)
	return string(b), err
}

func decodeMergeRecord(s string) (*mergeRecord, error) {
	var rec mergeRecord
	if err := json.Unmarshal([]byte(s), &rec); err != nil {
		return nil, fmt.Errorf("unmerge: the stored record: %w", err)
	}
	var err error
	um := func(m map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range m {
			x, e := untype(v)
			if e != nil && err == nil {
				err = e
			}
			out[k] = x
		}
		return out
	}
	for _, list := range [][]graphRel{rec.Rels, rec.Moved, rec.Added, rec.Knows} {
		for i := range list {
			list[i].Props = um(list[i].Props)
		}
	}
	rec.KeepProps, rec.MergeProps, rec.Set = um(rec.KeepProps), um(rec.MergeProps), um(rec.Set)
	for _, list := range [][]map[string]any{rec.Interactions, rec.Summaries, rec.Candidates} {
		for i := range list {
			list[i] = um(list[i])
		}
	}
	return &rec, err
}

func typedMap(m map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(m))
	for k, v := range m {
		x, err := typed(v)
		if err != nil {
			return nil, fmt.Errorf("property %s: %w", k, err)
		}
		out[k] = x
	}
	return out, nil
}

// typed wraps a property value with its type: {"s": text}, {"i":
// "digits"}, {"f": number}, {"b": bool}, {"t": RFC 3339 time}, {"l":
// [typed...]}. Any other type is an error: a merge that could not be
// undone is refused.
func typed(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return map[string]any{"s": x}, nil
	case int64:
		return map[string]any{"i": strconv.FormatInt(x, 10)}, nil
	case float64:
		return map[string]any{"f": x}, nil
	case bool:
		return map[string]any{"b": x}, nil
	case time.Time:
		return map[string]any{"t": x.UTC().Format(time.RFC3339Nano)}, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			var err error
			if out[i], err = typed(e); err != nil {
				return nil, err
			}
		}
		return map[string]any{"l": out}, nil
	}
	return nil, fmt.Errorf("a value of type %T cannot be recorded for unmergePeople", v)
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
	return nil, fmt.Errorf("unmerge: a stored value of unknown type %v", v)
}

// MergeCandidatesRequest asks for a page of merge candidates.
type MergeCandidatesRequest struct {
	Page Paging `json:"-"`
}

// Paging returns the request's page.
func (r *MergeCandidatesRequest) Paging() *Paging { return &r.Page }

// Validate checks the request against l.
func (r MergeCandidatesRequest) Validate(l model.Limits) error { return r.Page.validate(l) }

// Reach is nobody's relationships.
func (r MergeCandidatesRequest) Reach() Reach { return Reach{} }

// BuildMergeCandidates lists the candidates whose two people both exist,
// by score descending, then the two ids.
func BuildMergeCandidates(r MergeCandidatesRequest, _ viewer) (string, map[string]any, error) {
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
