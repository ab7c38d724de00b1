// upsert.interested_in
UNWIND $rows AS row
MATCH (a:Person {id: row.from})
MATCH (b:Topic {id: row.to})
MERGE (a)-[r:INTERESTED_IN]->(b)
SET r += row.props
SET a.interestIds = a.interestIds
SET a.interestIds = COLLECT { UNWIND coalesce(a.interestIds, []) + b.id AS id_ RETURN DISTINCT id_ ORDER BY id_ }

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
