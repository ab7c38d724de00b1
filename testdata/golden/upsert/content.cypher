// upsert.content
UNWIND $rows AS row
MERGE (n:Content {id: row.id})
ON CREATE SET n += row.create
SET n += row.props

// upsert.content.links
UNWIND $rows AS row
MATCH (n:Content {id: row.id})
CALL (n, row) {
  UNWIND row.topics AS ref
  MATCH (m:Topic {id: ref})
  MERGE (n)-[:ABOUT]->(m)
}

-- params
{
  "rows": [
    {
      "create": {},
      "id": "wp90",
      "keys": {},
      "props": {
        "kind": "WHITE_PAPER",
        "publishedAt": "2026-11-01T00:00:00Z"
      },
      "topics": [
        "renewals"
      ]
    }
  ]
}
