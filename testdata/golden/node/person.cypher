CALL () {
  MATCH (n:Person {id: $p.p0}) RETURN 'Person' AS kind, n {.*} AS item
}
RETURN kind, item

-- params
{
  "p": {
    "p0": "p10"
  }
}
