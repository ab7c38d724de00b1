package relgraph.devserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * A local Neo4j Community server for development and tests.
 *
 * <p>Starts an embedded DBMS with only the Bolt connector (127.0.0.1, no auth, no TLS), prints
 * exactly one line {@code READY bolt://127.0.0.1:<port>} to stdout once the default database is
 * available, and then blocks until the JVM is asked to stop (SIGTERM/SIGINT run a shutdown hook
 * that shuts the DBMS down cleanly).
 *
 * <pre>
 * java -Xmx1g -XX:+UseG1GC ... -cp "target/classes:target/lib/*" relgraph.devserver.DevServer \
 *     [--port 7687] [--data data] [--pagecache 256m] [--tx-timeout 30s] [--tx-memory 512m] \
 *     [--stop-on-stdin-eof]
 * </pre>
 *
 * <p>{@code --port 0} picks a free port. {@code --tx-memory} defaults to half of the max heap.
 * {@code --stop-on-stdin-eof} shuts the server down when stdin reaches end of file, so a parent
 * process that dies without stopping us does not leave the server running.
 */
public final class DevServer {
    private static final String HOST = "127.0.0.1";
    private static final long AVAILABLE_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(5);

    private DevServer() {}

    public static void main(String[] args) {
        // Neo4j may print to stdout; keep our READY line on the real stdout and flush it ourselves.
        PrintStream out = System.out;
        try {
            run(args, out);
        } catch (UsageException e) {
            System.err.println("devserver: " + e.getMessage());
            System.err.println(
                    "usage: DevServer [--port N] [--data DIR] [--pagecache SIZE] [--tx-timeout DURATION]"
                            + " [--tx-memory SIZE] [--stop-on-stdin-eof]");
            System.err.flush();
            System.exit(2);
        } catch (Throwable t) {
            System.err.println("devserver: startup failed: " + t);
            t.printStackTrace(System.err);
            System.err.flush();
            System.exit(1);
        }
    }

    private static void run(String[] args, PrintStream out) throws Exception {
        int port = Integer.getInteger("devserver.port", 7687);
        String data = System.getProperty("devserver.data", "data");
        String pageCache = System.getProperty("devserver.pagecache", "256m");
        String txTimeout = System.getProperty("devserver.txTimeout", "30s");
        String txMemory = System.getProperty("devserver.txMemory", "");
        boolean stopOnStdinEof = Boolean.getBoolean("devserver.stopOnStdinEof");

        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port":
                    port = parsePort(value(args, ++i, a));
                    break;
                case "--data":
                    data = value(args, ++i, a);
                    break;
                case "--pagecache":
                    pageCache = value(args, ++i, a);
                    break;
                case "--tx-timeout":
                    txTimeout = value(args, ++i, a);
                    break;
                case "--tx-memory":
                    txMemory = value(args, ++i, a);
                    break;
                case "--stop-on-stdin-eof":
                    stopOnStdinEof = true;
                    break;
                case "-h":
                case "--help":
                    throw new UsageException("help requested");
                default:
                    throw new UsageException("unknown argument " + a);
            }
        }
        if (port < 0 || port > 65535) {
            throw new UsageException("port out of range: " + port);
        }

        long pageCacheBytes = parse(SettingValueParsers.BYTES::parse, pageCache, "--pagecache");
        Duration txTimeoutDuration = parse(SettingValueParsers.DURATION::parse, txTimeout, "--tx-timeout");
        long txMemoryBytes = txMemory.isEmpty()
                ? Runtime.getRuntime().maxMemory() / 2
                : parse(SettingValueParsers.BYTES::parse, txMemory, "--tx-memory");

        if (port == 0) {
            port = freePort();
        }

        Path home = Path.of(data).toAbsolutePath().normalize();
        Files.createDirectories(home);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes)
                .setConfig(GraphDatabaseSettings.transaction_timeout, txTimeoutDuration)
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, txMemoryBytes)
                // Throwaway test databases: do not reserve disk space for transaction logs.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // By default each Bolt event loop group waits a 5 s quiet period on shutdown
                // (there are two: "bolt" and "bolt-local"), which makes stopping take 10+ s.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                dbms.shutdown();
                            } catch (Throwable t) {
                                System.err.println("devserver: shutdown failed: " + t);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "devserver-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(AVAILABLE_TIMEOUT_MS)) {
            throw new IllegalStateException("database " + GraphDatabaseSettings.DEFAULT_DATABASE_NAME
                    + " not available after " + AVAILABLE_TIMEOUT_MS + " ms");
        }

        if (stopOnStdinEof) {
            Thread watcher = new Thread(DevServer::exitOnStdinEof, "devserver-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        out.println("READY bolt://" + HOST + ":" + port);
        out.flush();

        // Block until the JVM shuts down (the hook counts the latch down).
        stopped.await();
    }

    private static void exitOnStdinEof() {
        InputStream in = System.in;
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // discard
            }
        } catch (IOException ignored) {
            // treat like EOF
        }
        System.err.println("devserver: stdin closed, shutting down");
        System.exit(0); // runs the shutdown hook
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new UsageException(flag + " needs a value");
        }
        return args[i];
    }

    private static int parsePort(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new UsageException("bad port " + s);
        }
    }

    private interface Parser<T> {
        T parse(String s);
    }

    private static <T> T parse(Parser<T> p, String s, String flag) {
        try {
            return p.parse(s);
        } catch (RuntimeException e) {
            throw new UsageException("bad value for " + flag + ": " + s + " (" + e.getMessage() + ")");
        }
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String msg) {
            super(msg);
        }
    }
}
