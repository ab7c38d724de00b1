package neo4j

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/model"
)

// orderClause is the ORDER BY of a connections statement, from a fixed set.
// Ties are always broken by id ascending.
func orderClause(o *model.PersonOrder) (string, error) {
	if o == nil {
		return "degree ASC, strength DESC, other.id ASC", nil
	}
	dir := "ASC"
	if o.Direction != nil {
		switch *o.Direction {
		case "ASC":
		case "DESC":
			dir = "DESC"
		default:
			return "", invalid("orderBy.direction must be ASC or DESC, got %q", *o.Direction)
		}
	}
	switch o.Field {
	case "DEGREE":
		return "degree " + dir + ", strength DESC, other.id ASC", nil
	case "STRENGTH":
		return "strength " + dir + ", degree ASC, other.id ASC", nil
	case "NAME":
		return "other.name IS NULL, toLower(other.name) " + dir + ", other.id ASC", nil
	}
	return "", invalid("orderBy.field must be DEGREE, STRENGTH or NAME, got %q", o.Field)
}

// networkMatch returns the clause binding `other` with its shortest
// distance, best path strength and first hops, for each person of the
// network who meets pred (a condition on `other` alone; "true" for
// everyone). Degrees 1 and 2 are walked hop by hop, which costs Neo4j far
// less than building path values: a second-degree person is one that none
// of of's relationships reaches directly, and every path through a common
// first-degree connection is a shortest one. Each person keeps the
// strength and first hops of their least number of hops; a test of "not
// known directly" instead would cost an expansion per row once
// relationships carry a visibility predicate. At degrees 1 and 2 pred
// filters the rows of single paths, before they are grouped by person:
// grouping every person of a large network to keep the few who match
// cost more than testing a person once per path (at 1M people, the
// benchmark's filtered connections at degree 2 went from a median of 42
// to 31 ms and a p99 of 190 to 101 ms). At degree 2 pred is written once,
// after the union of the one-hop and two-hop rows: written in each
// branch, Neo4j planned it twice (EXPLAIN of the benchmark's filtered
// statement at 100k after emptying the plan caches: 300 ms against 158
// ms; a first run 350 against 200 ms at the median, for a warm run within
// the noise at 1M). Degree 3 uses ALL SHORTEST, whose
// quantifier must be a literal, chosen here after the degree was
// validated.
func (b *builder) networkMatch(degree int, pred string) (string, error) {
	switch degree {
	case 1:
		return `MATCH (me:Person {id: $of})
MATCH (me)-[` + b.knows("k") + `]-(other:Person)
WHERE ` + andPred("other <> me", pred) + `
WITH other, 1 AS degree, max(coalesce(k.strength, 0.0)) AS strength, [] AS firstHops`, nil
	case 2:
		match := `MATCH (me:Person {id: $of})
CALL (me) {
` + b.hopRows() + `
}
`
		if pred != "true" {
			match += "WITH other, hops, pathStrength, firstHop WHERE " + pred + "\n"
		}
		return match + bestOfHops, nil
	case 3:
		match := `MATCH (me:Person {id: $of})
MATCH path = ALL SHORTEST (me)-[` + b.knows("k") + `]-{1,3}(other:Person)
WHERE other <> me
WITH other, length(path) AS degree, reduce(s = 1.0, k IN relationships(path) | s * coalesce(k.strength, 0.0)) AS strength, nodes(path)[1] AS firstHop
WITH other, min(degree) AS degree, max(strength) AS strength, collect(DISTINCT firstHop) AS firstHops`
		if pred != "true" {
			match += "\nWHERE " + pred
		}
		return match, nil
	}
	return "", fmt.Errorf("no network pattern for degree %d", degree)
}

// andPred is the conjunction of a condition and pred, which may be "true".
func andPred(cond, pred string) string {
	if pred == "true" {
		return cond
	}
	return cond + " AND " + pred
}

// StartNetwork is the Start of a request that walks of's network (see
// ConnectionsRequest.Start).
const StartNetwork = -1

