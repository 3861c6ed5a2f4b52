package io.meterbill.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.registry.ServicePointId;
import io.meterbill.jobs.cli.MeterbillCommand;
import io.meterbill.readers.store.IntervalStoreLayout;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
        Map<String, String> expected = uninterrupted.bills("2025-11");
        assertThat(expected).hasSize(49);

        // the cycle's 50 service points in their rating partitions: 8 store buckets dealt to 2 partitions
        // (partition_0: buckets 0, 2, 4, 6), each partition rating bucket by bucket, ids in order
        List<String> inCycle = uninterrupted.query(jdbc -> jdbc.queryForList("""
                select service_point_id from bill where cycle = '2025-11'
                union select service_point_id from unbilled_service_point where cycle = '2025-11'
                order by 1""", String.class));
        assertThat(inCycle).hasSize(50);
        IntervalStoreLayout layout = new IntervalStoreLayout(tmp.toUri(), 8);
        Comparator<String> ratingOrder = Comparator.comparingInt((String id) -> layout.bucketOf(new ServicePointId(id)))
                .thenComparing(id -> id);
        int failingPartition = layout.bucketOf(new ServicePointId("SP-0039")) % 2;
        List<String> failing = inCycle.stream().filter(id -> layout.bucketOf(new ServicePointId(id)) % 2 == failingPartition)
                .sorted(ratingOrder).toList();
        List<String> other = inCycle.stream().filter(id -> !failing.contains(id)).toList();
        // with chunks of 4, the failing partition commits whole chunks before the one holding SP-0039
        List<String> committed = failing.subList(0, failing.indexOf("SP-0039") / 4 * 4);
        long expectedBilled = Stream.concat(other.stream(), committed.stream()).filter(id -> !id.equals("SP-0042"))
                .count(); // SP-0042 has no reads: not billed

        MeterbillHome home = new MeterbillHome(tmp.resolve("restarted"));
        home.importSampleRegistryAndTariffs();
        MeterbillCommand.setExtraProperty("meterbill.fault-injection.fail-rating-at", "SP-0039");
        MeterbillHome.Result failed = home.run("cycle", "run", "--cycle", "2025-11", "--input", "sample-data/reads",
                "--partitions", "2");
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(failed.err()).contains("cycle 2025-11 FAILED", "fault injected while rating SP-0039",
                "meterbill cycle restart --cycle 2025-11");
        Long billedBeforeRestart = home.query(jdbc -> jdbc.queryForObject(
                "select count(*) from bill where cycle = '2025-11'", Long.class));
        assertThat(committed).isNotEmpty();
        assertThat(billedBeforeRestart).isEqualTo(expectedBilled);

        MeterbillCommand.setExtraProperty("meterbill.fault-injection.fail-rating-at", null);
        MeterbillHome.Result restarted = home.run("cycle", "restart", "--cycle", "2025-11");
        assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(ExitCode.COMPLETED);
        assertThat(restarted.out()).contains("Control totals balance");

        assertThat(home.bills("2025-11")).isEqualTo(expected);
        Long distinct = home.query(jdbc -> jdbc.queryForObject(
                "select count(distinct service_point_id) - count(*) from bill where cycle = '2025-11'", Long.class));
        assertThat(distinct).isZero();
        // the restart redid only the failed partition of the rating step, from its last commit; the import was
        // not repeated
        Map<String, Object> restartSteps = home.query(jdbc -> jdbc.queryForMap("""
                select count(*) filter (where step_name = 'importReads') as imports,
                       count(*) filter (where step_name like 'rateServicePointsPartition:%') as partitions,
                       sum(read_count) filter (where step_name like 'rateServicePointsPartition:%') as rated
                from batch_step_execution where job_execution_id = 2"""));
        assertThat(((Number) restartSteps.get("imports")).longValue()).isZero();
        assertThat(((Number) restartSteps.get("partitions")).longValue()).isEqualTo(1);
        assertThat(((Number) restartSteps.get("rated")).longValue()).isEqualTo(failing.size() - committed.size());
    }
}
