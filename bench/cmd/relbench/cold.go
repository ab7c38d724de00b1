package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/relgraph/relgraph/bench/internal/loadtest"
	"github.com/relgraph/relgraph/neo4j"
)

// cold is the cold-plan pass (-cold N): N rounds in which, for each
// question, Neo4j's caches of planned statements are emptied and the
// question is asked once through HTTP, as the first question of a new
// filter shape is (planned, then run); then asked once more (second). It
// prints the p50, p99 and largest of both per question.
func cold(ctx context.Context, hc *http.Client, relgraph endpoint, store *neo4j.Store, qs []question, p Pool, cfg config, stdout io.Writer) error {
	type times struct{ cold, warm []time.Duration }
	all := make([]times, len(qs))
	r := newRand(cfg.seed, 0)
	failed := 0
	for range cfg.cold {
		for i, q := range qs {
			for _, first := range []bool{true, false} {
				if first {
					if err := store.ClearQueryCaches(ctx); err != nil {
						return err
					}
				}
				d := drawFrom(r, p)
				rctx, cancel := context.WithTimeout(ctx, cfg.timeout)
				t0 := time.Now()
				_, err := relgraph.post(rctx, hc, q.query, q.vars(d))
				el := time.Since(t0)
				cancel()
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if err != nil {
					failed++
					fmt.Fprintf(stdout, "  %s: %v\n", q.name, err)
				}
				if first {
					all[i].cold = append(all[i].cold, el)
				} else {
					all[i].warm = append(all[i].warm, el)
				}
			}
		}
	}
	fmt.Fprintf(stdout, "%d people, cold-plan pass: %d rounds, each question once after emptying Neo4j's plan caches (first), then once more (second); ms through HTTP\n", p.Count, cfg.cold)
	fmt.Fprintf(stdout, "%30s  %9s %9s %9s  %9s %9s %9s\n", "question", "first p50", "p99", "max", "second p50", "p99", "max")
	var every []time.Duration
	for i, q := range qs {
		c, w := all[i].cold, all[i].warm
		slices.Sort(c)
		slices.Sort(w)
		every = append(every, c...)
		fmt.Fprintf(stdout, "%30s  %9s %9s %9s  %9s %9s %9s\n", q.name,
			ms(toMs(loadtest.Percentile(c, 50))), ms(toMs(loadtest.Percentile(c, 99))), ms(toMs(c[len(c)-1])),
			ms(toMs(loadtest.Percentile(w, 50))), ms(toMs(loadtest.Percentile(w, 99))), ms(toMs(w[len(w)-1])))
	}
	slices.Sort(every)
	fmt.Fprintf(stdout, "%30s  %9s %9s %9s\n", "every question", ms(toMs(loadtest.Percentile(every, 50))), ms(toMs(loadtest.Percentile(every, 99))), ms(toMs(every[len(every)-1])))
	if failed > 0 {
		return loadtest.ErrFailed
	}
	return nil
}
