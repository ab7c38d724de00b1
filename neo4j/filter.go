package neo4j

import (
	"fmt"
	"strings"

	"github.com/relgraph/relgraph/internal/model"
)

// builder accumulates parameters and fresh variable names while a statement
// is assembled. Every value from a request goes into params; the text only
// ever holds names chosen here.
type builder struct {
	params map[string]any
	nParam int
	nVar   int
	// noEvidence > 0 while compiling under NOT.
	noEvidence int
	// viewer is whom the statement answers (knows).
	viewer viewer
}

func newBuilder(v viewer) *builder { return &builder{params: map[string]any{}, viewer: v} }

// param stores v and returns its placeholder. The values of a request
// go into one map parameter, $p: Neo4j keys its cache of plans by the
// size class of every string and list parameter, not by what a map
// holds, so that a filter on the topic "ai" and the same filter on
// "observability" share one plan (planning a filtered network anew costs
// about a second).
func (b *builder) param(v any) string {
	name := fmt.Sprintf("p%d", b.nParam)
	b.nParam++
	values, _ := b.params["p"].(map[string]any)
	if values == nil {
		values = map[string]any{}
		b.params["p"] = values
	}
	values[name] = v
	return "$p." + name
}

// named stores v under a fixed name chosen by the caller's code.
func (b *builder) named(name string, v any) string {
	b.params[name] = v
	return "$" + name
}

// fresh returns a variable name unused so far in the statement.
func (b *builder) fresh(prefix string) string {
	name := fmt.Sprintf("%s%d", prefix, b.nVar)
	b.nVar++
	return name
}

// cond is a compiled condition: a boolean Cypher expression and, when the
// condition is backed by engagements or signals, a list expression
// producing the evidence maps for a row where it holds.
type cond struct {
	pred     string
	evidence string
	// pre, when set, is a condition that pred implies and that costs a
	// property read, not a walk: see guarded.
	pre string
}

// guarded is pred, tested only where pre holds. Neo4j tests a filter's
// subqueries before its plain comparisons, whatever their order, even
// when the comparisons come in a WITH of their own before them; under
// CASE the subqueries run only for the rows that pass pre (at 1M people,
// the network side of the benchmark's filtered connections at degree 2,
// 120 draws through the driver: p50 7.3 ms, p99 45 ms, against 14 and
// 116 ms with pre in a WITH before the subqueries).
func (c cond) guarded() string {
	if c.pre == "" {
		return c.pred
	}
	return "CASE WHEN " + c.pre + " THEN " + c.pred + " ELSE false END"
}

// invalid is an input error found while a filter is compiled.
func invalid(format string, args ...any) error {
	return &model.InputError{Msg: fmt.Sprintf(format, args...)}
}

// Node projections that answers carry, so that content and signals need
// no further round trip: a model.ContentNode and a model.SignalNode, with
// their topics by id (in no order: decoding sorts them, see model.Sorter,
// as a pattern comprehension costs Neo4j less to plan than an ordered
// subquery). The variables inside are the projections' own.
func contentProjection(c string) string {
	return fmt.Sprintf("%[1]s {.*, topics: [(%[1]s)-[:ABOUT]->(about_:Topic) | about_]}", c)
}

func signalProjection(s string) string {
	return signalProjectionBy(s, fmt.Sprintf("head([(%[1]s)-[:BY]->(by_:Person) | by_])", s))
}

// signalProjectionBy is signalProjection for a signal whose person is
// known: the expression person.
func signalProjectionBy(s, person string) string {
	return fmt.Sprintf("%[1]s {.*, person: %[2]s, company: head([(%[1]s)-[:AT]->(at_:Company) | at_]), "+
		"topics: [(%[1]s)-[:MENTIONS]->(mentions_:Topic) | mentions_]}", s, person)
}

