// upsert.interested_in
UNWIND $rows AS row
MATCH (a:Person {id: row.from})
MATCH (b:Topic {id: row.to})
MERGE (a)-[r:INTERESTED_IN]->(b)
SET r += row.props
WITH DISTINCT a ORDER BY a.id
CALL (a) {
  SET a.interestIds = a.interestIds
  WITH *, COLLECT { MATCH (t_:Topic)<-[:INTERESTED_IN]-(a) RETURN DISTINCT t_.id AS id_ ORDER BY id_ } AS topics_
  WITH *, CASE WHEN size(topics_) = 0 THEN null ELSE topics_ END AS kept_
  SET a.interestIds = kept_
}

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
