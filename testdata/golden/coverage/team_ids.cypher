OPTIONAL MATCH (co:Company {id: $company})
RETURN co,
  COLLECT {
    MATCH (p:Person)-[w:WORKS_AT]->(co)
    WHERE w.until IS NULL
    RETURN {
      person: p,
      department: coalesce(w.department, p.department),
      title: coalesce(w.title, p.title),
      knownBy: COLLECT {
        MATCH (p)-[k:KNOWS WHERE (k.private IS NULL OR startNode(k).id = $viewer OR endNode(k).id = $viewer)]-(t:Person)
        WHERE t.team = true AND t <> p
        RETURN DISTINCT t
      }
    }
  } AS contacts,
  COLLECT {
    MATCH (t:Person)
    WHERE t.team = true
    RETURN t.id
  } AS teamIds

-- params
{
  "company": "c1",
  "viewer": "p0"
}
