CALL () {
  MATCH (n:Person {id: $id}) RETURN 'Person' AS kind, n {.*} AS item
}
RETURN kind, item

-- params
{
  "id": "p10"
}
