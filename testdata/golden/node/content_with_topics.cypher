CALL () {
  MATCH (n:Content {id: $p.p0}) RETURN 'Content' AS kind, n {.*, topics: [(n)-[:ABOUT]->(about_:Topic) | about_]} AS item
}
RETURN kind, item

-- params
{
  "p": {
    "p0": "wp2"
  }
}
