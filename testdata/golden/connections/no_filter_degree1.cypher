MATCH (me:Person {id: $of})
MATCH (me)-[k:KNOWS WHERE (k.private IS NULL OR startNode(k).id = $viewer OR endNode(k).id = $viewer)]-(other:Person)
WHERE other <> me
WITH other, 1 AS degree, max(coalesce(k.strength, 0.0)) AS strength, [] AS firstHops
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
  "skip": 0,
  "viewer": "p0"
}
