// upsert.signal
UNWIND $rows AS row MERGE (n:Signal {id: row.id}) SET n += row.props

// upsert.signal.links
UNWIND $rows AS row
MATCH (s:Signal {id: row.id})
OPTIONAL MATCH (p:Person {id: row.person})
OPTIONAL MATCH (c:Company {id: row.company})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (s)-[:BY]->(p))
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | MERGE (s)-[:AT]->(c))
WITH s, row
UNWIND row.topics AS topicId
MATCH (t:Topic {id: topicId})
MERGE (s)-[:MENTIONS]->(t)

-- params
{
  "rows": [
    {
      "company": "c3",
      "id": "s90",
      "person": "p10",
      "props": {
        "at": "2026-11-20T10:00:00Z",
        "id": "s90",
        "kind": "MENTION",
        "sentiment": "NEGATIVE"
      },
      "topics": [
        "renewals"
      ]
    }
  ]
}
