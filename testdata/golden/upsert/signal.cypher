// upsert.signal
UNWIND $rows AS row
MERGE (n:Signal {id: row.id})
ON CREATE SET n += row.create
SET n += row.props,
  n.sources = CASE WHEN row.sources IS NULL THEN n.sources
    ELSE coalesce(n.sources, []) + [s IN row.sources WHERE NOT substring(s, 11) IN [x IN coalesce(n.sources, []) | substring(x, 11)]] END

// upsert.signal.links
UNWIND $rows AS row
MATCH (n:Signal {id: row.id})
CALL (n, row) {
  UNWIND row.person AS ref
  MATCH (m:Person {id: ref})
  MERGE (n)-[:BY]->(m)
}
CALL (n, row) {
  UNWIND row.company AS ref
  MATCH (m:Company {id: ref})
  MERGE (n)-[:AT]->(m)
}
CALL (n, row) {
  UNWIND row.topics AS ref
  MATCH (m:Topic {id: ref})
  MERGE (n)-[:MENTIONS]->(m)
}
WITH collect(DISTINCT n) AS signals_
CALL (signals_) {
  UNWIND signals_ AS n
  MATCH (n)-[:AT]->(co:Company)
  WITH DISTINCT co ORDER BY co.id
CALL (co) {
  SET co.signalCounts = co.signalCounts
  WITH *, COLLECT { MATCH (s_:Signal)-[:AT]->(co) RETURN s_.kind } AS seen_
  WITH *, CASE WHEN size(seen_) = 0 THEN null
    ELSE [k_ IN ['MENTION', 'JOB_CHANGE', 'PROMOTION', 'FUNDING_ROUND', 'HIRING', 'ACQUISITION', 'PRODUCT_LAUNCH', 'EVENT_ATTENDED', 'REFERRAL', 'REFERENCE', 'CASE_STUDY', 'REVIEW', 'BUG_REPORT', 'FEATURE_IDEA', 'ADVOCACY'] | size([x IN seen_ WHERE x = k_])] END AS kept_
  SET co.signalCounts = kept_
}
}
CALL (signals_) {
  UNWIND signals_ AS n
  MATCH (n)-[:BY]->(p:Person)
  WITH DISTINCT p ORDER BY p.id
CALL (p) {
  SET p.signalTopicIds = p.signalTopicIds
  WITH *, COLLECT { MATCH (t_:Topic)<-[:MENTIONS]-(:Signal)-[:BY]->(p) RETURN DISTINCT t_.id AS id_ ORDER BY id_ } AS topics_
  WITH *, CASE WHEN size(topics_) = 0 THEN null ELSE topics_ END AS kept_
  SET p.signalTopicIds = kept_
}
}

-- params
{
  "rows": [
    {
      "company": [
        "c3"
      ],
      "create": {},
      "id": "s90",
      "keys": {},
      "person": [
        "p10"
      ],
      "props": {
        "at": "2026-11-20T10:00:00Z",
        "kind": "MENTION",
        "sentiment": "NEGATIVE"
      },
      "topics": [
        "renewals"
      ]
    }
  ]
}
