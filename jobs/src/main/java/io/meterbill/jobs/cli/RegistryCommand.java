package io.meterbill.jobs.cli;

import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.domain.registry.RegistryAudit;
import io.meterbill.domain.registry.ServicePoint;
import io.meterbill.jobs.ConfigurationProblem;
import io.meterbill.jobs.cycle.CycleStore;
import io.meterbill.jobs.ExitCode;
import io.meterbill.jobs.registry.RegistryImporter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meterbill registry ...}: accounts, service points, meters and installations. */
@Command(name = "registry", description = "Manage the registry of accounts, service points and meters.",
        mixinStandardHelpOptions = true, subcommands = {RegistryCommand.Import.class, RegistryCommand.Audit.class})
public class RegistryCommand {

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import accounts.csv, service_points.csv, meters.csv and installations.csv from DIR.",
                "Re-importing updates existing rows. A file with any bad row is not imported at all;",
                "each bad row is listed with file, line and reason."})
    static class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "directory holding the registry CSV files")
        Path dir;

        @Override
        public Integer call() throws Exception {
            return importRegistry((MeterbillCommand) spec.root().userObject(), dir, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = {"List registry problems that would make reads unattributable or bills wrong, before a"
                    + " cycle runs:",
                "meters on two service points at once, service points with two meters at once, retired meters still"
                        + " installed, meter/service point commodity mismatches, and service points without a meter"
                        + " for some of the cycle's billing window.",
                "Exit code 0 when there is nothing to fix, 2 when problems are listed."})
    static class Audit implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--cycle", paramLabel = "YYYY-MM",
                description = "the cycle whose billing windows meter coverage is checked for (default: this month)")
        String cycle;

        @Override
        public Integer call() {
            BillingCycle billingCycle;
            try {
                billingCycle = cycle == null ? new BillingCycle(java.time.YearMonth.now(java.time.ZoneOffset.UTC))
                        : BillingCycle.parse(cycle);
            } catch (RuntimeException e) {
                throw new ConfigurationProblem("--cycle '" + cycle + "' is not a month YYYY-MM");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (ConfigurableApplicationContext context = ((MeterbillCommand) spec.root().userObject()).startContext()) {
                CycleStore store = context.getBean(CycleStore.class);
                List<ServicePoint> servicePoints = store.servicePoints();
                List<RegistryAudit.Problem> problems = RegistryAudit.audit(servicePoints, store.meters(),
                        store.installations(), billingCycle);
                out.printf("Registry audit for cycle %s: %d service points, %d problem(s)%n", billingCycle.id(),
                        servicePoints.size(), problems.size());
                for (RegistryAudit.Problem problem : problems) {
                    out.printf("  %-31s %-14s %s%n", problem.kind(), problem.subject(), problem.detail());
                }
                out.flush();
                return problems.isEmpty() ? ExitCode.COMPLETED : ExitCode.USAGE;
            }
        }
    }

    static int importRegistry(MeterbillCommand root, Path dir, PrintWriter out, PrintWriter err) throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new ConfigurationProblem("registry directory " + dir + " does not exist");
        }
        try (ConfigurableApplicationContext context = root.startContext()) {
            return importRegistry(context, dir, out, err);
        }
    }

    static int importRegistry(ConfigurableApplicationContext context, Path dir, PrintWriter out, PrintWriter err)
            throws Exception {
        List<RegistryImporter.FileResult> results = context.getBean(RegistryImporter.class).importDirectory(dir);
        if (results.isEmpty()) {
            throw new ConfigurationProblem("no registry files (accounts.csv, service_points.csv, meters.csv,"
                    + " installations.csv) in " + dir);
        }
        boolean failed = false;
        for (RegistryImporter.FileResult result : results) {
            if (result.imported()) {
                out.printf("registry: %-20s %6d rows imported%n", result.file().getFileName(), result.rows());
            } else {
                failed = true;
                err.printf("registry: %-20s NOT imported%s:%n", result.file().getFileName(),
                        result.rows() == 0 ? "" : ", " + result.errors().size() + " bad row(s)");
                result.errors().forEach(e -> err.println("  " + e));
            }
        }
        out.flush();
        err.flush();
        return failed ? ExitCode.FAILED : ExitCode.COMPLETED;
    }
}
