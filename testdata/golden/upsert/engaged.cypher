// upsert.engaged
UNWIND $rows AS row
MATCH (p:Person {id: row.person})
MATCH (c:Content {id: row.content})
MERGE (p)-[:ENGAGED_WITH {action: row.action, at: row.at}]->(c)

-- params
{
  "rows": [
    {
      "action": "READ",
      "at": "2026-11-21T08:00:00Z",
      "content": "wp90",
      "person": "p11"
    }
  ]
}
