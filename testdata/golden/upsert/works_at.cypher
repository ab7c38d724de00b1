// upsert.works_at
UNWIND $rows AS row
MATCH (a:Person {id: row.from})
MATCH (b:Company {id: row.to})
MERGE (a)-[r:WORKS_AT]->(b)
SET r += row.props

-- params
{
  "rows": [
    {
      "from": "p90",
      "keys": {},
      "props": {
        "since": "2026-01-01T00:00:00Z",
        "title": "CTO"
      },
      "to": "c90"
    }
  ]
}
