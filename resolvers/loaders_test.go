package resolvers

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

// However the goroutines interleave, a group costs at most one fetch per
// field (two groups that share a member, one fetch when that member comes
// first), and every member gets its own list.
func TestGroupLoaderFetchesEachGroupOnce(t *testing.T) {
	for round := 0; round < 50; round++ {
		g := &groups{groupOf: map[string][]string{}}
		var calls atomic.Int32
		l := newLoader(g, func(_ context.Context, ids []string) (map[string][]string, error) {
			calls.Add(1)
			out := map[string][]string{}
			for _, id := range ids {
				if id != "empty" {
					out[id] = []string{"of-" + id}
				}
			}
			return out, nil
		}, nil)
		var ids []string
		for i := 0; i < 40; i++ {
			ids = append(ids, fmt.Sprintf("p%d", i))
		}
		g.add(append(ids, "empty"))
		g.add([]string{"x1", "x2", "p3"}) // p3 is in both groups
		var wg sync.WaitGroup
		for _, id := range append(ids, "empty", "x1", "x2") {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got, err := l.Load(context.Background(), id)
				if err != nil {
					t.Error(err)
					return
				}
				if id == "empty" && len(got) != 0 || id != "empty" && (len(got) != 1 || got[0] != "of-"+id) {
					t.Errorf("%s: %v", id, got)
				}
			}()
		}
		wg.Wait()
		if n := calls.Load(); n < 1 || n > 2 {
			t.Fatalf("round %d: %d fetches for two groups", round, n)
		}
	}
}

func TestGroupLoaderErrorsReachEveryWaiter(t *testing.T) {
	g := &groups{groupOf: map[string][]string{}}
	g.add([]string{"a", "b"})
	l := newLoader(g, func(context.Context, []string) (map[string][]int, error) {
		return nil, fmt.Errorf("database down")
	}, nil)
	for _, id := range []string{"a", "b"} {
		if _, err := l.Load(context.Background(), id); err == nil {
			t.Errorf("%s: no error", id)
		}
	}
}
