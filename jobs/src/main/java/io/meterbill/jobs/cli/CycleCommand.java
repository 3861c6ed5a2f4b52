package io.meterbill.jobs.cli;

import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.jobs.ConfigurationProblem;
import io.meterbill.jobs.ExitCode;
import io.meterbill.jobs.cycle.CycleJobParameters;
import io.meterbill.jobs.cycle.CycleLauncher;
import io.meterbill.jobs.cycle.CycleOutputStepsConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meterbill cycle ...}: run, restart and inspect billing cycles. */
@Command(name = "cycle", description = "Run, restart and inspect billing cycles.", mixinStandardHelpOptions = true,
        subcommands = {CycleCommand.Run.class, CycleCommand.Restart.class, CycleCommand.Stop.class,
            CycleCommand.Status.class, CycleCommand.Exceptions.class})
public class CycleCommand {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static BillingCycle cycle(String text) {
        try {
            return BillingCycle.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationProblem(e.getMessage());
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = {
        "Run a billing cycle (import, rate, write outputs, check control totals).",
        "Imports and reconciles reads, rates every service point, writes the bill register",
        "and the other outputs, and checks the control totals.",
        "A completed cycle is not run again (exit 4); an unfinished one is resumed."})
    static class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--cycle", required = true, paramLabel = "YYYY-MM", description = "the billing month")
        String cycle;

        @Option(names = "--input", required = true, paramLabel = "PATH",
                description = "interval files: a file, a directory, or a quoted glob ('exports/*.csv.gz');"
                        + " CSV long or wide, Parquet, Green Button XML, optionally gzipped")
        Path input;

        @Option(names = "--output", paramLabel = "DIR", description = "where outputs go (default: HOME/output/CYCLE)")
        Path output;

        @Option(names = "--partitions", paramLabel = "N",
                description = "rating partitions run in parallel (default: number of cores)")
        Integer partitions;

        @Override
        public Integer call() throws Exception {
            MeterbillCommand root = (MeterbillCommand) spec.root().userObject();
            BillingCycle billingCycle = cycle(cycle);
            int n = partitions == null ? Runtime.getRuntime().availableProcessors() : partitions;
            if (n < 1 || n > 64) {
                throw new ConfigurationProblem("--partitions must be between 1 and 64, not " + n);
            }
            Path out = output != null ? output : root.home().resolve("output").resolve(billingCycle.id());
            try (ConfigurableApplicationContext context = root.startContext(root.home(), n + 6)) {
                return runCycle(context, billingCycle, input, out, n, spec.commandLine().getOut(),
                        spec.commandLine().getErr());
            }
        }
    }

    static int runCycle(ConfigurableApplicationContext context, BillingCycle cycle, Path input, Path output,
            int partitions, PrintWriter out, PrintWriter err) throws Exception {
        return launch(context, cycle, launcher -> launcher.run(cycle, input, output, partitions), out, err);
    }

    /** What to launch, given the launcher. */
    @FunctionalInterface
    interface LaunchAction {
        CycleLauncher.Launch apply(CycleLauncher launcher) throws Exception;
    }

    /** Runs or resumes a cycle with SIGTERM/SIGINT turned into a graceful stop, then reports it. */
    static int launch(ConfigurableApplicationContext context, BillingCycle cycle, LaunchAction action, PrintWriter out,
            PrintWriter err) throws Exception {
        CycleLauncher launcher = context.getBean(CycleLauncher.class);
        CycleLauncher.Launch launch;
        try (GracefulStop signals = GracefulStop.install(() -> launcher.stopOwnRun(cycle))) {
            launch = action.apply(launcher);
        } catch (ConfigurationProblem | io.meterbill.jobs.AlreadyRunning refused) {
            throw refused;
        } catch (Exception | Error e) {
            // the run could not even record its own failure (e.g. the database went away)
            err.println("meterbill: cycle " + cycle + " FAILED: " + MeterbillCommand.oneLine(e));
            err.println("meterbill: resume with: meterbill cycle restart --cycle " + cycle);
            err.flush();
            return ExitCode.FAILED;
        }
        return report(context, cycle, launch, out, err);
    }

