CALL () {
  MATCH (n:Person {id: $id}) RETURN 'Person' AS kind, n {.*} AS item
  UNION ALL
  MATCH (n:Company {id: $id}) RETURN 'Company' AS kind, n {.*} AS item
  UNION ALL
  MATCH (n:Topic {id: $id}) RETURN 'Topic' AS kind, n {.*} AS item
  UNION ALL
  MATCH (n:Content {id: $id}) RETURN 'Content' AS kind, n {.*, topics: [(n)-[:ABOUT]->(about_:Topic) | about_]} AS item
  UNION ALL
  MATCH (n:Signal {id: $id}) RETURN 'Signal' AS kind, n {.*, person: head([(n)-[:BY]->(by_:Person) | by_]), company: head([(n)-[:AT]->(at_:Company) | at_]), topics: [(n)-[:MENTIONS]->(mentions_:Topic) | mentions_]} AS item
}
RETURN kind, item

-- params
{
  "id": "x'}) MATCH (n) DETACH DELETE n //"
}
