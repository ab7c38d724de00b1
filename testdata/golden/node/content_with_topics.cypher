CALL () {
  MATCH (n:Content {id: $id}) RETURN 'Content' AS kind, {node: n, topics: [(n)-[:ABOUT]->(t:Topic) | t]} AS item
}
RETURN kind, item

-- params
{
  "id": "wp2"
}
