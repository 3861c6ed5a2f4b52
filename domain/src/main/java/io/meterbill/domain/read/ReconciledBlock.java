package io.meterbill.domain.read;

import io.meterbill.domain.registry.ServicePointId;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What reconciliation made of a {@link SeriesBlock}: the series attributed to service points (to be
 * stored), the runs of values refused with their reasons, and the records refused whole (rows that
 * could not be parsed, or the unreadable rest of a file), and the time zone of each service point it
 * stores for (whose local days its daily totals are counted in). Its counts balance by construction:
 * values read = values accepted + values rejected; rows = rows parsed + rows rejected.
 */
public record ReconciledBlock(SeriesBlock block, List<IntervalSeries> accepted,
        List<SeriesReconciler.RejectedRun> rejectedRuns, List<SeriesRecord> rejectedRecords,
        Map<ServicePointId, ZoneId> zones) {

    public ReconciledBlock {
        Objects.requireNonNull(block, "block");
        accepted = List.copyOf(accepted);
        rejectedRuns = List.copyOf(rejectedRuns);
        rejectedRecords = List.copyOf(rejectedRecords);
        zones = Map.copyOf(zones);
        for (IntervalSeries series : accepted) {
            if (!zones.containsKey(series.servicePoint())) {
                throw new IllegalArgumentException("no time zone for service point " + series.servicePoint());
            }
        }
    }

    /** Reconciles every parsed series of {@code block}; unparseable and unreadable records are refused whole. */
    public static ReconciledBlock of(SeriesBlock block, SeriesReconciler reconciler) {
        List<IntervalSeries> accepted = new ArrayList<>();
        List<SeriesReconciler.RejectedRun> runs = new ArrayList<>();
        List<SeriesRecord> refused = new ArrayList<>();
        Map<ServicePointId, ZoneId> zones = new HashMap<>();
        ServicePointId last = null;
        for (SeriesRecord record : block.records()) {
            if (record instanceof SeriesRecord.Parsed parsed) {
                for (MeterSeries series : parsed.series()) {
                    SeriesReconciler.Outcome outcome = reconciler.reconcile(series);
                    accepted.addAll(outcome.accepted());
                    runs.addAll(outcome.rejected());
                    for (IntervalSeries stored : outcome.accepted()) {
                        if (!stored.servicePoint().equals(last)) { // a service point's series come together
                            last = stored.servicePoint();
                            zones.computeIfAbsent(last, sp -> reconciler.window(sp).zone());
                        }
                    }
                }
            } else {
                refused.add(record);
            }
        }
        return new ReconciledBlock(block, accepted, runs, refused, zones);
    }

    public long rowsRejected() {
        long n = 0;
        for (SeriesRecord r : rejectedRecords) {
            n += r.sourceRows();
        }
        return n;
    }

    public long rowsRead() {
        return block.rows() - rowsRejected();
    }

    public long valuesAccepted() {
        long n = 0;
        for (IntervalSeries s : accepted) {
            n += s.values().size();
        }
        return n;
    }

    public long valuesRejected() {
        long n = 0;
        for (SeriesReconciler.RejectedRun r : rejectedRuns) {
            n += r.count();
        }
        return n;
    }

    public long blankIntervals() {
        long n = 0;
        for (SeriesRecord r : block.records()) {
            if (r instanceof SeriesRecord.Parsed parsed) {
                n += parsed.blankIntervals();
            }
        }
        return n;
    }
}
