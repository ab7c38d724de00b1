// upsert.interested_in
UNWIND $rows AS row
MATCH (a:Person {id: row.from})
MATCH (b:Topic {id: row.to})
MERGE (a)-[r:INTERESTED_IN]->(b)
SET r += row.props

-- params
{
  "rows": [
    {
      "from": "p90",
      "keys": {},
      "props": {
        "weight": 0.5
      },
      "to": "renewals"
    }
  ]
}
