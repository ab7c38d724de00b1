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

// Node kinds, as GraphQL names them. NodeKinds lists them in the order
// several matches of one bare id are reported.
const (
	KindPerson  = "Person"
	KindCompany = "Company"
	KindTopic   = "Topic"
	KindContent = "Content"
	KindSignal  = "Signal"
)

// NodeKinds are the kinds node(id) looks among.
var NodeKinds = []string{KindPerson, KindCompany, KindTopic, KindContent, KindSignal}

// nodeBranches fetch one kind by id. Content and signals come with what
// they are about (and who and where), like everywhere else.
var nodeBranches = map[string]string{
	KindPerson:  `MATCH (n:Person {id: $id}) RETURN 'Person' AS kind, {node: n} AS item`,
	KindCompany: `MATCH (n:Company {id: $id}) RETURN 'Company' AS kind, {node: n} AS item`,
	KindTopic:   `MATCH (n:Topic {id: $id}) RETURN 'Topic' AS kind, {node: n} AS item`,
	KindContent: `MATCH (n:Content {id: $id}) RETURN 'Content' AS kind, ` + contentProjection("n") + ` AS item`,
	KindSignal:  `MATCH (n:Signal {id: $id}) RETURN 'Signal' AS kind, ` + signalProjection("n") + ` AS item`,
}

// BuildNode looks id up among the given kinds in one statement; each row
// is one kind that has a node with that id.
func BuildNode(kinds []string, id string) (string, map[string]any, error) {
	if len(kinds) == 0 {
		return "", nil, invalid("no node kind to look in")
	}
	var branches []string
	for _, k := range kinds {
		b, ok := nodeBranches[k]
		if !ok {
			return "", nil, invalid("unknown node kind %q (expected one of %s)", k, strings.Join(NodeKinds, ", "))
		}
		branches = append(branches, "  "+b)
	}
	cypher := "CALL () {\n" + strings.Join(branches, "\n  UNION ALL\n") + "\n}\nRETURN kind, item"
	return cypher, map[string]any{"id": id}, nil
}

// FoundNode is a node found by id: Value is a *model.Person, *model.Company,
// *model.Topic, *model.Content or *model.Signal according to Kind.
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
		kind, _, err := driver.GetRecordValue[string](rec, "kind")
		if err != nil {
			return FoundNode{}, err
		}
		item, _, err := driver.GetRecordValue[map[string]any](rec, "item")
		if err != nil {
			return FoundNode{}, err
		}
		v, err := decodeFound(kind, item)
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

func decodeFound(kind string, item map[string]any) (any, error) {
	switch kind {
	case KindContent:
		return decodeContentMap(item)
	case KindSignal:
		return decodeSignalMap(item)
	}
	n, err := nodeAt(item, "node")
	if err != nil {
		return nil, err
	}
	switch kind {
	case KindPerson:
		return decodePerson(n), nil
	case KindCompany:
		return decodeCompany(n), nil
	case KindTopic:
		return decodeTopic(n), nil
	}
	return nil, fmt.Errorf("unexpected node kind %q", kind)
}

// MaxSearchWords bounds the size of a search query.
const MaxSearchWords = 32

// Longest search word and text: longer ones make the index's prefix
// automata too large.
const (
	MaxSearchWordLength = 100
	MaxSearchText       = 4000
)

// luceneSpecial are the characters Lucene's query parser gives a meaning to.
const luceneSpecial = `\+-!():^[]"{}~*?|&/`

// SearchQuery turns user text into a Lucene query in which the text has no
// syntax: it is split into words at white space, each word lowercased (so
// AND, OR and NOT are words, not operators) and every special character
// escaped; each word must match as a whole word or as a word prefix, and
// all words must match. Words without a letter or digit are dropped: the
// indexes hold only words with letters or digits, so they could match
// nothing. ok is false when no word is left.
func SearchQuery(text string) (query string, ok bool, err error) {
	if len(text) > MaxSearchText {
		return "", false, invalid("text has %d bytes; search with at most %d", len(text), MaxSearchText)
	}
	var words []string
	for _, w := range strings.Fields(text) {
		if n := utf8.RuneCountInString(w); n > MaxSearchWordLength {
			return "", false, invalid("a word of the text has %d characters; words may have at most %d", n, MaxSearchWordLength)
		}
		if !strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(w) {
			if strings.ContainsRune(luceneSpecial, r) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		words = append(words, b.String())
	}
	if len(words) > MaxSearchWords {
		return "", false, invalid("text has %d words; search with at most %d", len(words), MaxSearchWords)
	}
	if len(words) == 0 {
		return "", false, nil
	}
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = "(" + w + " OR " + w + "*)"
	}
	return strings.Join(parts, " AND "), true, nil
}

// BuildSearch queries the person and company full-text indexes with a
// query made by SearchQuery and keeps the best limit hits: by score
// descending, then people before companies, then id.
func BuildSearch(query string, limit int) (string, map[string]any, error) {
	if limit < 1 || limit > MaxPageSize {
		return "", nil, invalid("first must be between 1 and %d, got %d", MaxPageSize, limit)
	}
	cypher := `CALL () {
  CALL db.index.fulltext.queryNodes('person_search', $query) YIELD node, score
  RETURN node, score, 0 AS rank
  UNION ALL
  CALL db.index.fulltext.queryNodes('company_search', $query) YIELD node, score
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
func (s *Store) Search(ctx context.Context, text string, limit int) ([]*model.SearchHit, error) {
	query, ok, err := SearchQuery(text)
	if err != nil {
		return nil, err
	}
	cypher, params, err := BuildSearch(query, limit)
	if err != nil {
		return nil, err
	}
	if !ok {
		return []*model.SearchHit{}, nil
	}
	type hit struct {
		rank int64
		hit  *model.SearchHit
	}
	rows, err := read(ctx, s, "search", cypher, params, func(rec *driver.Record) (hit, error) {
		n, err := recNode(rec, "node")
		if err != nil {
			return hit{}, err
		}
		score, _, err := driver.GetRecordValue[float64](rec, "score")
		if err != nil {
			return hit{}, err
		}
		rank, _, err := driver.GetRecordValue[int64](rec, "rank")
		if err != nil {
			return hit{}, err
		}
		h := &model.SearchHit{Score: score}
		if rank == 0 {
			h.Node = decodePerson(n)
		} else {
			h.Node = decodeCompany(n)
		}
		return hit{rank: rank, hit: h}, nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.hit.Score != b.hit.Score {
			return a.hit.Score > b.hit.Score
		}
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		return searchID(a.hit) < searchID(b.hit)
	})
	out := make([]*model.SearchHit, len(rows))
	for i, r := range rows {
		out[i] = r.hit
	}
	return out, nil
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