// filteredNetwork starts the statements over a filtered network: it binds
// other, degree, strength (rounded, see roundScore) and via for every
// person in of's network within degree who matches where, and returns the
// evidence expression over `other` ("[]" when where has none, or with
// noEvidence: planning a filtered statement's evidence cost Neo4j about
// a third of its planning, see BENCHMARKS.md's cold-plan pass). start is
// where a degree-2 walk with anchors starts (ConnectionsRequest.Start):
// 0 and StartNetwork walk the network, as a statement is built once the
// store has chosen. It names $of, $skip and $end.
func (b *builder) filteredNetwork(of string, degree int, where *model.PersonWhere, start int, page Paging, noEvidence bool) (string, string, error) {
	b.named("of", of)
	if noEvidence {
		b.noEvidence++
	}
	c, err := b.personWhere(where, "other", "")
	if noEvidence {
		b.noEvidence--
	}
	if err != nil {
		return "", "", err
	}
	match, err := b.networkMatch(degree, c.guarded())
	if err != nil {
		return "", "", err
	}
	if start != 0 && start != StartNetwork {
		anchors := anchorsOf(where)
		if degree != 2 || start < 1 || start > len(anchors) {
			return "", "", fmt.Errorf("no start %d for a degree-%d network with %d topics to start from", start, degree, len(anchors))
		}
		match = b.fromAnchor(anchors[start-1], c.guarded())
	}
	b.page(page)
	evidence := c.evidence
	if evidence == "" {
		evidence = "[]"
	}
	return match + `
WITH other, degree, ` + roundScore("strength") + ` AS strength, CASE WHEN degree = 1 THEN [] ELSE firstHops END AS via`, evidence, nil
}

// anchor is a condition of a filter that every match must meet and that
// names a topic: the people it can hold are found from the topic, and
// how many rows that walk yields is known from relationship counts.
type anchor struct {
	topic string
	// engaged: people who engaged with content about the topic; else
	// people BY whom signals mention it.
	engaged bool
}

// anchorsOf returns the anchors of where: its topic conditions on
// engagements, mentions and signals, at its top or under AND only.
func anchorsOf(w *model.PersonWhere) []anchor {
	if w == nil {
		return nil
	}
	var out []anchor
	if w.EngagedWith != nil && w.EngagedWith.Topic != nil {
		out = append(out, anchor{topic: *w.EngagedWith.Topic, engaged: true})
	}
	if w.Mentioned != nil && w.Mentioned.Topic != nil {
		out = append(out, anchor{topic: *w.Mentioned.Topic})
	}
	if w.Signal != nil && w.Signal.Topic != nil {
		out = append(out, anchor{topic: *w.Signal.Topic})
	}
	for _, sub := range w.And {
		out = append(out, anchorsOf(sub)...)
	}
	return out
}

// A degree-2 network filtered with anchors is walked from whichever side
// yields fewer rows, decided for each request from counts the store keeps
// (relationship degrees) by a statement of its own (buildStart), an
// anchor's rows weighted by anchorRowCost: of's network (networkMatch),
// or an anchor's topic (fromAnchor). One statement used to hold every
// side and choose between them: Neo4j planned them all (EXPLAIN after
// emptying the plan caches, the benchmark's filter on a 10k graph: 1,360
// ms, against 710 for the network's side, 430 for a topic's and 90 for
// the counts), and it counted the topics' rows on every request, which
// anchorSizes now remembers (at 1M people, the benchmark's filtered
// connections at degree 2 through HTTP: p50 18 to 10 ms, p99 90 to 53 ms).

// fromAnchor is the degree-2 network of networkMatch, walked from an
// anchor's topic: to the people it can hold, keeping those who meet the
// whole filter (pred), then looking for their paths to of, one or two hops,
// backwards (from each of them to their connections, in a subquery of
// its own, then whether those know of: so that the planner cannot start
// from of, whose connections may be thousands, once per person). It
// binds the same other, degree, strength and firstHops.
func (b *builder) fromAnchor(a anchor, pred string) string {
	t := b.param(a.topic)
	walk := fmt.Sprintf("(:Topic {id: %s})<-[:MENTIONS]-(:Signal)-[:BY]->(other:Person)", t)
	if a.engaged {
		walk = fmt.Sprintf("(:Topic {id: %s})<-[:ABOUT]-(:Content)<-[:ENGAGED_WITH]-(other:Person)", t)
	}
	return `MATCH (me:Person {id: $of})
MATCH ` + walk + `
WITH DISTINCT me, other
WHERE ` + andPred("other <> me", pred) + `
CALL (me, other) {
  MATCH (other)-[` + b.knows("k") + `]-(me)
  RETURN 1 AS hops, coalesce(k.strength, 0.0) AS pathStrength, NULL AS firstHop
  UNION ALL
  CALL (other) {
    MATCH (other)-[` + b.knows("k2") + `]-(firstHop:Person)
    RETURN k2, firstHop
  }
  MATCH (firstHop)-[` + b.knows("k1") + `]-(me)
  RETURN 2 AS hops, coalesce(k1.strength, 0.0) * coalesce(k2.strength, 0.0) AS pathStrength, firstHop
}
` + bestOfHops
}

