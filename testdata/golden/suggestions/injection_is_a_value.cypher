MATCH (me:Person {id: $of})
WITH me, COLLECT { MATCH (me)-[:INTERESTED_IN]->(t:Topic) RETURN DISTINCT t } AS mine
MATCH (me)-[k1:KNOWS]-(via:Person)-[k2:KNOWS]-(other:Person)
WHERE other <> me AND NOT EXISTS { (me)-[:KNOWS]-(other) }
WITH mine, other, round(max(coalesce(k1.strength, 0.0) * coalesce(k2.strength, 0.0)), 9) AS strength, collect(DISTINCT via) AS via
WITH other, strength, via, COLLECT {
  MATCH (other)-[:INTERESTED_IN]->(t:Topic)
  WHERE t IN mine
  RETURN DISTINCT t ORDER BY t.id
} AS shared
WHERE size(shared) >= $minShared
WITH other, strength, via, shared, round(size(shared) * strength, 9) AS score
ORDER BY score DESC, other.id ASC
WITH collect({person: other, strength: strength, score: score, via: via, sharedTopics: shared}) AS rows
RETURN size(rows) AS total, rows[$skip..$end] AS items, EXISTS { MATCH (:Person {id: $of}) } AS found

-- params
{
  "end": 20,
  "minShared": 1,
  "of": "p0'}) DETACH DELETE (n",
  "skip": 0
}
