MATCH (me:Person {id: $of})
WITH me, COLLECT { MATCH (me)-[:INTERESTED_IN]->(t:Topic) RETURN DISTINCT t ORDER BY t.id } AS mine,
  COLLECT { MATCH (me)-[k3:KNOWS WHERE (k3.private IS NULL OR startNode(k3).id = $viewer OR endNode(k3).id = $viewer)]-(known:Person) RETURN known } AS direct
WITH me, mine, [t IN mine | t.id] AS mineIds, direct
MATCH (me)-[k1:KNOWS WHERE (k1.private IS NULL OR startNode(k1).id = $viewer OR endNode(k1).id = $viewer)]-(via:Person)-[k2:KNOWS WHERE (k2.private IS NULL OR startNode(k2).id = $viewer OR endNode(k2).id = $viewer)]-(other:Person)
WHERE other <> me AND NOT other IN direct
WITH mine, mineIds, other, round(max(coalesce(k1.strength, 0.0) * coalesce(k2.strength, 0.0)), 9) AS strength, collect(DISTINCT via) AS via
WITH mine, mineIds, other, strength, via, other.interestIds AS theirs
WITH other, strength, via, [i IN range(0, size(mine) - 1) WHERE mineIds[i] IN theirs | mine[i]] AS shared
WHERE size(shared) >= $minShared
WITH other, strength, via, shared, round(size(shared) * strength, 9) AS score
ORDER BY score DESC, other.id ASC
WITH collect({person: other, strength: strength, score: score, via: via, sharedTopics: shared}) AS rows
RETURN size(rows) AS total, rows[$skip..$end] AS items, EXISTS { MATCH (:Person {id: $of}) } AS found

-- params
{
  "end": 20,
  "minShared": 1,
  "of": "p0",
  "skip": 0,
  "viewer": "p0"
}