// buildStart is the statement that counts the rows each side of a
// degree-2 walk with anchors would yield: one row, network (of's
// connections' relationships), engaged (for each anchor on engagements,
// in order, the engagements with content about its topic) and mentioned
// (for each other anchor, the signals that mention its topic); no row
// when of does not exist. The topics are two list parameters, so that
// Neo4j plans one statement whichever of them are counted.
func buildStart(of string, anchors []anchor) (string, map[string]any) {
	b := newBuilder(operator)
	b.named("of", of)
	engaged, mentioned := []string{}, []string{}
	for _, a := range anchors {
		if a.engaged {
			engaged = append(engaged, a.topic)
		} else {
			mentioned = append(mentioned, a.topic)
		}
	}
	// A topic is bound before its mentions are counted, so that Neo4j
	// reads its degree rather than walking them.
	return `MATCH (me:Person {id: $of})
CALL (me) {
  MATCH (me)-[:KNOWS]-(f:Person)
  RETURN sum(COUNT { (f)-[:KNOWS]-() }) AS network
}
RETURN network,
  [id IN ` + b.param(engaged) + ` | reduce(n = 0, content IN COLLECT { MATCH (:Topic {id: id})<-[:ABOUT]-(content:Content) RETURN content } | n + COUNT { (content)<-[:ENGAGED_WITH]-() })] AS engaged,
  [id IN ` + b.param(mentioned) + ` | reduce(n = 0, topic IN COLLECT { MATCH (topic:Topic {id: id}) RETURN topic } | n + COUNT { (topic)<-[:MENTIONS]-() })] AS mentioned`, b.params
}

// pickStart is the Start that yields the fewest rows: the first anchor
// of the fewest rows when its rows, weighted by anchorRowCost, are fewer
// than the network's; else the network.
func pickStart(network int, anchors []int) int {
	start, least := StartNetwork, 0
	for i, n := range anchors {
		if n*anchorRowCost < network && (start == StartNetwork || n < least) {
			start, least = i+1, n
		}
	}
	return start
}

// networkStart is the Start of a degree-2 walk over of's network with
// anchors: the side startCounts finds the fewest rows on. name is the
// question's; the count's statement is named after it.
func (s *Store) networkStart(ctx context.Context, name, of string, anchors []anchor) (int, error) {
	network, sizes, err := s.startCounts(ctx, name, of, anchors)
	if err != nil {
		if ctx.Err() != nil {
			return 0, err
		}
		// The counts only choose a side: every side answers.
		s.log.Warn().Err(err).Str("question", name).Msg("could not count the sides of a filtered network; walking it from the person")
		return StartNetwork, nil
	}
	if sizes == nil {
		return StartNetwork, nil
	}
	return pickStart(network, sizes), nil
}

// fromChosenStart wraps the statement builder of a question over a
// filtered network so that a request that leaves its Start to the store
// (start points at it) gets the side networkStart chooses. The request
// is built from the network first, so that a filter or order that does
// not compile is refused before anything is counted; that statement
// serves when the network is chosen.
func fromChosenStart[R any](ctx context.Context, s *Store, name string, build func(R, viewer) (string, map[string]any, error),
	network func(*R) (of string, degree int, where *model.PersonWhere, start *int)) func(R, viewer) (string, map[string]any, error) {
	return func(req R, v viewer) (string, map[string]any, error) {
		of, degree, where, start := network(&req)
		anchors := anchorsOf(where)
		if *start != 0 || degree != 2 || len(anchors) == 0 {
			return build(req, v)
		}
		*start = StartNetwork
		cypher, params, err := build(req, v)
		if err != nil {
			return "", nil, err
		}
		chosen, err := s.networkStart(ctx, name, of, anchors)
		if err != nil {
			return "", nil, err
		}
		if chosen == StartNetwork {
			return cypher, params, nil
		}
		*start = chosen
		return build(req, v)
	}
}

