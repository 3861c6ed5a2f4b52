package io.meterbill.jobs.cycle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.domain.registry.ServicePoint;
import io.meterbill.domain.registry.ServicePointId;
import io.meterbill.readers.store.IntervalStoreLayout;
import java.sql.Date;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Splits the cycle's interval-store buckets among at most {@code partitions} rating partitions named
 * {@code partition_<n>}: partition n rates buckets n, n + P, n + 2P, ... The plan is stored in
 * {@code rating_partition} once per cycle and reused as it is, so every run of the cycle rates the same
 * buckets in the same partitions and a worker finds its buckets by name even if a crash cost its step
 * execution its context. With the plan, each service point of the cycle is recorded with its bucket
 * ({@code cycle_service_point}), so that a partition reads its service points a bucket at a time.
 */
public class RatingPartitioner implements Partitioner {

    private static final Logger log = LoggerFactory.getLogger(RatingPartitioner.class);

    /** One partition's buckets. */
    public record Plan(String name, int[] buckets) {
    }

    /** Service points read and recorded per round trip when the cycle's list is recorded. */
    static final int PAGE = 10_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final String cycle;
    private final IntervalStoreLayout layout;
    private final int partitions;

    public RatingPartitioner(JdbcTemplate jdbc, TransactionTemplate tx, String cycle, IntervalStoreLayout layout,
            int partitions) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.cycle = cycle;
        this.layout = layout;
        this.partitions = Math.max(1, partitions);
    }

    /** {@code buckets} dealt round-robin into at most {@code partitions} partitions (at least one). */
    public static List<Plan> plan(int buckets, int partitions) {
        int count = Math.max(1, Math.min(partitions, buckets));
        List<Plan> plans = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            List<Integer> own = new ArrayList<>();
            for (int b = p; b < buckets; b += count) {
                own.add(b);
            }
            plans.add(new Plan("partition_" + p, own.stream().mapToInt(Integer::intValue).toArray()));
        }
        return plans;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        int buckets = layout.buckets();
        recordServicePoints();
        List<Plan> plans = stored(jdbc, cycle);
        if (plans.isEmpty()) {
            for (Plan p : plan(buckets, partitions)) {
                Integer[] own = Arrays.stream(p.buckets()).boxed().toArray(Integer[]::new);
                jdbc.update(con -> {
                    var ps = con.prepareStatement("""
                            insert into rating_partition (cycle, partition_name, buckets, service_points)
                            values (?, ?, ?, 0) on conflict (cycle, partition_name) do nothing""");
                    ps.setString(1, cycle);
                    ps.setString(2, p.name());
                    ps.setArray(3, con.createArrayOf("integer", own));
                    return ps;
                });
            }
            plans = stored(jdbc, cycle);
        }
        Map<String, ExecutionContext> result = new LinkedHashMap<>();
        for (Plan p : plans) {
            result.put(p.name(), new ExecutionContext());
        }
        log.info("rating cycle {} in {} partition(s) over {} bucket(s)", cycle, plans.size(), buckets);
        return result;
    }

    /**
     * Records the cycle's service points with their buckets, once per cycle, in one transaction, a page of
     * ids at a time (keyset order), so neither this nor any later step holds the whole list.
     */
    private void recordServicePoints() {
        Boolean recorded = jdbc.queryForObject(
                "select exists (select 1 from cycle_service_point where cycle = ?)", Boolean.class, cycle);
        if (Boolean.TRUE.equals(recorded)) {
            return;
        }
        BillingCycle billing = BillingCycle.parse(cycle);
        long[] count = {0};
        tx.executeWithoutResult(status -> {
            String after = "";
            while (true) {
                List<String> page = jdbc.queryForList("select sp.service_point_id from service_point sp where "
                        + CycleStore.inCycle("?", "?") + " and sp.service_point_id collate \"C\" > ?"
                        + " order by sp.service_point_id collate \"C\" limit " + PAGE, String.class,
                        Date.valueOf(billing.endDay()), Date.valueOf(billing.firstDay()), after);
                if (page.isEmpty()) {
                    break;
                }
                jdbc.batchUpdate("insert into cycle_service_point (cycle, service_point_id, bucket) values (?, ?, ?)"
                        + " on conflict do nothing", page, page.size(), (ps, id) -> {
                            ps.setString(1, cycle);
                            ps.setString(2, id);
                            ps.setInt(3, layout.bucketOf(new ServicePointId(id)));
                        });
                count[0] += page.size();
                after = page.get(page.size() - 1);
            }
        });
        log.info("cycle {}: {} service point(s) recorded for rating", cycle, count[0]);
    }

    /** The service points of a bucket, in id order, with their registry data. */
    public static List<ServicePoint> servicePoints(JdbcTemplate jdbc, String cycle, int bucket) {
        return jdbc.query("select sp.* from cycle_service_point c join service_point sp using (service_point_id)"
                + " where c.cycle = ? and c.bucket = ? order by sp.service_point_id collate \"C\"",
                (rs, n) -> CycleStore.servicePoint(rs), cycle, bucket);
    }

    /** How many service points each of {@code buckets} holds, in bucket order (a bucket without any is left out). */
    public static java.util.SortedMap<Integer, Integer> bucketSizes(JdbcTemplate jdbc, String cycle, int[] buckets) {
        java.util.SortedMap<Integer, Integer> sizes = new java.util.TreeMap<>();
        jdbc.query(con -> {
            var ps = con.prepareStatement("select bucket, count(*) from cycle_service_point"
                    + " where cycle = ? and bucket = any(?) group by bucket");
            ps.setString(1, cycle);
            ps.setArray(2, con.createArrayOf("integer", Arrays.stream(buckets).boxed().toArray()));
            return ps;
        }, rs -> {
            sizes.put(rs.getInt(1), rs.getInt(2));
        });
        return sizes;
    }

    public static List<Plan> stored(JdbcTemplate jdbc, String cycle) {
        return jdbc.query("""
                select partition_name, buckets from rating_partition
                where cycle = ? and buckets is not null order by length(partition_name), partition_name""",
                (rs, n) -> new Plan(rs.getString(1), Arrays.stream((Integer[]) rs.getArray(2).getArray())
                        .mapToInt(Integer::intValue).toArray()), cycle);
    }

    /** The stored buckets of a worker step named {@code rateServicePointsPartition:partition_<n>}. */
    public static Plan planOf(JdbcTemplate jdbc, String cycle, String workerStepName) {
        String name = workerStepName.substring(workerStepName.indexOf(':') + 1);
        return stored(jdbc, cycle).stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no rating partition " + name + " planned for cycle " + cycle));
    }
}
