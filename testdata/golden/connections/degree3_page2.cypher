MATCH (me:Person {id: $of})
MATCH path = ALL SHORTEST (me)-[k:KNOWS WHERE (k.private IS NULL OR startNode(k).id = $viewer OR endNode(k).id = $viewer)]-{1,3}(other:Person)
WHERE other <> me
WITH other, length(path) AS degree, reduce(s = 1.0, k IN relationships(path) | s * coalesce(k.strength, 0.0)) AS strength, nodes(path)[1] AS firstHop
WITH other, min(degree) AS degree, max(strength) AS strength, collect(DISTINCT firstHop) AS firstHops
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
  "end": 30,
  "of": "p0",
  "skip": 20,
  "viewer": "p0"
}
