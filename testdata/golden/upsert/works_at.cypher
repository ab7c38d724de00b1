// upsert.works_at
UNWIND $rows AS row
MATCH (a:Person {id: row.from})
MATCH (b:Company {id: row.to})
MERGE (a)-[r:WORKS_AT]->(b)
SET r += row.props,
  r.sources = CASE WHEN row.sources IS NULL THEN r.sources
    ELSE coalesce(r.sources, []) + [s IN row.sources WHERE NOT substring(s, 11) IN [x IN coalesce(r.sources, []) | substring(x, 11)]] END

-- params
{
  "rows": [
    {
      "from": "p90",
      "keys": {},
      "props": {
        "since": "2026-01-01T00:00:00Z",
        "title": "CTO"
      },
      "to": "c90"
    }
  ]
}
