MATCH (me:Person {id: $of})
MATCH path = ALL SHORTEST (me)-[k:KNOWS WHERE (k.private IS NULL OR startNode(k).id = $viewer OR endNode(k).id = $viewer)]-{1,3}(other:Person)
WHERE other <> me
WITH other, length(path) AS degree, reduce(s = 1.0, k IN relationships(path) | s * coalesce(k.strength, 0.0)) AS strength, nodes(path)[1] AS firstHop
WITH other, min(degree) AS degree, max(strength) AS strength, collect(DISTINCT firstHop) AS firstHops
WHERE ((EXISTS { (s0:Signal)-[:BY]->(other) WHERE s0.kind = $p.p0 AND s0.sentiment = $p.p1 AND (s0)-[:MENTIONS]->(:Topic {id: $p.p2}) }) OR (EXISTS { (other)-[w1:WORKS_AT]->(co2:Company) WHERE w1.until IS NULL AND EXISTS { (s3:Signal)-[:AT]->(co2) WHERE s3.kind IN $p.p4 AND s3.round = $p.p5 } }))
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
    evidence: head([other IN [row.person] | CASE WHEN EXISTS { (s0:Signal)-[:BY]->(other) WHERE s0.kind = $p.p0 AND s0.sentiment = $p.p1 AND (s0)-[:MENTIONS]->(:Topic {id: $p.p2}) } THEN [(s0:Signal)-[:BY]->(other) WHERE s0.kind = $p.p0 AND s0.sentiment = $p.p1 AND (s0)-[:MENTIONS]->(:Topic {id: $p.p2}) | {filter: $p.p3, signal: s0 {.*, person: other, company: head([(s0)-[:AT]->(at_:Company) | at_]), topics: [(s0)-[:MENTIONS]->(mentions_:Topic) | mentions_]}}] ELSE [] END + CASE WHEN EXISTS { (other)-[w1:WORKS_AT]->(co2:Company) WHERE w1.until IS NULL AND EXISTS { (s3:Signal)-[:AT]->(co2) WHERE s3.kind IN $p.p4 AND s3.round = $p.p5 } } THEN reduce(acc = [], l IN [(other)-[w1:WORKS_AT]->(co2:Company) WHERE w1.until IS NULL AND EXISTS { (s3:Signal)-[:AT]->(co2) WHERE s3.kind IN $p.p4 AND s3.round = $p.p5 } | [(s3:Signal)-[:AT]->(co2) WHERE s3.kind IN $p.p4 AND s3.round = $p.p5 | {filter: $p.p6, signal: s3 {.*, person: head([(s3)-[:BY]->(by_:Person) | by_]), company: head([(s3)-[:AT]->(at_:Company) | at_]), topics: [(s3)-[:MENTIONS]->(mentions_:Topic) | mentions_]}}]] | acc + l) ELSE [] END])}]}] AS items,
  EXISTS { MATCH (:Person {id: $of}) } AS found

-- params
{
  "end": 10,
  "of": "p0",
  "p": {
    "p0": "MENTION",
    "p1": "NEGATIVE",
    "p2": "churn",
    "p3": "OR[0].mentioned",
    "p4": [
      "FUNDING_ROUND"
    ],
    "p5": "B",
    "p6": "OR[1].worksAt.signal"
  },
  "skip": 5,
  "viewer": "p0"
}
