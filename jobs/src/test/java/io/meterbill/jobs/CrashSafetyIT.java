package io.meterbill.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.writers.sample.SampleDataGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A billing process dies without warning, is signalled, runs twice, or loses its database: each time
 * one command finishes the cycle, and the result equals an uninterrupted run's. The runs are the
 * real executable jar in separate processes, killed with SIGKILL.
 */
class CrashSafetyIT {

    /** Replay a failure with -Dmeterbill.crash.seed=N (the seed is printed). */
    private static final long SEED = Long.getLong("meterbill.crash.seed", 20251123L);

    @TempDir
    static Path tmp;

    static Path input;
    static Path registry;
    static Outcome uninterrupted;

    /** What a finished cycle left in its home, for comparing runs. */
    record Outcome(Map<String, String> bills, String controlTotals, long readExceptions, long distinctExceptions,
            long rejectedValues, java.util.SortedMap<String, String> store) {
    }

    @BeforeAll
    static void generateInputAndRunItUninterrupted() throws Exception {
        Path generated = tmp.resolve("generated");
        SampleDataGenerator.generate(new SampleDataGenerator.Spec(300, YearMonth.of(2025, 11),
                ZoneId.of("America/New_York"), 7, 4), generated);
        registry = generated.resolve("registry");
        input = generated.resolve("reads");
        // the bundled sample's first file: its meters are unknown here, so ~47,000 values become read
        // exceptions (a run per meter and day), plus its malformed rows
        Files.copy(Path.of("sample-data/reads/reads-2025-11-01_10.csv"), input.resolve("reads-foreign-head-end.csv"));

        MeterbillHome home = prepared(tmp.resolve("uninterrupted"));
        MeterbillHome.Result run = home.run("cycle", "run", "--cycle", "2025-11", "--input", input.toString(),
                "--partitions", "2");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        uninterrupted = outcome(home);
        assertThat(uninterrupted.bills()).hasSize(300);
        assertThat(uninterrupted.rejectedValues()).isGreaterThan(47_000);
        assertThat(uninterrupted.store()).hasSize(300);
    }

    private static MeterbillHome prepared(Path path) {
        MeterbillHome home = new MeterbillHome(path);
        MeterbillHome.Result imported = home.run("registry", "import", registry.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        MeterbillHome.Result tariffs = home.run("tariffs", "import", "config/tariffs");
        assertThat(tariffs.exitCode()).as(tariffs.toString()).isZero();
        return home;
    }

    @Test
    void killedAgainAndAgainAnywhereTheCycleFinishesWithEveryBillOnce() throws Exception {
        System.out.println("CrashSafetyIT seed " + SEED + " (replay with -Dmeterbill.crash.seed=" + SEED + ")");
        Random random = new Random(SEED);
        MeterbillHome home = prepared(tmp.resolve("crashed"));
        // small rating chunks make the rating step long enough to be killed in, many times; a little delay per
        // service point keeps every run alive past the import (which alone can end before a kill lands), so
        // each planned kill does land whatever the machine's speed
        List<String> jvm = List.of("-Dmeterbill.rating.chunk-size=1", "-Dmeterbill.fault-injection.rating-delay=30ms");
        record Target(String step, int maxDelayMillis) {
        }
        List<Target> plan = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            plan.add(new Target("importReads", 2500));
        }
        for (int i = 0; i < 2; i++) {
            plan.add(new Target("consolidateStore", 400));
        }
        for (int i = 0; i < 4; i++) {
            plan.add(new Target("rateServicePoints", 600));
        }
        plan.add(new Target("writeOutputs", 0));
        plan.add(new Target("checkControlTotals", 0));

        int kills = 0;
        List<String> log = new ArrayList<>();
        for (Target target : plan) {
            String[] command = kills == 0
                    ? new String[] {"cycle", "run", "--cycle", "2025-11", "--input", input.toString(), "--partitions", "2"}
                    : new String[] {"cycle", "restart", "--cycle", "2025-11"};
            MeterbillProcess process = MeterbillProcess.start(home.path(), jvm, command);
            int delay = target.maxDelayMillis() == 0 ? 0 : random.nextInt(target.maxDelayMillis());
            // the target step, or a later one when a faster run already finished it before the last kill landed
            List<String> steps = List.of("importReads", "consolidateStore", "rateServicePoints", "writeOutputs",
                    "checkControlTotals");
            List<String> fromTarget = steps.subList(steps.indexOf(target.step()), steps.size()).stream()
                    .map(step -> "Executing step: [" + step).toList();
            boolean inStep = process.awaitLog(fromTarget, Duration.ofMinutes(3));
            if (inStep && delay > 0) {
                pause(process, delay);
            }
            if (process.isAlive()) {
                process.kill();
                kills++;
                log.add("kill " + kills + ": in " + target.step() + " +" + delay + "ms");
            } else {
                log.add("no kill: process ended before " + target.step() + " +" + delay + "ms: " + process.output());
            }
        }
        System.out.println(String.join("\n", log));
        assertThat(kills).as(String.join("\n", log)).isGreaterThanOrEqualTo(10);

        int exit = -1;
        for (int attempt = 0; attempt < 3 && exit != 0; attempt++) {
            MeterbillProcess last = MeterbillProcess.start(home.path(), "cycle", "restart", "--cycle", "2025-11");
            exit = last.waitFor(Duration.ofMinutes(5));
            assertThat(exit).as(last.output()).isIn(0, 4);
        }

        assertThat(outcome(home)).isEqualTo(uninterrupted);
        assertCompletedWithNoTempFiles(home);
    }

