package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// When Neo4j dies under the command, withneo4j stops the command and
// exits 1 instead of waiting on it for ever (make neo4j-start runs
// `sleep infinity` under it).
func TestNeo4jDeathStopsTheCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Neo4j")
	}
	// withneo4j's stderr, line by line.
	r, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(context.Background(), []string{"-v", "--", "sleep", "300"}, nil, nil, io.Discard, w)
		w.Close()
		done <- err
	}()
	lines := make(chan string, 100)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	pidLine := regexp.MustCompile(`ready at \S+ after \S+ \(pid (\d+)`)
	var said []string
	var pid int
	for line := range lines {
		said = append(said, line)
		if m := pidLine.FindStringSubmatch(line); m != nil {
			pid, _ = strconv.Atoi(m[1])
			break
		}
	}
	if pid == 0 {
		t.Fatalf("Neo4j did not get ready: %v\n%s", <-done, strings.Join(said, "\n"))
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// The rest of stderr, up to withneo4j's end.
	timeout := time.After(30 * time.Second)
	for more := true; more; {
		select {
		case line, ok := <-lines:
			if more = ok; ok {
				said = append(said, line)
			}
		case <-timeout:
			t.Fatal("withneo4j still runs 30 s after Neo4j died")
		}
	}
	var code exitCode
	if err := <-done; !errors.As(err, &code) || code != 1 {
		t.Errorf("withneo4j returned %v, want exit status 1", err)
	}
	if out := strings.Join(said, "\n"); !strings.Contains(out, "Neo4j exited while sleep was running") {
		t.Errorf("stderr does not say why:\n%s", out)
	}
}
