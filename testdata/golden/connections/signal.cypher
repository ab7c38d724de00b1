MATCH (me:Person {id: $of})
CALL (me) {
  MATCH (me)-[:KNOWS]-(f:Person)
  RETURN sum(COUNT { (f)-[:KNOWS]-() }) AS network
}
WITH me, network, reduce(n = 0, topic IN COLLECT { MATCH (topic:Topic {id: $p.p6}) RETURN topic } | n + COUNT { (topic)<-[:MENTIONS]-() }) AS anchor0
CALL (me, network, anchor0) {
  WITH me WHERE network <= anchor0 * $anchorRowCost
  MATCH (me)-[k:KNOWS WHERE (k.private IS NULL OR startNode(k).id = $viewer OR endNode(k).id = $viewer)]-(other:Person)
  WHERE other <> me AND CASE WHEN $p.p4 IN coalesce(other.signalTopicIds, []) THEN EXISTS { (s0:Signal)-[:BY]->(other) WHERE s0.kind IN $p.p0 AND s0.at <= $p.p1 AND coalesce(toLower(s0.title) CONTAINS toLower($p.p2), false) AND s0.round = $p.p3 AND (s0)-[:MENTIONS]->(:Topic {id: $p.p4}) } ELSE false END
  RETURN other, 1 AS hops, coalesce(k.strength, 0.0) AS pathStrength, NULL AS firstHop
  UNION ALL
  WITH me WHERE network <= anchor0 * $anchorRowCost
  MATCH (me)-[k1:KNOWS WHERE (k1.private IS NULL OR startNode(k1).id = $viewer OR endNode(k1).id = $viewer)]-(firstHop:Person)-[k2:KNOWS WHERE (k2.private IS NULL OR startNode(k2).id = $viewer OR endNode(k2).id = $viewer)]-(other:Person)
  WHERE other <> me AND CASE WHEN $p.p4 IN coalesce(other.signalTopicIds, []) THEN EXISTS { (s0:Signal)-[:BY]->(other) WHERE s0.kind IN $p.p0 AND s0.at <= $p.p1 AND coalesce(toLower(s0.title) CONTAINS toLower($p.p2), false) AND s0.round = $p.p3 AND (s0)-[:MENTIONS]->(:Topic {id: $p.p4}) } ELSE false END
  RETURN other, 2 AS hops, coalesce(k1.strength, 0.0) * coalesce(k2.strength, 0.0) AS pathStrength, firstHop
  UNION ALL
  WITH me WHERE anchor0 * $anchorRowCost < network
  MATCH (:Topic {id: $p.p6})<-[:MENTIONS]-(:Signal)-[:BY]->(other:Person)
  WITH DISTINCT me, other
  WHERE other <> me AND CASE WHEN $p.p4 IN coalesce(other.signalTopicIds, []) THEN EXISTS { (s0:Signal)-[:BY]->(other) WHERE s0.kind IN $p.p0 AND s0.at <= $p.p1 AND coalesce(toLower(s0.title) CONTAINS toLower($p.p2), false) AND s0.round = $p.p3 AND (s0)-[:MENTIONS]->(:Topic {id: $p.p4}) } ELSE false END
  CALL (me, other) {
    MATCH (other)-[k:KNOWS WHERE (k.private IS NULL OR startNode(k).id = $viewer OR endNode(k).id = $viewer)]-(me)
    RETURN 1 AS hops, coalesce(k.strength, 0.0) AS pathStrength, NULL AS firstHop
    UNION ALL
    CALL (other) {
      MATCH (other)-[k2:KNOWS WHERE (k2.private IS NULL OR startNode(k2).id = $viewer OR endNode(k2).id = $viewer)]-(firstHop:Person)
      RETURN k2, firstHop
    }
    MATCH (firstHop)-[k1:KNOWS WHERE (k1.private IS NULL OR startNode(k1).id = $viewer OR endNode(k1).id = $viewer)]-(me)
    RETURN 2 AS hops, coalesce(k1.strength, 0.0) * coalesce(k2.strength, 0.0) AS pathStrength, firstHop
  }
  RETURN other, hops, pathStrength, firstHop
}
WITH other, hops, max(pathStrength) AS strength, collect(DISTINCT firstHop) AS firstHops
WITH other, min(hops) AS degree, collect({hops: hops, strength: strength, firstHops: firstHops}) AS byHops
WITH other, degree, [h IN byHops WHERE h.hops = degree][0] AS best
WITH other, degree, best.strength AS strength, best.firstHops AS firstHops
WITH other, degree, round(strength, 9) AS strength, CASE WHEN degree = 1 THEN [] ELSE firstHops END AS via
ORDER BY degree ASC, strength DESC, other.id ASC
WITH collect({person: other, degree: degree, strength: strength, via: via}) AS rows
WITH size(rows) AS total, rows[$skip..$end] AS page
CALL (page) {
  UNWIND range(0, size(page) - 1) AS i
  WITH i, page[i] AS row, page[i].person AS other
  ORDER BY i
  RETURN collect({person: other, degree: row.degree, strength: row.strength, via: row.via, evidence: [(s0:Signal)-[:BY]->(other) WHERE s0.kind IN $p.p0 AND s0.at <= $p.p1 AND coalesce(toLower(s0.title) CONTAINS toLower($p.p2), false) AND s0.round = $p.p3 AND (s0)-[:MENTIONS]->(:Topic {id: $p.p4}) | {filter: $p.p5, signal: s0 {.*, person: head([(s0)-[:BY]->(by_:Person) | by_]), company: head([(s0)-[:AT]->(at_:Company) | at_]), topics: COLLECT { MATCH (s0)-[:MENTIONS]->(mentions_:Topic) RETURN mentions_ ORDER BY mentions_.id }}}]}) AS items
}
RETURN total, items, EXISTS { MATCH (:Person {id: $of}) } AS found

-- params
{
  "anchorRowCost": 10,
  "end": 20,
  "of": "p0",
  "p": {
    "p0": [
      "JOB_CHANGE",
      "PROMOTION"
    ],
    "p1": "2026-11-25T23:59:59.999999999Z",
    "p2": "Chief",
    "p3": "B",
    "p4": "ai",
    "p5": "signal",
    "p6": "ai"
  },
  "skip": 0,
  "viewer": "p0"
}