// startCounts returns the rows of of's network and of each anchor (as
// buildStart counts them, an anchor's remembered by anchorSizes); nil
// sizes when of does not exist.
func (s *Store) startCounts(ctx context.Context, name, of string, anchors []anchor) (int, []int, error) {
	now := time.Now()
	sizes, missing := s.anchorSizes.get(anchors, now)
	cypher, params := buildStart(of, missing)
	type counts struct {
		Network   int   `json:"network"`
		Engaged   []int `json:"engaged"`
		Mentioned []int `json:"mentioned"`
	}
	rows, err := read(ctx, s, name+".start", cypher, params, func(rec *driver.Record) (counts, error) {
		var c counts
		err := decodeRow(rec, &c)
		return c, err
	})
	if err != nil || len(rows) == 0 {
		return 0, nil, err
	}
	c := rows[0]
	for i := range sizes {
		if sizes[i] >= 0 {
			continue
		}
		list := &c.Mentioned
		if anchors[i].engaged {
			list = &c.Engaged
		}
		if len(*list) == 0 {
			return 0, nil, fmt.Errorf("%s.start: fewer counts than topics", name)
		}
		sizes[i], *list = (*list)[0], (*list)[1:]
		s.anchorSizes.put(anchors[i], sizes[i], now)
	}
	return c.Network, sizes, nil
}

// anchorSizes remembers the rows of anchors that buildStart counted, for
// anchorSizeTTL: the same for every viewer, they cost far more than of's
// network (at 1M people, 100 draws like the benchmark's: an engaged
// topic's p50 14 ms and p99 70 ms, of's network 1.8 and 15 ms). A size
// that writes have made stale since only makes the choice of side less
// good: every side gives the same answer. The zero value is empty.
type anchorSizes struct {
	mu sync.Mutex
	m  map[anchor]anchorSize
}

type anchorSize struct {
	rows int
	at   time.Time
}

const (
	anchorSizeTTL = time.Minute
	// anchorSizesMax bounds how many are remembered: topics named in
	// requests need not exist.
	anchorSizesMax = 10000
)

// get returns the size of each anchor, -1 for those it does not know or
// knew for longer than anchorSizeTTL at now, and those anchors.
func (c *anchorSizes) get(anchors []anchor, now time.Time) ([]int, []anchor) {
	c.mu.Lock()
	defer c.mu.Unlock()
	sizes := make([]int, len(anchors))
	var missing []anchor
	for i, a := range anchors {
		if e, ok := c.m[a]; ok && now.Sub(e.at) < anchorSizeTTL {
			sizes[i] = e.rows
			continue
		}
		sizes[i] = -1
		missing = append(missing, a)
	}
	return sizes, missing
}

// put remembers an anchor's size, counted at now.
func (c *anchorSizes) put(a anchor, rows int, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= anchorSizesMax {
		c.m = map[anchor]anchorSize{}
	}
	c.m[a] = anchorSize{rows, now}
}

// hopRows are the rows of of's network within two hops, one per path:
// other, hops, the path's strength and its first hop (null at one hop).
func (b *builder) hopRows() string {
	return `  MATCH (me)-[` + b.knows("k") + `]-(other:Person)
  WHERE other <> me
  RETURN other, 1 AS hops, coalesce(k.strength, 0.0) AS pathStrength, NULL AS firstHop
  UNION ALL
  MATCH (me)-[` + b.knows("k1") + `]-(firstHop:Person)-[` + b.knows("k2") + `]-(other:Person)
  WHERE other <> me
  RETURN other, 2 AS hops, coalesce(k1.strength, 0.0) * coalesce(k2.strength, 0.0) AS pathStrength, firstHop`
}

// bestOfHops keeps, from the rows of hopRows, each person's least number
// of hops with the best strength and the first hops at that number.
const bestOfHops = `WITH other, hops, max(pathStrength) AS strength, collect(DISTINCT firstHop) AS firstHops
WITH other, min(hops) AS degree, collect({hops: hops, strength: strength, firstHops: firstHops}) AS byHops
WITH other, degree, [h IN byHops WHERE h.hops = degree][0] AS best
WITH other, degree, best.strength AS strength, best.firstHops AS firstHops`

