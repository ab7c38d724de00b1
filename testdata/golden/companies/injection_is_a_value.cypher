MATCH (me:Person {id: $of})
MATCH (me)-[k:KNOWS WHERE (k.private IS NULL OR startNode(k).id = $viewer OR endNode(k).id = $viewer)]-(other:Person)
WHERE other <> me AND coalesce(toLower(other.title) CONTAINS toLower($p.p0), false)
WITH other, 1 AS degree, max(coalesce(k.strength, 0.0)) AS strength, [] AS firstHops
WITH other, degree, round(strength, 9) AS strength, CASE WHEN degree = 1 THEN [] ELSE firstHops END AS via
MATCH (other)-[w:WORKS_AT]->(co:Company)
WHERE w.until IS NULL
WITH DISTINCT co, other, degree, strength, via
ORDER BY degree ASC, strength DESC, other.id ASC
WITH co, collect({person: other, degree: degree, strength: strength, via: via}) AS people
WITH co, people, size(people) AS count
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
  "of": "p0'}) DETACH DELETE (n",
  "p": {
    "p0": "x') OR 1=1 //"
  },
  "skip": 0,
  "viewer": "p0"
}