// personWhere compiles w for the person variable v. path names the filter's
// place for evidence labels ("" at the top).
func (b *builder) personWhere(w *model.PersonWhere, v, path string) (cond, error) {
	if w == nil {
		return cond{pred: "true"}, nil
	}
	var parts []cond
	add := func(c cond, err error) error {
		if err != nil {
			return err
		}
		parts = append(parts, c)
		return nil
	}
	join := func(field string) string {
		if path == "" {
			return field
		}
		return path + "." + field
	}
	for i, sub := range w.And {
		if err := add(b.personWhere(sub, v, fmt.Sprintf("%sAND[%d]", prefix(path), i))); err != nil {
			return cond{}, err
		}
	}
	if len(w.Or) > 0 {
		var preds, evs []string
		for i, sub := range w.Or {
			c, err := b.personWhere(sub, v, fmt.Sprintf("%sOR[%d]", prefix(path), i))
			if err != nil {
				return cond{}, err
			}
			preds = append(preds, "("+c.pred+")")
			if c.evidence != "" {
				evs = append(evs, fmt.Sprintf("CASE WHEN %s THEN %s ELSE [] END", c.pred, c.evidence))
			}
		}
		parts = append(parts, cond{pred: "(" + strings.Join(preds, " OR ") + ")", evidence: strings.Join(evs, " + ")})
	}
	if w.Not != nil {
		// Nothing under NOT is evidence: compile it without.
		b.noEvidence++
		c, err := b.personWhere(w.Not, v, prefix(path)+"NOT")
		b.noEvidence--
		if err != nil {
			return cond{}, err
		}
		parts = append(parts, cond{pred: "NOT (" + c.pred + ")"})
	}
	if w.EngagedWith != nil {
		if err := add(b.engagedWith(w.EngagedWith, v, join("engagedWith"))); err != nil {
			return cond{}, err
		}
	}
	if w.Mentioned != nil {
		if err := add(b.mentioned(w.Mentioned, v, join("mentioned"))); err != nil {
			return cond{}, err
		}
	}
	if w.Signal != nil {
		if err := add(b.personSignal(w.Signal, v, join("signal"))); err != nil {
			return cond{}, err
		}
	}
	if w.InterestedIn != nil {
		if err := add(b.interestedIn(w.InterestedIn, v)); err != nil {
			return cond{}, err
		}
	}
	if w.WorksAt != nil {
		if err := add(b.worksAt(w.WorksAt, v, join("worksAt"))); err != nil {
			return cond{}, err
		}
	}
	for _, f := range []struct {
		prop     string
		value    *string
		contains bool
	}{
		{"title", w.Title, true},
		{"seniority", w.Seniority, false},
		{"department", w.Department, false},
		{"name", w.Name, true},
		{"city", w.City, false},
		{"country", w.Country, false},
	} {
		if f.value != nil {
			parts = append(parts, cond{pred: b.textMatch(v+"."+f.prop, *f.value, f.contains)})
		}
	}
	if w.Near != nil {
		if err := add(b.near(w.Near, v)); err != nil {
			return cond{}, err
		}
	}
	return andAll(parts), nil
}

func prefix(path string) string {
	if path == "" {
		return ""
	}
	return path + "."
}

