// upsert.content
UNWIND $rows AS row MERGE (n:Content {id: row.id}) SET n += row.props

// upsert.content.links
UNWIND $rows AS row
MATCH (n:Content {id: row.id})
UNWIND row.topics AS topicId
MATCH (t:Topic {id: topicId})
MERGE (n)-[:ABOUT]->(t)

-- params
{
  "rows": [
    {
      "id": "wp90",
      "props": {
        "id": "wp90",
        "kind": "WHITE_PAPER",
        "publishedAt": "2026-11-01T00:00:00Z"
      },
      "topics": [
        "renewals"
      ]
    }
  ]
}
