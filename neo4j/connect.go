package neo4j

import (
	"context"
	"fmt"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph/internal/model"
)

// Config says where the database is, with the standard NEO4J_* variables.
type Config struct {
	URI      string // NEO4J_URI: bolt://, neo4j:// (routing), +s/+ssc variants
	Username string // NEO4J_USERNAME; empty means no authentication
	Password string // NEO4J_PASSWORD
	Database string // NEO4J_DATABASE; empty means the server's default
	// TxTimeout bounds each transaction.
	TxTimeout time.Duration
	// SlowQuery is the slow-query log threshold (0: off).
	SlowQuery time.Duration
	// MaxPoolSize caps open connections (default DefaultPoolSize).
	MaxPoolSize int
	// AcquireTimeout bounds waiting for a connection, so that requests
	// fail fast while the database is down (default 5s).
	AcquireTimeout time.Duration
	// Observer receives statement timings (metrics); nil for none.
	Observer Observer
	// Limits bound the questions; zero fields take the defaults.
	Limits model.Limits
	// Strength and AsOf compute KNOWS strengths from interactions (see
	// Options).
	Strength model.StrengthModel
	AsOf     func() time.Time
}

// DefaultPoolSize is the default cap on connections to Neo4j
// (RELGRAPH_NEO4J_POOL_SIZE).
const DefaultPoolSize = 100

// Connect builds the process's one driver and checks that the database
// answers. Close the store to close the driver.
func Connect(ctx context.Context, cfg Config, log zerolog.Logger) (*Store, error) {
	auth := driver.NoAuth()
	if cfg.Username != "" {
		auth = driver.BasicAuth(cfg.Username, cfg.Password, "")
	}
	if cfg.MaxPoolSize <= 0 {
		cfg.MaxPoolSize = DefaultPoolSize
	}
	if cfg.AcquireTimeout <= 0 {
		cfg.AcquireTimeout = 5 * time.Second
	}
	d, err := driver.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.MaxConnectionPoolSize = cfg.MaxPoolSize
		// Bounded waits everywhere: a request never hangs on a dead server.
		c.ConnectionAcquisitionTimeout = cfg.AcquireTimeout
		c.SocketConnectTimeout = 2 * time.Second
		// One retry of a transient failure (the driver waits 1-2 s before
		// it), so an outage fails a request in about 2 s.
		c.MaxTransactionRetryTime = time.Second
		// Dead connections are found before use after an outage.
		c.ConnectionLivenessCheckTimeout = 30 * time.Second
		c.MaxConnectionLifetime = time.Hour
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j driver for %s: %w", cfg.URI, err)
	}
	if err := d.VerifyConnectivity(ctx); err != nil {
		_ = d.Close(ctx)
		return nil, fmt.Errorf("cannot reach neo4j at %s: %w", cfg.URI, err)
	}
	return NewStore(d, log, Options{Database: cfg.Database, TxTimeout: cfg.TxTimeout, SlowQuery: cfg.SlowQuery, Observer: cfg.Observer, Limits: cfg.Limits,
		Strength: cfg.Strength, AsOf: cfg.AsOf}), nil
}

// Close closes the driver.
func (s *Store) Close(ctx context.Context) error { return s.driver.Close(ctx) }
