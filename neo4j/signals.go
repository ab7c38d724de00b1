package neo4j

import (
	"context"
	"fmt"
	"strings"

	"github.com/relgraph/relgraph/internal/model"
)

// signalOrderClause orders by time, then id; signals without a time
// come last, unless every signal in the rows has one (timed).
func signalOrderClause(o *model.SignalOrder, s string, timed bool) (string, error) {
	dir := "DESC"
	if o != nil && o.Direction != nil {
		switch *o.Direction {
		case "ASC", "DESC":
			dir = *o.Direction
		default:
			return "", invalid("orderBy.direction must be ASC or DESC, got %q", *o.Direction)
		}
	}
	order := fmt.Sprintf("%[1]s.at %[2]s, %[1]s.id ASC", s, dir)
	if timed {
		return order, nil
	}
	return s + ".at IS NULL, " + order, nil
}

// signalWhere compiles a SignalWhere on the signal variable s into
// predicates that must all hold.
func (b *builder) signalWhere(w *model.SignalWhere, s string) ([]string, error) {
	if w == nil {
		return nil, nil
	}
	if err := checkWindow(w.Since, w.Until, "where"); err != nil {
		return nil, err
	}
	var preds []string
	if len(w.Kinds) > 0 {
		preds = append(preds, fmt.Sprintf("%s.kind IN %s", s, b.param(dedupe(w.Kinds))))
	}
	if w.Sentiment != nil {
		preds = append(preds, fmt.Sprintf("%s.sentiment = %s", s, b.param(*w.Sentiment)))
	}
	preds = append(preds, b.window(s+".at", w.Since, w.Until)...)
	if w.TitleContains != nil {
		preds = append(preds, b.textMatch(s+".title", *w.TitleContains, true))
	}
	if w.Round != nil {
		preds = append(preds, fmt.Sprintf("%s.round = %s", s, b.param(*w.Round)))
	}
	if w.Topic != nil {
		preds = append(preds, fmt.Sprintf("EXISTS { MATCH (%s)-[:MENTIONS]->(:Topic {id: %s}) }", s, b.param(*w.Topic)))
	}
	if w.Person != nil {
		preds = append(preds, fmt.Sprintf("EXISTS { MATCH (%s)-[:BY]->(:Person {id: %s}) }", s, b.param(*w.Person)))
	}
	if w.Company != nil {
		// The company's own signal condition does not apply here.
		f := *w.Company
		f.Signal = nil
		co := b.fresh("co")
		cp, _, err := b.companyPreds(&f, co, "where.company")
		if err != nil {
			return nil, err
		}
		preds = append(preds, fmt.Sprintf("EXISTS { MATCH (%s)-[:AT]->(%s:Company)%s }", s, co, whereClause(cp)))
	}
	return preds, nil
}

// BuildSignals translates question 4 into one statement. It returns one
// row: total (all matching signals), items (the page, as signalProjection
// maps) and, with a network, found (whether Of exists).
func BuildSignals(req SignalsRequest, v viewer) (string, map[string]any, error) {
	b := newBuilder(v)
	var source, found string
	if req.Network == nil {
		source = "MATCH (s:Signal)"
	} else {
		match, err := b.networkMatch(req.Network.Degree, "true")
		if err != nil {
			return "", nil, err
		}
		b.named("of", req.Network.Of)
		// Walk from the network's people to their signals, and from
		// their current employers, each once however many of the people
		// work there, to the signals at them. UNION keeps each signal
		// once.
		source = match + `
WITH collect(other) AS people
CALL (people) {
  UNWIND people AS other
  MATCH (s:Signal)-[:BY]->(other)
  RETURN s
  UNION
  UNWIND people AS other
  MATCH (other)-[w:WORKS_AT]->(co:Company)
  WHERE w.until IS NULL
  WITH DISTINCT co
  MATCH (co)<-[:AT]-(s:Signal)
  RETURN s
}
WITH s`
		found = ",\n  EXISTS { MATCH (:Person {id: $of}) } AS found"
	}
	preds, err := b.signalWhere(req.Where, "s")
	if err != nil {
		return "", nil, err
	}
	// A window over every signal reads them from the index on their time
	// (below): each has a time.
	byTime := req.Network == nil && req.Where != nil && (req.Where.Since != nil || req.Where.Until != nil)
	order, err := signalOrderClause(req.Order, "s", byTime)
	if err != nil {
		return "", nil, err
	}
	b.page(req.Page)
	filter := ""
	if len(preds) > 0 {
		filter = "\nWHERE " + strings.Join(preds, "\n  AND ")
	}
	if byTime {
		// The index on the signals' time gives them in order: the page
		// is the first of them, and the total a count of the index's
		// entries, where collecting and sorting every signal of a long
		// window cost four times as much.
		cypher := source + filter + `
WITH count(s) AS total
CALL () {
  ` + source + strings.ReplaceAll(filter, "\n", "\n  ") + `
  WITH s
  ORDER BY ` + order + `
  SKIP $skip LIMIT $end - $skip
  RETURN collect(s) AS page
}
RETURN total,
  [sig IN page | ` + signalProjection("sig") + `] AS items`
		return cypher, b.params, nil
	}
	// The page is the top of the signals (ORDER BY with LIMIT keeps only
	// the page while it reads them), not a slice of them all sorted.
	cypher := source + filter + `
WITH collect(s) AS signals
CALL (signals) {
  UNWIND signals AS s
  WITH s
  ORDER BY ` + order + `
  SKIP $skip LIMIT $end - $skip
  RETURN collect(s) AS page
}
RETURN size(signals) AS total,
  [sig IN page | ` + signalProjection("sig") + `] AS items` + found
	return cypher, b.params, nil
}

// Signals answers question 4.
func (s *Store) Signals(ctx context.Context, req SignalsRequest) (Page[*model.SignalNode], error) {
	var missing error
	if req.Network != nil {
		missing = &model.NotFoundError{What: "person", ID: req.Network.Of}
	}
	return askPage[SignalsRequest, *model.SignalNode](ctx, s, "signals", req, BuildSignals, missing)
}
