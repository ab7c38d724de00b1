// upsert.company
UNWIND $rows AS row
MERGE (n:Company {id: row.id})
ON CREATE SET n += row.create
SET n += row.props

-- params
{
  "rows": [
    {
      "create": {},
      "id": "c90",
      "keys": {},
      "props": {
        "clv": 5000,
        "customer": true,
        "name": "Nova Robotics"
      }
    }
  ]
}
