package io.meterbill.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.jobs.cli.MeterbillCommand;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fails the rating step on purpose partway through one partition, restarts the job instance, and
 * checks that every service point ends with exactly one bill, equal to an uninterrupted run's.
 */
class CycleRestartIT {

    @TempDir
    Path tmp;

    @AfterEach
    void clearFaults() {
        MeterbillCommand.setExtraProperty("meterbill.fault-injection.fail-rating-at", null);
        MeterbillCommand.setExtraProperty("meterbill.rating.chunk-size", null);
    }

    @Test
    void aFailedRatingRestartsWhereItStoppedAndBillsEachServicePointOnce() {
        MeterbillCommand.setExtraProperty("meterbill.rating.chunk-size", 4);
        MeterbillHome uninterrupted = new MeterbillHome(tmp.resolve("uninterrupted"));
        uninterrupted.importSampleRegistryAndTariffs();
        assertThat(uninterrupted.run("cycle", "run", "--cycle", "2025-11", "--input", "sample-data/reads",
                "--partitions", "2").exitCode()).isZero();
        Map<String, String> expected = billsByServicePoint(uninterrupted);
        assertThat(expected).hasSize(49);

        MeterbillHome home = new MeterbillHome(tmp.resolve("restarted"));
        home.importSampleRegistryAndTariffs();
        // partition_1 holds SP-0026..SP-0050; with chunks of 4 it commits SP-0026..SP-0037 first
        MeterbillCommand.setExtraProperty("meterbill.fault-injection.fail-rating-at", "SP-0039");
        MeterbillHome.Result failed = home.run("cycle", "run", "--cycle", "2025-11", "--input", "sample-data/reads",
                "--partitions", "2");
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(failed.err()).contains("cycle 2025-11 FAILED", "fault injected while rating SP-0039",
                "meterbill cycle restart --cycle 2025-11");
        Long billedBeforeRestart = home.query(jdbc -> jdbc.queryForObject(
                "select count(*) from bill where cycle = '2025-11'", Long.class));
        // partition_0 (SP-0001..SP-0025) is complete; partition_1 committed 3 chunks of 4 (SP-0026..SP-0037)
        // before failing on SP-0039; its service point without reads (SP-0042) is still to come
        assertThat(billedBeforeRestart).isEqualTo(25 + 12);

        MeterbillCommand.setExtraProperty("meterbill.fault-injection.fail-rating-at", null);
        MeterbillHome.Result restarted = home.run("cycle", "restart", "--cycle", "2025-11");
        assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(ExitCode.COMPLETED);
        assertThat(restarted.out()).contains("Control totals balance");

        assertThat(billsByServicePoint(home)).isEqualTo(expected);
        Long distinct = home.query(jdbc -> jdbc.queryForObject(
                "select count(distinct service_point_id) - count(*) from bill where cycle = '2025-11'", Long.class));
        assertThat(distinct).isZero();
        // the restart redid only partition_1 of the rating step; the import was not repeated
        Map<String, Object> restartSteps = home.query(jdbc -> jdbc.queryForMap("""
                select count(*) filter (where step_name = 'importReads') as imports,
                       count(*) filter (where step_name like 'rateServicePointsPartition:%') as partitions,
                       sum(read_count) filter (where step_name like 'rateServicePointsPartition:%') as rated
                from batch_step_execution where job_execution_id = 2"""));
        assertThat(((Number) restartSteps.get("imports")).longValue()).isZero();
        assertThat(((Number) restartSteps.get("partitions")).longValue()).isEqualTo(1);
        assertThat(((Number) restartSteps.get("rated")).longValue()).isEqualTo(25 - 12);
    }

    private static Map<String, String> billsByServicePoint(MeterbillHome home) {
        return home.query(jdbc -> jdbc.query("""
                select b.service_point_id, b.total, string_agg(l.charge_type || ':' || l.amount, ' ' order by l.line_no)
                from bill b join bill_line l on l.bill_id = b.bill_id where b.cycle = '2025-11'
                group by b.service_point_id, b.total""", rs -> {
                    Map<String, String> m = new TreeMap<>();
                    while (rs.next()) {
                        m.put(rs.getString(1), rs.getBigDecimal(2).toPlainString() + " " + rs.getString(3));
                    }
                    return m;
                }));
    }
}
