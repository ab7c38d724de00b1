package neo4j

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/model"
)

// Node kinds, as GraphQL names them: the labels of the graph model.
const (
	KindPerson  = "Person"
	KindCompany = "Company"
	KindTopic   = "Topic"
	KindContent = "Content"
	KindSignal  = "Signal"
)

// nodeKinds are, for each kind node(id) looks among, the answer it makes
// and the projection that fetches it: content and signals come with what
// they are about (and who and where), like everywhere else. NodeKinds
// lists them in the order several matches of one bare id are reported.
var nodeKinds = map[string]struct {
	answer     func() any
	projection func(string) string
}{
	KindPerson:  {func() any { return new(model.Person) }, properties},
	KindCompany: {func() any { return new(model.Company) }, properties},
	KindTopic:   {func() any { return new(model.Topic) }, properties},
	KindContent: {func() any { return new(model.ContentNode) }, contentProjection},
	KindSignal:  {func() any { return new(model.SignalNode) }, signalProjection},
}

// NodeKinds are the kinds node(id) looks among.
var NodeKinds = []string{KindPerson, KindCompany, KindTopic, KindContent, KindSignal}

func properties(n string) string { return n + " {.*}" }

// BuildNode looks id up among the given kinds in one statement; each row
// is one kind that has a node with that id. The id travels in the
// builder's map parameter, so that ids of every length share one plan
// (as a plain string parameter, a topic's id of another size class than
// the last planned it anew: about 15 ms).
func BuildNode(kinds []string, id string) (string, map[string]any, error) {
	if len(kinds) == 0 {
		return "", nil, invalid("no node kind to look in")
	}
	b := newBuilder(operator)
	idParam := b.param(id)
	var branches []string
	for _, k := range kinds {
		nk, ok := nodeKinds[k]
		if !ok {
			return "", nil, invalid("unknown node kind %q (expected one of %s)", k, strings.Join(NodeKinds, ", "))
		}
		branches = append(branches, "  MATCH (n:"+k+" {id: "+idParam+"}) RETURN '"+k+"' AS kind, "+nk.projection("n")+" AS item")
	}
	cypher := "CALL () {\n" + strings.Join(branches, "\n  UNION ALL\n") + "\n}\nRETURN kind, item"
	return cypher, b.params, nil
}

// FoundNode is a node found by id: Value is a *model.Person, *model.Company,
// *model.Topic, *model.ContentNode or *model.SignalNode according to Kind.
type FoundNode struct {
	Kind  string
	Value any
}

// Nodes returns the nodes with that id among kinds, in NodeKinds order.
func (s *Store) Nodes(ctx context.Context, kinds []string, id string) ([]FoundNode, error) {
	cypher, params, err := BuildNode(kinds, id)
	if err != nil {
		return nil, err
	}
	found, err := read(ctx, s, "node", cypher, params, func(rec *driver.Record) (FoundNode, error) {
		var kind string
		if err := decodeRecord(rec, "kind", &kind); err != nil {
			return FoundNode{}, err
		}
		nk, ok := nodeKinds[kind]
		if !ok {
			return FoundNode{}, fmt.Errorf("unexpected node kind %q", kind)
		}
		v := nk.answer()
		err := decodeRecord(rec, "item", v)
		return FoundNode{Kind: kind, Value: v}, err
	})
	if err != nil {
		return nil, err
	}
	rank := map[string]int{}
	for i, k := range NodeKinds {
		rank[k] = i
	}
	sort.SliceStable(found, func(i, j int) bool { return rank[found[i].Kind] < rank[found[j].Kind] })
	return found, nil
}

// searchStopWords are the words the search indexes' analyzer
// (standard-folding) leaves out, so a query must leave them out too: a
// required "of" would match nothing in "Head of Data". A test compares
// them with the analyzer's own list.
var searchStopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with") {
		searchStopWords[w] = true
	}
}

// luceneSpecial are the characters Lucene's query parser gives a meaning to.
const luceneSpecial = `\+-!():^[]"{}~*?|&/`

