package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph/internal/alerts"
	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/importer"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/server"
	"github.com/relgraph/relgraph/neo4j"
	"github.com/relgraph/relgraph/neo4j/devserver"
)

func cmdServe(ctx context.Context, args []string, e env, log zerolog.Logger, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", e.addr, "listen address")
	pg := fs.Bool("playground", e.server.Playground, "serve the GraphiQL playground at / (RELGRAPH_PLAYGROUND)")
	if err := fs.Parse(args); err != nil {
		return errSilent
	}
	e.server.Playground = *pg
	withMetrics(&e)
	store, err := openStore(ctx, e, log)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	return serve(ctx, store, e, log, *addr, func(url string) {
		fmt.Fprintf(stdout, "relgraph serving on %s\n", url)
	})
}

// serveGCPercent is the server's GOGC unless GOGC is given: its live
// heap is small (tens of MiB) and every answer allocates, so that Go's
// default, 100, collects garbage after every few long answers (16% of
// the server's CPU on accountCoverage at a million people; 400: CPU per
// request 42-48 to 34-38 ms, resident memory 43 to 70 MiB).
const serveGCPercent = 400

// serve runs the HTTP server until ctx ends, then drains it.
func serve(ctx context.Context, store *neo4j.Store, e env, log zerolog.Logger, addr string, ready func(url string)) error {
	if !e.gcPercentSet {
		defer debug.SetGCPercent(debug.SetGCPercent(serveGCPercent))
	}
	keys, err := auth.OpenKeyring(e.keysFile)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	cfg := e.alerts
	if e.server.Metrics != nil {
		cfg.Observer = e.server.Metrics
	}
	eng := alerts.New(store, log, cfg)
	e.server.Alerts = eng
	srv := &http.Server{
		Handler:           server.New(store, keys, log, e.server),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      e.requestTimeout + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if e.refresh > 0 {
		go refreshStrengths(ctx, e, log)
	}
	// Alerts run until serve returns, however it returns.
	alertsCtx, stopAlerts := context.WithCancel(ctx)
	alertsDone := make(chan struct{})
	go func() {
		defer close(alertsDone)
		eng.Run(alertsCtx)
	}()
	defer func() { stopAlerts(); <-alertsDone }()
	log.Info().Str("addr", ln.Addr().String()).Msg("serving")
	if ready != nil {
		ready("http://" + ln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Stop accepting, let requests in flight finish up to the deadline;
	// the caller closes the driver afterwards.
	log.Info().Dur("deadline", e.shutdownTimeout).Msg("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), e.shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		_ = srv.Close()
		return fmt.Errorf("shutdown: requests still running after %s were cut off: %w", e.shutdownTimeout, err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// refreshStrengths recomputes every computed strength every e.refresh, so
// that strengths fade with time, until ctx ends, and logs what it did. It
// is batch work: it has a store of its own, without the questions'
// slow-query log and transaction timeout.
func refreshStrengths(ctx context.Context, e env, log zerolog.Logger) {
	tick := time.NewTicker(e.refresh)
	defer tick.Stop()
	var store *neo4j.Store
	defer func() {
		if store != nil {
			store.Close(context.Background())
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		var err error
		if store == nil {
			if store, err = openStore(ctx, e.batch(), log); err != nil {
				store = nil
			}
		}
		var done neo4j.Recomputed
		if err == nil {
			done, err = store.RecomputeStrengths(ctx, nil)
		}
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			log.Error().Err(err).Int("pairs", done.Pairs).Dur("next_in", e.refresh).Msg("recomputing strengths failed; trying again at the next interval")
		default:
			log.Info().Int("pairs", done.Pairs).Time("as_of", done.AsOf).Float64("duration_ms", float64(done.Duration.Milliseconds())).
				Dur("next_in", e.refresh).Msg("strengths recomputed")
		}
	}
}

// cmdDev is `make run`: a local Neo4j unless NEO4J_URI is set, the schema,
// the demo data when the database is empty, a dev key, and the server.
func cmdDev(ctx context.Context, args []string, e env, log zerolog.Logger, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dev", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", e.addr, "listen address")
	data := fs.String("data", ".relgraph/neo4j", "data directory of the local Neo4j (kept between runs)")
	port := fs.Int("neo4j-port", 7687, "Bolt port of the local Neo4j (0: any free port)")
	demo := fs.String("demo", "testdata/demo.ndjson", "NDJSON file imported when the database is empty")
	asOf := fs.String("as-of", model.DemoAsOf.Format(time.DateOnly), "time strengths are computed as of: the demo's today, so that its answers stay those of the README ('now' for the clock)")
	if err := fs.Parse(args); err != nil {
		return errSilent
	}
	if *asOf != "now" {
		t, err := model.ParseDateTime(*asOf)
		if err != nil {
			return fmt.Errorf("-as-of: %w", err)
		}
		e.neo4j.AsOf = func() time.Time { return t.Time }
	}
	if !e.uriSet {
		abs, err := filepath.Abs(*data)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "starting a local Neo4j 5.26 (data in %s; the first run downloads it through Maven)...\n", abs)
		srv, err := devserver.Start(ctx, devserver.Options{Dir: "neo4j/devserver", DataDir: abs, Port: *port, Stderr: stderr})
		if err != nil {
			return fmt.Errorf("starting local Neo4j: %w", err)
		}
		defer func() {
			fmt.Fprintln(stdout, "stopping the local Neo4j...")
			if err := srv.Stop(); err != nil {
				fmt.Fprintln(stderr, "stopping Neo4j:", err)
			}
		}()
		e.neo4j.URI = srv.URI()
		fmt.Fprintf(stdout, "Neo4j is up at %s\n", srv.URI())
	}
	withMetrics(&e)
	store, err := openStore(ctx, e, log)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	empty, err := store.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if empty {
		fmt.Fprintf(stdout, "the database is empty: importing %s\n", *demo)
		sum, err := importer.Import(ctx, fileOpener(*demo), store, importer.Options{})
		if err != nil {
			printImportErrors(stderr, sum)
			return err
		}
		printSummary(stdout, sum)
	}
	token, err := devKey(e.keysFile)
	if err != nil {
		return err
	}
	e.server.Playground = true
	if !e.allowHTTPSet {
		// Local receivers, for trying webhooks out.
		e.alerts.AllowHTTP = []string{"127.0.0.1", "localhost"}
	}
	return serve(ctx, store, e, log, *addr, func(url string) {
		fmt.Fprintf(stdout, "\nrelgraph is ready.\n  playground: %s/?key=%s\n  API key (admin, viewer p0): %s\n  try: curl -s -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' -d '{\"query\":\"{ viewer { name } }\"}' %s/graphql\nCtrl-C stops everything.\n",
			url, token, token, token, url)
	})
}

// devKey creates a fresh admin key speaking for the demo viewer p0. Each
// run replaces the previous dev key, whose token was never stored.
func devKey(path string) (string, error) {
	f, err := auth.Load(path)
	if err != nil {
		return "", err
	}
	_ = f.Revoke("dev")
	token, err := f.New("dev", auth.Admin, "p0")
	if err != nil {
		return "", err
	}
	return token, f.Save(path)
}

func fileOpener(path string) importer.Opener {
	return func() (io.ReadCloser, error) { return os.Open(path) }
}

// withMetrics records the store's statements and the server's requests in
// one set of metrics, served at /metrics.
func withMetrics(e *env) {
	m := server.NewMetrics()
	e.neo4j.Observer = m
	e.server.Metrics = m
}
