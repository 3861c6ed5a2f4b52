package io.meterbill.jobs.cycle;

import io.meterbill.domain.registry.ServicePointId;
import java.time.ZoneId;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The time zone of every service point in a cycle, loaded once per job execution and shared by its
 * import partitions and consolidation buckets (each used to query all of them again). A restart is a new
 * execution and loads them afresh.
 */
@Component
public class CycleZones {

    private final CycleStore store;
    private long jobExecutionId = -1;
    private String cycle;
    private Map<ServicePointId, ZoneId> zones;

    public CycleZones(CycleStore store) {
        this.store = store;
    }

    public synchronized Map<ServicePointId, ZoneId> of(long jobExecutionId, String cycle) {
        if (zones == null || this.jobExecutionId != jobExecutionId || !cycle.equals(this.cycle)) {
            zones = Map.copyOf(store.zonesInCycle(cycle));
            this.jobExecutionId = jobExecutionId;
            this.cycle = cycle;
        }
        return zones;
    }
}
