package io.meterbill.jobs.db;

import io.meterbill.jobs.ConfigurationProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operating-system account the embedded PostgreSQL runs as. PostgreSQL refuses to run as root,
 * and meterbill never starts it as plain uid 0:
 * <ul>
 * <li>not root: the server runs as the user running meterbill;</li>
 * <li>root with {@code meterbill.db.server-user} set: initdb and the server run as that user through
 * {@code setpriv --reuid --regid --init-groups}; the data and socket folders are owned by it;</li>
 * <li>root without it: the server runs in a new user namespace ({@code unshare -U}), where uid 0 is
 * not mapped and the server has no capabilities (it can still open files that root owns, by owner
 * bits: see docs/security.md); one warning line points at the runbook's section on root.</li>
 * </ul>
 */
public final class ServerAccount {

    /** The setting's name, also read from the environment as {@code METERBILL_DB_SERVER_USER}. */
    public static final String SETTING = "meterbill.db.server-user";

    private static final Logger log = LoggerFactory.getLogger(ServerAccount.class);

    enum Kind { CURRENT_USER, SERVICE_USER, USER_NAMESPACE }

    private final Kind kind;
    private final String name;
    private final int uid;
    private final int gid;

    private ServerAccount(Kind kind, String name, int uid, int gid) {
        this.kind = kind;
        this.name = name;
        this.uid = uid;
        this.gid = gid;
    }

    /** The account for the configured server user ({@code null} or blank: the setting, then the environment). */
    public static ServerAccount resolve(String configuredUser) {
        String user = configuredUser;
        if (user == null || user.isBlank()) {
            user = System.getProperty(SETTING);
        }
        if (user == null || user.isBlank()) {
            user = System.getenv("METERBILL_DB_SERVER_USER");
        }
        if (user == null || user.isBlank()) {
            user = fromPropertiesFiles();
        }
        user = user == null ? "" : user.strip();
        int self = currentUid();
        if (self != 0) {
            if (!user.isEmpty() && !user.equals(System.getProperty("user.name")) && !user.equals(Integer.toString(self))) {
                throw new ConfigurationProblem(SETTING + "=" + user + " needs meterbill to run as root (it runs as uid "
                        + self + "); unset it to run the embedded PostgreSQL as yourself");
            }
            return new ServerAccount(Kind.CURRENT_USER, System.getProperty("user.name"), self, -1);
        }
        if (!user.isEmpty()) {
            int uid = idNumber("-u", user);
            int gid = idNumber("-g", user);
            if (uid == 0) {
                throw new ConfigurationProblem(SETTING + "=" + user + " is uid 0; PostgreSQL must not run as root:"
                        + " name an unprivileged user (see docs/runbook.md, \"Running as root\")");
            }
            if (!onPath("setpriv")) {
                throw new ConfigurationProblem(SETTING + " needs setpriv (util-linux) on the PATH");
            }
            return new ServerAccount(Kind.SERVICE_USER, user, uid, gid);
        }
        if (!userNamespacesWork()) {
            throw new ConfigurationProblem("meterbill runs as root and cannot start PostgreSQL in a user namespace"
                    + " (unshare -U failed); set " + SETTING + " (METERBILL_DB_SERVER_USER) to an unprivileged user,"
                    + " or run meterbill as one (see docs/runbook.md, \"Running as root\")");
        }
        return new ServerAccount(Kind.USER_NAMESPACE, "root (in a user namespace)", 0, 0);
    }

    /**
     * The setting from the properties files Spring Boot reads in the working directory, for the
     * commands that start no Spring context ({@code db start|stop|psql}), so they run the server as
     * the same user as every other command.
     */
    private static String fromPropertiesFiles() {
        for (String name : List.of("config/application.properties", "application.properties")) {
            Path file = Path.of(name);
            if (Files.isRegularFile(file)) {
                java.util.Properties properties = new java.util.Properties();
                try (var in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                    properties.load(in);
                } catch (IOException e) {
                    continue;
                }
                String value = properties.getProperty(SETTING);
                if (value != null && !value.isBlank()) {
                    return value;
                }
            }
        }
        return null;
    }

