package io.meterbill.jobs.cli;

import io.meterbill.jobs.ConfigurationProblem;
import io.meterbill.jobs.ExitCode;
import io.meterbill.jobs.db.EmbeddedServer;
import io.meterbill.jobs.db.ServerPassword;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meterbill db start|status|stop|psql}: the home's embedded PostgreSQL. It is started on demand
 * by any command and stopped by the last process using it; {@code db start} starts it and leaves it
 * running, {@code db stop} stops it, {@code db psql} opens a psql session on it without the operator
 * handling its password. Not used with an external database.
 */
@Command(name = "db", description = "Start, inspect, stop or query the home's embedded PostgreSQL.",
        mixinStandardHelpOptions = true,
        subcommands = {DbCommand.Start.class, DbCommand.Status.class, DbCommand.Stop.class, DbCommand.Psql.class})
public class DbCommand {

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start the embedded server and leave it running (e.g. to query it with psql).")
    static class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Path home = ((MeterbillCommand) spec.root().userObject()).home();
            EmbeddedServer.Postmaster server = EmbeddedServer.start(home);
            spec.commandLine().getOut().println("embedded PostgreSQL running: pid " + server.pid() + ", port "
                    + server.port() + "; query it with: meterbill --home " + home + " db psql");
            spec.commandLine().getOut().println("stop it with: meterbill --home " + home + " db stop");
            spec.commandLine().getOut().flush();
            return ExitCode.COMPLETED;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Is the embedded server running? Where are its socket and password file?")
    static class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--show-password", description = "also print the superuser's password (only the home's owner"
                + " can read it; it is in HOME/pgpass)")
        boolean showPassword;

        @Override
        public Integer call() throws Exception {
            Path home = ((MeterbillCommand) spec.root().userObject()).home();
            PrintWriter out = spec.commandLine().getOut();
            out.println(EmbeddedServer.running(home)
                    .map(p -> "embedded PostgreSQL running: pid " + p.pid() + ", port " + p.port() + " on 127.0.0.1"
                            + (p.socketDir().isEmpty() ? "" : ", socket in " + p.socketDir()) + ", data " + home.resolve("pgdata"))
                    .orElse("embedded PostgreSQL not running (data " + home.resolve("pgdata") + ")"));
            if (EmbeddedServer.keptRunning(home)) {
                out.println("kept running (meterbill db start): no command stops it until meterbill db stop");
            }
            Path passwordFile = ServerPassword.file(home);
            if (Files.exists(passwordFile)) {
                out.println("user postgres; password in " + passwordFile + " (libpq password file, mode 0600)");
            }
            if (showPassword) {
                if (!Files.isReadable(passwordFile)) {
                    throw new ConfigurationProblem("cannot read " + passwordFile + " (only the home's owner can)");
                }
                out.println("password: " + ServerPassword.read(home)
                        .orElseThrow(() -> new ConfigurationProblem(passwordFile + " holds no password")));
            }
            out.flush();
            return ExitCode.COMPLETED;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the embedded server (fast shutdown: open transactions of live runs roll back).")
    static class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Path home = ((MeterbillCommand) spec.root().userObject()).home();
            boolean stopped = EmbeddedServer.stop(home);
            spec.commandLine().getOut().println(stopped ? "embedded PostgreSQL stopped" : "embedded PostgreSQL was not running");
            spec.commandLine().getOut().flush();
            return ExitCode.COMPLETED;
        }
    }

    @Command(name = "psql", mixinStandardHelpOptions = true,
            description = {"Open psql on the home's database as its superuser, through the home's socket; the"
                + " password goes to psql in a password file, never on a command line.",
                "Arguments after -- go to psql, e.g. db psql -- -c 'select count(*) from bill'.",
                "Uses the psql on the PATH (or $METERBILL_PSQL): the embedded binaries have none."})
    static class Psql implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..*", paramLabel = "PSQL_ARG", description = "passed on to psql")
        List<String> psqlArgs = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Path home = ((MeterbillCommand) spec.root().userObject()).home();
            Path psql = findPsql();
            EmbeddedServer server = EmbeddedServer.attachOrStart(home, null, s -> s);
            try {
                EmbeddedServer.Postmaster running = EmbeddedServer.running(home)
                        .orElseThrow(() -> new IOException("the embedded PostgreSQL of " + home + " is not running"));
                List<String> command = new ArrayList<>(List.of(psql.toString()));
                command.addAll(psqlArgs);
                ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
                Map<String, String> env = builder.environment();
                env.keySet().removeIf(name -> name.startsWith("PG"));
                env.put("PGPASSFILE", ServerPassword.file(home).toString());
                env.put("PGHOST", running.socketDir().isEmpty() ? "127.0.0.1" : running.socketDir());
                env.put("PGPORT", Integer.toString(running.port()));
                env.put("PGUSER", server.user());
                env.put("PGDATABASE", "postgres");
                env.put("PGAPPNAME", "meterbill-psql");
                spec.commandLine().getOut().flush();
                Process process = builder.start();
                return process.waitFor();
            } finally {
                server.releaseAndStopIfUnused();
            }
        }

        private static Path findPsql() {
            String configured = System.getenv("METERBILL_PSQL");
            if (configured != null && !configured.isBlank()) {
                Path path = Path.of(configured.strip());
                if (!Files.isExecutable(path)) {
                    throw new ConfigurationProblem("METERBILL_PSQL=" + path + " is not an executable file");
                }
                return path;
            }
            String pathVariable = System.getenv("PATH");
            for (String dir : (pathVariable == null ? "" : pathVariable).split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "psql"))) {
                    return Path.of(dir, "psql");
                }
            }
            throw new ConfigurationProblem("no psql found on the PATH: install the PostgreSQL client (e.g. apt-get install"
                    + " postgresql-client) or set METERBILL_PSQL to a psql");
        }
    }
}
