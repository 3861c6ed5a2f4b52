package io.meterbill.jobs.db;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL server of a meterbill home, shared by every meterbill process on that home.
 *
 * <p>Life cycle: the first process that needs the database starts the server on the home's data
 * directory; later processes find it through {@code postmaster.pid} and connect to it; each process,
 * when it is done, stops the server only if no other client is connected to it. A server left running
 * by a killed process is simply reused; a {@code postmaster.pid} whose process is gone (the server
 * itself was killed, the machine rebooted) is removed and the server started afresh, with
 * PostgreSQL's own crash recovery. These decisions are taken under an exclusive lock on
 * {@code HOME/pgdata.lock}, which the operating system releases when a holder dies.
 *
 * <p>Security (docs/security.md): the superuser {@code postgres} has a generated password
 * ({@link ServerPassword}); {@code pg_hba.conf} asks for it ({@code scram-sha-256}) on every line and
 * has no replication entry; TCP listens on 127.0.0.1 only and the Unix socket is in
 * {@code HOME/pg-socket} (0700); the server binaries are extracted and checked by
 * {@link ServerBinaries}; the server never runs as root ({@link ServerAccount}). A home made by an
 * older meterbill (trust, no password, socket in /tmp) is brought to this on its next start.
 */
public final class EmbeddedServer {

    /** The application name every meterbill connection carries. */
    public static final String APPLICATION_NAME = "meterbill";
    /** The superuser meterbill connects as. */
    public static final String SUPERUSER = "postgres";

    static final String DATA = "pgdata";
    static final String SOCKET_DIR = "pg-socket";
    static final String BINARIES = "pg-server";
    static final String SERVER_LOG = "logs/postgres.log";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    /** How long a start refused for a reason that passes (a dying server's lock, shared memory, a port) is retried. */
    private static final Duration RETRY_WAIT = Duration.ofSeconds(20);
    /** Longest Unix socket path (sun_path is 108 bytes with its terminating NUL). */
    private static final int MAX_SOCKET_PATH = 107;

    private static final String HBA = """
            # Written by meterbill at each start of the embedded server: changes here are overwritten.
            # Every connection needs the password (HOME/pgpass); no replication; TCP on loopback only.
            # TYPE  DATABASE  USER  ADDRESS        METHOD
            local   all       all                  scram-sha-256
            host    all       all   127.0.0.1/32   scram-sha-256
            host    all       all   ::1/128        scram-sha-256
            """;

    private final Path home;
    private final int port;
    private final String password;

    private EmbeddedServer(Path home, int port, String password) {
        this.home = home;
        this.port = port;
        this.password = password;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?ApplicationName=" + APPLICATION_NAME;
    }

    public String user() {
        return SUPERUSER;
    }

    /** The superuser's password, for the connection pool; never to be logged or printed. */
    public String password() {
        return password;
    }

    /** What {@code postmaster.pid} says about a running server; {@code socketDir} is empty without a Unix socket. */
    public record Postmaster(long pid, int port, String socketDir) {
    }

    /**
     * Attaches to the home's running server, or starts one, then runs {@code connect} while still
     * holding the home lock, so that the caller's first connection exists before any other process
     * can decide the server is unused and stop it.
     *
     * @param serverUser {@code meterbill.db.server-user}, or null/blank for the environment's
     */
    public static <T> T attachOrStart(Path home, String serverUser, ServerUser<T> connect) throws Exception {
        ServerAccount account = ServerAccount.resolve(serverUser);
        prepareHome(home);
        try (HomeLock lock = HomeLock.acquire(home)) {
            return connect.call(ensureRunning(home, account));
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
            Optional<Postmaster> running = running(home);
            if (running.isEmpty()) {
                return;
            }
            if (keptRunning(home)) {
                log.info("embedded PostgreSQL left running: started with meterbill db start (db stop stops it)");
                return;
            }
            int others = otherClientSessions(running.get().port(), password);
            if (others > 0) {
                log.info("embedded PostgreSQL left running: {} other client session(s) connected", others);
                return;
            }
            stop(running.get());
        } catch (IOException e) {
            log.warn("could not lock {} to stop the embedded PostgreSQL: {}", home, e.getMessage());
        }
    }

    /** Marks a home whose server {@code db start} keeps running until {@code db stop}. */
    private static final String KEEP_RUNNING = "pg-keep-running";

