package io.meterbill.jobs.cycle;

import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.domain.read.SeriesReconciler;
import io.meterbill.domain.registry.ServicePointId;
import java.time.ZoneId;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A cycle's reference data, loaded once per job execution and shared by its import partitions and
 * consolidation buckets (each used to query all of it again): the time zone of every service point, and
 * the reconciler (installation history and billing windows) reads are attributed with. Both are immutable.
 * A restart is a new execution and loads them afresh, so a registry changed between runs is seen.
 */
@Component
public class CycleReference {

    private final CycleStore store;
    private long jobExecutionId = -1;
    private String cycle;
    private Map<ServicePointId, ZoneId> zones;
    private SeriesReconciler reconciler;

    public CycleReference(CycleStore store) {
        this.store = store;
    }

    /** The time zone of every service point of the cycle. */
    public synchronized Map<ServicePointId, ZoneId> zones(long jobExecutionId, String cycle) {
        of(jobExecutionId, cycle);
        if (zones == null) {
            zones = Map.copyOf(store.zonesInCycle(cycle));
        }
        return zones;
    }

    /** Attributes meter reads to service points through the installation history, within billing windows. */
    public synchronized SeriesReconciler reconciler(long jobExecutionId, String cycle) {
        of(jobExecutionId, cycle);
        if (reconciler == null) {
            reconciler = new SeriesReconciler(store.installationHistory(), store.windows(BillingCycle.parse(cycle)));
        }
        return reconciler;
    }

    private void of(long jobExecutionId, String cycle) {
        if (this.jobExecutionId != jobExecutionId || !cycle.equals(this.cycle)) {
            this.jobExecutionId = jobExecutionId;
            this.cycle = cycle;
            zones = null;
            reconciler = null;
        }
    }
}
