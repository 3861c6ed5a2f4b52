package io.meterbill.jobs.cycle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.meterbill.readers.store.IntervalStoreLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Splits the cycle's interval-store buckets among at most {@code partitions} rating partitions named
 * {@code partition_<n>}: partition n rates buckets n, n + P, n + 2P, ... The plan is stored in
 * {@code rating_partition} once per cycle and reused as it is, so every run of the cycle rates the same
 * buckets in the same partitions and a worker finds its buckets by name even if a crash cost its step
 * execution its context. A partition reads its service points a bucket at a time from
 * {@link CycleServicePoints}.
 */
public class RatingPartitioner implements Partitioner {

    private static final Logger log = LoggerFactory.getLogger(RatingPartitioner.class);

    /** One partition's buckets. */
    public record Plan(String name, int[] buckets) {
    }

    private final JdbcTemplate jdbc;
    private final CycleServicePoints servicePoints;
    private final String cycle;
    private final IntervalStoreLayout layout;
    private final int partitions;

    public RatingPartitioner(JdbcTemplate jdbc, CycleServicePoints servicePoints, String cycle,
            IntervalStoreLayout layout, int partitions) {
        this.jdbc = jdbc;
        this.servicePoints = servicePoints;
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
        servicePoints.ensureRecorded(cycle, layout); // recorded at import; a cycle begun by an older version
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
