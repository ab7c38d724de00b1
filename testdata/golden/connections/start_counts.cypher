MATCH (me:Person {id: $of})
CALL (me) {
  MATCH (me)-[:KNOWS]-(f:Person)
  RETURN sum(COUNT { (f)-[:KNOWS]-() }) AS network
}
RETURN network,
  [id IN $p.p0 | reduce(n = 0, content IN COLLECT { MATCH (:Topic {id: id})<-[:ABOUT]-(content:Content) RETURN content } | n + COUNT { (content)<-[:ENGAGED_WITH]-() })] AS engaged,
  [id IN $p.p1 | reduce(n = 0, topic IN COLLECT { MATCH (topic:Topic {id: id}) RETURN topic } | n + COUNT { (topic)<-[:MENTIONS]-() })] AS mentioned

-- params
{
  "of": "p0",
  "p": {
    "p0": [
      "crm"
    ],
    "p1": [
      "churn"
    ]
  }
}