    @Test
    void theSameCycleTwiceAtOnceRunsOnceAndTheOtherIsRefused() throws Exception {
        MeterbillHome home = prepared(tmp.resolve("twice"));
        // rating slowed to 200 ms a service point (30 s a partition): the first run is still going when the
        // others start; small import blocks too, as its result must not depend on block size
        MeterbillProcess first = MeterbillProcess.start(home.path(), List.of("-Dmeterbill.import.block-values=2000",
                "-Dmeterbill.fault-injection.rating-delay=200ms"), "cycle", "run", "--cycle", "2025-11",
                "--input", input.toString());
        assertThat(first.awaitLog("Executing step: [importReads]", Duration.ofMinutes(2))).isTrue();

        MeterbillProcess second = MeterbillProcess.start(home.path(), "cycle", "run", "--cycle", "2025-11", "--input",
                input.toString());
        assertThat(second.waitFor(Duration.ofMinutes(2))).as(second.output()).isEqualTo(ExitCode.ALREADY_RUNNING);
        assertThat(second.output().strip()).startsWith("meterbill: cycle 2025-11 is already being run by another"
                + " process (execution 1, pid " + first.pid() + " on ").endsWith("nothing was changed");
        MeterbillProcess restart = MeterbillProcess.start(home.path(), "cycle", "restart", "--cycle", "2025-11");
        assertThat(restart.waitFor(Duration.ofMinutes(2))).isEqualTo(ExitCode.ALREADY_RUNNING);

        assertThat(first.isAlive()).isTrue();
        assertThat(first.waitFor(Duration.ofMinutes(5))).as(first.output()).isZero();
        assertThat(outcome(home)).isEqualTo(uninterrupted);
        Long executions = home.query(jdbc -> jdbc.queryForObject("select count(*) from batch_job_execution", Long.class));
        assertThat(executions).isEqualTo(1);
    }

    @Test
    void twoDifferentCyclesRunAtOnceOnOneHome() throws Exception {
        Path small = tmp.resolve("small");
        for (YearMonth month : List.of(YearMonth.of(2025, 10), YearMonth.of(2025, 11))) {
            SampleDataGenerator.generate(new SampleDataGenerator.Spec(40, month, ZoneId.of("America/New_York"), 3, 1),
                    small.resolve(month.toString()));
        }
        MeterbillHome home = new MeterbillHome(tmp.resolve("two-cycles"));
        assertThat(home.run("registry", "import", small.resolve("2025-11/registry").toString()).exitCode()).isZero();
        assertThat(home.run("tariffs", "import", "config/tariffs").exitCode()).isZero();

        MeterbillProcess october = MeterbillProcess.start(home.path(), "cycle", "run", "--cycle", "2025-10", "--input",
                small.resolve("2025-10/reads").toString());
        MeterbillProcess november = MeterbillProcess.start(home.path(), "cycle", "run", "--cycle", "2025-11", "--input",
                small.resolve("2025-11/reads").toString());
        assertThat(october.waitFor(Duration.ofMinutes(3))).as(october.output()).isZero();
        assertThat(november.waitFor(Duration.ofMinutes(3))).as(november.output()).isZero();
        Map<String, Object> bills = home.query(jdbc -> jdbc.queryForMap(
                "select count(*) filter (where cycle = '2025-10') oct, count(*) filter (where cycle = '2025-11') nov"
                        + " from bill"));
        assertThat(bills).containsEntry("oct", 40L).containsEntry("nov", 40L);
    }

