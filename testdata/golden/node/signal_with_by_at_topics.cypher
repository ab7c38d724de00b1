CALL () {
  MATCH (n:Signal {id: $id}) RETURN 'Signal' AS kind, {node: n, by: head([(n)-[:BY]->(x:Person) | x]), at: head([(n)-[:AT]->(y:Company) | y]), topics: [(n)-[:MENTIONS]->(t:Topic) | t]} AS item
}
RETURN kind, item

-- params
{
  "id": "s1"
}
