CALL () {
  MATCH (n:Signal {id: $p.p0}) RETURN 'Signal' AS kind, n {.*, person: head([(n)-[:BY]->(by_:Person) | by_]), company: head([(n)-[:AT]->(at_:Company) | at_]), topics: [(n)-[:MENTIONS]->(mentions_:Topic) | mentions_]} AS item
}
RETURN kind, item

-- params
{
  "p": {
    "p0": "s1"
  }
}