    @Test
    void sigtermStopsAtAChunkBoundaryAndTheCycleRestartsToCompletion() throws Exception {
        MeterbillHome home = prepared(tmp.resolve("sigterm"));
        // small blocks on one thread: the import is still running when the signal comes (the block size is
        // recorded in the cycle's store plan, so the restarts below cut the same blocks)
        MeterbillProcess run = MeterbillProcess.start(home.path(), List.of("-Dmeterbill.import.block-values=2000",
                "-Dmeterbill.import.threads=1"), "cycle", "run", "--cycle", "2025-11", "--input", input.toString());
        assertThat(run.awaitLog("Executing step: [importReads]", Duration.ofMinutes(2))).isTrue();
        run.terminate();
        assertThat(run.waitFor(Duration.ofMinutes(2))).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(run.output()).contains("SIGTERM received: stopping at the next chunk boundary",
                "cycle 2025-11 STOPPED (execution 1)", "meterbill cycle restart --cycle 2025-11");
        Map<String, Object> stopped = home.query(jdbc -> jdbc.queryForMap("""
                select j.status job, s.status step, s.read_count, s.commit_count from batch_job_execution j
                join batch_step_execution s on s.job_execution_id = j.job_execution_id and s.step_name = 'importReads'"""));
        assertThat(stopped).containsEntry("job", "STOPPED").containsEntry("step", "STOPPED");
        // a chunk boundary: every block read was committed with its counts (import chunks are one block)
        Long blocks = home.query(jdbc -> jdbc.queryForObject("select count(*) from import_block", Long.class));
        assertThat(blocks).isEqualTo(((Number) stopped.get("read_count")).longValue());

        // cycle stop from another terminal stops a live run the same way
        // rating slowed to 100 ms a service point: still running when `cycle stop` (a new JVM) gets there
        MeterbillProcess resumed = MeterbillProcess.start(home.path(),
                List.of("-Dmeterbill.fault-injection.rating-delay=100ms"), "cycle", "restart", "--cycle", "2025-11");
        assertThat(resumed.awaitLog("Executing step: [rateServicePoints]", Duration.ofMinutes(2))).isTrue();
        MeterbillProcess stop = MeterbillProcess.start(home.path(), "cycle", "stop", "--cycle", "2025-11");
        assertThat(stop.waitFor(Duration.ofMinutes(2))).as(stop.output()).isZero();
        assertThat(stop.output()).contains("asked cycle 2025-11 (execution 2) to stop");
        assertThat(resumed.waitFor(Duration.ofMinutes(2))).as(resumed.output()).isEqualTo(ExitCode.FAILED);
        assertThat(resumed.output()).contains("cycle 2025-11 STOPPED (execution 2)");

        assertThat(MeterbillProcess.run(home.path(), "cycle", "restart", "--cycle", "2025-11")).isZero();
        assertThat(outcome(home)).isEqualTo(uninterrupted);
    }

    @Test
    void aSecondSignalStopsAtOnceAndTheDeadRunIsRecognisedAsStale() throws Exception {
        MeterbillHome home = prepared(tmp.resolve("two-signals"));
        // blocks of 5 million values (each file is one block): the next chunk boundary is seconds away when
        // the second signal comes
        MeterbillProcess run = MeterbillProcess.start(home.path(), List.of("-Dmeterbill.import.block-values=5000000"),
                "cycle", "run", "--cycle", "2025-11", "--input", input.toString());
        assertThat(run.awaitLog("Executing step: [importReads]", Duration.ofMinutes(2))).isTrue();
        run.terminate();
        // signals do not queue: the second is sent once the first has been handled
        assertThat(run.awaitOutput("SIGTERM received: stopping at the next chunk boundary", Duration.ofMinutes(1)))
                .isTrue();
        run.terminate();
        assertThat(run.waitFor(Duration.ofMinutes(1))).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(run.output()).contains("received again: stopping at once");

        MeterbillProcess status = MeterbillProcess.start(home.path(), "cycle", "status", "--cycle", "2025-11");
        assertThat(status.waitFor(Duration.ofMinutes(1))).isZero();
        // STOPPING if the first signal's stop request was recorded before the second ended the process
        assertThat(status.output()).containsPattern("execution 1    (STARTED|STOPPING) \\(STALE: pid " + run.pid() + " on ");

        assertThat(MeterbillProcess.run(home.path(), "cycle", "restart", "--cycle", "2025-11")).isZero();
        String firstRun = home.query(jdbc -> jdbc.queryForObject(
                "select status || ' ' || (end_time is not null) from batch_job_execution where job_execution_id = 1",
                String.class));
        assertThat(firstRun).isEqualTo("FAILED true");
        assertThat(outcome(home)).isEqualTo(uninterrupted);
    }

