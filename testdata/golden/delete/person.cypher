MATCH (p:Person {id: $id})
OPTIONAL MATCH (s:Signal)-[:BY]->(p)
WHERE NOT EXISTS { MATCH (s)-[:AT]->(:Company) }
  AND NOT EXISTS { MATCH (s)-[:BY]->(other:Person) WHERE other <> p }
WITH p, collect(DISTINCT s) AS signals
WITH p, signals,
  COLLECT { MATCH (i:Interaction) WHERE i.a = p.id AND i.b IS NOT NULL RETURN i
    UNION MATCH (i:Interaction) WHERE i.b = p.id RETURN i } AS interactions,
  COLLECT { MATCH (t:PairSummary) WHERE t.a = p.id AND t.b IS NOT NULL RETURN t
    UNION MATCH (t:PairSummary) WHERE t.b = p.id RETURN t } AS summaries,
  COLLECT { MATCH (c:MergeCandidate) WHERE c.a = p.id AND c.b IS NOT NULL RETURN c
    UNION MATCH (c:MergeCandidate) WHERE c.b = p.id RETURN c } AS candidates
FOREACH (s IN signals | DETACH DELETE s)
FOREACH (n IN interactions + summaries + candidates | DELETE n)
DETACH DELETE p
RETURN size(signals) AS signals, size(interactions) AS interactions

-- params
{
  "id": "p20"
}
