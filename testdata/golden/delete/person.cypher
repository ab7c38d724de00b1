MATCH (p:Person {id: $id})
OPTIONAL MATCH (s:Signal)-[:BY]->(p)
WHERE NOT EXISTS { MATCH (s)-[:AT]->(:Company) }
  AND NOT EXISTS { MATCH (s)-[:BY]->(other:Person) WHERE other <> p }
WITH p, collect(DISTINCT s) AS signals
FOREACH (s IN signals | DETACH DELETE s)
DETACH DELETE p

-- params
{
  "id": "p20"
}
