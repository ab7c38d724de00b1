package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/internal/documents"
)

// cmdDocuments is `relgraph documents build [-o FILE] DIR...`: the
// trusted-documents manifest of the .graphql files under DIR, each checked
// against the schema.
func cmdDocuments(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "build" {
		fmt.Fprintln(stderr, "usage: relgraph documents build [-o FILE] DIR...")
		return errSilent
	}
	fs := flag.NewFlagSet("documents build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the manifest to FILE (default: standard output)")
	if err := fs.Parse(args[1:]); err != nil {
		return errSilent
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "usage: relgraph documents build [-o FILE] DIR...")
		return errSilent
	}
	m, err := documents.Build(graph.NewExecutableSchema(graph.Config{}).Schema(), fs.Args()...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return fmt.Errorf("the documents do not all fit the schema: nothing written")
	}
	if *out == "" {
		_, err = stdout.Write(m.Encode())
		return err
	}
	if err := os.WriteFile(*out, m.Encode(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%d documents in %s\n", len(m), *out)
	return nil
}
