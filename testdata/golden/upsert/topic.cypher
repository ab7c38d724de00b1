// upsert.topic
UNWIND $rows AS row
MERGE (n:Topic {id: row.id})
ON CREATE SET n += row.create
SET n += row.props

-- params
{
  "rows": [
    {
      "create": {},
      "id": "renewals",
      "keys": {},
      "props": {
        "name": "Renewals"
      }
    }
  ]
}