    @Command(name = "restart", mixinStandardHelpOptions = true, description = {
        "Resume a failed, stopped or killed cycle where it stopped; finished steps and partitions are kept.",
        "A run whose process died (kill -9, reboot) is recognised as dead and recovered first."})
    static class Restart implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--cycle", required = true, paramLabel = "YYYY-MM", description = "the billing month")
        String cycle;

        @Override
        public Integer call() throws Exception {
            MeterbillCommand root = (MeterbillCommand) spec.root().userObject();
            BillingCycle billingCycle = cycle(cycle);
            // the pool must serve as many partitions as the original run used (at most 64)
            try (ConfigurableApplicationContext context = root.startContext(root.home(), 64 + 6)) {
                return launch(context, billingCycle, launcher -> launcher.restart(billingCycle),
                        spec.commandLine().getOut(), spec.commandLine().getErr());
            }
        }
    }

    /** Prints the outcome of a run and turns it into the exit code. */
    static int report(ConfigurableApplicationContext context, BillingCycle cycle, CycleLauncher.Launch launch,
            PrintWriter out, PrintWriter err) throws Exception {
        if (launch.alreadyCompleted()) {
            err.println("meterbill: " + launch.refusal());
            err.flush();
            return ExitCode.NOTHING_TO_DO;
        }
        JobExecution execution = launch.execution();
        Path output = Path.of(execution.getJobParameters().getString(CycleJobParameters.OUTPUT));
        Path summary = output.resolve(CycleOutputStepsConfig.SUMMARY_FILE);
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            out.print(Files.readString(summary));
            out.println();
            out.println("Cycle " + cycle + " COMPLETED (execution " + execution.getId() + ")");
            out.println("  bill register:   " + output.resolve(CycleOutputStepsConfig.REGISTER_FILE));
            out.println("  bill lines:      " + output.resolve(CycleOutputStepsConfig.LINES_FILE));
            out.println("  assumptions:     " + output.resolve(CycleOutputStepsConfig.ASSUMPTIONS_FILE));
            out.println("  read exceptions: " + output.resolve(CycleOutputStepsConfig.EXCEPTIONS_FILE));
            out.println("  not billed:      " + output.resolve(CycleOutputStepsConfig.NOT_BILLED_FILE));
            out.println("  cycle summary:   " + summary);
            out.flush();
            return ExitCode.COMPLETED;
        }
        String cause = firstCause(execution);
        var repeated = context.getBean(CycleLauncher.class).repeatedFailureOf(cycle, execution);
        if (repeated.isPresent()) {
            // restarting again would only fail again: say so, and what would help, instead of "resume with"
            err.println("meterbill: cycle " + cycle + " FAILED (execution " + execution.getId() + "): this failure"
                    + " repeated unchanged on restart (execution " + repeated.get().getId() + " failed the same way):"
                    + " a restart will fail the same way until the input or configuration is fixed: " + cause);
            err.println("meterbill: fix what the cause names (configuration, registry, tariffs, database), then:"
                    + " meterbill cycle restart --cycle " + cycle + "; a restart must read the same input files, so if"
                    + " an input file causes it, that is a defect to report (docs/runbook.md, \"A failure that"
                    + " repeats\")");
            err.flush();
            return ExitCode.FAILED_REPEATEDLY;
        }
        err.println("meterbill: cycle " + cycle + " " + execution.getStatus() + " (execution " + execution.getId()
                + "): " + cause);
        err.println("meterbill: resume with: meterbill cycle restart --cycle " + cycle);
        err.flush();
        return ExitCode.FAILED;
    }

    /**
     * The failure an operator needs to see: a partition's own exception rather than the manager
     * step's "partition handler returned an unsuccessful step".
     */
    static String firstCause(JobExecution execution) {
        if (execution.getStatus() == BatchStatus.STOPPED) {
            return "stopped on request (signal or meterbill cycle stop) at a chunk boundary";
        }
        List<StepExecution> steps = execution.getStepExecutions().stream()
                .filter(step -> !step.getFailureExceptions().isEmpty())
                .sorted(java.util.Comparator.comparing((StepExecution step) -> !step.getStepName().contains(":")))
                .toList();
        if (!steps.isEmpty()) {
            return steps.get(0).getStepName() + ": " + MeterbillCommand.oneLine(steps.get(0).getFailureExceptions().get(0));
        }
        List<Throwable> failures = execution.getFailureExceptions();
        if (!failures.isEmpty()) {
            return MeterbillCommand.oneLine(failures.get(0));
        }
        return execution.getExitStatus().getExitCode() + " " + execution.getExitStatus().getExitDescription();
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = {
        "Ask the live run of a cycle (in another terminal or process) to stop at its next chunk boundary.",
        "The run ends STOPPED, its process exits 1, and meterbill cycle restart resumes it."})
    static class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--cycle", required = true, paramLabel = "YYYY-MM", description = "the billing month")
        String cycle;

        @Override
        public Integer call() throws Exception {
            MeterbillCommand root = (MeterbillCommand) spec.root().userObject();
            BillingCycle billingCycle = cycle(cycle);
            try (ConfigurableApplicationContext context = root.startContext()) {
                JobExecution execution = context.getBean(CycleLauncher.class).stop(billingCycle);
                spec.commandLine().getOut().println("meterbill: asked cycle " + billingCycle + " (execution "
                        + execution.getId() + ") to stop at its next chunk boundary");
                spec.commandLine().getOut().flush();
                return ExitCode.COMPLETED;
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the runs of a cycle (or of all cycles) with per-step read/write/skip counts.")
    static class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--cycle", paramLabel = "YYYY-MM", description = "the billing month (default: all cycles)")
        String cycle;

        @Override
        public Integer call() throws Exception {
            MeterbillCommand root = (MeterbillCommand) spec.root().userObject();
            PrintWriter out = spec.commandLine().getOut();
            try (ConfigurableApplicationContext context = root.startContext()) {
                CycleLauncher launcher = context.getBean(CycleLauncher.class);
                if (cycle == null) {
                    List<JobInstance> instances = launcher.instances();
                    if (instances.isEmpty()) {
                        out.println("no cycle has been run yet");
                    }
                    for (JobInstance instance : instances) {
                        printCycle(out, launcher, cycle(launcherCycle(launcher, instance)));
                    }
                } else {
                    BillingCycle billingCycle = cycle(cycle);
                    if (launcher.executions(billingCycle).isEmpty()) {
                        out.println("cycle " + billingCycle + " has not been run");
                    } else {
                        printCycle(out, launcher, billingCycle);
                    }
                }
                out.flush();
                return ExitCode.COMPLETED;
            }
        }

        private static String launcherCycle(CycleLauncher launcher, JobInstance instance) {
            return launcher.executionsOf(instance).get(0).getJobParameters().getString(CycleJobParameters.CYCLE);
        }
    }

    static void printCycle(PrintWriter out, CycleLauncher launcher, BillingCycle cycle) throws Exception {
        out.println("Cycle " + cycle);
        List<JobExecution> executions = new java.util.ArrayList<>(launcher.executions(cycle));
        executions.sort(java.util.Comparator.comparing(JobExecution::getId));
        for (JobExecution execution : executions) {
            var owner = launcher.owner(cycle, execution);
            String status = execution.getStatus().toString();
            if (execution.getStatus().isRunning()) {
                status += owner.map(o -> o.alive() ? " (running, " + o + ")" : " (STALE: " + o + " is gone;"
                        + " resume with meterbill cycle restart)").orElse("");
            } else {
                status += owner.map(o -> " (" + o + ")").orElse("");
            }
            out.printf("  execution %-4d %s%n    started %s  ended %s%n", execution.getId(), status,
                    time(execution.getStartTime()), time(execution.getEndTime()));
            out.printf("    %-40s %-10s %9s %9s %9s %8s %9s%n", "step", "status", "read", "written", "skipped",
                    "commits", "rollbacks");
            for (StepExecution step : execution.getStepExecutions()) {
                out.printf("    %-40s %-10s %9d %9d %9d %8d %9d%n", step.getStepName(), step.getStatus(),
                        step.getReadCount(), step.getWriteCount(), step.getSkipCount(), step.getCommitCount(),
                        step.getRollbackCount());
            }
        }
        printInputFiles(out, launcher.fileProgress(cycle));
    }

    /** Each input file (importFile:file_N is file N): rows listed, and what its committed import blocks hold. */
    private static void printInputFiles(PrintWriter out, List<io.meterbill.jobs.cycle.CycleStore.FileProgress> files) {
        if (files.isEmpty()) {
            return;
        }
        out.println("  input files (rows as listed; rows and values as far as the import has committed)");
        out.printf("    %4s %-32s %-12s %11s %11s %9s %12s %12s %9s %6s%n", "file", "name", "format", "rows listed",
                "rows read", "rejected", "values read", "accepted", "rejected", "blocks");
        for (var f : files) {
            String name = f.source().length() > 32 ? "..." + f.source().substring(f.source().length() - 29) : f.source();
            if (f.refusal() != null) {
                out.printf("    %4s %-32s refused whole: %s%n", "-", name, f.refusal());
                continue;
            }
            out.printf("    %4d %-32s %-12s %11d %11d %9d %12d %12d %9d %6d%n", f.fileNo(), name, f.format(),
                    f.rowsListed(), f.rowsRead(), f.rowsRejected(), f.valuesRead(), f.valuesStored(), f.valuesRejected(),
                    f.blocks());
        }
    }

    private static String time(java.time.LocalDateTime time) {
        return time == null ? "-" : TIME.format(time);
    }

    @Command(name = "exceptions", mixinStandardHelpOptions = true,
            description = "List the input rows of a cycle that were not stored, with file, line and reason.")
    static class Exceptions implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--cycle", required = true, paramLabel = "YYYY-MM", description = "the billing month")
        String cycle;

        @Override
        public Integer call() {
            MeterbillCommand root = (MeterbillCommand) spec.root().userObject();
            PrintWriter out = spec.commandLine().getOut();
            BillingCycle billingCycle = cycle(cycle);
            try (ConfigurableApplicationContext context = root.startContext()) {
                if (context.getBean(CycleLauncher.class).executions(billingCycle).isEmpty()) {
                    throw new ConfigurationProblem("cycle " + billingCycle + " has not been run");
                }
                long[] count = {0};
                // streamed through a cursor (which needs a transaction): a cycle may hold millions of exceptions
                context.getBean(org.springframework.transaction.support.TransactionTemplate.class).executeWithoutResult(
                        tx -> context.getBean(io.meterbill.jobs.cycle.CycleOutputs.class)
                                .readExceptions(billingCycle.id()).forEach(e -> {
                                    count[0]++;
                                    out.printf("%s:%d  %s  %s%n    %s%s%n", e.sourceFile(), e.sourceLine(), e.reason(),
                                            e.detail(), e.rawRow(), Boolean.FALSE.equals(e.rawWhole())
                                                    ? " … (cut; the row has " + e.rawLength() + " bytes)" : "");
                                }));
                out.println(count[0] + " read exception(s) in cycle " + billingCycle);
                out.flush();
                return ExitCode.COMPLETED;
            }
        }
    }
}
