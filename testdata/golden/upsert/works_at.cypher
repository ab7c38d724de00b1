// upsert.works_at
UNWIND $rows AS row
MATCH (p:Person {id: row.person})
MATCH (c:Company {id: row.company})
MERGE (p)-[r:WORKS_AT]->(c)
SET r += row.props

-- params
{
  "rows": [
    {
      "company": "c90",
      "person": "p90",
      "props": {
        "since": "2026-01-01T00:00:00Z",
        "title": "CTO"
      }
    }
  ]
}
