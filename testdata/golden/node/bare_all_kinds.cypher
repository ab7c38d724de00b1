CALL () {
  MATCH (n:Person {id: $p.p0}) RETURN 'Person' AS kind, n {.*} AS item
  UNION ALL
  MATCH (n:Company {id: $p.p0}) RETURN 'Company' AS kind, n {.*} AS item
  UNION ALL
  MATCH (n:Topic {id: $p.p0}) RETURN 'Topic' AS kind, n {.*} AS item
  UNION ALL
  MATCH (n:Content {id: $p.p0}) RETURN 'Content' AS kind, n {.*, topics: [(n)-[:ABOUT]->(about_:Topic) | about_]} AS item
  UNION ALL
  MATCH (n:Signal {id: $p.p0}) RETURN 'Signal' AS kind, n {.*, person: head([(n)-[:BY]->(by_:Person) | by_]), company: head([(n)-[:AT]->(at_:Company) | at_]), topics: [(n)-[:MENTIONS]->(mentions_:Topic) | mentions_]} AS item
}
RETURN kind, item

-- params
{
  "p": {
    "p0": "p10"
  }
}
