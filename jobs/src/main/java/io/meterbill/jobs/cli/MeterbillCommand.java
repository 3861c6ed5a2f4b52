package io.meterbill.jobs.cli;

import io.meterbill.jobs.AlreadyRunning;
import io.meterbill.jobs.ConfigurationProblem;
import io.meterbill.jobs.ExitCode;
import io.meterbill.jobs.MeterbillApplication;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code meterbill}: the top-level command, its global options, and how a command gets its Spring context. */
@Command(name = "meterbill", mixinStandardHelpOptions = true, version = "meterbill 0.1.0",
        description = "Batch engine for monthly utility billing cycles.",
        subcommands = {DemoCommand.class, RegistryCommand.class, TariffsCommand.class, CycleCommand.class,
            SampleCommand.class, DbCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:completed",
            "1:failed or stopped; resume with 'meterbill cycle restart'",
            "2:bad usage or configuration; nothing was started",
            "3:completed with accounts held for review",
            "4:nothing to do (cycle already completed)",
            "5:the cycle is already being run by another process; nothing was changed",
            "6:failed the same way as the run before it; a restart fails again until the cause is fixed"})
public class MeterbillCommand {

    @Option(names = "--home", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "meterbill home: embedded database, logs, outputs (default: $METERBILL_HOME or ~/.meterbill)")
    Path home;

    @Option(names = "--db-url", scope = ScopeType.INHERIT, paramLabel = "JDBC_URL",
            description = "external PostgreSQL 14+ (default: $METERBILL_DB_URL, else the embedded server)")
    String dbUrl;

    @Option(names = "--db-user", scope = ScopeType.INHERIT, description = "database user (default: $METERBILL_DB_USER)")
    String dbUser;

