// upsert.knows
UNWIND $rows AS row
MATCH (a:Person {id: row.from})
MATCH (b:Person {id: row.to})
MERGE (a)-[r:KNOWS]-(b)
SET r += row.props

-- params
{
  "rows": [
    {
      "from": "p0",
      "keys": {},
      "props": {
        "strength": 0.85,
        "strengthSource": "MANUAL"
      },
      "to": "p90"
    }
  ]
}
