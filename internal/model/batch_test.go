package model

import (
	"context"
	"fmt"
	"testing"
)

// A batch keeps an entry only for the nodes referred to before they are
// defined: the references of a file whose nodes come first cost nothing
// beyond the ids defined, and an unknown node is still reported at its
// first place with the count of its places.
func TestBatchKeepsReferencesAheadOfDefinitions(t *testing.T) {
	b := Batch{In: "the file", Places: "lines"}
	add := func(n int, kind string, line any) {
		t.Helper()
		rec, err := KindNamed(kind).Record(n, line)
		if err != nil {
			t.Fatal(err)
		}
		b.Add(rec)
	}
	add(1, "person", &Person{ID: "p3"})
	add(2, "knows", &KnowsLine{A: "p1", B: "p2"}) // p1 and p2 ahead of their lines
	add(3, "person", &Person{ID: "p1"})
	add(4, "person", &Person{ID: "p2"})
	add(5, "knows", &KnowsLine{A: "p2", B: "p3"})
	add(6, "knows", &KnowsLine{A: "p1", B: "p9"}) // unknown
	add(7, "knows", &KnowsLine{A: "p3", B: "p9"})
	if got := len(b.refs["Person"]); got != 3 {
		t.Errorf("%d people referred to kept, want 3 (p1 and p2 ahead of their lines, p9)", got)
	}
	problems, err := b.Check(context.Background(), func(_ context.Context, _ string, ids []string) ([]string, error) { return ids, nil })
	if err != nil {
		t.Fatal(err)
	}
	want := `[{6 b: Person "p9" exists neither in the file nor in the database (2 lines refer to it; this is the first)}]`
	if fmt.Sprint(problems) != want {
		t.Errorf("problems %v, want %s", problems, want)
	}
}
