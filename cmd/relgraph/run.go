package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph/neo4j"
)

// errSilent is returned when the problem was already reported.
var errSilent = errors.New("failed")

const usage = `relgraph: a relationship-graph query service over Neo4j.

Usage:
  relgraph serve   [-addr 127.0.0.1:8080] [-playground=true]
  relgraph dev     [-addr 127.0.0.1:8080] [-data .relgraph/neo4j] [-demo testdata/demo.ndjson]
  relgraph import  [-batch-size 1000] FILE   (FILE may be - for standard input)
  relgraph migrate
  relgraph keys new -role reader|writer|admin [-person ID] [-name NAME]
  relgraph keys list
  relgraph keys revoke NAME

Environment:
  NEO4J_URI            database URI (bolt://, neo4j://, ...); default bolt://127.0.0.1:7687
  NEO4J_USERNAME       user name; empty for a server without authentication
  NEO4J_PASSWORD       password
  NEO4J_DATABASE       database name; empty for the server's default
  RELGRAPH_KEYS_FILE   API keys file; default .relgraph/keys.json
  RELGRAPH_ADDR        listen address for serve and dev; default 127.0.0.1:8080
  RELGRAPH_TX_TIMEOUT  transaction timeout per statement; default 10s
  RELGRAPH_LOG_LEVEL   debug, info, warn or error; default info
`

// env is the service's configuration read from getenv.
type env struct {
	neo4j     neo4j.Config
	uriSet    bool
	keysFile  string
	addr      string
	logLevel  zerolog.Level
	txTimeout time.Duration
}

func readEnv(getenv func(string) string) (env, error) {
	e := env{
		keysFile: or(getenv("RELGRAPH_KEYS_FILE"), ".relgraph/keys.json"),
		addr:     or(getenv("RELGRAPH_ADDR"), "127.0.0.1:8080"),
	}
	e.neo4j = neo4j.Config{
		URI:      or(getenv("NEO4J_URI"), "bolt://127.0.0.1:7687"),
		Username: getenv("NEO4J_USERNAME"),
		Password: getenv("NEO4J_PASSWORD"),
		Database: getenv("NEO4J_DATABASE"),
	}
	e.uriSet = getenv("NEO4J_URI") != ""
	var err error
	if e.txTimeout, err = time.ParseDuration(or(getenv("RELGRAPH_TX_TIMEOUT"), "10s")); err != nil || e.txTimeout <= 0 {
		return e, fmt.Errorf("RELGRAPH_TX_TIMEOUT: %q is not a positive duration such as 10s", getenv("RELGRAPH_TX_TIMEOUT"))
	}
	e.neo4j.TxTimeout = e.txTimeout
	if e.logLevel, err = zerolog.ParseLevel(or(getenv("RELGRAPH_LOG_LEVEL"), "info")); err != nil {
		return e, fmt.Errorf("RELGRAPH_LOG_LEVEL: %w", err)
	}
	return e, nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// run is the whole program; main only maps its error to an exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errSilent
	}
	e, err := readEnv(getenv)
	if err != nil {
		return err
	}
	log := zerolog.New(stderr).Level(e.logLevel).With().Timestamp().Logger()
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], e, log, stdout, stderr)
	case "dev":
		return cmdDev(ctx, args[1:], e, log, stdout, stderr)
	case "import":
		return cmdImport(ctx, args[1:], e, log, stdin, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, args[1:], e, log, stdout, stderr)
	case "keys":
		return cmdKeys(args[1:], e, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "unknown command %q\n\n%s", args[0], usage)
	return errSilent
}

func connect(ctx context.Context, e env, log zerolog.Logger) (*neo4j.Store, error) {
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return neo4j.Connect(cctx, e.neo4j, log)
}

func itoa(n int) string { return strconv.Itoa(n) }

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
