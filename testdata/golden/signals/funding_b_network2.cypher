MATCH (me:Person {id: $of})
CALL (me) {
  MATCH (me)-[k:KNOWS WHERE (k.private IS NULL OR startNode(k).id = $viewer OR endNode(k).id = $viewer)]-(other:Person)
  WHERE other <> me
  RETURN other, 1 AS hops, coalesce(k.strength, 0.0) AS pathStrength, NULL AS firstHop
  UNION ALL
  MATCH (me)-[k1:KNOWS WHERE (k1.private IS NULL OR startNode(k1).id = $viewer OR endNode(k1).id = $viewer)]-(firstHop:Person)-[k2:KNOWS WHERE (k2.private IS NULL OR startNode(k2).id = $viewer OR endNode(k2).id = $viewer)]-(other:Person)
  WHERE other <> me
  RETURN other, 2 AS hops, coalesce(k1.strength, 0.0) * coalesce(k2.strength, 0.0) AS pathStrength, firstHop
}
WITH other, hops, max(pathStrength) AS strength, collect(DISTINCT firstHop) AS firstHops
WITH other, min(hops) AS degree, collect({hops: hops, strength: strength, firstHops: firstHops}) AS byHops
WITH other, degree, [h IN byHops WHERE h.hops = degree][0] AS best
WITH other, degree, best.strength AS strength, best.firstHops AS firstHops
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
WITH s
WHERE s.kind IN $p.p0
  AND s.at >= $p.p1
  AND s.round = $p.p2
WITH collect(s) AS signals
CALL (signals) {
  UNWIND signals AS s
  WITH s
  ORDER BY s.at IS NULL, s.at DESC, s.id ASC
  SKIP $skip LIMIT $end - $skip
  RETURN collect(s) AS page
}
RETURN size(signals) AS total,
  [sig IN page | sig {.*, person: head([(sig)-[:BY]->(by_:Person) | by_]), company: head([(sig)-[:AT]->(at_:Company) | at_]), topics: [(sig)-[:MENTIONS]->(mentions_:Topic) | mentions_]}] AS items,
  EXISTS { MATCH (:Person {id: $of}) } AS found

-- params
{
  "end": 20,
  "of": "p0",
  "p": {
    "p0": [
      "FUNDING_ROUND"
    ],
    "p1": "2026-10-01T00:00:00Z",
    "p2": "B"
  },
  "skip": 0,
  "viewer": "p0"
}
