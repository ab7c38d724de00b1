package devserver

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func requireTools(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a real Neo4j (slow); skipped with -short")
	}
	if _, err := javaPath(); err != nil {
		t.Skip(err)
	}
	if _, err := os.Stat(classFile); err != nil {
		if _, err := exec.LookPath("mvn"); err != nil {
			t.Skip("launcher not built and mvn not on PATH")
		}
	}
}

// TestStartStop starts a real server on a free port, checks that it speaks
// Bolt, stops it and checks that the process is gone.
func TestStartStop(t *testing.T) {
	requireTools(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	dataDir := t.TempDir()
	begin := time.Now()
	srv, err := Start(ctx, Options{
		Dir:     ".", // go test runs in the package folder, next to pom.xml
		DataDir: dataDir,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	t.Logf("started %s (pid %d) in %v", srv.URI(), srv.PID(), time.Since(begin))

	if !strings.HasPrefix(srv.URI(), "bolt://127.0.0.1:") || srv.Port() == 0 {
		t.Fatalf("URI() = %q, Port() = %d", srv.URI(), srv.Port())
	}
	if srv.DataDir() != dataDir {
		t.Errorf("DataDir() = %q, want %q", srv.DataDir(), dataDir)
	}

	conn, err := net.DialTimeout("tcp", strings.TrimPrefix(srv.URI(), "bolt://"), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := boltHandshake(conn); err != nil {
		t.Errorf("bolt handshake: %v", err)
	} else if v[3] != 5 {
		t.Errorf("bolt handshake chose version % x, want major 5", v)
	}
	conn.Close()

	pid := srv.PID()
	begin = time.Now()
	if err := srv.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	t.Logf("stopped in %v", time.Since(begin))
	if err := srv.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
	if err := srv.Wait(); err != nil {
		t.Errorf("Wait after Stop: %v", err)
	}
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("process %d still exists after Stop (kill -0: %v)", pid, err)
	}
	if _, err := os.Stat(dataDir); err != nil {
		t.Errorf("caller's data dir was removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "logs", "debug.log")); err != nil {
		t.Errorf("no debug.log in data dir: %v", err)
	}
	if _, err := net.DialTimeout("tcp", strings.TrimPrefix(srv.URI(), "bolt://"), time.Second); err == nil {
		t.Errorf("bolt port still accepts connections after Stop")
	}
}

// TestStartFailure checks that a startup error is reported with java's stderr.
func TestStartFailure(t *testing.T) {
	requireTools(t)
	_, err := Start(context.Background(), Options{Dir: ".", PageCache: "lots"})
	if err == nil {
		t.Fatal("Start with a bad page cache size succeeded")
	}
	if !strings.Contains(err.Error(), "--pagecache") {
		t.Errorf("error does not mention the bad flag:\n%v", err)
	}
}

// boltHandshake sends the Bolt preamble offering 5.0-5.4 and 4.4 and returns
// the server's 4-byte choice (bytes: 0, 0, minor, major).
func boltHandshake(c net.Conn) ([4]byte, error) {
	var v [4]byte
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	req := []byte{
		0x60, 0x60, 0xB0, 0x17, // magic
		0, 4, 4, 5, // 5.4 down to 5.0
		0, 0, 4, 4, // 4.4
		0, 0, 0, 0,
		0, 0, 0, 0,
	}
	if _, err := c.Write(req); err != nil {
		return v, err
	}
	_, err := io.ReadFull(c, v[:])
	return v, err
}
