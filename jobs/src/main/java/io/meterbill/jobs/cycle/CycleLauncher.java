package io.meterbill.jobs.cycle;

import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.domain.read.InputText;
import io.meterbill.domain.tariff.TariffCode;
import io.meterbill.jobs.AlreadyRunning;
import io.meterbill.jobs.ConfigurationProblem;
import io.meterbill.jobs.tariff.TariffCatalog;
import io.meterbill.readers.interval.InputManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Starts, resumes, stops and inspects billing cycle runs. Every run holds its cycle's
 * {@link CycleRunLock} from before it looks at the job repository until the job ends, so two
 * processes can never run the same cycle, and a run marked STARTED whose lock is free belongs to a
 * dead process: it is recovered (its running steps and the job marked FAILED with an end time, as
 * Spring Batch's {@link JobOperator#recover} does) and the job instance restarted. Refuses what
 * would bill twice or run on bad configuration before anything is started.
 */
@Component
public class CycleLauncher {

    private static final Logger log = LoggerFactory.getLogger(CycleLauncher.class);

    /** The result of asking for a run: either it ran (execution), or why nothing was started. */
    public record Launch(JobExecution execution, String refusal, boolean alreadyCompleted) {
        static Launch ran(JobExecution execution) {
            return new Launch(execution, null, false);
        }
    }

    /** Who runs (or ran) an execution, and whether that process is still alive. */
    public record Owner(String host, long pid, boolean alive) {
        @Override
        public String toString() {
            return "pid " + pid + " on " + host;
        }
    }

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job billingCycleJob;
    private final CycleStore store;
    private final TariffCatalog tariffs;
    private final CycleRunLock runLock;
    private final JdbcTemplate jdbc;
    private final org.apache.hadoop.conf.Configuration hadoop;
    private final String inputZone;
    private final CsvLayoutSettings csvLayouts;

    public CycleLauncher(JobOperator jobOperator, JobRepository jobRepository, Job billingCycleJob, CycleStore store,
            TariffCatalog tariffs, CycleRunLock runLock, JdbcTemplate jdbc, org.apache.hadoop.conf.Configuration hadoop,
            @org.springframework.beans.factory.annotation.Value("${meterbill.input.time-zone:}") String inputZone,
            CsvLayoutSettings csvLayouts) {
        this.csvLayouts = csvLayouts;
        this.hadoop = hadoop;
        this.inputZone = inputZone;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.billingCycleJob = billingCycleJob;
        this.store = store;
        this.tariffs = tariffs;
        this.runLock = runLock;
        this.jdbc = jdbc;
    }

    public static JobParameters identifying(BillingCycle cycle) {
        return new JobParametersBuilder().addString(CycleJobParameters.CYCLE, cycle.id()).toJobParameters();
    }

    /** The cycle's input files and how far the import of each has got. */
    public List<CycleStore.FileProgress> fileProgress(BillingCycle cycle) {
        return store.fileProgress(cycle.id());
    }

    public JobInstance instance(BillingCycle cycle) {
        return jobRepository.getJobInstance(CycleJobParameters.JOB_NAME, identifying(cycle));
    }

    /**
     * Runs a cycle. A cycle that never ran starts; one whose last run failed, was stopped or died
     * resumes where it stopped, provided {@code input} is the input it started with.
     */
    public Launch run(BillingCycle cycle, Path input, Path output, int partitions) throws Exception {
        try (CycleRunLock.Held lock = lockOrRefuse(cycle)) {
            JobInstance instance = instance(cycle);
            if (instance != null) {
                JobExecution last = jobRepository.getLastJobExecution(instance);
                if (last != null) {
                    String original = last.getJobParameters().getString(CycleJobParameters.INPUT);
                    if (last.getStatus() == BatchStatus.COMPLETED) {
                        Launch done = completed(cycle, last);
                        if (original != null && !Path.of(original).equals(input.toAbsolutePath().normalize())) {
                            // billed once already: a second input is not billed on top, but say so
                            return new Launch(last, done.refusal() + "; it was billed from " + original + ", not "
                                    + input, true);
                        }
                        return done;
                    }
                    if (!Path.of(original).equals(input.toAbsolutePath().normalize())) {
                        throw new ConfigurationProblem("cycle " + cycle + " has an unfinished run (execution "
                                + last.getId() + ", " + describe(last) + ") on input " + original
                                + "; resume it with: meterbill cycle restart --cycle " + cycle);
                    }
                    return resume(cycle, last);
                }
            }
            checkInput(cycle, input, checkRegistryAndTariffs(cycle));
            JobParameters parameters = new JobParametersBuilder()
                    .addString(CycleJobParameters.CYCLE, cycle.id())
                    .addString(CycleJobParameters.INPUT, input.toAbsolutePath().normalize().toString(), false)
                    .addString(CycleJobParameters.OUTPUT, output.toAbsolutePath().normalize().toString(), false)
                    .addLong(CycleJobParameters.PARTITIONS, (long) partitions, false)
                    .toJobParameters();
            return Launch.ran(jobOperator.start(billingCycleJob, parameters));
        }
    }

    /** Resumes a cycle whose last run failed, was stopped, or died (kill -9, power loss). */
    public Launch restart(BillingCycle cycle) throws Exception {
        try (CycleRunLock.Held lock = lockOrRefuse(cycle)) {
            JobInstance instance = instance(cycle);
            if (instance == null) {
                throw new ConfigurationProblem("cycle " + cycle + " has never been run; start it with:"
                        + " meterbill cycle run --cycle " + cycle + " --input DIR");
            }
            JobExecution last = jobRepository.getLastJobExecution(instance);
            if (last.getStatus() == BatchStatus.COMPLETED) {
                return completed(cycle, last);
            }
            return resume(cycle, last);
        }
    }

    /**
     * Asks the live run of a cycle to stop at its next chunk boundary (it ends STOPPED, restartable).
     *
     * @return the execution asked to stop
     */
    public JobExecution stop(BillingCycle cycle) throws Exception {
        JobInstance instance = instance(cycle);
        JobExecution last = instance == null ? null : jobRepository.getLastJobExecution(instance);
        if (last == null || !last.getStatus().isRunning()) {
            throw new ConfigurationProblem("cycle " + cycle + " is not running"
                    + (last == null ? "" : " (last execution " + last.getId() + " is " + last.getStatus() + ")"));
        }
        if (!runLock.heldElsewhere(cycle)) {
            throw new ConfigurationProblem("cycle " + cycle + " execution " + last.getId() + " is marked "
                    + last.getStatus() + " but its process is gone (stale); resume it with: meterbill cycle restart"
                    + " --cycle " + cycle);
        }
        requestStop(last);
        return last;
    }

    /** Asks this process's own running execution of the cycle to stop (graceful stop on SIGTERM/SIGINT). */
    public boolean stopOwnRun(BillingCycle cycle) {
        JobInstance instance = instance(cycle);
        JobExecution last = instance == null ? null : jobRepository.getLastJobExecution(instance);
        if (last == null || !last.getStatus().isRunning()) {
            return false;
        }
        try {
            requestStop(last);
            return true;
        } catch (RuntimeException e) {
            log.warn("could not ask execution {} to stop: {}", last.getId(), e.toString());
            return false;
        }
    }

    /**
     * Marks a running execution STOPPING in the job repository; its running step sees this when it
     * commits its next chunk and stops there. Only the job execution is touched: Spring Batch's
     * {@code JobOperator.stop} also updates the step executions, which then fail the running step
     * with an optimistic-locking error when it is in another process, and stops the step object
     * from the calling thread when it is in this one.
     */
    private void requestStop(JobExecution execution) {
        execution.setStatus(BatchStatus.STOPPING);
        jobRepository.update(execution);
    }

    public List<JobExecution> executions(BillingCycle cycle) {
        JobInstance instance = instance(cycle);
        return instance == null ? List.of() : jobRepository.getJobExecutions(instance);
    }

    /**
     * The execution before {@code execution} when {@code execution} failed in the same steps with the same
     * causes as it: a restart repeated a failure unchanged, so another restart would only repeat it again. Causes
     * are compared as the job repository keeps them (each failed step's exception and its causes, without stack
     * frames), so the comparison is the same in any process.
     */
    public Optional<JobExecution> repeatedFailureOf(BillingCycle cycle, JobExecution execution) {
        if (execution.getStatus() != BatchStatus.FAILED) {
            return Optional.empty();
        }
        List<JobExecution> all = executions(cycle);
        JobExecution now = all.stream().filter(e -> e.getId() == execution.getId()).findFirst().orElse(null);
        JobExecution before = all.stream().filter(e -> e.getId() < execution.getId())
                .max(java.util.Comparator.comparing(JobExecution::getId)).orElse(null);
        if (now == null || before == null || before.getStatus() != BatchStatus.FAILED) {
            return Optional.empty();
        }
        Set<String> causes = failedSteps(now);
        return !causes.isEmpty() && causes.equals(failedSteps(before)) ? Optional.of(before) : Optional.empty();
    }

    /** Each failed step of an execution with its recorded exception chain (messages only, no stack frames). */
    private static Set<String> failedSteps(JobExecution execution) {
        Set<String> steps = new TreeSet<>();
        for (var step : execution.getStepExecutions()) {
            if (step.getStatus() == BatchStatus.FAILED) {
                String description = step.getExitStatus().getExitDescription();
                String chain = description == null ? "" : description.lines()
                        .filter(line -> !line.isEmpty() && !Character.isWhitespace(line.charAt(0)))
                        .collect(java.util.stream.Collectors.joining("\n"));
                steps.add(step.getStepName() + ": " + chain);
            }
        }
        return steps;
    }

    public List<JobExecution> executionsOf(JobInstance instance) {
        return jobRepository.getJobExecutions(instance);
    }

    public List<JobInstance> instances() {
        return jobRepository.findJobInstances(CycleJobParameters.JOB_NAME);
    }

    /** The recorded owner of an execution; {@code alive} says whether a live process holds the cycle's lock. */
    public Optional<Owner> owner(BillingCycle cycle, JobExecution execution) throws Exception {
        List<Owner> owners = jdbc.query("select host, pid from cycle_run where job_execution_id = ?",
                (rs, n) -> new Owner(rs.getString(1), rs.getLong(2), false), execution.getId());
        if (owners.isEmpty()) {
            return Optional.empty();
        }
        boolean alive = execution.getStatus().isRunning() && runLock.heldElsewhere(cycle);
        return Optional.of(new Owner(owners.get(0).host(), owners.get(0).pid(), alive));
    }

    private CycleRunLock.Held lockOrRefuse(BillingCycle cycle) throws Exception {
        Optional<CycleRunLock.Held> lock = runLock.tryLock(cycle);
        if (lock.isPresent()) {
            return lock.get();
        }
        JobInstance instance = instance(cycle);
        JobExecution last = instance == null ? null : jobRepository.getLastJobExecution(instance);
        String who = "";
        if (last != null) {
            List<String> owner = jdbc.query("select 'pid ' || pid || ' on ' || host from cycle_run where job_execution_id = ?",
                    (rs, n) -> rs.getString(1), last.getId());
            who = " (execution " + last.getId() + (owner.isEmpty() ? "" : ", " + owner.get(0)) + ")";
        }
        throw new AlreadyRunning("cycle " + cycle + " is already being run by another process" + who
                + "; nothing was changed");
    }

    private Launch completed(BillingCycle cycle, JobExecution last) {
        return new Launch(last, "cycle " + cycle + " already completed (execution " + last.getId()
                + "); nothing to do", true);
    }

    /** Called with the cycle's lock held: a running status here can only be a dead process's. */
    private Launch resume(BillingCycle cycle, JobExecution last) throws Exception {
        JobExecution toRestart = last;
        if (last.getStatus().isRunning()) {
            log.warn("cycle {} execution {} is marked {} but no live process holds the cycle: recovering it",
                    cycle, last.getId(), last.getStatus());
            toRestart = jobOperator.recover(last);
        }
        checkInputUnchanged(cycle);
        checkRegistryAndTariffs(cycle);
        return Launch.ran(jobOperator.restart(toRestart));
    }

    /**
     * Refuses, before a job instance exists, input that cannot be this cycle's: a cycle that completed
     * on the wrong input could never be run again. Checks that there are interval files, and that at
     * least one of them starts with a read inside the cycle's billing windows (or in the day before:
     * exports often begin early).
     */
    private void checkInput(BillingCycle cycle, Path input, CycleStore.CycleOutline outline)
            throws java.io.IOException {
        List<Path> files;
        try {
            files = InputManifest.files(input); // a file, a directory, or a glob
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigurationProblem("input " + input + " does not exist"
                    + (e.getFile().equals(input.toString()) ? "" : " (" + e.getReason() + ": " + e.getFile() + ")"));
        }
        if (files.isEmpty()) {
            throw new ConfigurationProblem("input " + input + " holds no files" + (input.toString().contains("*")
                    ? " (the glob matches none)" : ""));
        }
        java.time.ZoneId zone = inputZone.isBlank() ? store.sharedTimeZone().orElse(null)
                : java.time.ZoneId.of(inputZone);
        var windows = outline.timeZones().stream().map(cycle::windowIn).toList();
        java.time.Instant from = windows.stream().map(w -> w.start()).min(java.util.Comparator.naturalOrder())
                .orElseThrow().minus(java.time.Duration.ofDays(1));
        java.time.Instant to = windows.stream().map(w -> w.end()).max(java.util.Comparator.naturalOrder()).orElseThrow();
        List<String> seen = new java.util.ArrayList<>();
        boolean anyIntervalFile = false;
        var layout = csvLayouts.layouts(); // a wrong setting is a usage error, before anything starts
        for (Path file : files) {
            io.meterbill.readers.interval.InputFormat.Detection detection =
                    io.meterbill.readers.interval.InputFormat.detect(file, layout);
            if (!detection.accepted()) {
                seen.add(InputText.echo(file.getFileName().toString()) + ": " + detection.refusal());
                continue;
            }
            anyIntervalFile = true;
            InputManifest.FirstRead first = InputManifest.firstRead(file, zone, hadoop, layout);
            if (first.start() != null && !first.start().isBefore(from) && first.start().isBefore(to)) {
                return;
            }
            // a file without reads says why (its own refusal), not just that it has none
            seen.add(InputText.echo(file.getFileName().toString()) + ": "
                    + (first.start() != null ? first.start().toString() : first.why()));
        }
        if (!anyIntervalFile) {
            throw new ConfigurationProblem("input " + input + " holds no interval files (long or wide CSV, Parquet,"
                    + " Green Button XML; .gz accepted): " + String.join("; ", seen.subList(0, Math.min(2, seen.size())))
                    + (seen.size() > 2 ? "; ..." : ""));
        }
        throw new ConfigurationProblem("input " + input + " does not look like cycle " + cycle + " (first reads: "
                + String.join("; ", seen.subList(0, Math.min(3, seen.size()))) + (seen.size() > 3 ? "; ..." : "")
                + "); check --cycle and --input");
    }

    /**
     * A resumed cycle must read the very files it started on: part of the cycle is already stored
     * from them. Every listed file is checked against its recorded size and SHA-256.
     */
    private void checkInputUnchanged(BillingCycle cycle) throws java.io.IOException {
        for (InputManifest.InputFileEntry recorded : store.manifest(cycle.id()).stream().map(f -> f.entry()).toList()) {
            if (!Files.exists(recorded.path())) {
                throw new ConfigurationProblem("input file " + recorded.path() + " of cycle " + cycle
                        + " is gone; restore it to resume the cycle");
            }
            String now = InputManifest.sha256(recorded.path());
            if (!now.equals(recorded.sha256())) {
                throw new ConfigurationProblem("input file " + recorded.path() + " changed since cycle " + cycle
                        + " started (SHA-256 " + recorded.sha256().substring(0, 12) + "... then, " + now.substring(0, 12)
                        + "... now); restore the original file to resume the cycle");
            }
        }
    }

    private static String describe(JobExecution execution) {
        return execution.getStatus().isRunning() ? execution.getStatus() + ", process gone" : execution.getStatus().toString();
    }

    /** @return the outline of the cycle's service points, all of which have a tariff in the catalog */
    private CycleStore.CycleOutline checkRegistryAndTariffs(BillingCycle cycle) {
        CycleStore.CycleOutline outline = store.outline(cycle);
        if (outline.servicePoints() == 0) {
            throw new ConfigurationProblem("no service point has a meter installed during cycle " + cycle
                    + "; import the registry first: meterbill registry import DIR");
        }
        Set<TariffCode> known = tariffs.load().keySet();
        Set<String> missing = new TreeSet<>();
        for (TariffCode tariff : outline.tariffs()) {
            if (!known.contains(tariff)) {
                missing.add(tariff.value());
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationProblem("service points of cycle " + cycle + " use tariff(s) " + missing
                    + " that are not in the catalog; import them with: meterbill tariffs import DIR");
        }
        return outline;
    }
}
