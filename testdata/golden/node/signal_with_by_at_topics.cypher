CALL () {
  MATCH (n:Signal {id: $id}) RETURN 'Signal' AS kind, n {.*, person: head([(n)-[:BY]->(by_:Person) | by_]), company: head([(n)-[:AT]->(at_:Company) | at_]), topics: [(n)-[:MENTIONS]->(mentions_:Topic) | mentions_]} AS item
}
RETURN kind, item

-- params
{
  "id": "s1"
}
