// upsert.company
UNWIND $rows AS row MERGE (n:Company {id: row.id}) SET n += row.props

-- params
{
  "rows": [
    {
      "id": "c90",
      "props": {
        "clv": 5000,
        "customer": true,
        "id": "c90",
        "name": "Nova Robotics"
      }
    }
  ]
}
