MATCH (co:Company)
WHERE co.customer = true
WITH co, toFloat(coalesce(co.clv, 0)) AS clv, [i IN $kindAt | coalesce(co.signalCounts[i], 0)] AS counts
WITH co, clv, counts, round($clvWeight * clv + reduce(v = 0.0, i IN range(0, size(counts) - 1) | v + counts[i] * $weights[i]), 9) AS score
ORDER BY score DESC, co.name IS NULL, toLower(co.name) ASC, co.id ASC
WITH collect({company: co, clv: clv, counts: counts, score: score}) AS rows
RETURN size(rows) AS total, rows[$skip..$end] AS items

-- params
{
  "clvWeight": 1,
  "end": 20,
  "kindAt": [
    8,
    9,
    10,
    11,
    12,
    13,
    14
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
