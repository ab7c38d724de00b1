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
WITH other, hops, pathStrength, firstHop WHERE EXISTS { MATCH (r0:Person {id: $p.p0}) WHERE r0.latitude IS NOT NULL AND r0.longitude IS NOT NULL AND other.latitude IS NOT NULL AND other.longitude IS NOT NULL AND 2 * $earthRadiusKm * asin(sqrt(haversin(radians(other.latitude - r0.latitude)) + cos(radians(r0.latitude)) * cos(radians(other.latitude)) * haversin(radians(other.longitude - r0.longitude)))) <= $p.p1 }
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
  "earthRadiusKm": 6371,
  "end": 20,
  "of": "p0",
  "p": {
    "p0": "p0",
    "p1": 50
  },
  "skip": 0,
  "viewer": "p0"
}
