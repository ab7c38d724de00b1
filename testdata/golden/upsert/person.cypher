// upsert.person
UNWIND $rows AS row
MERGE (n:Person {id: row.id})
ON CREATE SET n += row.create
SET n += row.props,
  n.sources = CASE WHEN row.sources IS NULL THEN n.sources
    ELSE coalesce(n.sources, []) + [s IN row.sources WHERE NOT substring(s, 11) IN [x IN coalesce(n.sources, []) | substring(x, 11)]] END

-- params
{
  "rows": [
    {
      "create": {
        "team": false
      },
      "id": "p90",
      "keys": {},
      "props": {
        "latitude": 42.36,
        "longitude": -71.06,
        "name": "Nina Park"
      }
    }
  ]
}
