CALL () {
  MATCH (n:Topic {id: $id}) RETURN 'Topic' AS kind, n {.*} AS item
}
RETURN kind, item

-- params
{
  "id": "crm"
}
