package main

import (
	"context"
	"errors"
	"io"
	"os"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/mcpserver"
	"github.com/relgraph/relgraph/internal/server"
)

// cmdMCP is `relgraph mcp`: relgraph as a Model Context Protocol server
// over standard input and output, asking as the key in RELGRAPH_KEY. Logs
// go to standard error; standard output is the protocol's.
func cmdMCP(ctx context.Context, e env, getenv func(string) string, log zerolog.Logger, stdin io.Reader, stdout io.Writer) error {
	key := getenv("RELGRAPH_KEY")
	if key == "" {
		return errors.New("relgraph mcp asks as an API key: set RELGRAPH_KEY (create one with relgraph keys new)")
	}
	keys, err := auth.OpenKeyring(e.keysFile)
	if err != nil {
		return err
	}
	if _, ok := keys.Authenticate(key); !ok {
		return errors.New("RELGRAPH_KEY is not a key of " + e.keysFile)
	}
	store, err := openStore(ctx, e, log)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	handler := server.New(store, keys, log, e.server)
	srv := mcpserver.New(graph.NewExecutableSchema(graph.Config{}).Schema(), handler, key)
	var t mcp.Transport = &mcp.StdioTransport{}
	if stdin != os.Stdin || stdout != os.Stdout {
		t = &mcp.IOTransport{Reader: io.NopCloser(stdin), Writer: nopWriteCloser{stdout}}
	}
	return srv.Run(ctx, t)
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