// anchorRowCost is what a row from an anchor's topic costs against a row
// of the network: each person reached from the topic is filtered, then
// their connections are expanded and each checked against of's. Measured
// at a million people (159 draws like the benchmark's filtered connections):
// a weight of 1 gave p50 / p99 of 39 / 460 ms, 10 gave 39 / 228 ms, 30
// gave 39 / 262 ms; the network alone 39 / 271 ms. Again once each side
// was a statement of its own (150 draws, every side of each timed, the
// best of two runs): weights of 10 and more chose the fastest side of
// every draw (p50 / p99 7.4 / 42.8 ms), 5 gave 7.4 / 46.8 ms, 3 7.4 / 172
// ms.
const anchorRowCost = 10

// roundScore rounds a strength or score to 9 decimal places, before it
// orders anything: products of the same strengths multiplied in another
// order then tie (and fall back to the next key), and answers show 0.72,
// not 0.7200000000000001.
func roundScore(expr string) string { return "round(" + expr + ", 9)" }

// evidenceOf is the evidence expression (compiled for the variable
// `other`, see filteredNetwork) for the person person, an expression: a
// one-element comprehension binds other to it. Statements compute
// evidence for a page's people only, in list comprehensions, which keep
// the page's order.
func evidenceOf(person, evidence string) string {
	if evidence == "[]" {
		return evidence
	}
	return "head([other IN [" + person + "] | " + evidence + "])"
}

// page names $skip and $end, the bounds of a page in a list of rows.
func (b *builder) page(p Paging) {
	b.named("skip", int64(p.Skip))
	b.named("end", int64(p.Skip+p.Limit))
}

// BuildConnections translates a connections request into one statement.
// The statement returns one row: total (all matches) and edges (the page,
// each with person, degree, strength, via and evidence).
func BuildConnections(req ConnectionsRequest, v viewer) (string, map[string]any, error) {
	b := newBuilder(v)
	network, evidence, err := b.filteredNetwork(req.Of, req.Degree, req.Where, req.Start, req.Page, req.NoEvidence)
	if err != nil {
		return "", nil, err
	}
	order, err := orderClause(req.Order)
	if err != nil {
		return "", nil, err
	}
	cypher := network + `
ORDER BY ` + order + `
WITH collect({person: other, degree: degree, strength: strength, via: via}) AS rows
WITH size(rows) AS total, rows[$skip..$end] AS page
RETURN total,
  [row IN page | {person: row.person, degree: row.degree, strength: row.strength, via: row.via,
    evidence: ` + evidenceOf("row.person", evidence) + `}] AS items,
  EXISTS { MATCH (:Person {id: $of}) } AS found`
	return cypher, b.params, nil
}

// Connections answers question 1.
func (s *Store) Connections(ctx context.Context, req ConnectionsRequest) (Page[*model.NetworkPerson], error) {
	build := fromChosenStart(ctx, s, "connections", BuildConnections, func(r *ConnectionsRequest) (string, int, *model.PersonWhere, *int) {
		return r.Of, r.Degree, r.Where, &r.Start
	})
	page, err := askPage[ConnectionsRequest, *model.NetworkPerson](ctx, s, "connections", req, build, &model.NotFoundError{What: "person", ID: req.Of})
	for _, p := range page.Items {
		tidy(p, req.Of)
	}
	return page, err
}

// tidy says whose network a row is in and puts its lists in their
// documented order: via by id, evidence as sortEvidence says.
func tidy(p *model.NetworkPerson, of string) {
	p.Of = of
	sortByID(p.Via, func(v *model.Person) string { return v.ID })
	sortEvidence(p.Evidence)
}

// sortEvidence orders evidence: by filter label in the order they first
// appear (the filter's own order), then newest first, then content or
// signal id.
func sortEvidence(list []*model.Evidence) {
	order := map[string]int{}
	for _, e := range list {
		if _, ok := order[e.Filter]; !ok {
			order[e.Filter] = len(order)
		}
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if order[a.Filter] != order[b.Filter] {
			return order[a.Filter] < order[b.Filter]
		}
		ta, ida := evidenceKey(a)
		tb, idb := evidenceKey(b)
		if !ta.Equal(tb) {
			return ta.After(tb)
		}
		return ida < idb
	})
}

func evidenceKey(e *model.Evidence) (time.Time, string) {
	switch {
	case e.Engagement != nil:
		return e.Engagement.At.Time, e.Engagement.Content.ID + "/" + e.Engagement.Action
	case e.Signal != nil:
		var t time.Time
		if e.Signal.At != nil {
			t = e.Signal.At.Time
		}
		return t, e.Signal.ID
	}
	return time.Time{}, ""
}