    /**
     * Starts the home's server if it is not running and keeps it running (for {@code db start}): no
     * command stops it when it finishes, until {@code db stop} (a server started again after a reboot
     * is kept running too).
     */
    public static Postmaster start(Path home) throws Exception {
        EmbeddedServer server = attachOrStart(home, null, s -> s);
        FileModes.fileWithMode(home.resolve(KEEP_RUNNING), FileModes.OWNER_FILE);
        return running(home).orElse(new Postmaster(-1, server.port(), ""));
    }

    /** Whether {@code db start} asked for the home's server to be kept running. */
    public static boolean keptRunning(Path home) {
        return Files.exists(home.resolve(KEEP_RUNNING));
    }

    /** The server that is running now, or none (for {@code db status}). */
    public static Optional<Postmaster> running(Path home) {
        return postmaster(home.resolve(DATA)).filter(p -> isPostgres(p.pid()));
    }

    /** Stops the home's server whoever started it (for {@code db stop}); returns whether one was running. */
    public static boolean stop(Path home) throws IOException {
        if (!Files.isDirectory(home)) {
            return false;
        }
        try (HomeLock lock = HomeLock.acquire(home)) {
            Files.deleteIfExists(home.resolve(KEEP_RUNNING));
            Optional<Postmaster> running = running(home);
            running.ifPresent(EmbeddedServer::stop);
            return running.isPresent();
        }
    }

    /** The Unix socket folder of the home's server. */
    public static Path socketDirectory(Path home) {
        return home.resolve(SOCKET_DIR);
    }

    /**
     * The home folder (0700 when meterbill creates it), its {@code logs/} folder (0700) and the server
     * log (0600). An existing home loses group and other write.
     */
    public static void prepareHome(Path home) throws IOException {
        if (!Files.isDirectory(home)) {
            FileModes.createDirectory(home, FileModes.OWNER_DIR);
        } else if (ownedByMe(home)) {
            Set<PosixFilePermission> mode = EnumSet.copyOf(Files.getPosixFilePermissions(home));
            if (mode.remove(PosixFilePermission.GROUP_WRITE) | mode.remove(PosixFilePermission.OTHERS_WRITE)) {
                log.warn("{} was writable by others (mode {}); now {}", home, FileModes.octal(home), FileModes.octal(mode));
                Files.setPosixFilePermissions(home, mode);
            }
        }
        Path logs = home.resolve("logs");
        FileModes.createDirectory(logs, FileModes.OWNER_DIR);
        if (ownedByMe(logs)) {
            FileModes.setMode(logs, FileModes.OWNER_DIR);
        }
    }

    private static EmbeddedServer ensureRunning(Path home, ServerAccount account) throws IOException {
        Path data = home.resolve(DATA);
        Optional<Postmaster> found = postmaster(data);
        if (found.isPresent()) {
            Postmaster p = found.get();
            if (isPostgres(p.pid())) {
                if (!secured(home)) {
                    boolean stillRunning = secureRunningServer(home, p);
                    if (!stillRunning) {
                        return startStopped(home, account);
                    }
                }
                String password = ServerPassword.read(home).orElseThrow(() -> new IOException(
                        "the embedded PostgreSQL of " + home + " is running but " + ServerPassword.file(home)
                                + " is missing; stop it (meterbill db stop) and start again to set a new password"));
                if (acceptsConnections(p.port(), password, STARTUP_WAIT, null)) {
                    log.info("attached to the running embedded PostgreSQL (pid {}, port {})", p.pid(), p.port());
                    return new EmbeddedServer(home, p.port(), password);
                }
                throw new IOException("embedded PostgreSQL (pid " + p.pid() + ") on " + data
                        + " is running but does not accept meterbill's connections; see " + home.resolve(SERVER_LOG));
            }
            log.warn("removing stale {} of a PostgreSQL (pid {}) that is no longer running",
                    data.resolve("postmaster.pid"), p.pid());
            Files.deleteIfExists(data.resolve("postmaster.pid"));
        }
        return startStopped(home, account);
    }

    /** True if the home has its password and meterbill's pg_hba.conf (not a home of an older meterbill). */
    private static boolean secured(Path home) throws IOException {
        Path hba = home.resolve(DATA).resolve("pg_hba.conf");
        return Files.isRegularFile(ServerPassword.file(home)) && Files.isRegularFile(hba)
                && Files.readString(hba).equals(HBA);
    }

