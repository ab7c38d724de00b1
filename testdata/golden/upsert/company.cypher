// upsert.company
UNWIND $rows AS row
MERGE (n:Company {id: row.id})
ON CREATE SET n += row.create
SET n += row.props,
  n.sources = CASE WHEN row.sources IS NULL THEN n.sources
    ELSE coalesce(n.sources, []) + [s IN row.sources WHERE NOT substring(s, 11) IN [x IN coalesce(n.sources, []) | substring(x, 11)]] END

-- params
{
  "rows": [
    {
      "create": {},
      "id": "c90",
      "keys": {},
      "props": {
        "clv": 5000,
        "customer": true,
        "name": "Nova Robotics"
      }
    }
  ]
}
