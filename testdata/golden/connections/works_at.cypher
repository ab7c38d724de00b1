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
WITH other, hops, pathStrength, firstHop WHERE EXISTS { (other)-[w0:WORKS_AT]->(co1:Company) WHERE w0.until IS NULL AND co1.id = $p.p0 AND coalesce(toLower(co1.name) CONTAINS toLower($p.p1), false) AND coalesce(toLower(co1.industry) = toLower($p.p2), false) AND coalesce(toLower(co1.city) = toLower($p.p3), false) AND coalesce(toLower(co1.country) = toLower($p.p4), false) AND coalesce(toLower(co1.stage) = toLower($p.p5), false) AND coalesce(co1.customer, false) = false }
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
    evidence: []}] AS items,
  EXISTS { MATCH (:Person {id: $of}) } AS found

-- params
{
  "end": 20,
  "of": "p0",
  "p": {
    "p0": "c1",
    "p1": "acme",
    "p2": "SaaS",
    "p3": "Boston",
    "p4": "US",
    "p5": "SERIES_B"
  },
  "skip": 0,
  "viewer": "p0"
}
