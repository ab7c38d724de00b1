MATCH (me:Person {id: $of})
CALL (me) {
  MATCH (me)-[:KNOWS]-(f:Person)
  RETURN sum(COUNT { (f)-[:KNOWS]-() }) AS network
}
RETURN network, [reduce(n = 0, content IN COLLECT { MATCH (:Topic {id: $p.p0})<-[:ABOUT]-(content:Content) RETURN content } | n + COUNT { (content)<-[:ENGAGED_WITH]-() }), reduce(n = 0, topic IN COLLECT { MATCH (topic:Topic {id: $p.p1}) RETURN topic } | n + COUNT { (topic)<-[:MENTIONS]-() })] AS anchors

-- params
{
  "of": "p0",
  "p": {
    "p0": "crm",
    "p1": "churn"
  }
}
