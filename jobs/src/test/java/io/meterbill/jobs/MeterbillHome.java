package io.meterbill.jobs;

import io.meterbill.jobs.cli.MeterbillCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.Function;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine;

/**
 * A meterbill home for one integration test: runs real CLI commands in this JVM against the home's
 * own embedded PostgreSQL, and opens the same database to check what the commands stored.
 */
final class MeterbillHome {

    /** What a command printed and returned. */
    record Result(int exitCode, String out, String err) {
    }

    private final Path home;

    MeterbillHome(Path home) {
        this.home = home;
    }

    Path path() {
        return home;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MeterbillCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] withHome = new String[args.length + 2];
        withHome[0] = "--home";
        withHome[1] = home.toString();
        System.arraycopy(args, 0, withHome, 2, args.length);
        int exit = cli.execute(withHome);
        return new Result(exit, out.toString(), err.toString());
    }

    /** Opens the home's database (starting its embedded server) to query it. */
    <T> T query(Function<JdbcTemplate, T> query) {
        MeterbillCommand command = new MeterbillCommand();
        try (ConfigurableApplicationContext context = command.startContext(home, 4)) {
            return query.apply(context.getBean(JdbcTemplate.class));
        }
    }

    /** Loads the bundled registry and tariffs, as an operator would before the first cycle. */
    void importSampleRegistryAndTariffs() {
        Result registry = run("registry", "import", "sample-data/registry");
        if (registry.exitCode() != 0) {
            throw new AssertionError("registry import failed: " + registry);
        }
        Result tariffs = run("tariffs", "import", "config/tariffs");
        if (tariffs.exitCode() != 0) {
            throw new AssertionError("tariff import failed: " + tariffs);
        }
    }
}
