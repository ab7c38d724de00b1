package neo4j

import (
	"context"
	"fmt"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
	"github.com/rs/zerolog"
)

// Config says where the database is, with the standard NEO4J_* variables.
type Config struct {
	URI      string // NEO4J_URI: bolt://, neo4j:// (routing), +s/+ssc variants
	Username string // NEO4J_USERNAME; empty means no authentication
	Password string // NEO4J_PASSWORD
	Database string // NEO4J_DATABASE; empty means the server's default
	// TxTimeout bounds each transaction.
	TxTimeout time.Duration
}

// Connect builds the process's one driver and checks that the database
// answers. Close the store to close the driver.
func Connect(ctx context.Context, cfg Config, log zerolog.Logger) (*Store, error) {
	auth := driver.NoAuth()
	if cfg.Username != "" {
		auth = driver.BasicAuth(cfg.Username, cfg.Password, "")
	}
	d, err := driver.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.MaxConnectionPoolSize = 50
		c.ConnectionAcquisitionTimeout = 5 * time.Second
		c.SocketConnectTimeout = 3 * time.Second
		c.MaxTransactionRetryTime = 5 * time.Second
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j driver for %s: %w", cfg.URI, err)
	}
	if err := d.VerifyConnectivity(ctx); err != nil {
		_ = d.Close(ctx)
		return nil, fmt.Errorf("cannot reach neo4j at %s: %w", cfg.URI, err)
	}
	return NewStore(d, log, Options{Database: cfg.Database, TxTimeout: cfg.TxTimeout}), nil
}

// Close closes the driver.
func (s *Store) Close(ctx context.Context) error { return s.driver.Close(ctx) }
