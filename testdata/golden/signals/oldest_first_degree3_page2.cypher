MATCH (me:Person {id: $of})
MATCH path = ALL SHORTEST (me)-[k:KNOWS WHERE (k.private IS NULL OR startNode(k).id = $viewer OR endNode(k).id = $viewer)]-{1,3}(other:Person)
WHERE other <> me
WITH other, length(path) AS degree, reduce(s = 1.0, k IN relationships(path) | s * coalesce(k.strength, 0.0)) AS strength, nodes(path)[1] AS firstHop
WITH other, min(degree) AS degree, max(strength) AS strength, collect(DISTINCT firstHop) AS firstHops
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
WITH collect(s) AS signals
CALL (signals) {
  UNWIND signals AS s
  WITH s
  ORDER BY s.at IS NULL, s.at ASC, s.id ASC
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
  "skip": 10,
  "viewer": "p0"
}
