MATCH (me:Person {id: $from}), (target:Person {id: $to})
WHERE me <> target
MATCH path = ALL SHORTEST (me)-[k:KNOWS WHERE (k.private IS NULL OR startNode(k).id = $viewer OR endNode(k).id = $viewer)]-{1,2}(target)
WITH nodes(path) AS people, length(path) AS hops, round(reduce(s = 1.0, k IN relationships(path) | s * coalesce(k.strength, 0.0)), 9) AS strength
ORDER BY strength DESC, [n IN people | n.id] ASC
LIMIT $first
WITH collect({people: people, hops: hops, strength: strength}) AS paths
RETURN paths, EXISTS { MATCH (:Person {id: $from}) } AS fromFound, EXISTS { MATCH (:Person {id: $to}) } AS toFound

-- params
{
  "first": 3,
  "from": "p0",
  "to": "p33",
  "viewer": "p0"
}