    /**
     * A server left running by an older meterbill (trust, no password): set the password (hashed on this
     * side, so the server's log never sees it), rewrite pg_hba.conf and reload, so from now on every
     * connection needs the password. If nobody else is connected, stop it so that it starts again with
     * the new socket folder; returns whether it is still running.
     */
    private static boolean secureRunningServer(Path home, Postmaster running) throws IOException {
        log.warn("the embedded PostgreSQL of {} (pid {}) was started without a password (an older meterbill); securing it",
                home, running.pid());
        Optional<String> existing = ServerPassword.read(home);
        String password = existing.isPresent() ? existing.get() : ServerPassword.create(home);
        Path data = home.resolve(DATA);
        int others;
        try (Connection connection = connect(running.port(), existing.isPresent() ? password : null, "meterbill-migration")) {
            connection.unwrap(PGConnection.class).alterUserPassword(SUPERUSER, password.toCharArray(), "scram-sha-256");
            writeHba(data, null);
            try (Statement statement = connection.createStatement()) {
                statement.execute("select pg_reload_conf()");
            }
            others = otherClientSessions(connection);
        } catch (SQLException e) {
            throw new IOException("the embedded PostgreSQL of " + home + " (pid " + running.pid()
                    + ") runs with old settings and could not be secured (" + e.getMessage()
                    + "); stop it with meterbill db stop and run meterbill again", e);
        }
        lockDownOldBinaries(home.resolve(BINARIES));
        if (others > 0) {
            log.warn("the embedded PostgreSQL (pid {}) now asks for the password; {} other session(s) are connected,"
                    + " so it keeps its old socket folder {} until it restarts", running.pid(), others, running.socketDir());
            return true;
        }
        stop(running);
        return false;
    }

    /**
     * Binaries of an older meterbill were extracted into a world-writable folder. While a server started
     * from them runs, they cannot be removed (it loads libraries from there); take write access from
     * everyone else now, and let the next cold start replace them.
     */
    private static void lockDownOldBinaries(Path binaries) throws IOException {
        if (!Files.isDirectory(binaries, LinkOption.NOFOLLOW_LINKS) || !ownedByMe(binaries)) {
            return;
        }
        FileModes.setMode(binaries, FileModes.OWNER_DIR);
        try (var walk = Files.walk(binaries)) {
            for (Path p : walk.toList()) {
                if (!Files.isSymbolicLink(p)) {
                    Set<PosixFilePermission> mode = EnumSet.copyOf(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                    if (mode.remove(PosixFilePermission.GROUP_WRITE) | mode.remove(PosixFilePermission.OTHERS_WRITE)) {
                        Files.setPosixFilePermissions(p, mode);
                    }
                }
            }
        }
    }

    /** Starts the server of a home where none is running: binaries checked, data created or brought up to date. */
    private static EmbeddedServer startStopped(Path home, ServerAccount account) throws IOException {
        account.warnIfUserNamespace();
        account.checkReaches(home);
        ServerBinaries binaries = ServerBinaries.prepare(home.resolve(BINARIES),
                account.kind() == ServerAccount.Kind.SERVICE_USER);
        Path data = home.resolve(DATA);
        Path serverLog = FileModes.fileWithMode(home.resolve(SERVER_LOG), FileModes.OWNER_FILE);
        Path socketDir = FileModes.directoryWithMode(socketDirectory(home), FileModes.OWNER_DIR);
        account.takeOwnership(socketDir);
        Optional<String> existing = ServerPassword.read(home);
        String password;
        if (!Files.exists(data)) {
            password = existing.isPresent() ? existing.get() : ServerPassword.create(home);
            initdb(home, account, binaries, password, serverLog);
        } else {
            account.takeOwnership(data);
            FileModes.setMode(data, FileModes.OWNER_DIR);
            if (existing.isEmpty() || !secured(home)) {
                log.warn("securing the embedded PostgreSQL of {}: setting a password and requiring it for every connection", home);
                password = existing.isPresent() ? existing.get() : ServerPassword.create(home);
                setPasswordSingleUser(data, account, binaries, password, serverLog);
                writeHba(data, account);
            } else {
                password = existing.get();
            }
        }
        Instant deadline = Instant.now().plus(RETRY_WAIT);
        while (true) {
            int port = freePort();
            String socket = socketSetting(socketDir, port);
            long logSize = Files.size(serverLog);
            List<String> command = new ArrayList<>(List.of("setsid", binaries.bin("postgres").toString(),
                    "-D", data.toString(), "-p", Integer.toString(port),
                    "-c", "listen_addresses=127.0.0.1",
                    "-c", "unix_socket_directories=" + socket,
                    "-c", "unix_socket_permissions=0700",
                    "-c", "password_encryption=scram-sha-256",
                    "-c", "max_connections=200",
                    // a billing system of record keeps every committed transaction
                    "-c", "fsync=on",
                    "-c", "synchronous_commit=on"));
            Process postmaster = builder(account.wrap(command), serverLog).redirectInput(new File("/dev/null")).start();
            if (acceptsConnections(port, password, STARTUP_WAIT, postmaster)) {
                Postmaster started = postmaster(data).orElseThrow(
                        () -> new IOException("embedded PostgreSQL started but wrote no postmaster.pid in " + data));
                log.info("started the embedded PostgreSQL (pid {}, port {}, as {}) on {}", started.pid(), started.port(),
                        account.describe(), data);
                return new EmbeddedServer(home, started.port(), password);
            }
            String said = appendedSince(serverLog, logSize);
            if (postmaster.isAlive()) {
                postmaster.destroy();
                throw new IOException("embedded PostgreSQL did not accept connections within " + STARTUP_WAIT.toSeconds()
                        + " s; see " + serverLog);
            }
            if (passes(said) && Instant.now().isBefore(deadline)) {
                log.warn("embedded PostgreSQL did not start ({}); retrying", lastLine(said));
                sleep(Duration.ofMillis(500));
                continue;
            }
            throw new IOException("embedded PostgreSQL did not start: " + lastLine(said) + " (see " + serverLog + ")");
        }
    }

    /** A refusal that goes away by itself: a dying server's lock file or shared memory, a port taken meanwhile. */
    private static boolean passes(String serverSaid) {
        return serverSaid.contains("lock file") || serverSaid.contains("shared memory block")
                || serverSaid.contains("could not bind") || serverSaid.contains("Address already in use")
                || serverSaid.contains("could not create any TCP/IP sockets");
    }

    /** The Unix socket folder, or none (TCP only, with a warning) if the socket's path would be too long. */
    private static String socketSetting(Path socketDir, int port) {
        String dir = socketDir.toString();
        int length = (dir + "/.s.PGSQL." + port).getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_SOCKET_PATH || dir.contains(",") || dir.contains("\"")) {
            log.warn("the home's path is too long (or has a comma or quote) for a Unix socket in {}: the embedded"
                    + " PostgreSQL listens on 127.0.0.1 only", socketDir);
            return "";
        }
        return dir;
    }