// SearchQuery turns user text into a Lucene query in which the text has no
// syntax: it is split into words at white space, each word lowercased (so
// AND, OR and NOT are words, not operators), its accents folded as the
// indexes fold them (Zoë is zoe, Ångström angstrom), a trailing * dropped
// (every word matches as a prefix anyway), the English stop words the
// index leaves out dropped too (and, or, not, of, the, ...), and every special character
// escaped; each word must match as a whole word or as a word prefix (with
// typos, from four characters on also with one typo: Lucene's fuzzy match
// at edit distance 1), and all words must match. Words without a letter or digit are
// dropped: the indexes hold only words with letters or digits, so they
// could match nothing. ok is false when no word is left. The words are
// checked against l as they are read.
func SearchQuery(text string, l model.Limits, typos bool) (query string, ok bool, err error) {
	var words []string
	fuzzy := map[int]bool{}
	for _, w := range strings.Fields(text) {
		if n := utf8.RuneCountInString(w); n > l.MaxSearchWordLength {
			return "", false, invalid("a word of the text has %d characters; words may have at most %d", n, l.MaxSearchWordLength)
		}
		w = strings.TrimRight(w, "*")
		if !strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		w = strings.ToLower(model.Fold(w))
		if searchStopWords[w] {
			continue // the index holds no such word
		}
		if utf8.RuneCountInString(w) >= 4 {
			fuzzy[len(words)] = true
		}
		var b strings.Builder
		for _, r := range w {
			if strings.ContainsRune(luceneSpecial, r) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		words = append(words, b.String())
	}
	if len(words) > l.MaxSearchWords {
		return "", false, invalid("text has %d words; search with at most %d", len(words), l.MaxSearchWords)
	}
	if len(words) == 0 {
		return "", false, nil
	}
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = "(" + w + " OR " + w + "*"
		if typos && fuzzy[i] {
			parts[i] += " OR " + w + "~1"
		}
		parts[i] += ")"
	}
	return strings.Join(parts, " AND "), true, nil
}

// BuildSearch queries the person and company full-text indexes with a
// query made by SearchQuery and keeps the best limit hits: by score
// descending, then people before companies, then id.
func BuildSearch(query string, limit int) (string, map[string]any, error) {
	cypher := `CALL () {
  CALL db.index.fulltext.queryNodes('person_search_folded', $query) YIELD node, score
  RETURN node, score, 0 AS rank
  UNION ALL
  CALL db.index.fulltext.queryNodes('company_search_folded', $query) YIELD node, score
  RETURN node, score, 1 AS rank
}
WITH node, score, rank
ORDER BY score DESC, rank ASC, node.id ASC
LIMIT $limit
RETURN node, score, rank`
	return cypher, map[string]any{"query": query, "limit": int64(limit)}, nil
}

// Search answers search(text, first): people and companies whose indexed
// words match every word of text, best first.
func (s *Store) Search(ctx context.Context, req SearchRequest) ([]*model.SearchHit, error) {
	if err := req.Validate(s.limits); err != nil {
		return nil, err
	}
	query, ok, err := SearchQuery(req.Text, s.limits, false)
	if err != nil || !ok {
		return []*model.SearchHit{}, err
	}
	hits, err := s.search(ctx, query, req.Limit)
	if len(hits) > 0 || err != nil {
		return hits, err
	}
	// Nothing: a typo, perhaps. Each word of four characters or more may
	// then be one edit away.
	typos, _, _ := SearchQuery(req.Text, s.limits, true)
	if typos == query {
		return hits, nil
	}
	return s.search(ctx, typos, req.Limit)
}

// search runs a query made by SearchQuery.
func (s *Store) search(ctx context.Context, query string, limit int) ([]*model.SearchHit, error) {
	cypher, params, err := BuildSearch(query, limit)
	if err != nil {
		return nil, err
	}
	type hit struct {
		Node  map[string]any `json:"node"`
		Score float64        `json:"score"`
		Rank  int            `json:"rank"`
	}
	rows, err := read(ctx, s, "search", cypher, params, func(rec *driver.Record) (*model.SearchHit, error) {
		var h hit
		if err := decodeRow(rec, &h); err != nil {
			return nil, err
		}
		var node model.SearchResult = new(model.Person)
		if h.Rank != 0 {
			node = new(model.Company)
		}
		err := decode(h.Node, node)
		return &model.SearchHit{Score: h.Score, Node: node}, err
	})
	if err != nil {
		return nil, err
	}
	// Ties as the statement breaks them: people before companies, then id.
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		_, ap := a.Node.(*model.Person)
		_, bp := b.Node.(*model.Person)
		if ap != bp {
			return ap
		}
		return searchID(a) < searchID(b)
	})
	return rows, nil
}

func searchID(h *model.SearchHit) string {
	switch n := h.Node.(type) {
	case *model.Person:
		return n.ID
	case *model.Company:
		return n.ID
	}
	return ""
}

// Topics lists every topic, by id.
func (s *Store) Topics(ctx context.Context) ([]*model.Topic, error) {
	return read(ctx, s, "topics", `MATCH (t:Topic) RETURN t {.*} AS t ORDER BY t.id`, nil, func(rec *driver.Record) (*model.Topic, error) {
		t := &model.Topic{}
		return t, decodeRecord(rec, "t", t)
	})
}