// andAll combines conditions that must all hold; their evidence adds up.
func andAll(parts []cond) cond {
	if len(parts) == 0 {
		return cond{pred: "true"}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	var preds, evs, pres []string
	for _, p := range parts {
		preds = append(preds, p.pred)
		if p.evidence != "" {
			evs = append(evs, p.evidence)
		}
		if p.pre != "" {
			pres = append(pres, p.pre)
		}
	}
	c := cond{pred: "(" + strings.Join(preds, " AND ") + ")", evidence: strings.Join(evs, " + ")}
	if len(pres) > 0 {
		c.pre = "(" + strings.Join(pres, " AND ") + ")"
	}
	return c
}

// textMatch compares a string property with a value, ignoring case. A
// missing property makes the comparison false, not null, so that NOT of it
// holds.
func (b *builder) textMatch(expr, value string, contains bool) string {
	if contains {
		return fmt.Sprintf("coalesce(toLower(%s) CONTAINS toLower(%s), false)", expr, b.param(value))
	}
	return fmt.Sprintf("coalesce(toLower(%s) = toLower(%s), false)", expr, b.param(value))
}

// window adds the [since, until] bounds on a time property.
func (b *builder) window(expr string, since, until *model.DateTime) []string {
	var preds []string
	if since != nil {
		preds = append(preds, fmt.Sprintf("%s >= %s", expr, b.param(since.Time)))
	}
	if until != nil {
		preds = append(preds, fmt.Sprintf("%s <= %s", expr, b.param(until.UpperBound())))
	}
	return preds
}

func checkWindow(since, until *model.DateTime, where string) error {
	if since != nil && until != nil && until.UpperBound().Before(since.Time) {
		return invalid("%s: until (%s) is before since (%s)", where, until.Format("2006-01-02T15:04:05Z07:00"), since.Format("2006-01-02T15:04:05Z07:00"))
	}
	return nil
}

func whereClause(preds []string) string {
	if len(preds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(preds, " AND ")
}

func (b *builder) engagedWith(f *model.EngagedWithFilter, v, label string) (cond, error) {
	if err := checkWindow(f.Since, f.Until, label); err != nil {
		return cond{}, err
	}
	min := 1
	if f.MinCount != nil {
		min = *f.MinCount
	}
	if min < 1 {
		return cond{}, invalid("%s.minCount must be at least 1, got %d", label, min)
	}
	e, c := b.fresh("e"), b.fresh("c")
	var preds []string
	if f.Kind != nil {
		preds = append(preds, fmt.Sprintf("%s.kind = %s", c, b.param(*f.Kind)))
	}
	if f.Action != nil {
		preds = append(preds, fmt.Sprintf("%s.action = %s", e, b.param(*f.Action)))
	}
	preds = append(preds, b.window(e+".at", f.Since, f.Until)...)
	if f.Topic != nil {
		preds = append(preds, fmt.Sprintf("(%s)-[:ABOUT]->(:Topic {id: %s})", c, b.param(*f.Topic)))
	}
	pattern := fmt.Sprintf("(%s)-[%s:ENGAGED_WITH]->(%s:Content)%s", v, e, c, whereClause(preds))
	var pred string
	if min == 1 {
		pred = fmt.Sprintf("EXISTS { %s }", pattern)
	} else {
		pred = fmt.Sprintf("COUNT { %s } >= %s", pattern, b.param(int64(min)))
	}
	if b.noEvidence > 0 {
		return cond{pred: pred}, nil
	}
	ev := fmt.Sprintf("[%s | {filter: %s, engagement: {action: %s.action, at: %s.at, content: %s}}]",
		pattern, b.param(label), e, e, contentProjection(c))
	return cond{pred: pred, evidence: ev}, nil
}

// signalBy compiles "a signal BY v matching preds" given the signal variable.
func (b *builder) signalBy(v, s string, preds []string, label string) cond {
	pattern := fmt.Sprintf("(%s:Signal)-[:BY]->(%s)%s", s, v, whereClause(preds))
	if b.noEvidence > 0 {
		return cond{pred: fmt.Sprintf("EXISTS { %s }", pattern)}
	}
	return cond{
		pred:     fmt.Sprintf("EXISTS { %s }", pattern),
		evidence: fmt.Sprintf("[%s | {filter: %s, signal: %s}]", pattern, b.param(label), signalProjectionBy(s, v)),
	}
}

func (b *builder) mentioned(f *model.MentionedFilter, v, label string) (cond, error) {
	if err := checkWindow(f.Since, f.Until, label); err != nil {
		return cond{}, err
	}
	s := b.fresh("s")
	preds := []string{fmt.Sprintf("%s.kind = %s", s, b.param("MENTION"))}
	if f.Sentiment != nil {
		preds = append(preds, fmt.Sprintf("%s.sentiment = %s", s, b.param(*f.Sentiment)))
	}
	preds = append(preds, b.window(s+".at", f.Since, f.Until)...)
	return b.signalAbout(v, s, preds, f.Topic, label), nil
}

// Every person keeps the ids of the topics that signals BY them mention,
// sorted (signalTopicIds; none without such signals), so that a filter on
// a topic of their signals first reads one property rather than walking
// all their relationships (most people have no signal at all). The link
// statement of signal lines recounts the people of its signals, as a
// merge and its undoing do for their two people, in the same transaction:
// no other write adds or removes a BY or a MENTIONS, but deleting a person
// with the signals BY them alone. Graphs written otherwise get them from
// the data migration signal_topic_ids (suggestions.go: signalTopicIds).

// signalAbout is signalBy, the signal mentioning topic when it is set:
// then the person's signalTopicIds hold the topic (pre), as they do for
// every match, so that the walk is left for the few who might match.
func (b *builder) signalAbout(v, s string, preds []string, topic *string, label string) cond {
	if topic == nil {
		return b.signalBy(v, s, preds, label)
	}
	t := b.param(*topic)
	c := b.signalBy(v, s, append(preds, fmt.Sprintf("(%s)-[:MENTIONS]->(:Topic {id: %s})", s, t)), label)
	c.pre = fmt.Sprintf("%s IN coalesce(%s.signalTopicIds, [])", t, v)
	return c
}

func (b *builder) personSignal(f *model.PersonSignalFilter, v, label string) (cond, error) {
	if err := checkWindow(f.Since, f.Until, label); err != nil {
		return cond{}, err
	}
	s := b.fresh("s")
	var preds []string
	if len(f.Kinds) > 0 {
		preds = append(preds, fmt.Sprintf("%s.kind IN %s", s, b.param(f.Kinds)))
	}
	preds = append(preds, b.window(s+".at", f.Since, f.Until)...)
	if f.TitleContains != nil {
		preds = append(preds, b.textMatch(s+".title", *f.TitleContains, true))
	}
	if f.Round != nil {
		preds = append(preds, fmt.Sprintf("%s.round = %s", s, b.param(*f.Round)))
	}
	return b.signalAbout(v, s, preds, f.Topic, label), nil
}

func (b *builder) interestedIn(f *model.InterestedInFilter, v string) (cond, error) {
	topics := dedupe(f.Topics)
	if len(topics) == 0 {
		return cond{}, invalid("interestedIn.topics must name at least one topic")
	}
	t := b.fresh("t")
	list := b.param(topics)
	pattern := fmt.Sprintf("(%s)-[:INTERESTED_IN]->(%s:Topic) WHERE %s.id IN %s", v, t, t, list)
	// The interests the person keeps (interestIds) hold the topics of
	// every match.
	held := fmt.Sprintf("%s IN coalesce(%s.interestIds, [])", t, v)
	if f.Match != nil && *f.Match == "ALL" {
		return cond{pred: fmt.Sprintf("COUNT { %s } = %s", pattern, b.param(int64(len(topics)))),
			pre: fmt.Sprintf("all(%s IN %s WHERE %s)", t, list, held)}, nil
	}
	return cond{pred: fmt.Sprintf("EXISTS { %s }", pattern), pre: fmt.Sprintf("any(%s IN %s WHERE %s)", t, list, held)}, nil
}

// companyPreds compiles a CompanyWhere on the company variable co.
func (b *builder) companyPreds(f *model.CompanyWhere, co, label string) ([]string, *cond, error) {
	var preds []string
	if f.ID != nil {
		preds = append(preds, fmt.Sprintf("%s.id = %s", co, b.param(*f.ID)))
	}
	if f.Name != nil {
		preds = append(preds, b.textMatch(co+".name", *f.Name, true))
	}
	for _, t := range []struct {
		prop  string
		value *string
	}{{"industry", f.Industry}, {"city", f.City}, {"country", f.Country}, {"stage", f.Stage}} {
		if t.value != nil {
			preds = append(preds, b.textMatch(co+"."+t.prop, *t.value, false))
		}
	}
	if f.Customer != nil {
		if *f.Customer {
			preds = append(preds, fmt.Sprintf("%s.customer = true", co))
		} else {
			preds = append(preds, fmt.Sprintf("coalesce(%s.customer, false) = false", co))
		}
	}
	if f.Signal == nil {
		return preds, nil, nil
	}
	sf := f.Signal
	sl := label + ".signal"
	if err := checkWindow(sf.Since, sf.Until, sl); err != nil {
		return nil, nil, err
	}
	s := b.fresh("s")
	var sp []string
	if len(sf.Kinds) > 0 {
		sp = append(sp, fmt.Sprintf("%s.kind IN %s", s, b.param(sf.Kinds)))
	}
	sp = append(sp, b.window(s+".at", sf.Since, sf.Until)...)
	if sf.Round != nil {
		sp = append(sp, fmt.Sprintf("%s.round = %s", s, b.param(*sf.Round)))
	}
	pattern := fmt.Sprintf("(%s:Signal)-[:AT]->(%s)%s", s, co, whereClause(sp))
	preds = append(preds, fmt.Sprintf("EXISTS { %s }", pattern))
	if b.noEvidence > 0 {
		return preds, nil, nil
	}
	return preds, &cond{evidence: fmt.Sprintf("[%s | {filter: %s, signal: %s}]", pattern, b.param(sl), signalProjection(s))}, nil
}

func (b *builder) worksAt(f *model.CompanyWhere, v, label string) (cond, error) {
	w, co := b.fresh("w"), b.fresh("co")
	preds, sig, err := b.companyPreds(f, co, label)
	if err != nil {
		return cond{}, err
	}
	all := append([]string{w + ".until IS NULL"}, preds...)
	pattern := fmt.Sprintf("(%s)-[%s:WORKS_AT]->(%s:Company)%s", v, w, co, whereClause(all))
	c := cond{pred: fmt.Sprintf("EXISTS { %s }", pattern)}
	if sig != nil {
		// The signals of every current employer that satisfies the whole
		// company condition.
		c.evidence = fmt.Sprintf("reduce(acc = [], l IN [%s | %s] | acc + l)", pattern, sig.evidence)
	}
	return c, nil
}

// earthRadiusKm is the mean Earth radius used for great-circle distances.
const earthRadiusKm = 6371.0

func (b *builder) near(f *model.NearFilter, v string) (cond, error) {
	if f.Of == nil {
		return cond{}, invalid("near.of is required when the API key names no person")
	}
	if !(f.Km > 0) {
		return cond{}, invalid("near.km must be greater than 0, got %g", f.Km)
	}
	r := b.fresh("r")
	// Haversine: 2R asin(sqrt(hav(dlat) + cos(lat1) cos(lat2) hav(dlon))).
	dist := fmt.Sprintf("2 * %s * asin(sqrt(haversin(radians(%[2]s.latitude - %[3]s.latitude)) + cos(radians(%[3]s.latitude)) * cos(radians(%[2]s.latitude)) * haversin(radians(%[2]s.longitude - %[3]s.longitude))))",
		b.named("earthRadiusKm", earthRadiusKm), v, r)
	pred := fmt.Sprintf("EXISTS { MATCH (%[1]s:Person {id: %[2]s}) WHERE %[1]s.latitude IS NOT NULL AND %[1]s.longitude IS NOT NULL AND %[3]s.latitude IS NOT NULL AND %[3]s.longitude IS NOT NULL AND %[4]s <= %[5]s }",
		r, b.param(*f.Of), v, dist, b.param(f.Km))
	return cond{pred: pred}, nil
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