    /**
     * Creates the data directory with initdb: the superuser's password is given in a 0600 file in the
     * 0700 socket folder, deleted as soon as initdb is done (never on a command line); every line of
     * pg_hba.conf asks for it. initdb writes into a folder beside pgdata, renamed when complete, so a
     * pgdata that exists is whole.
     */
    private static void initdb(Path home, ServerAccount account, ServerBinaries binaries, String password,
            Path serverLog) throws IOException {
        Path data = home.resolve(DATA);
        Path partial = home.resolve(DATA + ".initdb");
        ServerBinaries.deleteTree(partial);
        FileModes.createDirectory(partial, FileModes.OWNER_DIR);
        account.takeOwnership(partial);
        log.info("creating the embedded PostgreSQL's data directory {}", data);
        Path pwfile = socketDirectory(home).resolve(".initdb-password");
        try {
            FileModes.writeAtomically(pwfile, password + "\n", FileModes.OWNER_FILE);
            account.takeOwnership(pwfile);
            List<String> command = List.of(binaries.bin("initdb").toString(), "-D", partial.toString(),
                    "--auth=scram-sha-256", "--pwfile=" + pwfile, "-U", SUPERUSER, "-E", "UTF-8", "--no-instructions");
            run(account.wrap(command), "", serverLog, "initdb");
        } finally {
            Files.deleteIfExists(pwfile);
        }
        writeHba(partial, account);
        Files.move(partial, data, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Sets the superuser's password on a stopped server through single-user mode: the statement carries
     * the SCRAM verifier computed here (never the password) and goes in on standard input.
     */
    private static void setPasswordSingleUser(Path data, ServerAccount account, ServerBinaries binaries,
            String password, Path serverLog) throws IOException {
        String verifier = PasswordUtil.encodeScramSha256(password.toCharArray());
        String statement = "ALTER ROLE " + SUPERUSER + " PASSWORD '" + verifier + "';\n";
        List<String> command = List.of(binaries.bin("postgres").toString(), "--single", "-D", data.toString(),
                "-c", "log_min_error_statement=panic", "-c", "fsync=on", "postgres");
        run(account.wrap(command), statement, serverLog, "setting the password (single-user mode)");
    }

    private static void run(List<String> command, String input, Path serverLog, String what) throws IOException {
        long logSize = Files.size(serverLog);
        Process process = builder(command, serverLog).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(what + " did not finish in 5 minutes; see " + serverLog);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException(what + " interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(what + " failed: " + lastLine(appendedSince(serverLog, logSize)) + " (see " + serverLog + ")");
        }
    }

    /** A server process: its output appended to the server log, no PG* variables of the caller. */
    private static ProcessBuilder builder(List<String> command, Path serverLog) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("PG") || name.equals("LD_PRELOAD") || name.equals("LD_LIBRARY_PATH"));
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(serverLog.toFile()));
        builder.redirectError(ProcessBuilder.Redirect.appendTo(serverLog.toFile()));
        return builder;
    }

    /** Writes meterbill's pg_hba.conf if the file says anything else; gives it to the server account. */
    private static void writeHba(Path data, ServerAccount account) throws IOException {
        Path hba = data.resolve("pg_hba.conf");
        if (Files.isRegularFile(hba) && Files.readString(hba).equals(HBA)) {
            return;
        }
        if (account == null) { // a running server's own files: keep their owner
            int owner = (Integer) Files.getAttribute(hba, "unix:uid");
            int group = (Integer) Files.getAttribute(hba, "unix:gid");
            FileModes.writeAtomically(hba, HBA, FileModes.OWNER_FILE);
            if (ServerAccount.currentUid() == 0) {
                Files.setAttribute(hba, "unix:uid", owner);
                Files.setAttribute(hba, "unix:gid", group);
            }
            return;
        }
        FileModes.writeAtomically(hba, HBA, FileModes.OWNER_FILE);
        account.takeOwnership(hba);
    }

    private static String appendedSince(Path file, long offset) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = Math.max(offset, length - 8192);
            byte[] bytes = new byte[(int) Math.max(0, length - from)];
            raf.seek(from);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().filter(l -> !l.isBlank()).toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains("FATAL") || lines.get(i).contains("ERROR")) {
                return lines.get(i).strip();
            }
        }
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).strip();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    static Optional<Postmaster> postmaster(Path data) {
        Path pidFile = data.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            String socketDir = lines.size() > 4 ? lines.get(4).strip() : "";
            return Optional.of(new Postmaster(Long.parseLong(lines.get(0).strip()), Integer.parseInt(lines.get(3).strip()),
                    socketDir));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** True if the process lives and is a PostgreSQL server (not another process that got its pid after a reboot). */
    private static boolean isPostgres(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(handle -> handle.info().command().map(c -> c.endsWith("/postgres") || c.endsWith("/postgres (deleted)"))
                        .orElse(true))
                .orElse(false);
    }

    private static boolean acceptsConnections(int port, String password, Duration wait, Process starting) {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            try (Connection ignored = connect(port, password, "meterbill-probe")) {
                return true;
            } catch (SQLException e) {
                if (Instant.now().isAfter(deadline) || (starting != null && !starting.isAlive())) {
                    return false;
                }
                sleep(Duration.ofMillis(200));
            }
        }
    }

    private static int otherClientSessions(int port, String password) {
        try (Connection connection = connect(port, password, "meterbill-shutdown")) {
            return otherClientSessions(connection);
        } catch (SQLException e) {
            return 0; // not accepting connections: nobody can be using it
        }
    }

    private static int otherClientSessions(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select count(*) from pg_stat_activity"
                        + " where backend_type = 'client backend' and pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Connection connect(int port, String password, String applicationName) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", props);
    }

    /** Fast shutdown: open transactions roll back, the server writes a checkpoint and exits. */
    private static void stop(Postmaster postmaster) {
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

    private static boolean ownedByMe(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) == ServerAccount.currentUid();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An exclusive lock on HOME/pgdata.lock (0600), held by one process at a time and freed if it dies. */
    static final class HomeLock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private HomeLock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        static HomeLock acquire(Path home) throws IOException {
            if (!Files.isDirectory(home)) {
                prepareHome(home);
            }
            Path file = home.resolve("pgdata.lock");
            FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(FileModes.OWNER_FILE));
            try {
                if (ownedByMe(file)) {
                    FileModes.setMode(file, FileModes.OWNER_FILE);
                }
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
