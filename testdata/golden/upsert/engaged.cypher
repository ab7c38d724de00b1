// upsert.engaged
UNWIND $rows AS row
MATCH (a:Person {id: row.from})
MATCH (b:Content {id: row.to})
MERGE (a)-[r:ENGAGED_WITH {action: row.keys.action, at: row.keys.at}]->(b)
SET r += row.props

-- params
{
  "rows": [
    {
      "from": "p11",
      "keys": {
        "action": "READ",
        "at": "2026-11-21T08:00:00Z"
      },
      "props": {},
      "to": "wp90"
    }
  ]
}
