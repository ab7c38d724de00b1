// Package devserver builds and runs a real local Neo4j 5.26 Community server
// for development and tests, without Docker.
//
// The server is a small Java launcher (DevServer.java, built with Maven from
// pom.xml in this folder) that embeds Neo4j and serves Bolt on 127.0.0.1 with
// authentication disabled. Requirements: a JDK 17 ("java", or $JAVA_HOME/bin/java)
// and Maven ("mvn") on PATH; the first build downloads Neo4j's jars (about
// 120 MB) from Maven Central into ~/.m2.
//
// Typical use in a test:
//
//	srv, err := devserver.Start(ctx, devserver.Options{Dir: "../neo4j/devserver", DataDir: t.TempDir()})
//	if err != nil { t.Fatal(err) }
//	defer srv.Stop()
//	uri := srv.URI() // bolt://127.0.0.1:PORT, use neo4j.NoAuth()
//
// The package is Unix-only (process groups and signals).
package devserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Default option values.
const (
	DefaultHeap         = "1g"
	DefaultPageCache    = "256m"
	DefaultTxTimeout    = "30s"
	DefaultStartTimeout = 180 * time.Second

	// StopTimeout is how long Stop waits after SIGTERM before it sends SIGKILL.
	StopTimeout = 60 * time.Second
)

const (
	mainClass  = "relgraph.devserver.DevServer"
	classFile  = "target/classes/relgraph/devserver/DevServer.class"
	libDir     = "target/lib"
	stampFile  = "target/.devserver-build-stamp"
	lockFile   = "target/.devserver-build.lock"
	readyToken = "READY "
	tailSize   = 16 << 10
)

// jvmFlags are passed to java besides -Xmx and the class path. The
// --add-opens flags are the ones Neo4j's own Java 17 test runs use.
var jvmFlags = []string{
	"-XX:+UseG1GC",
	"--add-opens", "java.base/java.lang=ALL-UNNAMED",
	"--add-opens", "java.base/java.nio=ALL-UNNAMED",
	"--add-opens", "java.base/java.io=ALL-UNNAMED",
	"--add-opens", "java.base/java.util=ALL-UNNAMED",
	"--add-opens", "java.base/java.util.concurrent=ALL-UNNAMED",
	"--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
	"-Dio.netty.tryReflectionSetAccessible=true",
}

// Options configures Start. Only Dir is required.
type Options struct {
	// Dir is the folder containing pom.xml and src/ (this package's folder,
	// neo4j/devserver in the repository). Relative paths are resolved
	// against the current working directory.
	Dir string
	// DataDir is the Neo4j home: databases, transaction logs and logs/debug.log
	// go there. Empty means a fresh temporary directory that Stop removes.
	// Only one server may use a data directory at a time.
	DataDir string
	// Port is the Bolt port on 127.0.0.1; 0 picks a free port.
	Port int
	// Heap is the JVM max heap (-Xmx), e.g. "1g" (the default).
	Heap string
	// PageCache is Neo4j's page cache size, e.g. "256m" (the default).
	PageCache string
	// TxTimeout is Neo4j's transaction timeout, e.g. "30s" (the default).
	TxTimeout string
	// Stdout and Stderr receive the java process output (the READY line
	// excepted) and, for Stderr, Maven's output when Build runs. Nil
	// discards it; on a failed start the error holds the tail of stderr.
	Stdout, Stderr io.Writer
	// StartTimeout bounds the wait for the server to become ready, not
	// counting the Maven build. Zero means DefaultStartTimeout.
	StartTimeout time.Duration
}

// Server is a running devserver process. Stop it with Stop.
type Server struct {
	uri     string
	port    int
	dataDir string
	tempDir bool // dataDir was created by Start and is removed by Stop
	cmd     *exec.Cmd
	stdinW  *os.File // closing it makes the server shut down (--stop-on-stdin-eof)
	stderr  *tailBuffer

	done     chan struct{} // closed when the process has exited
	waitErr  error         // cmd.Wait result; valid after done is closed
	stopping atomic.Bool   // Stop has signalled the process

	stopOnce sync.Once
	stopErr  error
}

