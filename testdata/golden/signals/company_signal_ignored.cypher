MATCH (s:Signal)
WHERE EXISTS { MATCH (s)-[:AT]->(co0:Company) WHERE coalesce(toLower(co0.industry) = toLower($p0), false) }
WITH s
ORDER BY s.at IS NULL, s.at DESC, s.id ASC
WITH collect(s) AS rows
WITH size(rows) AS total, rows[$skip..$end] AS page
RETURN total,
  [sig IN page | {node: sig, by: head([(sig)-[:BY]->(x:Person) | x]), at: head([(sig)-[:AT]->(y:Company) | y]), topics: [(sig)-[:MENTIONS]->(t:Topic) | t]}] AS signals

-- params
{
  "end": 20,
  "p0": "SaaS",
  "skip": 0
}
