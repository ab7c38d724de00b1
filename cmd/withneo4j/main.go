// Command withneo4j runs a command against a fresh local Neo4j server.
//
//	go run ./cmd/withneo4j [flags] -- CMD ARGS...
//
// It builds (if needed) and starts the Neo4j 5.26 Community devserver from
// neo4j/devserver, runs CMD with NEO4J_URI and RELGRAPH_TEST_NEO4J_URI set to
// bolt://127.0.0.1:PORT (no authentication), stops Neo4j afterwards, and
// exits with CMD's exit code. Without -data the database lives in a temporary
// directory that is removed afterwards. SIGINT and SIGTERM are passed on to
// CMD; Neo4j is stopped once CMD has exited. If Neo4j cannot start,
// withneo4j prints why and exits 1; if Neo4j exits while CMD runs, CMD is
// stopped (SIGTERM) and withneo4j exits 1, so that nothing is left waiting
// on a database that is gone.
//
// Example:
//
//	go run ./cmd/withneo4j -- go test ./...
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/relgraph/relgraph/neo4j/devserver"
)

// Environment variables set for the child command.
var uriVars = []string{"NEO4J_URI", "RELGRAPH_TEST_NEO4J_URI"}

const defaultDir = "neo4j/devserver"

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		for sig := range sigs {
			cancel(signalError{sig})
		}
	}()

	err := run(ctx, os.Args[1:], os.Environ(), os.Stdin, os.Stdout, os.Stderr)
	var ec exitCode
	switch {
	case err == nil:
		os.Exit(0)
	case errors.As(err, &ec):
		os.Exit(int(ec))
	default:
		fmt.Fprintln(os.Stderr, "withneo4j:", err)
		os.Exit(1)
	}
}

// exitCode is returned by run to make the process exit with that code
// without printing anything more.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// signalError is the cancellation cause of run's context when main got a
// signal; run forwards that signal to the child command.
type signalError struct{ sig os.Signal }

func (e signalError) Error() string { return "got signal " + e.sig.String() }

func run(ctx context.Context, args, environ []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("withneo4j", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "", "folder with the devserver pom.xml (default: "+defaultDir+" in this or a parent directory)")
	data := fs.String("data", "", "Neo4j data directory, kept afterwards (default: a fresh temporary directory, removed afterwards)")
	port := fs.Int("port", 0, "Bolt port on 127.0.0.1 (0: a free port)")
	heap := fs.String("heap", devserver.DefaultHeap, "JVM max heap")
	pageCache := fs.String("pagecache", devserver.DefaultPageCache, "Neo4j page cache size")
	txTimeout := fs.String("tx-timeout", devserver.DefaultTxTimeout, "Neo4j transaction timeout")
	startTimeout := fs.Duration("timeout", devserver.DefaultStartTimeout, "how long to wait for Neo4j to become ready")
	verbose := fs.Bool("v", false, "show Neo4j's process output and timings on stderr")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: withneo4j [flags] -- CMD ARGS...\n\n"+
			"Starts a local Neo4j, runs CMD with NEO4J_URI and RELGRAPH_TEST_NEO4J_URI set, stops Neo4j\n"+
			"and exits with CMD's exit code.\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return exitCode(2)
	}
	command := fs.Args()
	if len(command) == 0 {
		fs.Usage()
		return exitCode(2)
	}

	if *dir == "" {
		d, err := findDevserverDir()
		if err != nil {
			return fmt.Errorf("%w (use -dir)", err)
		}
		*dir = d
	}
	if *data == "" {
		tmp, err := os.MkdirTemp("", "withneo4j-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		*data = tmp
	}

	var neo4jOut io.Writer
	if *verbose {
		neo4jOut = stderr
	}
	begin := time.Now()
	srv, err := devserver.Start(ctx, devserver.Options{
		Dir:          *dir,
		DataDir:      *data,
		Port:         *port,
		Heap:         *heap,
		PageCache:    *pageCache,
		TxTimeout:    *txTimeout,
		Stdout:       neo4jOut,
		Stderr:       neo4jOut,
		StartTimeout: *startTimeout,
	})
	if err != nil {
		fmt.Fprintf(stderr, "withneo4j: Neo4j could not start: %v\n", err)
		return exitCode(1)
	}
	if *verbose {
		fmt.Fprintf(stderr, "withneo4j: Neo4j ready at %s after %v (pid %d, data %s)\n",
			srv.URI(), time.Since(begin).Round(time.Millisecond), srv.PID(), srv.DataDir())
	}
	defer func() {
		begin := time.Now()
		if err := srv.Stop(); err != nil {
			fmt.Fprintf(stderr, "withneo4j: stopping Neo4j: %v\n", err)
		} else if *verbose {
			fmt.Fprintf(stderr, "withneo4j: Neo4j stopped in %v\n", time.Since(begin).Round(time.Millisecond))
		}
	}()

	if ctx.Err() != nil {
		return exitCode(130)
	}
	code, err := runChild(ctx, command, withURI(environ, srv.URI()), stdin, stdout, stderr, srv)
	if err != nil {
		fmt.Fprintf(stderr, "withneo4j: %v\n", err)
	}
	if code != 0 {
		return exitCode(code)
	}
	return nil
}

// runChild runs the command and returns its exit code (128+N if a signal
// killed it). Signals received by withneo4j (ctx's cause) are forwarded.
func runChild(ctx context.Context, command, env []string, stdin io.Reader, stdout, stderr io.Writer, srv *devserver.Server) (int, error) {
	cmd := exec.Command(command[0], command[1:]...)
	cmd.Env = env
	cmd.Stdin = stdin
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
			return 127, err
		}
		return 126, err
	}

	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	neo4jDone := make(chan error, 1)
	go func() { neo4jDone <- srv.Wait() }()

	var waitErr error
	neo4jGone := false
	ctxDone := ctx.Done()
loop:
	for {
		select {
		case waitErr = <-done:
			break loop
		case <-ctxDone:
			ctxDone = nil
			var se signalError
			sig := os.Signal(syscall.SIGTERM)
			if errors.As(context.Cause(ctx), &se) {
				sig = se.sig
			}
			_ = cmd.Process.Signal(sig)
		case err := <-neo4jDone:
			neo4jDone, neo4jGone = nil, true
			fmt.Fprintf(stderr, "withneo4j: Neo4j exited while %s was running (%v); stopping %s\n", command[0], err, command[0])
			_ = cmd.Process.Signal(syscall.SIGTERM)
		}
	}

	if neo4jGone {
		return 1, nil
	}
	if waitErr == nil {
		return 0, nil
	}
	var ee *exec.ExitError
	if errors.As(waitErr, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal()), nil
		}
		return ee.ExitCode(), nil
	}
	return 1, waitErr
}

// withURI returns environ with the Neo4j URI variables set to uri.
func withURI(environ []string, uri string) []string {
	env := make([]string, 0, len(environ)+len(uriVars))
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		keep := true
		for _, v := range uriVars {
			if name == v {
				keep = false
			}
		}
		if keep {
			env = append(env, kv)
		}
	}
	for _, v := range uriVars {
		env = append(env, v+"="+uri)
	}
	return env
}

// findDevserverDir looks for neo4j/devserver/pom.xml in the working directory
// and its parents.
func findDevserverDir() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; {
		cand := filepath.Join(d, filepath.FromSlash(defaultDir))
		if _, err := os.Stat(filepath.Join(cand, "pom.xml")); err == nil {
			return cand, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("%s/pom.xml not found in %s or its parents", defaultDir, wd)
		}
		d = parent
	}
}
