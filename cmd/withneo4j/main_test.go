package main

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// When Neo4j dies under the command, withneo4j stops the command and
// exits 1 instead of waiting on it for ever (make neo4j-start runs
// `sleep infinity` under it).
func TestNeo4jDeathStopsTheCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Neo4j")
	}
	var stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(context.Background(), []string{"-v", "--", "sleep", "300"}, nil, nil, &bytes.Buffer{}, &stderr)
	}()
	pidLine := regexp.MustCompile(`ready at \S+ after \S+ \(pid (\d+)`)
	deadline := time.Now().Add(3 * time.Minute)
	var pid int
	for pid == 0 && time.Now().Before(deadline) {
		if m := pidLine.FindStringSubmatch(stderr.String()); m != nil {
			pid, _ = strconv.Atoi(m[1])
		}
		select {
		case err := <-done:
			t.Fatalf("withneo4j ended before Neo4j was ready: %v\n%s", err, stderr.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
	if pid == 0 {
		t.Fatalf("Neo4j did not get ready:\n%s", stderr.String())
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		var code exitCode
		if !errors.As(err, &code) || code != 1 {
			t.Errorf("withneo4j returned %v, want exit status 1", err)
		}
		if !strings.Contains(stderr.String(), "Neo4j exited while sleep was running") {
			t.Errorf("stderr does not say why:\n%s", stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("withneo4j still runs 30 s after Neo4j died")
	}
}
