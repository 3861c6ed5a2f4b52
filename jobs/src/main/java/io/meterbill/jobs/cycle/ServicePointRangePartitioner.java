package io.meterbill.jobs.cycle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Splits the cycle's service points, in id order, into contiguous ranges of near-equal size named
 * {@code partition_<n>}. Always makes at least one partition; never more than there are service
 * points. The plan is stored in {@code rating_partition} once per cycle and reused as it is, so every
 * run of the cycle rates the same ranges and a worker can always find its own range by name.
 */
public class ServicePointRangePartitioner implements Partitioner {

    public static final String FIRST = "firstServicePointId";
    public static final String LAST = "lastServicePointId";
    public static final String COUNT = "servicePointCount";

    private static final Logger log = LoggerFactory.getLogger(ServicePointRangePartitioner.class);

    /** One partition's range of service point ids, inclusive. */
    public record Range(String name, String first, String last, int count) {
    }

    private final JdbcTemplate jdbc;
    private final String cycle;
    private final List<String> servicePointIds;
    private final int partitions;

    public ServicePointRangePartitioner(JdbcTemplate jdbc, String cycle, List<String> servicePointIds, int partitions) {
        this.jdbc = jdbc;
        this.cycle = cycle;
        this.servicePointIds = List.copyOf(servicePointIds);
        this.partitions = Math.max(1, partitions);
    }

    /** The ranges of {@code ids} split into at most {@code partitions} parts. */
    public static List<Range> plan(List<String> ids, int partitions) {
        int total = ids.size();
        int count = Math.max(1, Math.min(partitions, total));
        List<Range> ranges = new java.util.ArrayList<>();
        for (int p = 0; p < count; p++) {
            int from = (int) ((long) total * p / count);
            int to = (int) ((long) total * (p + 1) / count); // exclusive
            // an empty range (last < first) when there are no service points: the partition reads nothing
            ranges.add(to > from ? new Range("partition_" + p, ids.get(from), ids.get(to - 1), to - from)
                    : new Range("partition_" + p, "1", "0", 0));
        }
        return ranges;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        List<Range> ranges = stored(jdbc, cycle);
        if (ranges.isEmpty()) {
            ranges = plan(servicePointIds, partitions);
            for (Range r : ranges) {
                jdbc.update("""
                        insert into rating_partition (cycle, partition_name, first_service_point, last_service_point,
                                                      service_points) values (?, ?, ?, ?, ?)
                        on conflict (cycle, partition_name) do nothing""", cycle, r.name(), r.first(), r.last(),
                        r.count());
            }
            ranges = stored(jdbc, cycle);
        }
        Map<String, ExecutionContext> result = new LinkedHashMap<>();
        for (Range r : ranges) {
            ExecutionContext context = new ExecutionContext();
            context.putString(FIRST, r.first());
            context.putString(LAST, r.last());
            context.putInt(COUNT, r.count());
            result.put(r.name(), context);
        }
        log.info("rating cycle {} in {} partition(s)", cycle, ranges.size());
        return result;
    }

    public static List<Range> stored(JdbcTemplate jdbc, String cycle) {
        return jdbc.query("""
                select partition_name, first_service_point, last_service_point, service_points from rating_partition
                where cycle = ? order by length(partition_name), partition_name""",
                (rs, n) -> new Range(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)), cycle);
    }

    /** The stored range of a worker step named {@code rateServicePointsPartition:partition_<n>}. */
    public static Range rangeOf(JdbcTemplate jdbc, String cycle, String workerStepName) {
        String name = workerStepName.substring(workerStepName.indexOf(':') + 1);
        return stored(jdbc, cycle).stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no rating partition " + name + " planned for cycle " + cycle));
    }
}