    @Option(names = "--db-password", scope = ScopeType.INHERIT, arity = "0..1", interactive = true,
            description = "database password (default: $METERBILL_DB_PASSWORD)")
    String dbPassword;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "show log output and stack traces on the terminal")
    boolean verbose;

    /** Extra Spring properties, for tests and drills (e.g. fault injection). */
    private static final Map<String, Object> extraProperties = new LinkedHashMap<>();

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new MeterbillCommand());
        cli.registerConverter(java.math.BigDecimal.class, text -> {
            try {
                return new java.math.BigDecimal(text.strip());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not a number");
            }
        });
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            String suggestion = "";
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
                suggestion = "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
            }
            err.println("meterbill: " + e.getMessage() + suggestion + " (see: "
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            err.flush();
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            MeterbillCommand root = (MeterbillCommand) commandLine.getCommandSpec().root().userObject();
            PrintWriter err = commandLine.getErr();
            if (root.verbose) {
                e.printStackTrace(err);
            }
            if (e instanceof AlreadyRunning) {
                err.println("meterbill: " + e.getMessage());
                err.flush();
                return ExitCode.ALREADY_RUNNING;
            }
            if (e instanceof ConfigurationProblem) {
                err.println("meterbill: " + e.getMessage());
                err.flush();
                return ExitCode.USAGE;
            }
            err.println("meterbill: failed: " + oneLine(e));
            err.flush();
            return ExitCode.FAILED;
        });
        return cli;
    }

    /** Sets a Spring property for the contexts commands start in this JVM (tests, restart drills). */
    public static void setExtraProperty(String name, Object value) {
        if (value == null) {
            extraProperties.remove(name);
        } else {
            extraProperties.put(name, value);
        }
    }

    static String oneLine(Throwable e) {
        Throwable root = rootCause(e);
        if (root instanceof OutOfMemoryError) {
            return outOfMemory(root);
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /**
     * An out-of-memory failure names the setting to raise: the same heap would fail the same way on every
     * restart.
     */
    static String outOfMemory(Throwable oom) {
        long maxMiB = Runtime.getRuntime().maxMemory() >> 20;
        return "out of memory (" + oom.getMessage() + ", heap limit " + maxMiB + " MiB): a restart with the same"
                + " heap fails the same way; give the JVM more, e.g. METERBILL_JAVA_OPTS=-Xmx" + Math.max(1, maxMiB * 2 / 1024)
                + "g, and run the command again (a failed cycle: meterbill cycle restart; docs/runbook.md, \"Memory\")";
    }

    public Path home() {
        if (home != null) {
            return home.toAbsolutePath().normalize();
        }
        String env = System.getenv("METERBILL_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("user.home"), ".meterbill");
    }

    /** Where config/ and sample-data/ are: the launcher passes the checkout; otherwise the working directory. */
    public static Path installDir() {
        String dir = System.getProperty("meterbill.install-dir");
        return Path.of(dir == null || dir.isBlank() ? "." : dir).toAbsolutePath().normalize();
    }

    private static String firstNonBlank(String option, String envName) {
        if (option != null && !option.isBlank()) {
            return option;
        }
        String env = System.getenv(envName);
        return env == null ? "" : env;
    }

    /** Starts the Spring context (and with it the database) for a command that does work. */
    public ConfigurableApplicationContext startContext(Path homeDir, int poolSize) {
        return startContext(homeDir, poolSize, false);
    }

    /**
     * Starts the Spring context for {@code homeDir}. The home and database settings the command line
     * decided are the highest-precedence properties, so no environment variable or system property can
     * point a command at another home or database than the one it reports.
     *
     * @param embeddedOnly ignore any external database setting (the demo never touches a real one)
     */
    public ConfigurableApplicationContext startContext(Path homeDir, int poolSize, boolean embeddedOnly) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("meterbill.home", homeDir.toString());
        props.put("meterbill.db.url", embeddedOnly ? "" : firstNonBlank(dbUrl, "METERBILL_DB_URL"));
        props.put("meterbill.db.user", firstNonBlank(dbUser, "METERBILL_DB_USER"));
        props.put("meterbill.db.password", firstNonBlank(dbPassword, "METERBILL_DB_PASSWORD"));
        props.put("meterbill.db.pool-size", poolSize);
        props.put("spring.batch.job.enabled", false);
        props.put("spring.batch.jdbc.initialize-schema", "never");
        props.put("spring.main.banner-mode", "off");
        props.put("spring.main.log-startup-info", false);
        props.put("logging.file.name", homeDir.resolve("logs/meterbill.log").toString());
        props.put("logging.threshold.console", verbose ? "INFO" : "OFF");
        props.put("logging.level.root", "INFO");
        props.putAll(extraProperties);
        try {
            // before Spring's logging creates HOME/logs with the umask's mode; the log names service points and
            // files: created 0600 before the logger opens it (which keeps the mode)
            io.meterbill.jobs.db.EmbeddedServer.prepareHome(homeDir);
            io.meterbill.writers.PrivateFiles.touch(homeDir.resolve("logs/meterbill.log"));
        } catch (java.io.IOException e) {
            throw new ConfigurationProblem("cannot create the home " + homeDir + ": " + oneLine(e));
        }
        try {
            return buildContext(props);
        } catch (RuntimeException | OutOfMemoryError e) {
            if (rootCause(e) instanceof OutOfMemoryError) {
                throw new ConfigurationProblem("cannot start: " + oneLine(e)); // not the database's fault
            }
            String where = embeddedOnly || ((String) props.get("meterbill.db.url")).isBlank()
                    ? "the embedded PostgreSQL of " + homeDir + " (see " + homeDir.resolve("logs/postgres.log") + ")"
                    : props.get("meterbill.db.url") + " (check --db-url, user, password, and that the server is up)";
            throw new ConfigurationProblem("cannot start: database " + where + ": " + oneLine(e));
        }
    }

    private static ConfigurableApplicationContext buildContext(Map<String, Object> props) {
        return new SpringApplicationBuilder(MeterbillApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .properties(props)
                .initializers(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("meterbill-command-line", props)))
                .run();
    }

    public ConfigurableApplicationContext startContext() {
        return startContext(home(), 10);
    }

    public boolean verbose() {
        return verbose;
    }
}
