CALL () {
  MATCH (n:Content {id: $id}) RETURN 'Content' AS kind, n {.*, topics: [(n)-[:ABOUT]->(about_:Topic) | about_]} AS item
}
RETURN kind, item

-- params
{
  "id": "wp2"
}
