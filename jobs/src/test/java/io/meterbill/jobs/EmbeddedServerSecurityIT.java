package io.meterbill.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.meterbill.jobs.cli.MeterbillCommand;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL of a home is for its owner only: password on every connection (TCP and the
 * home's socket), no replication, owner-only files, checked binaries, never plain root; and a home
 * made by an older meterbill (trust, socket in /tmp, world-writable binaries) is secured on its next start.
 */
class EmbeddedServerSecurityIT {

    @TempDir
    Path tmp;

    @AfterEach
    void clearProperties() {
        System.clearProperty("meterbill.db.server-user");
        for (String name : List.of("meterbill.db.server-user", "meterbill.db.password-file", "meterbill.db.migration-user",
                "meterbill.db.migration-password-file")) {
            MeterbillCommand.setExtraProperty(name, null);
        }
    }

    @Test
    void aFreshHomeAsksForThePasswordOnEveryPathAndKeepsItsFilesToItsOwner() throws Exception {
        MeterbillHome home = new MeterbillHome(tmp.resolve("home"));
        MeterbillHome.Result start = home.run("db", "start");
        assertThat(start.exitCode()).as(start.toString()).isZero();
        try {
            int port = port(home);
            String password = password(home);

            // TCP: no password, a wrong one, then the right one
            assertThatThrownBy(() -> connect(port, "postgres", null).close()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password");
            assertThatThrownBy(() -> connect(port, "postgres", "wrong").close()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            try (Connection c = connect(port, "postgres", password); Statement s = c.createStatement()) {
                var rs = s.executeQuery("select current_setting('unix_socket_directories'), current_setting('listen_addresses'),"
                        + " (select count(*) from pg_hba_file_rules where auth_method <> 'scram-sha-256' or 'replication' = any(database))");
                rs.next();
                assertThat(Path.of(rs.getString(1))).isEqualTo(home.path().resolve("pg-socket"));
                assertThat(rs.getString(2)).isEqualTo("127.0.0.1");
                assertThat(rs.getInt(3)).as("hba lines other than scram-sha-256, or for replication").isZero();
            }
            assertThat(Files.readString(home.path().resolve("pgdata/pg_hba.conf")))
                    .doesNotContain("trust").doesNotContain("replication ");

            // the Unix socket: psql without the password is refused, with the home's password file let in
            Path socketDir = home.path().resolve("pg-socket");
            assertThat(Files.exists(socketDir.resolve(".s.PGSQL." + port))).isTrue();
            Path psql = onPath("psql");
            if (psql != null) {
                Run refused = runProcess(List.of(psql.toString(), "-w", "-h", socketDir.toString(), "-p", Integer.toString(port),
                        "-U", "postgres", "-d", "postgres", "-c", "select 1"), null);
                assertThat(refused.exit()).isNotZero();
                assertThat(refused.output()).contains("no password supplied");
                Run allowed = runProcess(List.of(psql.toString(), "-w", "-At", "-h", socketDir.toString(), "-p",
                        Integer.toString(port), "-U", "postgres", "-d", "postgres", "-c", "select current_user"),
                        home.path().resolve("pgpass"));
                assertThat(allowed.output().strip()).as(allowed.output()).isEqualTo("postgres");
                if (uid() == 0) {
                    // another local user cannot even reach the socket
                    Run other = runProcess(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                            psql.toString(), "-w", "-h", socketDir.toString(), "-p", Integer.toString(port), "-U", "postgres",
                            "-d", "postgres", "-c", "select 1"), null);
                    assertThat(other.exit()).isNotZero();
                    assertThat(other.output()).contains("Permission denied");
                }
            }

            // modes, whatever the umask (this JVM's is 022)
            Path h = home.path();
            assertThat(mode(h)).isEqualTo("rwx------");
            assertThat(mode(h.resolve("pgdata"))).isEqualTo("rwx------");
            assertThat(mode(h.resolve("pg-socket"))).isEqualTo("rwx------");
            assertThat(mode(h.resolve("pgpass"))).isEqualTo("rw-------");
            assertThat(mode(h.resolve("pgdata.lock"))).isEqualTo("rw-------");
            assertThat(mode(h.resolve("logs"))).isEqualTo("rwx------");
            assertThat(mode(h.resolve("logs/postgres.log"))).isEqualTo("rw-------");
            try (Stream<Path> tree = Files.walk(h.resolve("pg-server"))) {
                for (Path p : tree.filter(p -> !Files.isSymbolicLink(p)).toList()) {
                    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                    assertThat(mode).as(p.toString()).doesNotContain(PosixFilePermission.GROUP_WRITE,
                            PosixFilePermission.OTHERS_WRITE);
                    if (Files.isDirectory(p)) {
                        assertThat(PosixFilePermissions.toString(mode)).as(p.toString()).isEqualTo("rwx------");
                    }
                }
            }
            assertThat(Files.list(h.resolve("pg-server")).map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("postgres-") && name.endsWith(".sha256"));

            // the password is in no log and on no command line
            assertThat(Files.readString(h.resolve("logs/postgres.log"))).doesNotContain(password);
            for (long pid : postgresPids(h)) {
                String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
                assertThat(cmdline).doesNotContain(password);
                if (uid() == 0) {
                    // as root without a server user: uid 0 outside, but in a user namespace of its own and
                    // without any capability (docs/security.md)
                    assertThat(status(pid, "CapEff:")).as("capabilities of " + pid).isEqualTo("0000000000000000");
                    assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns/user")))
                            .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/user")));
                }
            }
        } finally {
            home.run("db", "stop");
        }
    }

    @Test
    void aHomeOfAnOlderMeterbillIsSecuredOnItsNextStart() throws Exception {
        MeterbillHome home = new MeterbillHome(tmp.resolve("old"));
        int oldPort;
        try (EmbeddedPostgres old = olderMeterbillServer(home.path())) {
            oldPort = old.getPort();
            try (Connection c = connect(oldPort, "postgres", null); Statement s = c.createStatement()) {
                s.execute("create schema legacy");
                s.execute("create table legacy.kept (note text)");
                s.execute("insert into legacy.kept values ('written by an older meterbill')");
            }
        }
        assertThat(Files.readString(home.path().resolve("pgdata/pg_hba.conf"))).contains("trust");
        assertThat(mode(home.path().resolve("pg-server"))).isEqualTo("rwxrwxrwx");
        assertThat(Files.exists(home.path().resolve("pgpass"))).isFalse();

        String note = home.query(jdbc -> jdbc.queryForObject("select note from legacy.kept", String.class));
        assertThat(note).isEqualTo("written by an older meterbill");
        assertSecured(home);
        // the world-writable binaries of the older meterbill are gone; the data is intact
        assertThat(mode(home.path().resolve("pg-server"))).isEqualTo("rwx------");
        try (Stream<Path> entries = Files.list(home.path().resolve("pg-server"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("PG-"));
        }
        String password = password(home);
        assertThat(Files.readString(home.path().resolve("logs/postgres.log"))).doesNotContain(password);
    }

    @Test
    void aServerLeftRunningByAnOlderMeterbillIsSecuredAndRestartedWithTheNewSocket() throws Exception {
        MeterbillHome home = new MeterbillHome(tmp.resolve("running"));
        EmbeddedPostgres old = olderMeterbillServer(home.path());
        try {
            String socketDir = home.query(jdbc -> jdbc.queryForObject("show unix_socket_directories", String.class));
            assertThat(Path.of(socketDir)).isEqualTo(home.path().resolve("pg-socket"));
            assertSecured(home);
            assertThatThrownBy(() -> connect(old.getPort(), "postgres", null).close())
                    .as("the older server was stopped (or now asks for a password)").isInstanceOf(SQLException.class);
        } finally {
            closeQuietly(old);
        }
    }

    @Test
    void aServerLeftRunningWithOtherSessionsNowAsksForThePasswordAndKeepsRunning() throws Exception {
        MeterbillHome home = new MeterbillHome(tmp.resolve("busy"));
        EmbeddedPostgres old = olderMeterbillServer(home.path());
        try (Connection auditor = connect(old.getPort(), "postgres", null)) {
            Integer one = home.query(jdbc -> jdbc.queryForObject("select 1", Integer.class));
            assertThat(one).isEqualTo(1);
            // the auditor's session lives on; new connections need the password from now on
            try (Statement s = auditor.createStatement()) {
                assertThat(s.execute("select 1")).isTrue();
            }
            assertThatThrownBy(() -> connect(old.getPort(), "postgres", null).close()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password");
            try (Connection c = connect(old.getPort(), "postgres", password(home))) {
                assertThat(c.isValid(5)).isTrue();
            }
            assertThat(Files.readString(home.path().resolve("pgdata/pg_hba.conf"))).doesNotContain("trust");
        } finally {
            home.run("db", "stop");
            closeQuietly(old);
        }
    }

    @Test
    void theRuntimeRoleCannotDropOrDisableTheBillTrigger() throws Exception {
        MeterbillHome server = new MeterbillHome(tmp.resolve("server"));
        assertThat(server.run("db", "start").exitCode()).isZero();
        try {
            int port = port(server);
            try (Connection c = connect(port, "postgres", password(server)); Statement s = c.createStatement()) {
                // as docs/security.md shows for an external server
                s.execute("create role meterbill_owner login password 'owner-secret'");
                s.execute("create role meterbill_app login password 'app-secret'");
                s.execute("create database meterbill owner meterbill_owner");
            }
            try (Connection c = connect(port, "meterbill", "meterbill_owner", "owner-secret"); Statement s = c.createStatement()) {
                s.execute("revoke all on schema public from public");
                s.execute("grant usage on schema public to meterbill_app");
                s.execute("alter default privileges for role meterbill_owner in schema public"
                        + " grant select, insert, update, delete on tables to meterbill_app");
                s.execute("alter default privileges for role meterbill_owner in schema public"
                        + " grant usage, select, update on sequences to meterbill_app");
            }
            Path ownerPassword = secretFile("owner.pw", "owner-secret");
            Path appPassword = secretFile("app.pw", "app-secret");
            MeterbillCommand.setExtraProperty("meterbill.db.password-file", appPassword.toString());
            MeterbillCommand.setExtraProperty("meterbill.db.migration-user", "meterbill_owner");
            MeterbillCommand.setExtraProperty("meterbill.db.migration-password-file", ownerPassword.toString());
            MeterbillHome app = new MeterbillHome(tmp.resolve("app"));
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/meterbill";
            MeterbillHome.Result registry = app.run("--db-url", url, "--db-user", "meterbill_app",
                    "registry", "import", "sample-data/registry");
            assertThat(registry.exitCode()).as(registry.toString()).isZero();
            MeterbillHome.Result tariffs = app.run("--db-url", url, "--db-user", "meterbill_app", "tariffs", "import", "config/tariffs");
            assertThat(tariffs.exitCode()).as(tariffs.toString()).isZero();
            MeterbillHome.Result cycle = app.run("--db-url", url, "--db-user", "meterbill_app",
                    "cycle", "run", "--cycle", "2025-11", "--input", "sample-data/reads");
            assertThat(cycle.exitCode()).as("a whole cycle runs as the runtime role: " + cycle).isZero();

            try (Connection c = connect(port, "meterbill", "meterbill_app", "app-secret"); Statement s = c.createStatement()) {
                var rs = s.executeQuery("select count(*), (select tableowner from pg_tables where tablename = 'bill') from bill");
                rs.next();
                assertThat(rs.getInt(1)).isPositive();
                assertThat(rs.getString(2)).isEqualTo("meterbill_owner");
                assertThatThrownBy(() -> s.execute("drop trigger bill_immutable on bill"))
                        .hasMessageContaining("must be owner of");
                assertThatThrownBy(() -> s.execute("alter table bill disable trigger bill_immutable"))
                        .hasMessageContaining("must be owner of");
                assertThatThrownBy(() -> s.execute("truncate bill")).hasMessageContaining("permission denied");
                assertThatThrownBy(() -> s.execute("update bill set total = 0")).hasMessageContaining("immutable");
                assertThatThrownBy(() -> s.execute("create table sneaky (x int)")).hasMessageContaining("permission denied");
            }
        } finally {
            server.run("db", "stop");
        }
    }

    @Test
    void aTamperedServerBinaryRefusesTheStartNamingTheFile() throws Exception {
        MeterbillHome home = new MeterbillHome(tmp.resolve("tampered"));
        assertThat(home.run("db", "start").exitCode()).isZero();
        assertThat(home.run("db", "stop").exitCode()).isZero();
        Path pgCtl;
        try (Stream<Path> tree = Files.walk(home.path().resolve("pg-server"))) {
            pgCtl = tree.filter(p -> p.endsWith(Path.of("bin", "pg_ctl"))).findFirst().orElseThrow();
        }
        byte[] original = Files.readAllBytes(pgCtl);
        byte[] changed = original.clone();
        changed[1000] ^= (byte) 0xff;
        Files.write(pgCtl, changed);

        MeterbillHome.Result refused = home.run("registry", "import", "sample-data/registry");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err()).contains(pgCtl.toString(), "does not match the checksum", "refusing to start");
        assertThat(home.run("db", "status").out()).contains("not running");

        Files.write(pgCtl, original);
        MeterbillHome.Result again = home.run("registry", "import", "sample-data/registry");
        assertThat(again.exitCode()).as(again.toString()).isZero();
    }

    @Test
    void asRootAConfiguredServerUserRunsTheServerAndMustReachTheHome() throws Exception {
        assumeThat(uid()).as("runs as root only").isZero();
        Path parent = Files.createDirectory(tmp.resolve("service"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx--x--x"));
        MeterbillHome home = new MeterbillHome(parent.resolve("home"));
        // as an operator sets it (METERBILL_DB_SERVER_USER or -D): db start and stop read it too
        System.setProperty("meterbill.db.server-user", "nobody");

        MeterbillHome.Result blocked = home.run("registry", "import", "sample-data/registry");
        assertThat(blocked.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(blocked.err()).contains("meterbill.db.server-user=nobody cannot reach", home.path() + " (mode 0700)");

        Files.setPosixFilePermissions(home.path(), PosixFilePermissions.fromString("rwx--x--x"));
        try {
            MeterbillHome.Result imported = home.run("registry", "import", "sample-data/registry");
            assertThat(imported.exitCode()).as(imported.toString()).isZero();
            assertThat(home.run("db", "start").exitCode()).isZero();
            assertThat(Files.getAttribute(home.path().resolve("pgdata"), "unix:uid")).isEqualTo(65534);
            assertThat(Files.getAttribute(home.path().resolve("pg-socket"), "unix:uid")).isEqualTo(65534);
            assertThat(mode(home.path().resolve("pgdata"))).isEqualTo("rwx------");
            assertThat(mode(home.path().resolve("pgpass"))).isEqualTo("rw-------");
            assertThat(Files.getAttribute(home.path().resolve("pgpass"), "unix:uid")).isEqualTo(0);
            for (long pid : postgresPids(home.path())) {
                assertThat(realUid(pid)).isEqualTo(65534);
            }
        } finally {
            home.run("db", "stop");
        }
    }

    /** The server as meterbill 0.1 started it: zonky's defaults (trust, socket in /tmp, world-writable binaries folder). */
    private static EmbeddedPostgres olderMeterbillServer(Path home) throws IOException {
        Files.createDirectories(home.resolve("logs"));
        return EmbeddedPostgres.builder()
                .setDataDirectory(home.resolve("pgdata"))
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(home.resolve("pg-server").toFile())
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "200")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(home.resolve("logs/postgres.log").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(home.resolve("logs/postgres.log").toFile()))
                .start();
    }

    private static void assertSecured(MeterbillHome home) throws Exception {
        Path h = home.path();
        assertThat(Files.readString(h.resolve("pgdata/pg_hba.conf"))).doesNotContain("trust").doesNotContain("replication ");
        assertThat(mode(h.resolve("pgpass"))).isEqualTo("rw-------");
        assertThat(mode(h.resolve("pg-socket"))).isEqualTo("rwx------");
        assertThat(home.run("db", "start").exitCode()).isZero();
        int port = port(home);
        assertThatThrownBy(() -> connect(port, "postgres", null).close()).isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
        try (Connection c = connect(port, "postgres", password(home)); Statement s = c.createStatement()) {
            var rs = s.executeQuery("select current_setting('unix_socket_directories'),"
                    + " (select count(*) from pg_hba_file_rules where auth_method <> 'scram-sha-256')");
            rs.next();
            assertThat(Path.of(rs.getString(1))).isEqualTo(h.resolve("pg-socket"));
            assertThat(rs.getInt(2)).isZero();
        }
        home.run("db", "stop");
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (Exception | Error ignored) {
            // already stopped by meterbill
        }
    }

    private Path secretFile(String name, String secret) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, secret + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static int port(MeterbillHome home) throws IOException {
        return Integer.parseInt(Files.readAllLines(home.path().resolve("pgdata/postmaster.pid")).get(3).strip());
    }

    private static String password(MeterbillHome home) throws IOException {
        String line = Files.readAllLines(home.path().resolve("pgpass")).stream().filter(l -> l.startsWith("*:*:*:postgres:"))
                .findFirst().orElseThrow();
        return line.substring("*:*:*:postgres:".length());
    }

    private static Connection connect(int port, String user, String password) throws SQLException {
        return connect(port, "postgres", user, password);
    }

    private static Connection connect(int port, String database, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, props);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static int uid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static int realUid(long pid) throws IOException {
        return Integer.parseInt(status(pid, "Uid:"));
    }

    /** The first value of a line of /proc/PID/status. */
    private static String status(long pid, String field) throws IOException {
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        String line = status.lines().filter(l -> l.startsWith(field)).findFirst().orElseThrow();
        return line.split("\\s+")[1];
    }

    /** The postmaster of the home and its children. */
    private static List<Long> postgresPids(Path home) throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(home.resolve("pgdata/postmaster.pid")).get(0).strip());
        List<Long> pids = new ArrayList<>(List.of(postmaster));
        ProcessHandle.of(postmaster).ifPresent(h -> h.children().forEach(c -> pids.add(c.pid())));
        return pids;
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program);
            }
        }
        return null;
    }

    private record Run(int exit, String output) {
    }

    private static Run runProcess(List<String> command, Path passFile) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        if (passFile != null) {
            builder.environment().put("PGPASSFILE", passFile.toString());
        }
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }
}
