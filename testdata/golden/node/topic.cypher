CALL () {
  MATCH (n:Topic {id: $p.p0}) RETURN 'Topic' AS kind, n {.*} AS item
}
RETURN kind, item

-- params
{
  "p": {
    "p0": "crm"
  }
}
