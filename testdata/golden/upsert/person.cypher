// upsert.person
UNWIND $rows AS row MERGE (n:Person {id: row.id}) SET n += row.props

-- params
{
  "rows": [
    {
      "id": "p90",
      "props": {
        "id": "p90",
        "latitude": 42.36,
        "longitude": -71.06,
        "name": "Nina Park",
        "team": false
      }
    }
  ]
}
