package io.meterbill.jobs.cycle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits the cycle's service points, in id order, into contiguous ranges of near-equal size named
 * {@code partition_<n>}, each holding its first and last service point id. Always makes at least one
 * partition; never more than there are service points. The ranges are stored with the step
 * execution, so a restart reruns exactly the partitions that did not finish.
 */
public class ServicePointRangePartitioner implements Partitioner {

    public static final String FIRST = "firstServicePointId";
    public static final String LAST = "lastServicePointId";
    public static final String COUNT = "servicePointCount";

    private static final Logger log = LoggerFactory.getLogger(ServicePointRangePartitioner.class);

    private final List<String> servicePointIds;
    private final int partitions;

    public ServicePointRangePartitioner(List<String> servicePointIds, int partitions) {
        this.servicePointIds = List.copyOf(servicePointIds);
        this.partitions = Math.max(1, partitions);
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> result = new LinkedHashMap<>();
        int total = servicePointIds.size();
        int count = Math.max(1, Math.min(partitions, total));
        for (int p = 0; p < count; p++) {
            int from = (int) ((long) total * p / count);
            int to = (int) ((long) total * (p + 1) / count); // exclusive
            ExecutionContext context = new ExecutionContext();
            if (to > from) {
                context.putString(FIRST, servicePointIds.get(from));
                context.putString(LAST, servicePointIds.get(to - 1));
            } else {
                // no service points: an empty range (last < first) so the partition reads nothing
                context.putString(FIRST, "1");
                context.putString(LAST, "0");
            }
            context.putInt(COUNT, to - from);
            result.put("partition_" + p, context);
        }
        log.info("rating {} service points in {} partition(s)", total, count);
        return result;
    }
}
