package server_test

import (
	"strings"
	"testing"
)

// With an admin key and the explain header, the response carries every
// statement that ran, with its parameters and time; other keys are refused.
func TestExplain(t *testing.T) {
	e := demo(t)
	query := `{ connections(degree: 2, first: 3, where: {name: "a"}) { edges { node { id worksAt { title } } } } }`
	explain := map[string]string{"X-Relgraph-Explain": "true"}

	res := e.postWith(t, e.admin, explain, query, nil)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	list, ok := res.Extensions["explain"].([]any)
	if !ok || len(list) != 2 {
		t.Fatalf("explain: %#v", res.Extensions["explain"])
	}
	first := list[0].(map[string]any)
	params := first["params"].(map[string]any)
	values, _ := params["p"].(map[string]any) // the request's values, $p.p0 ...
	if first["name"] != "connections" || !strings.Contains(first["cypher"].(string), "MATCH (me:Person {id: $of})") ||
		params["of"] != "p0" || values["p0"] != "a" || first["durationMs"].(float64) <= 0 {
		t.Errorf("first statement: %v", first)
	}
	if second := list[1].(map[string]any); second["name"] != "employmentsByPerson" {
		t.Errorf("second statement: %v", second["name"])
	}

	if plain := e.post(t, e.admin, query, nil); plain.Extensions["explain"] != nil {
		t.Error("explain without the header")
	}
	refused := e.postWith(t, e.reader, explain, query, nil)
	if refused.status != 403 || len(refused.Errors) != 1 || refused.Errors[0].Extensions["code"] != "FORBIDDEN" || refused.Data != nil {
		t.Errorf("reader asking to explain: %d %+v", refused.status, refused.Errors)
	}
}
