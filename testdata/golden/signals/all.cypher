MATCH (s:Signal)
WITH s
ORDER BY s.at IS NULL, s.at DESC, s.id ASC
WITH collect(s) AS rows
WITH size(rows) AS total, rows[$skip..$end] AS page
RETURN total,
  [sig IN page | sig {.*, person: head([(sig)-[:BY]->(by_:Person) | by_]), company: head([(sig)-[:AT]->(at_:Company) | at_]), topics: [(sig)-[:MENTIONS]->(mentions_:Topic) | mentions_]}] AS items

-- params
{
  "end": 20,
  "skip": 0
}
