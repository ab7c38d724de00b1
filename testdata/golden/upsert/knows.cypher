// upsert.knows
UNWIND $rows AS row
MATCH (a:Person {id: row.from})
MATCH (b:Person {id: row.to})
MERGE (a)-[r:KNOWS]-(b)
SET r += row.props,
  r.sources = CASE WHEN row.sources IS NULL THEN r.sources
    ELSE coalesce(r.sources, []) + [s IN row.sources WHERE NOT substring(s, 11) IN [x IN coalesce(r.sources, []) | substring(x, 11)]] END

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
