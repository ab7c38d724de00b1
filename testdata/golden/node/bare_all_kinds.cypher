CALL () {
  MATCH (n:Person {id: $id}) RETURN 'Person' AS kind, {node: n} AS item
  UNION ALL
  MATCH (n:Company {id: $id}) RETURN 'Company' AS kind, {node: n} AS item
  UNION ALL
  MATCH (n:Topic {id: $id}) RETURN 'Topic' AS kind, {node: n} AS item
  UNION ALL
  MATCH (n:Content {id: $id}) RETURN 'Content' AS kind, {node: n, topics: [(n)-[:ABOUT]->(t:Topic) | t]} AS item
  UNION ALL
  MATCH (n:Signal {id: $id}) RETURN 'Signal' AS kind, {node: n, by: head([(n)-[:BY]->(x:Person) | x]), at: head([(n)-[:AT]->(y:Company) | y]), topics: [(n)-[:MENTIONS]->(t:Topic) | t]} AS item
}
RETURN kind, item

-- params
{
  "id": "p10"
}
