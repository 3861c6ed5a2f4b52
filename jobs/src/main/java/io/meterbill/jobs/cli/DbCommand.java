package io.meterbill.jobs.cli;

import io.meterbill.jobs.ExitCode;
import io.meterbill.jobs.db.EmbeddedServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code meterbill db status|stop}: the home's embedded PostgreSQL. It is started on demand by any
 * command and stopped by the last meterbill process using it; {@code db stop} stops one left running
 * (e.g. by a killed process). Not used with an external database.
 */
@Command(name = "db", description = "Inspect or stop the home's embedded PostgreSQL.", mixinStandardHelpOptions = true,
        subcommands = {DbCommand.Status.class, DbCommand.Stop.class})
public class DbCommand {

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
