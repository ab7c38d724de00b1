MATCH (me:Person {id: $of})
MATCH path = ALL SHORTEST (me)-[:KNOWS]-{1,2}(other:Person)
WHERE other <> me
WITH other, length(path) AS degree, reduce(s = 1.0, k IN relationships(path) | s * coalesce(k.strength, 0.0)) AS strength, nodes(path)[1] AS firstHop
WITH other, min(degree) AS degree, max(strength) AS strength, collect(DISTINCT firstHop) AS firstHops
CALL (other) {
  MATCH (s:Signal)-[:BY]->(other)
  RETURN s
  UNION
  MATCH (other)-[w:WORKS_AT]->(:Company)<-[:AT]-(s:Signal)
  WHERE w.until IS NULL
  RETURN s
}
WITH DISTINCT s
WHERE s.kind IN $p0
  AND s.at >= $p1
  AND s.round = $p2
WITH s
ORDER BY s.at IS NULL, s.at DESC, s.id ASC
WITH collect(s) AS rows
WITH size(rows) AS total, rows[$skip..$end] AS page
RETURN total,
  [sig IN page | {node: sig, by: head([(sig)-[:BY]->(x:Person) | x]), at: head([(sig)-[:AT]->(y:Company) | y]), topics: [(sig)-[:MENTIONS]->(t:Topic) | t]}] AS signals,
  EXISTS { MATCH (:Person {id: $of}) } AS found

-- params
{
  "end": 20,
  "of": "p0",
  "p0": [
    "FUNDING_ROUND"
  ],
  "p1": "2026-10-01T00:00:00Z",
  "p2": "B",
  "skip": 0
}