// URI returns the Bolt URI, "bolt://127.0.0.1:PORT".
func (s *Server) URI() string { return s.uri }

// Port returns the Bolt port.
func (s *Server) Port() int { return s.port }

// DataDir returns the Neo4j home directory the server uses.
func (s *Server) DataDir() string { return s.dataDir }

// PID returns the java process id.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Wait blocks until the java process exits. It returns nil if the process
// exited because Stop asked it to, or cleanly on its own.
func (s *Server) Wait() error {
	<-s.done
	return s.exitResult()
}

// Stop shuts the server down: SIGTERM (Neo4j's shutdown hook checkpoints
// and closes the stores), then SIGKILL if the process is still running after
// StopTimeout. It waits for the process to exit and removes a temporary data
// directory. Stop is idempotent and safe for concurrent use; every call
// returns the result of the first.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() { s.stopErr = s.stop() })
	return s.stopErr
}

func (s *Server) stop() error {
	var errs []error
	select {
	case <-s.done:
		// Already gone: report how it ended.
		if err := s.exitResult(); err != nil {
			errs = append(errs, fmt.Errorf("neo4j devserver had already exited: %w%s", err, s.stderrTail()))
		}
	default:
		s.stopping.Store(true)
		pid := s.cmd.Process.Pid
		if err := syscall.Kill(pid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
			errs = append(errs, fmt.Errorf("neo4j devserver: SIGTERM: %w", err))
		}
		timer := time.NewTimer(StopTimeout)
		select {
		case <-s.done:
			timer.Stop()
			if err := s.exitResult(); err != nil {
				errs = append(errs, fmt.Errorf("neo4j devserver: %w%s", err, s.stderrTail()))
			}
		case <-timer.C:
			_ = syscall.Kill(-pid, syscall.SIGKILL) // the whole process group
			<-s.done
			errs = append(errs, fmt.Errorf("neo4j devserver did not stop within %v of SIGTERM; killed it", StopTimeout))
		}
	}
	_ = s.stdinW.Close()
	if s.tempDir {
		if err := os.RemoveAll(s.dataDir); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// exitResult interprets the process exit. Call only after done is closed.
func (s *Server) exitResult() error {
	err := s.waitErr
	if err == nil {
		return nil
	}
	if s.stopping.Load() {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok {
				// The JVM exits with 128+SIGTERM after running shutdown hooks.
				if ws.Signaled() && ws.Signal() == syscall.SIGTERM ||
					ws.Exited() && ws.ExitStatus() == 128+int(syscall.SIGTERM) {
					return nil
				}
			}
		}
	}
	return err
}

func (s *Server) stderrTail() string {
	t := strings.TrimSpace(s.stderr.String())
	if t == "" {
		return ""
	}
	return "\njava stderr (tail):\n" + t
}

// Start builds the launcher if needed (see Build) and starts a Neo4j server.
// It returns once the server printed its READY line and the Bolt port accepts
// TCP connections. ctx bounds the build and the startup only: once Start has
// returned, the server runs until Stop, or until this process exits (the
// server watches its stdin and shuts down when the pipe closes).
func Start(ctx context.Context, opts Options) (*Server, error) {
	if opts.Dir == "" {
		return nil, errors.New("devserver: Options.Dir (the folder with pom.xml) is required")
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("devserver: %w", err)
	}
	if opts.Port < 0 || opts.Port > 65535 {
		return nil, fmt.Errorf("devserver: port %d out of range", opts.Port)
	}
	heap := orDefault(opts.Heap, DefaultHeap)
	pageCache := orDefault(opts.PageCache, DefaultPageCache)
	txTimeout := orDefault(opts.TxTimeout, DefaultTxTimeout)
	startTimeout := opts.StartTimeout
	if startTimeout <= 0 {
		startTimeout = DefaultStartTimeout
	}
	userStdout := safeWriter{opts.Stdout}
	userStderr := safeWriter{opts.Stderr}

	if err := Build(ctx, dir, userStderr); err != nil {
		return nil, err
	}
	java, err := javaPath()
	if err != nil {
		return nil, err
	}

	s := &Server{done: make(chan struct{}), stderr: newTailBuffer(tailSize)}
	if opts.DataDir == "" {
		s.dataDir, err = os.MkdirTemp("", "relgraph-neo4j-")
		if err != nil {
			return nil, fmt.Errorf("devserver: %w", err)
		}
		s.tempDir = true
	} else if s.dataDir, err = filepath.Abs(opts.DataDir); err != nil {
		return nil, fmt.Errorf("devserver: %w", err)
	}
	cleanup := func() {
		if s.tempDir {
			_ = os.RemoveAll(s.dataDir)
		}
	}

	args := append([]string{"-Xmx" + heap}, jvmFlags...)
	args = append(args,
		"-cp", filepath.Join(dir, "target", "classes")+string(os.PathListSeparator)+filepath.Join(dir, libDir, "*"),
		mainClass,
		"--port", strconv.Itoa(opts.Port),
		"--data", s.dataDir,
		"--pagecache", pageCache,
		"--tx-timeout", txTimeout,
		"--stop-on-stdin-eof",
	)
	cmd := exec.Command(java, args...)
	cmd.Dir = dir
	// Own process group: a Ctrl-C in the terminal reaches us, not the server;
	// we decide when to stop it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdinR, stdinW, err := os.Pipe()
	if err != nil {
		cleanup()
		return nil, fmt.Errorf("devserver: %w", err)
	}
	cmd.Stdin = stdinR
	ready := make(chan string, 1)
	cmd.Stdout = &readyWriter{out: userStdout, ready: ready}
	cmd.Stderr = io.MultiWriter(s.stderr, userStderr)
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		stdinR.Close()
		stdinW.Close()
		cleanup()
		return nil, fmt.Errorf("devserver: starting java: %w", err)
	}
	stdinR.Close()
	s.cmd = cmd
	s.stdinW = stdinW
	go func() {
		s.waitErr = cmd.Wait()
		close(s.done)
	}()

	fail := func(format string, a ...any) (*Server, error) {
		msg := fmt.Sprintf(format, a...)
		s.stopOnce.Do(func() {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-s.done
			_ = stdinW.Close()
			cleanup()
		})
		return nil, fmt.Errorf("devserver: %s (data dir %s)%s", msg, s.dataDir, s.stderrTail())
	}

	timer := time.NewTimer(startTimeout)
	defer timer.Stop()
	select {
	case line := <-ready:
		s.uri = strings.TrimSpace(strings.TrimPrefix(line, readyToken))
	case <-s.done:
		return fail("java exited before the server was ready: %v", s.waitErr)
	case <-timer.C:
		return fail("server not ready within %v", startTimeout)
	case <-ctx.Done():
		return fail("start interrupted: %v", context.Cause(ctx))
	}

	hostPort, ok := strings.CutPrefix(s.uri, "bolt://")
	_, portStr, splitErr := net.SplitHostPort(hostPort)
	port, atoiErr := strconv.Atoi(portStr)
	if !ok || splitErr != nil || atoiErr != nil || (opts.Port != 0 && port != opts.Port) {
		return fail("unexpected READY line %q", s.uri)
	}
	s.port = port

	// The launcher prints READY after the Bolt connector started; still make
	// sure the port accepts connections before handing it out.
	for {
		c, err := net.DialTimeout("tcp", hostPort, time.Second)
		if err == nil {
			c.Close()
			return s, nil
		}
		select {
		case <-s.done:
			return fail("java exited after READY: %v", s.waitErr)
		case <-timer.C:
			return fail("bolt port %s not accepting connections within %v: %v", hostPort, startTimeout, err)
		case <-ctx.Done():
			return fail("start interrupted: %v", context.Cause(ctx))
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Build runs the Maven build in dir (mvn -B -q package, which compiles
// DevServer.java and copies the runtime jars into target/lib) unless the
// output is up to date: target/classes/.../DevServer.class and target/lib
// exist and neither pom.xml nor any file under src/ is newer than the last
// build. Maven's output goes to log (nil discards it); on failure the error
// holds its tail. Concurrent Builds of the same dir, also from other
// processes, are serialized with a file lock.
func Build(ctx context.Context, dir string, log io.Writer) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("devserver: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "pom.xml")); err != nil {
		return fmt.Errorf("devserver: %s is not the devserver folder: %w", dir, err)
	}
	if fresh, err := upToDate(dir); err != nil {
		return fmt.Errorf("devserver: %w", err)
	} else if fresh {
		return nil
	}

	if err := os.MkdirAll(filepath.Join(dir, "target"), 0o755); err != nil {
		return fmt.Errorf("devserver: %w", err)
	}
	unlock, err := lock(ctx, filepath.Join(dir, lockFile))
	if err != nil {
		return fmt.Errorf("devserver: build lock: %w", err)
	}
	defer unlock()
	// Someone else may have built while we waited for the lock.
	if fresh, err := upToDate(dir); err != nil {
		return fmt.Errorf("devserver: %w", err)
	} else if fresh {
		return nil
	}

	mvn, err := exec.LookPath("mvn")
	if err != nil {
		return fmt.Errorf("devserver: Maven (mvn) not found on PATH; it is needed once to build the Neo4j launcher in %s: %w", dir, err)
	}
	// Start from an empty lib folder so a changed Neo4j version does not
	// leave old jars next to the new ones.
	if err := os.RemoveAll(filepath.Join(dir, libDir)); err != nil {
		return fmt.Errorf("devserver: %w", err)
	}
	_ = os.Remove(filepath.Join(dir, stampFile))

	tail := newTailBuffer(tailSize)
	cmd := exec.CommandContext(ctx, mvn, "-B", "-q", "-Dstyle.color=never", "package")
	cmd.Dir = dir
	cmd.Stdout = io.MultiWriter(tail, safeWriter{log})
	cmd.Stderr = cmd.Stdout
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("devserver: mvn package in %s: %w\n%s", dir, err, strings.TrimSpace(tail.String()))
	}
	if _, err := os.Stat(filepath.Join(dir, classFile)); err != nil {
		return fmt.Errorf("devserver: mvn package succeeded but %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, stampFile), nil, 0o644); err != nil {
		return fmt.Errorf("devserver: %w", err)
	}
	return nil
}

// upToDate reports whether the build output in dir exists and is newer than
// pom.xml and everything under src/.
func upToDate(dir string) (bool, error) {
	class, err := os.Stat(filepath.Join(dir, classFile))
	if err != nil {
		return false, nil
	}
	jars, _ := filepath.Glob(filepath.Join(dir, libDir, "*.jar"))
	if len(jars) == 0 {
		return false, nil
	}
	built := class.ModTime()
	// Maven may leave the class file untouched when only pom.xml changed;
	// the stamp written after each successful Build covers that.
	if st, err := os.Stat(filepath.Join(dir, stampFile)); err == nil && st.ModTime().After(built) {
		built = st.ModTime()
	}
	newer := false
	check := func(path string) error {
		st, err := os.Stat(path)
		if err != nil {
			return err
		}
		if st.ModTime().After(built) {
			newer = true
		}
		return nil
	}
	if err := check(filepath.Join(dir, "pom.xml")); err != nil {
		return false, err
	}
	err = filepath.WalkDir(filepath.Join(dir, "src"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || newer {
			return err
		}
		if d.Type().IsRegular() {
			return check(path)
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	return !newer, nil
}

// lock takes an exclusive flock on path, polling so that ctx can cancel.
func lock(ctx context.Context, path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				f.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, err
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, context.Cause(ctx)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func javaPath() (string, error) {
	if home := os.Getenv("JAVA_HOME"); home != "" {
		p := filepath.Join(home, "bin", "java")
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	p, err := exec.LookPath("java")
	if err != nil {
		return "", fmt.Errorf("devserver: java (JDK 17+) not found on PATH or in $JAVA_HOME: %w", err)
	}
	return p, nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// readyWriter forwards the java process stdout line by line to out, except
// for the first READY line, which it sends on ready.
type readyWriter struct {
	out   io.Writer
	ready chan<- string
	buf   []byte
	seen  bool
}

func (w *readyWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			break
		}
		line := w.buf[:i+1]
		if !w.seen && bytes.HasPrefix(line, []byte(readyToken)) {
			w.seen = true
			w.ready <- string(bytes.TrimRight(line, "\r\n"))
		} else {
			_, _ = w.out.Write(line)
		}
		w.buf = w.buf[i+1:]
	}
	// Do not hold on to an unterminated line forever.
	if len(w.buf) > 64<<10 {
		_, _ = w.out.Write(w.buf)
		w.buf = w.buf[:0]
	}
	return len(p), nil
}

// safeWriter never fails and discards when W is nil, so that a failing
// caller-supplied writer cannot stall the child's output pipes.
type safeWriter struct{ W io.Writer }

func (w safeWriter) Write(p []byte) (int, error) {
	if w.W != nil {
		_, _ = w.W.Write(p)
	}
	return len(p), nil
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func newTailBuffer(max int) *tailBuffer { return &tailBuffer{max: max} }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := string(t.buf)
	if len(t.buf) >= t.max {
		// Drop the partial first line.
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			s = "..." + s[i:]
		}
	}
	return s
}

// adminClass is Neo4j's neo4j-admin, from the jars the server runs on.
const adminClass = "org.neo4j.cli.AdminTool"

// HoldsDatabase reports whether a data directory (a Neo4j home) holds a
// store of the default database already.
func HoldsDatabase(dataDir string) bool {
	entries, err := os.ReadDir(filepath.Join(dataDir, "data", "databases", "neo4j"))
	return err == nil && len(entries) > 0
}

// BulkImport runs Neo4j's offline importer (neo4j-admin database import
// full, from the server's own jars) into the default database of
// opts.DataDir, which no server may be using and which must not hold a
// database yet. args are the importer's options (the files); the database
// name is added. opts.Heap bounds the JVM heap, opts.PageCache the
// importer's off-heap memory; its report goes to opts.Stdout and
// opts.Stderr.
func BulkImport(ctx context.Context, opts Options, args []string) error {
	if opts.Dir == "" || opts.DataDir == "" {
		return errors.New("devserver: BulkImport needs Options.Dir and Options.DataDir")
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return fmt.Errorf("devserver: %w", err)
	}
	home, err := filepath.Abs(opts.DataDir)
	if err != nil {
		return fmt.Errorf("devserver: %w", err)
	}
	if HoldsDatabase(home) {
		return fmt.Errorf("devserver: %s already holds a database; the offline importer only fills an empty one", home)
	}
	if err := Build(ctx, dir, safeWriter{opts.Stderr}); err != nil {
		return err
	}
	java, err := javaPath()
	if err != nil {
		return err
	}
	jvm := append([]string{"-Xmx" + orDefault(opts.Heap, DefaultHeap)}, jvmFlags...)
	jvm = append(jvm, "-cp", filepath.Join(dir, libDir, "*"), adminClass, "database", "import", "full")
	jvm = append(jvm, args...)
	jvm = append(jvm, "--max-off-heap-memory="+orDefault(opts.PageCache, DefaultPageCache), "neo4j")
	cmd := exec.CommandContext(ctx, java, jvm...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NEO4J_HOME="+home, "NEO4J_CONF="+filepath.Join(home, "conf"))
	tail := newTailBuffer(tailSize)
	cmd.Stdout = safeWriter{opts.Stdout}
	cmd.Stderr = io.MultiWriter(tail, safeWriter{opts.Stderr})
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("devserver: the offline import failed: %v\n%s", err, tail.String())
	}
	return nil
}