    @Test
    void losingTheDatabaseFailsTheRunAndARestartFinishesIt() throws Exception {
        MeterbillHome home = prepared(tmp.resolve("db-lost"));
        // each level of the job (a partition, its step, the job) tries once to record the failure, waiting a
        // connect timeout each time: with 4 s the run ends in about half a minute
        MeterbillProcess run = MeterbillProcess.start(home.path(), List.of("-Dmeterbill.db.connect-timeout=4s"),
                "cycle", "run", "--cycle", "2025-11", "--input", input.toString());
        assertThat(run.awaitLog("Executing step: [importReads]", Duration.ofMinutes(2))).isTrue();
        pause(run, 1500);
        long postmaster = Long.parseLong(Files.readAllLines(home.path().resolve("pgdata/postmaster.pid")).get(0).strip());
        new ProcessBuilder("kill", "-9", Long.toString(postmaster)).start().waitFor();

        // the run must end well within a minute, not hang
        assertThat(run.waitFor(Duration.ofMinutes(1))).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(run.output().strip().lines().filter(l -> l.startsWith("meterbill:")).toList())
                .satisfiesExactly(
                        cause -> assertThat(cause).startsWith("meterbill: cycle 2025-11 FAILED"),
                        resume -> assertThat(resume).isEqualTo("meterbill: resume with: meterbill cycle restart --cycle 2025-11"));

        assertThat(MeterbillProcess.run(home.path(), "cycle", "restart", "--cycle", "2025-11")).isZero();
        assertThat(outcome(home)).isEqualTo(uninterrupted);
        assertCompletedWithNoTempFiles(home);
    }

    /** Lets the process run on for a while (a kill point, not a synchronisation); returns early if it ends. */
    private static void pause(MeterbillProcess process, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (process.isAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(10_000_000, deadline - System.nanoTime()));
        }
    }

    private static void assertCompletedWithNoTempFiles(MeterbillHome home) throws Exception {
        String last = home.query(jdbc -> jdbc.queryForObject(
                "select status from batch_job_execution order by job_execution_id desc limit 1", String.class));
        assertThat(last).isEqualTo("COMPLETED");
        try (Stream<Path> files = Files.walk(home.path().resolve("output"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("bill-register.csv", "bill-lines.csv", "bill-assumptions.csv",
                            "read-exceptions.csv", "not-billed.csv", "cycle-summary.txt");
        }
        // no half-written store file is left, and every file the store's catalog lists is there
        try (Stream<Path> files = Files.walk(home.path().resolve("store"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains(".inprogress"));
        }
        List<String> catalogued = home.query(jdbc -> jdbc.queryForList(
                "select format('cycle=%s/bucket=%s/%s.parquet', cycle, lpad(bucket::text, 3, '0'), file_name)"
                        + " from store_file", String.class));
        assertThat(catalogued).isNotEmpty().allSatisfy(f -> assertThat(home.path().resolve("store").resolve(f)).exists());
    }

    private static Outcome outcome(MeterbillHome home) throws Exception {
        Map<String, String> bills = home.bills("2025-11");
        String summary = Files.readString(home.path().resolve("output/2025-11/cycle-summary.txt"));
        long exceptions = home.query(jdbc -> jdbc.queryForObject("select count(*) from read_exception", Long.class));
        long distinct = home.query(jdbc -> jdbc.queryForObject(
                "select count(distinct (source_file, source_line, interval_start, reason)) from read_exception",
                Long.class));
        long rejectedValues = home.query(jdbc -> jdbc.queryForObject(
                "select coalesce(sum(value_count), 0) from read_exception", Long.class));
        return new Outcome(bills, summary, exceptions, distinct, rejectedValues, home.storeFingerprint("2025-11"));
    }
}
