CALL () {
  MATCH (n:Content {id: $id}) RETURN 'Content' AS kind, n {.*, topics: COLLECT { MATCH (n)-[:ABOUT]->(about_:Topic) RETURN about_ ORDER BY about_.id }} AS item
}
RETURN kind, item

-- params
{
  "id": "wp2"
}
