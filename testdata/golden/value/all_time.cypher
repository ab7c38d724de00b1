MATCH (co:Company)
WHERE co.customer = true
WITH co, toFloat(coalesce(co.clv, 0)) AS clv, COLLECT {
  MATCH (s:Signal)-[:AT]->(co)
  WHERE s.kind IN $kinds
  RETURN s.kind
} AS seen
WITH co, clv, [k IN $kinds | size([x IN seen WHERE x = k])] AS counts
WITH co, clv, counts, round($clvWeight * clv + reduce(v = 0.0, i IN range(0, size(counts) - 1) | v + counts[i] * $weights[i]), 9) AS score
ORDER BY score DESC, co.name IS NULL, toLower(co.name) ASC, co.id ASC
WITH collect({company: co, clv: clv, counts: counts, score: score}) AS rows
RETURN size(rows) AS total, rows[$skip..$end] AS items

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
