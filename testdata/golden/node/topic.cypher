CALL () {
  MATCH (n:Topic {id: $id}) RETURN 'Topic' AS kind, {node: n} AS item
}
RETURN kind, item

-- params
{
  "id": "crm"
}
