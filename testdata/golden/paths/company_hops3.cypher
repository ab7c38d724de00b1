MATCH (me:Person {id: $from}), (company:Company {id: $company})
MATCH path = ALL SHORTEST (me)-[k:KNOWS WHERE (k.private IS NULL OR startNode(k).id = $viewer OR endNode(k).id = $viewer)]-{1,3}(employee:Person WHERE employee <> me)-[w:WORKS_AT WHERE w.until IS NULL]->(company)
WITH nodes(path)[..-1] AS people, length(path) - 1 AS hops, round(reduce(s = 1.0, k IN relationships(path)[..-1] | s * coalesce(k.strength, 0.0)), 9) AS strength
ORDER BY strength DESC, [n IN people | n.id] ASC
LIMIT $first
WITH collect({people: people, hops: hops, strength: strength}) AS paths
RETURN paths, EXISTS { MATCH (:Person {id: $from}) } AS fromFound, EXISTS { MATCH (:Company {id: $company}) } AS toFound

-- params
{
  "company": "c1",
  "first": 3,
  "from": "p0",
  "viewer": "p0"
}