    Kind kind() {
        return kind;
    }

    /** Who the server runs as, for messages. */
    public String describe() {
        return name;
    }

    /** The uid that owns the data and socket folders. */
    int ownerUid() {
        return uid;
    }

    /** The command, run as the server account. */
    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>();
        switch (kind) {
            case SERVICE_USER -> wrapped.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--init-groups",
                    "--inh-caps=-all"));
            case USER_NAMESPACE -> wrapped.addAll(List.of("unshare", "--user"));
            default -> {
            }
        }
        wrapped.addAll(command);
        return wrapped;
    }

    /** Logs, once per server start, how an unconfigured root runs the server. */
    void warnIfUserNamespace() {
        if (kind == Kind.USER_NAMESPACE) {
            log.warn("meterbill runs as root: the embedded PostgreSQL runs unprivileged in a user namespace;"
                    + " set {} or run meterbill as a service user (docs/runbook.md, \"Running as root\")", SETTING);
        }
    }

    /** Gives {@code path} and everything below it (not following links) to the server account, if it is another user. */
    void takeOwnership(Path path) throws IOException {
        int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner == uid) {
            return;
        }
        if (currentUid() != 0) {
            throw new IOException(path + " belongs to uid " + owner + ", not to uid " + uid
                    + " that runs the embedded PostgreSQL; chown it");
        }
        log.info("giving {} to {} (uid {})", path, name, uid);
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                chown(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                chown(file);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void chown(Path p) throws IOException {
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Fails, naming the folder, if the service user cannot get to {@code dir} (search permission on it
     * and every folder above it).
     */
    void checkReaches(Path dir) throws IOException {
        if (kind != Kind.SERVICE_USER) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "for d in \"$@\"; do test -x \"$d\" || { echo \"$d\"; exit 1; }; done", "sh"));
        List<Path> chain = new ArrayList<>();
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            chain.add(0, p);
        }
        chain.forEach(p -> command.add(p.toString()));
        Process check = new ProcessBuilder(wrap(command)).redirectErrorStream(true).start();
        String blocked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (waitFor(check) != 0) {
            Path blocker = blocked.isEmpty() ? dir : Path.of(blocked);
            String mode = Files.exists(blocker) ? FileModes.octal(blocker) : "?";
            throw new ConfigurationProblem(SETTING + "=" + name + " cannot reach " + dir + ": " + blocker + " (mode " + mode
                    + ") blocks it; e.g. chmod o+x " + blocker + ", or run meterbill as that user"
                    + " (docs/runbook.md, \"Running as root\")");
        }
    }

    static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name")) ? 0 : -1;
        }
    }

    private static int idNumber(String flag, String user) {
        try {
            Process id = new ProcessBuilder("id", flag, user).redirectErrorStream(true).start();
            String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (waitFor(id) != 0) {
                throw new ConfigurationProblem(SETTING + "=" + user + ": no such user (" + out + ")");
            }
            return Integer.parseInt(out);
        } catch (IOException | NumberFormatException e) {
            throw new ConfigurationProblem(SETTING + "=" + user + ": cannot look the user up (" + e.getMessage() + ")");
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static volatile Boolean userNamespaces;

    private static boolean userNamespacesWork() {
        Boolean known = userNamespaces;
        if (known != null) {
            return known;
        }
        boolean works;
        try {
            Process probe = new ProcessBuilder("unshare", "--user", "id", "-u").redirectErrorStream(true).start();
            String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            works = waitFor(probe) == 0 && !out.equals("0") && !out.isEmpty();
        } catch (IOException e) {
            works = false;
        }
        userNamespaces = works;
        return works;
    }

    private static int waitFor(Process process) {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }
}
