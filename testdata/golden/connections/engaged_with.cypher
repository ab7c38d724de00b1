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
WITH other, hops, pathStrength, firstHop WHERE EXISTS { (other)-[e0:ENGAGED_WITH]->(c1:Content) WHERE c1.kind = $p.p0 AND e0.action = $p.p1 AND e0.at >= $p.p2 AND e0.at <= $p.p3 AND (c1)-[:ABOUT]->(:Topic {id: $p.p4}) }
WITH other, hops, max(pathStrength) AS strength, collect(DISTINCT firstHop) AS firstHops
WITH other, min(hops) AS degree, collect({hops: hops, strength: strength, firstHops: firstHops}) AS byHops
WITH other, degree, [h IN byHops WHERE h.hops = degree][0] AS best
WITH other, degree, best.strength AS strength, best.firstHops AS firstHops
WITH other, degree, round(strength, 9) AS strength, CASE WHEN degree = 1 THEN [] ELSE firstHops END AS via
ORDER BY degree ASC, strength DESC, other.id ASC
WITH collect({person: other, degree: degree, strength: strength, via: via}) AS rows
WITH size(rows) AS total, rows[$skip..$end] AS page
RETURN total,
  [row IN page | {person: row.person, degree: row.degree, strength: row.strength, via: row.via,
    evidence: head([other IN [row.person] | [(other)-[e0:ENGAGED_WITH]->(c1:Content) WHERE c1.kind = $p.p0 AND e0.action = $p.p1 AND e0.at >= $p.p2 AND e0.at <= $p.p3 AND (c1)-[:ABOUT]->(:Topic {id: $p.p4}) | {filter: $p.p5, engagement: {action: e0.action, at: e0.at, content: c1 {.*, topics: [(c1)-[:ABOUT]->(about_:Topic) | about_]}}}]])}] AS items,
  EXISTS { MATCH (:Person {id: $of}) } AS found

-- params
{
  "end": 20,
  "of": "p0",
  "p": {
    "p0": "WHITE_PAPER",
    "p1": "READ",
    "p2": "2026-01-01T00:00:00Z",
    "p3": "2026-11-30T23:59:59.999999999Z",
    "p4": "crm",
    "p5": "engagedWith"
  },
  "skip": 0,
  "viewer": "p0"
}
