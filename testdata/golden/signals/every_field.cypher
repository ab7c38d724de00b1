MATCH (s:Signal)
WHERE s.kind IN $p.p0
  AND s.sentiment = $p.p1
  AND s.at >= $p.p2
  AND s.at <= $p.p3
  AND coalesce(toLower(s.title) CONTAINS toLower($p.p4), false)
  AND s.round = $p.p5
  AND EXISTS { MATCH (s)-[:MENTIONS]->(:Topic {id: $p.p6}) }
  AND EXISTS { MATCH (s)-[:BY]->(:Person {id: $p.p7}) }
  AND EXISTS { MATCH (s)-[:AT]->(co0:Company) WHERE co0.id = $p.p8 AND coalesce(toLower(co0.name) CONTAINS toLower($p.p9), false) AND coalesce(toLower(co0.industry) = toLower($p.p10), false) AND coalesce(toLower(co0.city) = toLower($p.p11), false) AND coalesce(toLower(co0.country) = toLower($p.p12), false) AND coalesce(toLower(co0.stage) = toLower($p.p13), false) AND co0.customer = true }
WITH count(s) AS total
CALL () {
  MATCH (s:Signal)
  WHERE s.kind IN $p.p0
    AND s.sentiment = $p.p1
    AND s.at >= $p.p2
    AND s.at <= $p.p3
    AND coalesce(toLower(s.title) CONTAINS toLower($p.p4), false)
    AND s.round = $p.p5
    AND EXISTS { MATCH (s)-[:MENTIONS]->(:Topic {id: $p.p6}) }
    AND EXISTS { MATCH (s)-[:BY]->(:Person {id: $p.p7}) }
    AND EXISTS { MATCH (s)-[:AT]->(co0:Company) WHERE co0.id = $p.p8 AND coalesce(toLower(co0.name) CONTAINS toLower($p.p9), false) AND coalesce(toLower(co0.industry) = toLower($p.p10), false) AND coalesce(toLower(co0.city) = toLower($p.p11), false) AND coalesce(toLower(co0.country) = toLower($p.p12), false) AND coalesce(toLower(co0.stage) = toLower($p.p13), false) AND co0.customer = true }
  WITH s
  ORDER BY s.at DESC, s.id ASC
  SKIP $skip LIMIT $end - $skip
  RETURN collect(s) AS page
}
RETURN total,
  [sig IN page | sig {.*, person: head([(sig)-[:BY]->(by_:Person) | by_]), company: head([(sig)-[:AT]->(at_:Company) | at_]), topics: [(sig)-[:MENTIONS]->(mentions_:Topic) | mentions_]}] AS items

-- params
{
  "end": 20,
  "p": {
    "p0": [
      "MENTION",
      "REVIEW"
    ],
    "p1": "NEGATIVE",
    "p10": "logistics",
    "p11": "Chicago",
    "p12": "us",
    "p13": "public",
    "p2": "2026-10-01T00:00:00Z",
    "p3": "2026-11-30T23:59:59.999999999Z",
    "p4": "Chief",
    "p5": "B",
    "p6": "churn",
    "p7": "p10",
    "p8": "c3",
    "p9": "north"
  },
  "skip": 0
}
