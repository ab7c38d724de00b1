// upsert.interested_in
UNWIND $rows AS row
MATCH (p:Person {id: row.person})
MATCH (t:Topic {id: row.topic})
MERGE (p)-[r:INTERESTED_IN]->(t)
SET r += row.props

-- params
{
  "rows": [
    {
      "person": "p90",
      "props": {
        "weight": 0.5
      },
      "topic": "renewals"
    }
  ]
}
