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
WITH other, hops, pathStrength, firstHop WHERE EXISTS { (other)-[e0:ENGAGED_WITH]->(c1:Content) WHERE c1.kind = $p.p0 AND e0.action = $p.p1 AND (c1)-[:ABOUT]->(:Topic {id: $p.p2}) }
WITH other, hops, max(pathStrength) AS strength, collect(DISTINCT firstHop) AS firstHops
WITH other, min(hops) AS degree, collect({hops: hops, strength: strength, firstHops: firstHops}) AS byHops
WITH other, degree, [h IN byHops WHERE h.hops = degree][0] AS best
WITH other, degree, best.strength AS strength, best.firstHops AS firstHops
WITH other, degree, round(strength, 9) AS strength, CASE WHEN degree = 1 THEN [] ELSE firstHops END AS via
MATCH (other)-[w:WORKS_AT]->(co:Company)
WHERE w.until IS NULL
WITH co, count(DISTINCT other) AS count, [] AS people
ORDER BY count DESC, co.name IS NULL, toLower(co.name) ASC, co.id ASC
WITH collect({company: co, count: count, people: people}) AS hits
WITH size(hits) AS total, hits[$skip..$end] AS page
RETURN total,
  [hit IN page | {company: hit.company, count: hit.count, people: [row IN hit.people | {person: row.person, degree: row.degree, strength: row.strength, via: row.via,
    evidence: []}]}] AS items,
  EXISTS { MATCH (:Person {id: $of}) } AS found

-- params
{
  "end": 20,
  "of": "p0",
  "p": {
    "p0": "WHITE_PAPER",
    "p1": "READ",
    "p2": "crm"
  },
  "skip": 0,
  "viewer": "p0"
}
