package io.meterbill.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.writers.sample.SampleDataGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import is killed (SIGKILL) partway through a large input, in the middle of a file, and
 * restarted: the store then holds every interval exactly once, blocks committed before the kill are
 * not imported again, and the cycle's totals and bills equal an uninterrupted run's.
 */
class ImportRestartIT {

    @TempDir
    Path tmp;

    @Test
    void anImportKilledMidFileRestartsAndStoresEachIntervalOnce() throws Exception {
        // 600 accounts with rooftop solar: 600 x 2 channels x 2,884 quarter hours = 3.46 million values, 6 Parquet files
        Path data = tmp.resolve("data");
        SampleDataGenerator.generate(new SampleDataGenerator.Spec(600, YearMonth.of(2025, 11),
                ZoneId.of("America/New_York"), 5, 6, SampleDataGenerator.Format.PARQUET, 1.0), data);
        Path input = data.resolve("reads");

        MeterbillHome uninterrupted = home("uninterrupted", data);
        assertThat(uninterrupted.run("cycle", "run", "--cycle", "2025-11", "--input", input.toString()).exitCode())
                .isZero();
        Map<String, String> store = uninterrupted.storeFingerprint("2025-11");
        assertThat(store).hasSize(1200);

        // blocks of 20,000 values (about 29 a file), one file at a time: killed a little after the first file
        MeterbillHome crashed = home("crashed", data);
        MeterbillProcess run = MeterbillProcess.start(crashed.path(), List.of("-Dmeterbill.import.block-values=20000",
                "-Dmeterbill.import.threads=1"), "cycle", "run", "--cycle", "2025-11", "--input", input.toString());
        assertThat(run.awaitLog("Step: [importFile:file_1] executed", Duration.ofMinutes(3))).as(run.output()).isTrue();
        Thread.sleep(300);
        run.kill();
        long committed = crashed.query(jdbc -> jdbc.queryForObject("select count(*) from import_block", Long.class));
        long filesDone = crashed.query(jdbc -> jdbc.queryForObject(
                "select count(distinct source_file) from import_block", Long.class));
        assertThat(committed).as("blocks committed before the kill: at least the first file's").isGreaterThanOrEqualTo(29);
        assertThat(filesDone).as("files begun before the kill").isLessThan(6);

        MeterbillHome.Result restarted = crashed.run("cycle", "restart", "--cycle", "2025-11");
        assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
        assertThat(crashed.storeFingerprint("2025-11")).isEqualTo(store);
        // the blocks committed before the kill were not read again: each block once, in one execution or the other
        Map<String, Object> blocks = crashed.query(jdbc -> jdbc.queryForMap("""
                select count(*) as blocks, sum(values_read) as values_read from import_block where cycle = '2025-11'"""));
        long readAfterRestart = crashed.query(jdbc -> jdbc.queryForObject("""
                select coalesce(sum(read_count), 0) from batch_step_execution
                 where job_execution_id = 2 and step_name like 'importFile:%'""", Long.class));
        assertThat(readAfterRestart + committed).isEqualTo(((Number) blocks.get("blocks")).longValue());
        assertThat(((Number) blocks.get("values_read")).longValue()).isEqualTo(600L * 2 * 2884);
        // no half-written store file is left over
        try (Stream<Path> files = Files.walk(crashed.path().resolve("store"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains(".inprogress"));
        }
        assertThat(summary(crashed)).isEqualTo(summary(uninterrupted));
        assertThat(crashed.bills("2025-11")).isEqualTo(uninterrupted.bills("2025-11")).hasSize(600);
    }

    private MeterbillHome home(String name, Path data) {
        MeterbillHome home = new MeterbillHome(tmp.resolve(name));
        assertThat(home.run("registry", "import", data.resolve("registry").toString()).exitCode()).isZero();
        assertThat(home.run("tariffs", "import", "config/tariffs").exitCode()).isZero();
        return home;
    }

    private static String summary(MeterbillHome home) throws Exception {
        return Files.readString(home.path().resolve("output/2025-11/cycle-summary.txt"));
    }
}
