package io.meterbill.jobs.cli;

import io.meterbill.jobs.ExitCode;
import io.meterbill.jobs.db.EmbeddedServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code meterbill db start|status|stop}: the home's embedded PostgreSQL. It is started on demand by
 * any command and stopped by the last process using it; {@code db start} starts it and leaves it
 * running (for psql), {@code db stop} stops it. Not used with an external database.
 */
@Command(name = "db", description = "Start, inspect or stop the home's embedded PostgreSQL.",
        mixinStandardHelpOptions = true, subcommands = {DbCommand.Start.class, DbCommand.Status.class, DbCommand.Stop.class})
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
                    + server.port() + "; connect with: psql -h localhost -p " + server.port() + " -U postgres postgres");
            spec.commandLine().getOut().println("stop it with: meterbill --home " + home + " db stop");
            spec.commandLine().getOut().flush();
            return ExitCode.COMPLETED;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Is the embedded server running?")
    static class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path home = ((MeterbillCommand) spec.root().userObject()).home();
            spec.commandLine().getOut().println(EmbeddedServer.running(home)
                    .map(p -> "embedded PostgreSQL running: pid " + p.pid() + ", port " + p.port() + ", data "
                            + home.resolve("pgdata"))
                    .orElse("embedded PostgreSQL not running (data " + home.resolve("pgdata") + ")"));
            spec.commandLine().getOut().flush();
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
}
