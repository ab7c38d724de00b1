MATCH (me:Person {id: $of})
CALL (me) {
  MATCH (me)-[:KNOWS]-(f:Person)
  RETURN sum(COUNT { (f)-[:KNOWS]-() }) AS network
}
WITH me, network, reduce(n = 0, content IN COLLECT { MATCH (:Topic {id: $p.p10})<-[:ABOUT]-(content:Content) RETURN content } | n + COUNT { (content)<-[:ENGAGED_WITH]-() }) AS anchor0
CALL (me, network, anchor0) {
  WITH me WHERE network <= anchor0 * $anchorRowCost
  MATCH (me)-[k:KNOWS WHERE (k.private IS NULL OR startNode(k).id = $viewer OR endNode(k).id = $viewer)]-(other:Person)
  WHERE other <> me AND (EXISTS { (other)-[e0:ENGAGED_WITH]->(c1:Content) WHERE c1.kind = $p.p0 AND (c1)-[:ABOUT]->(:Topic {id: $p.p1}) } AND ((EXISTS { (s2:Signal)-[:BY]->(other) WHERE s2.kind = $p.p3 AND s2.sentiment = $p.p4 AND (s2)-[:MENTIONS]->(:Topic {id: $p.p5}) }) OR (EXISTS { (s3:Signal)-[:BY]->(other) WHERE s3.kind IN $p.p7 })) AND NOT (coalesce(toLower(other.city) = toLower($p.p9), false)))
  RETURN other, 1 AS hops, coalesce(k.strength, 0.0) AS pathStrength, NULL AS firstHop
  UNION ALL
  WITH me WHERE network <= anchor0 * $anchorRowCost
  MATCH (me)-[k1:KNOWS WHERE (k1.private IS NULL OR startNode(k1).id = $viewer OR endNode(k1).id = $viewer)]-(firstHop:Person)-[k2:KNOWS WHERE (k2.private IS NULL OR startNode(k2).id = $viewer OR endNode(k2).id = $viewer)]-(other:Person)
  WHERE other <> me AND (EXISTS { (other)-[e0:ENGAGED_WITH]->(c1:Content) WHERE c1.kind = $p.p0 AND (c1)-[:ABOUT]->(:Topic {id: $p.p1}) } AND ((EXISTS { (s2:Signal)-[:BY]->(other) WHERE s2.kind = $p.p3 AND s2.sentiment = $p.p4 AND (s2)-[:MENTIONS]->(:Topic {id: $p.p5}) }) OR (EXISTS { (s3:Signal)-[:BY]->(other) WHERE s3.kind IN $p.p7 })) AND NOT (coalesce(toLower(other.city) = toLower($p.p9), false)))
  RETURN other, 2 AS hops, coalesce(k1.strength, 0.0) * coalesce(k2.strength, 0.0) AS pathStrength, firstHop
  UNION ALL
  WITH me WHERE anchor0 * $anchorRowCost < network
  MATCH (:Topic {id: $p.p10})<-[:ABOUT]-(:Content)<-[:ENGAGED_WITH]-(other:Person)
  WITH DISTINCT me, other
  WHERE other <> me AND (EXISTS { (other)-[e0:ENGAGED_WITH]->(c1:Content) WHERE c1.kind = $p.p0 AND (c1)-[:ABOUT]->(:Topic {id: $p.p1}) } AND ((EXISTS { (s2:Signal)-[:BY]->(other) WHERE s2.kind = $p.p3 AND s2.sentiment = $p.p4 AND (s2)-[:MENTIONS]->(:Topic {id: $p.p5}) }) OR (EXISTS { (s3:Signal)-[:BY]->(other) WHERE s3.kind IN $p.p7 })) AND NOT (coalesce(toLower(other.city) = toLower($p.p9), false)))
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
  RETURN collect({person: other, degree: row.degree, strength: row.strength, via: row.via, evidence: [(other)-[e0:ENGAGED_WITH]->(c1:Content) WHERE c1.kind = $p.p0 AND (c1)-[:ABOUT]->(:Topic {id: $p.p1}) | {filter: $p.p2, engagement: {action: e0.action, at: e0.at, content: c1 {.*, topics: COLLECT { MATCH (c1)-[:ABOUT]->(about_:Topic) RETURN about_ ORDER BY about_.id }}}}] + CASE WHEN EXISTS { (s2:Signal)-[:BY]->(other) WHERE s2.kind = $p.p3 AND s2.sentiment = $p.p4 AND (s2)-[:MENTIONS]->(:Topic {id: $p.p5}) } THEN [(s2:Signal)-[:BY]->(other) WHERE s2.kind = $p.p3 AND s2.sentiment = $p.p4 AND (s2)-[:MENTIONS]->(:Topic {id: $p.p5}) | {filter: $p.p6, signal: s2 {.*, person: head([(s2)-[:BY]->(by_:Person) | by_]), company: head([(s2)-[:AT]->(at_:Company) | at_]), topics: COLLECT { MATCH (s2)-[:MENTIONS]->(mentions_:Topic) RETURN mentions_ ORDER BY mentions_.id }}}] ELSE [] END + CASE WHEN EXISTS { (s3:Signal)-[:BY]->(other) WHERE s3.kind IN $p.p7 } THEN [(s3:Signal)-[:BY]->(other) WHERE s3.kind IN $p.p7 | {filter: $p.p8, signal: s3 {.*, person: head([(s3)-[:BY]->(by_:Person) | by_]), company: head([(s3)-[:AT]->(at_:Company) | at_]), topics: COLLECT { MATCH (s3)-[:MENTIONS]->(mentions_:Topic) RETURN mentions_ ORDER BY mentions_.id }}}] ELSE [] END}) AS items
}
RETURN total, items, EXISTS { MATCH (:Person {id: $of}) } AS found

-- params
{
  "anchorRowCost": 10,
  "end": 20,
  "of": "p0",
  "p": {
    "p0": "WHITE_PAPER",
    "p1": "crm",
    "p10": "crm",
    "p2": "AND[0].engagedWith",
    "p3": "MENTION",
    "p4": "NEGATIVE",
    "p5": "churn",
    "p6": "AND[1].OR[0].mentioned",
    "p7": [
      "JOB_CHANGE"
    ],
    "p8": "AND[1].OR[1].signal",
    "p9": "Providence"
  },
  "skip": 0,
  "viewer": "p0"
}
