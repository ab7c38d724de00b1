// upsert.person
UNWIND $rows AS row
MERGE (n:Person {id: row.id})
ON CREATE SET n += row.create
SET n += row.props

-- params
{
  "rows": [
    {
      "create": {
        "team": false
      },
      "id": "p90",
      "keys": {},
      "props": {
        "latitude": 42.36,
        "longitude": -71.06,
        "name": "Nina Park"
      }
    }
  ]
}
