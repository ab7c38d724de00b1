// upsert.knows
UNWIND $rows AS row
MATCH (a:Person {id: row.a})
MATCH (b:Person {id: row.b})
MERGE (a)-[r:KNOWS]-(b)
SET r += row.props

-- params
{
  "rows": [
    {
      "a": "p0",
      "b": "p90",
      "props": {
        "strength": 0.85
      }
    }
  ]
}
