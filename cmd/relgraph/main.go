// Command relgraph is the relationship-graph query service and its tools.
//
//	relgraph serve            serve the GraphQL API and playground
//	relgraph dev              local Neo4j + schema + demo data + dev key + serve
//	relgraph import FILE      load an NDJSON file (- for standard input)
//	relgraph migrate          create constraints and indexes
//	relgraph keys new|list|revoke
//
// Configuration comes from the environment; see the README.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if err != errSilent {
			fmt.Fprintln(os.Stderr, "relgraph:", err)
		}
		os.Exit(1)
	}
}
