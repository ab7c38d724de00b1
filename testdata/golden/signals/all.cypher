MATCH (s:Signal)
WITH collect(s) AS signals
CALL (signals) {
  UNWIND signals AS s
  WITH s
  ORDER BY s.at IS NULL, s.at DESC, s.id ASC
  SKIP $skip LIMIT $end - $skip
  RETURN collect(s) AS page
}
RETURN size(signals) AS total,
  [sig IN page | sig {.*, person: head([(sig)-[:BY]->(by_:Person) | by_]), company: head([(sig)-[:AT]->(at_:Company) | at_]), topics: [(sig)-[:MENTIONS]->(mentions_:Topic) | mentions_]}] AS items

-- params
{
  "end": 20,
  "skip": 0
}
