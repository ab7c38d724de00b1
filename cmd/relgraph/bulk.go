package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph/internal/importer"
	"github.com/relgraph/relgraph/neo4j/devserver"
)

type bulkOptions struct {
	data, heap, memory string
	quiet              bool
}

// bulkLoad is `relgraph import -bulk`: the file validated as the online
// import validates it and written as CSV, Neo4j's offline importer run
// on the files into the empty local database, then that database started
// to build the schema (constraints and indexes), compute the strengths
// the file asks for and note the change, and stopped again.
func bulkLoad(ctx context.Context, open importer.Opener, o bulkOptions, opts importer.Options, e env, log zerolog.Logger, bar *progressBar, stdout, stderr io.Writer) error {
	home, err := filepath.Abs(o.data)
	if err != nil {
		return err
	}
	if devserver.HoldsDatabase(home) {
		return fmt.Errorf("%s already holds a database: -bulk only loads an empty one (remove the folder to start again, or leave out -bulk to add the file to the graph)", home)
	}
	if err := os.MkdirAll(home, 0o755); err != nil {
		return err
	}
	start := time.Now()
	files := filepath.Join(home, "bulk-import")
	if err := os.RemoveAll(files); err != nil { // left by a load that was killed
		return err
	}
	sum, bulk, err := importer.WriteBulk(ctx, open, files, opts)
	bar.finish()
	if err != nil {
		printImportErrors(stderr, sum)
		return err
	}
	defer os.RemoveAll(files)
	written := time.Since(start)
	fmt.Fprintf(stdout, "validated %d records from %d lines in %s and wrote them as CSV in %s\n",
		sum.Records, sum.Lines, sum.Validation.Round(time.Millisecond), (written - sum.Validation).Round(time.Millisecond))

	report := io.Discard
	if !o.quiet {
		report = stderr
	}
	began := time.Now()
	// The loaded database's own server takes no requests: the data
	// migrations of the whole graph run there, each as long as it takes
	// ("0s": no transaction timeout of the server's; at 1M people on a
	// busy machine a migration took longer than the default 30 s, failing
	// the load at its end). Statements that name their own timeout (the
	// schema, the strengths) keep it.
	srvOpts := devserver.Options{Dir: "neo4j/devserver", DataDir: home, Heap: o.heap, PageCache: o.memory, TxTimeout: "0s", Stdout: report, Stderr: report}
	if err := devserver.BulkImport(ctx, srvOpts, bulk.Args()); err != nil {
		return err
	}
	loaded := time.Since(began)
	fmt.Fprintf(stdout, "Neo4j's bulk importer loaded them in %s\n", loaded.Round(time.Millisecond))

	began = time.Now()
	srvOpts.Stdout = nil
	srvOpts.Stderr = stderr
	srv, err := devserver.Start(ctx, srvOpts)
	if err != nil {
		return fmt.Errorf("starting the loaded database: %w", err)
	}
	defer srv.Stop()
	e.neo4j.URI = srv.URI()
	store, err := openStore(ctx, e, log) // builds the schema
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	schema := time.Since(began)
	if err := importer.FinishBulk(ctx, store, bulk, sum, opts); err != nil {
		return err
	}
	bar.finish()
	if err := srv.Stop(); err != nil {
		return errors.Join(errors.New("stopping the loaded database"), err)
	}
	total := time.Since(start)
	fmt.Fprintf(stdout, "started it, built the schema in %s", schema.Round(time.Millisecond))
	if sum.Pairs > 0 {
		fmt.Fprintf(stdout, ", computed the strengths of %d pairs from their interactions in %s", sum.Pairs, sum.Strengths.Round(time.Millisecond))
	}
	fmt.Fprintf(stdout, " and stopped it\n")
	fmt.Fprintf(stdout, "bulk-loaded %d records in %s (%.0f records/s; %.0f records/s to the loaded database)",
		sum.Records, total.Round(time.Millisecond), float64(sum.Records)/total.Seconds(), float64(sum.Records)/(written+loaded).Seconds())
	if peak := peakMemory(); peak > 0 {
		fmt.Fprintf(stdout, ", peak memory of relgraph %d MiB", peak>>20)
	}
	fmt.Fprintf(stdout, "\ninto %s: serve it with `relgraph dev -data %s` or `withneo4j -data %s`\n", home, o.data, o.data)
	return nil
}
