// A calling tool with a typed client: genqlient generates generated.go
// from relgraph's schema and operations.graphql, so that a change of the
// schema that breaks these operations breaks the build.
//
//	RELGRAPH_URL=http://127.0.0.1:8080 RELGRAPH_KEY=rg_... go run ./examples/go-client
package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/Khan/genqlient/graphql"
)

// bearer adds the API key to every request.
type bearer struct {
	key  string
	next http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.key)
	return b.next.RoundTrip(r)
}

func main() {
	url, key := strings.TrimRight(os.Getenv("RELGRAPH_URL"), "/"), os.Getenv("RELGRAPH_KEY")
	if url == "" || key == "" {
		fmt.Fprintln(os.Stderr, "set RELGRAPH_URL and RELGRAPH_KEY")
		os.Exit(2)
	}
	client := graphql.NewClient(url+"/graphql", &http.Client{Timeout: 30 * time.Second, Transport: bearer{key, http.DefaultTransport}})
	if err := run(context.Background(), client); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(ctx context.Context, client graphql.Client) error {
	me, err := Me(ctx, client)
	if err != nil {
		return err
	}
	fmt.Printf("viewer: %s %s\n", me.Viewer.Id, me.Viewer.Name)
	churn, err := ChurnWorried(ctx, client, 2, "2026-10-01")
	if err != nil {
		return err
	}
	fmt.Printf("churn-worried CRM readers: %d\n", churn.Connections.TotalCount)
	for _, e := range churn.Connections.Edges {
		var via []string
		for _, v := range e.Via {
			via = append(via, v.Id)
		}
		fmt.Printf("  %s %s degree %d strength %.3g via [%s]\n", e.Node.Id, e.Node.Name, e.Degree, e.Strength, strings.Join(via, " "))
	}
	intro, err := Introductions(ctx, client, "p33")
	if err != nil {
		return err
	}
	for _, p := range intro.IntroductionPaths {
		var names []string
		for _, person := range p.People {
			names = append(names, person.Name)
		}
		fmt.Printf("introduction to p33: %s (%d hops, strength %.3g)\n", strings.Join(names, " > "), p.Hops, p.Strength)
	}
	return nil
}
