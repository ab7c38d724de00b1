// upsert.interaction
UNWIND $rows AS row
MERGE (n:Interaction {id: row.id, source: row.keys.source})
ON CREATE SET n += row.create
SET n += row.props

-- params
{
  "rows": [
    {
      "create": {},
      "id": "msg-90",
      "keys": {
        "source": "gmail"
      },
      "props": {
        "a": "p0",
        "at": "2026-11-21T08:00:00Z",
        "b": "p90",
        "direction": "A_TO_B",
        "kind": "EMAIL"
      }
    }
  ]
}
