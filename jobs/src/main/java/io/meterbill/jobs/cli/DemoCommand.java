package io.meterbill.jobs.cli;

import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.jobs.ConfigurationProblem;
import io.meterbill.jobs.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code meterbill demo}: a full billing cycle on the bundled sample data, in a demo home of its own
 * (HOME/demo, recreated on every run) with its own embedded database, whatever database the other
 * commands are configured for, so it never touches real cycles and can be run again.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = {
    "Run a full billing cycle on the bundled sample data (own home HOME/demo, recreated each run).",
    "Imports the sample registry and the tariff catalog, then runs cycle " + DemoCommand.CYCLE + ".",
    "Always uses the embedded database of HOME/demo; never an external database."})
public class DemoCommand implements Callable<Integer> {

    static final String CYCLE = "2025-11";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        MeterbillCommand root = (MeterbillCommand) spec.root().userObject();
        Path install = MeterbillCommand.installDir();
        Path sample = install.resolve("sample-data");
        Path tariffs = install.resolve("config/tariffs");
        if (!Files.isDirectory(sample) || !Files.isDirectory(tariffs)) {
            throw new ConfigurationProblem("sample data not found under " + install
                    + "; run the demo from a meterbill checkout with ./meterbill demo");
        }
        // the meterbill home that holds the demo's: 0700 like any home meterbill creates
        io.meterbill.jobs.db.FileModes.createDirectory(root.home(), io.meterbill.jobs.db.FileModes.OWNER_DIR);
        Path home = root.home().resolve("demo");
        if (Files.exists(home)) {
            io.meterbill.jobs.db.EmbeddedServer.stop(home); // one left by an interrupted demo
        }
        deleteRecursively(home);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.println("meterbill demo: home " + home);
        int partitions = Runtime.getRuntime().availableProcessors();
        try (ConfigurableApplicationContext context = root.startContext(home, partitions + 6, true)) {
            int registry = RegistryCommand.importRegistry(context, sample.resolve("registry"), out, err);
            if (registry != ExitCode.COMPLETED) {
                return registry;
            }
            TariffsCommand.importTariffs(context, tariffs, out);
            out.println("meterbill demo: running cycle " + CYCLE + " on " + sample.resolve("reads"));
            out.flush();
            int exit = CycleCommand.runCycle(context, BillingCycle.parse(CYCLE), sample.resolve("reads"),
                    home.resolve("output").resolve(CYCLE), partitions, out, err);
            out.println();
            out.println("Look around with, e.g.:");
            out.println("  ./meterbill --home " + home + " cycle status --cycle " + CYCLE);
            out.println("  ./meterbill --home " + home + " cycle exceptions --cycle " + CYCLE);
            out.flush();
            return exit;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
