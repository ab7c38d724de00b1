CALL () {
  MATCH (n:Person {id: $id}) RETURN 'Person' AS kind, n {.*} AS item
  UNION ALL
  MATCH (n:Company {id: $id}) RETURN 'Company' AS kind, n {.*} AS item
  UNION ALL
  MATCH (n:Topic {id: $id}) RETURN 'Topic' AS kind, n {.*} AS item
  UNION ALL
  MATCH (n:Content {id: $id}) RETURN 'Content' AS kind, n {.*, topics: COLLECT { MATCH (n)-[:ABOUT]->(about_:Topic) RETURN about_ ORDER BY about_.id }} AS item
  UNION ALL
  MATCH (n:Signal {id: $id}) RETURN 'Signal' AS kind, n {.*, person: head([(n)-[:BY]->(by_:Person) | by_]), company: head([(n)-[:AT]->(at_:Company) | at_]), topics: COLLECT { MATCH (n)-[:MENTIONS]->(mentions_:Topic) RETURN mentions_ ORDER BY mentions_.id }} AS item
}
RETURN kind, item

-- params
{
  "id": "x'}) MATCH (n) DETACH DELETE n //"
}
