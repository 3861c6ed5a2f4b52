package io.meterbill.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.writers.sample.SampleDataGenerator;
import io.meterbill.writers.sample.SampleFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory does not grow with the size of a cycle: a month of 10,000 generated service points with rooftop
 * solar (import and export, 15-minute reads: 57.7 million values, 1% of the usual faults) completes in the
 * real executable with a heap capped at 256 MiB, and every output file equals that of the same month run with
 * the test JVM's large heap. Outputs, bills and lines are streamed from the database and rating reads its
 * service points a bucket at a time; a writer that gathered the cycle's rows in memory would fail here.
 */
class BoundedMemoryIT {

    static final int SERVICE_POINTS = 10_000;
    static final List<String> OUTPUTS = List.of("bill-register.csv", "bill-lines.csv", "bill-assumptions.csv",
            "read-exceptions.csv", "not-billed.csv", "cycle-summary.txt");

    @TempDir
    static Path tmp;

    @Test
    void aTenThousandServicePointMonthCompletesIn256MiBWithTheOutputsOfALargeHeap() throws Exception {
        Path generated = tmp.resolve("generated");
        SampleDataGenerator.generate(new SampleDataGenerator.Spec(SERVICE_POINTS, YearMonth.of(2025, 11),
                ZoneId.of("America/New_York"), 42, 4, SampleDataGenerator.Format.PARQUET, 1.0,
                SampleFaults.parse("all=0.01")), generated);

        MeterbillHome small = prepared(tmp.resolve("small-heap"), generated);
        MeterbillProcess run = MeterbillProcess.start(small.path(),
                List.of("-Xmx256m", "-XX:+UseParallelGC", "-XX:NewRatio=1", "-XX:+ExitOnOutOfMemoryError"),
                "cycle", "run", "--cycle", "2025-11", "--input", generated.resolve("reads").toString());
        int exit = run.waitFor(Duration.ofMinutes(10));
        assertThat(exit).as(run.output()).isEqualTo(ExitCode.COMPLETED);
        assertThat(run.output()).contains("Control totals balance")
                .containsPattern("Service points in cycle\\s+" + SERVICE_POINTS);

        MeterbillHome large = prepared(tmp.resolve("large-heap"), generated);
        MeterbillHome.Result reference = large.run("cycle", "run", "--cycle", "2025-11", "--input",
                generated.resolve("reads").toString());
        assertThat(reference.exitCode()).as(reference.toString()).isEqualTo(ExitCode.COMPLETED);
        assertThat(Runtime.getRuntime().maxMemory()).as("the reference run's heap").isGreaterThan(1L << 30);

        for (String file : OUTPUTS) {
            List<String> fromSmall = withoutBillIds(small.path().resolve("output/2025-11").resolve(file));
            List<String> fromLarge = withoutBillIds(large.path().resolve("output/2025-11").resolve(file));
            assertThat(fromSmall).as(file).isEqualTo(fromLarge);
        }
        assertThat(Files.readAllLines(small.path().resolve("output/2025-11/bill-register.csv")))
                .hasSizeGreaterThan(SERVICE_POINTS * 9 / 10);
        assertThat(Files.readAllLines(small.path().resolve("output/2025-11/bill-lines.csv")))
                .hasSizeGreaterThan(SERVICE_POINTS * 3);
    }

    private static MeterbillHome prepared(Path path, Path generated) {
        MeterbillHome home = new MeterbillHome(path);
        MeterbillHome.Result imported = home.run("registry", "import", generated.resolve("registry").toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        MeterbillHome.Result tariffs = home.run("tariffs", "import", "config/tariffs");
        assertThat(tariffs.exitCode()).as(tariffs.toString()).isZero();
        return home;
    }

    /**
     * The file's lines with the bill id (a database sequence, which differs between two homes) blanked where
     * it is the first column; the summary has none.
     */
    private static List<String> withoutBillIds(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        if (!lines.get(0).startsWith("bill_id,")) {
            return lines;
        }
        return lines.stream().map(line -> line.substring(line.indexOf(','))).toList();
    }
}
