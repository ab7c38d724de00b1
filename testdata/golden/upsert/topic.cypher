// upsert.topic
UNWIND $rows AS row MERGE (n:Topic {id: row.id}) SET n += row.props

-- params
{
  "rows": [
    {
      "id": "renewals",
      "props": {
        "id": "renewals",
        "name": "Renewals"
      }
    }
  ]
}
