CALL () {
  CALL db.index.fulltext.queryNodes('person_search_folded', $query) YIELD node, score
  RETURN node, score, 0 AS rank
  UNION ALL
  CALL db.index.fulltext.queryNodes('company_search_folded', $query) YIELD node, score
  RETURN node, score, 1 AS rank
}
WITH node, score, rank
ORDER BY score DESC, rank ASC, node.id ASC
LIMIT $limit
RETURN node, score, rank

-- params
{
  "limit": 10,
  "query": "(name\\:x OR name\\:x*) AND (\\\"x OR \\\"x*)"
}
