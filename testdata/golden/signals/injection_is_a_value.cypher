MATCH (me:Person {id: $of})
MATCH (me)-[k:KNOWS WHERE (k.private IS NULL OR startNode(k).id = $viewer OR endNode(k).id = $viewer)]-(other:Person)
WHERE other <> me
WITH other, 1 AS degree, max(coalesce(k.strength, 0.0)) AS strength, [] AS firstHops
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
WHERE coalesce(toLower(s.title) CONTAINS toLower($p.p0), false)
  AND EXISTS { MATCH (s)-[:BY]->(:Person {id: $p.p1}) }
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
  "of": "p0'}) DETACH DELETE (n",
  "p": {
    "p0": "x') OR 1=1 //",
    "p1": "`Person`) MATCH (n) DETACH DELETE n //"
  },
  "skip": 0,
  "viewer": "p0"
}
