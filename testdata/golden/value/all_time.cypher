MATCH (co:Company)
WHERE co.customer = true
WITH co, toFloat(coalesce(co.clv, 0)) AS clv, COLLECT {
  MATCH (s:Signal)-[:AT]->(co)
  WHERE s.kind IN $kinds
  RETURN s.kind
} AS seen
WITH co, clv, [k IN $kinds | size([x IN seen WHERE x = k])] AS counts
WITH co, clv, counts, $clvWeight * clv + reduce(v = 0.0, i IN range(0, size(counts) - 1) | v + counts[i] * $weights[i]) AS score
ORDER BY score DESC, co.name ASC, co.id ASC
WITH collect({company: co, clv: clv, counts: counts, score: score}) AS rows
RETURN size(rows) AS total, rows[$skip..$end] AS page

-- params
{
  "clvWeight": 1,
  "end": 20,
  "kinds": [
    "REFERRAL",
    "REFERENCE",
    "CASE_STUDY",
    "REVIEW",
    "BUG_REPORT",
    "FEATURE_IDEA",
    "ADVOCACY"
  ],
  "skip": 0,
  "weights": [
    5000,
    3000,
    4000,
    1000,
    500,
    250,
    2000
  ]
}
