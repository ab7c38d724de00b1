// Package loadtest holds what the load tools (bench/cmd/relsoak,
// bench/cmd/relbench) share: they only ever target this machine, they
// report nearest-rank percentiles, and they run and stop alike.
package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"
)

// LoopbackURL parses the URL given with flagName, which must use one of
// schemes and name a loopback host (127.0.0.0/8, ::1 or localhost). Other
// host names are refused rather than resolved. Path slashes at the end,
// the query and the fragment are dropped.
func LoopbackURL(flagName, raw string, schemes ...string) (*url.URL, error) {
	if raw == "" {
		return nil, fmt.Errorf("%s is required", flagName)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%s %q: %w", flagName, raw, err)
	}
	if !slices.Contains(schemes, u.Scheme) {
		return nil, fmt.Errorf("%s %q: must start with one of %s://, e.g. %s://127.0.0.1:8080", flagName, raw, strings.Join(schemes, "://, "), schemes[0])
	}
	if u.User != nil {
		return nil, fmt.Errorf("%s %q: must not contain user information; pass keys with their own flags", flagName, raw)
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("%s %q: has no host", flagName, raw)
	}
	if !IsLoopbackHost(host) {
		return nil, fmt.Errorf("%s %q: host %q is not a loopback address (127.0.0.0/8, ::1 or localhost); load tests only target this machine", flagName, raw, host)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

// IsLoopbackHost reports whether host is localhost or a loopback address.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// LoopbackOnly is a net.Dialer Control function that refuses, at connect
// time, any address that is not loopback (localhost resolved elsewhere by
// /etc/hosts, say).
func LoopbackOnly(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing to connect to %s: not a loopback address", address)
	}
	return nil
}

// Percentile is the nearest-rank percentile (0 <= p <= 100) of an
// ascending list: the smallest value with at least p% of the values at or
// below it; 0 when the list is empty.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// Main runs a load tool's run function as its main: SIGINT and SIGTERM
// end run's context, and an error is printed after the tool's name and
// exits 1.
func Main(name string, run func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}

// ErrFailed is a load tool's error after its report when requests failed.
var ErrFailed = errors.New("requests failed")
