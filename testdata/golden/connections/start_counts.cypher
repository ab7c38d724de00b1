MATCH (me:Person {id: $of})
CALL (me) {
  MATCH (me)-[:KNOWS]-(f:Person)
  RETURN sum(COUNT { (f)-[:KNOWS]-() }) AS network
}
RETURN network, [a IN $p.p0 | CASE WHEN a.engaged
  THEN reduce(n = 0, content IN COLLECT { MATCH (:Topic {id: a.topic})<-[:ABOUT]-(content:Content) RETURN content } | n + COUNT { (content)<-[:ENGAGED_WITH]-() })
  ELSE reduce(n = 0, topic IN COLLECT { MATCH (topic:Topic {id: a.topic}) RETURN topic } | n + COUNT { (topic)<-[:MENTIONS]-() }) END] AS anchors

-- params
{
  "of": "p0",
  "p": {
    "p0": [
      {
        "engaged": true,
        "topic": "crm"
      },
      {
        "engaged": false,
        "topic": "churn"
      }
    ]
  }
}
