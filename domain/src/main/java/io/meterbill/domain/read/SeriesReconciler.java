package io.meterbill.domain.read;

import io.meterbill.domain.cycle.BillingWindow;
import io.meterbill.domain.registry.InstallationHistory;
import io.meterbill.domain.registry.ServicePointId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Attributes a meter series to service points through the installation history, a run of values at a
 * time: a meter exchanged mid-series feeds each service point for its own part, values outside the
 * service point's billing window are set aside, and values of an unknown, uninstalled or doubly
 * installed meter are rejected with the reason. Every value ends up in exactly one accepted series or
 * one rejected run, so the control totals can balance value by value.
 */
public final class SeriesReconciler {

    /** Values {@code [from, from + count)} of a meter series that could not be stored, and why. */
    public record RejectedRun(MeterSeries series, int from, int count, ReadRejectionReason reason, String detail) {
        public RejectedRun {
            Objects.requireNonNull(series, "series");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        /** Where in the source the first rejected value is. */
        public long sourcePosition() {
            return series.values().sourcePositionOf(from);
        }
    }

    /** What became of a meter series: the parts attributed to service points and the parts rejected. */
    public record Outcome(List<IntervalSeries> accepted, List<RejectedRun> rejected) {
        public Outcome {
            accepted = List.copyOf(accepted);
            rejected = List.copyOf(rejected);
        }
    }

    private final InstallationHistory installations;
    private final Map<ServicePointId, BillingWindow> windows;

    /**
     * @param windows the billing window of every service point in the cycle that the installations name (a
     *     service point they name without a window is outside the cycle: its values are set aside)
     */
    public SeriesReconciler(InstallationHistory installations, Map<ServicePointId, BillingWindow> windows) {
        this.installations = Objects.requireNonNull(installations, "installations");
        this.windows = Map.copyOf(windows);
    }

    /** The billing window of a service point this reconciler attributes values to. */
    public BillingWindow window(ServicePointId servicePoint) {
        BillingWindow window = windows.get(servicePoint);
        if (window == null) {
            throw new IllegalArgumentException("service point " + servicePoint + " has no billing window in this cycle");
        }
        return window;
    }

    public Outcome reconcile(MeterSeries series) {
        SeriesValues values = series.values();
        long step = 60L * values.intervalMinutes();
        Instant start = values.start();
        List<IntervalSeries> accepted = new ArrayList<>(1);
        List<RejectedRun> rejected = new ArrayList<>(0);
        int i = 0;
        int n = values.size();
        while (i < n) {
            Instant at = start.plusSeconds(step * i);
            InstallationHistory.Match match = installations.match(series.meter(), at);
            Instant change = installations.nextChangeAfter(series.meter(), at);
            // values up to (not including) the first one starting at or after the change share this match
            int end = change == null ? n : (int) Math.min(n, i + ceilDiv(change.getEpochSecond() - at.getEpochSecond(), step));
            if (match instanceof InstallationHistory.Matched matched) {
                i = attribute(series, matched.servicePoint(), i, end, accepted, rejected);
                continue;
            }
            ReadRejectionReason reason;
            String detail;
            if (match instanceof InstallationHistory.UnknownMeter) {
                reason = ReadRejectionReason.UNKNOWN_METER;
                detail = "meter " + series.meter() + " is not in the registry";
            } else if (match instanceof InstallationHistory.NotInstalledAtReadTime) {
                reason = ReadRejectionReason.NO_INSTALLATION_AT_READ_TIME;
                detail = "meter " + series.meter() + " served no service point at " + at;
            } else {
                reason = ReadRejectionReason.METER_ON_TWO_SERVICE_POINTS;
                detail = "meter " + series.meter() + " is installed on "
                        + ((InstallationHistory.InstalledTwice) match).servicePoints() + " at " + at;
            }
            rejected.add(new RejectedRun(series, i, end - i, reason, detail + describeCount(end - i, values)));
            i = end;
        }
        return new Outcome(accepted, rejected);
    }

    /** Values [from, end) belong to {@code servicePoint}: keep those inside its window, set the rest aside. */
    private int attribute(MeterSeries series, ServicePointId servicePoint, int from, int end,
            List<IntervalSeries> accepted, List<RejectedRun> rejected) {
        SeriesValues values = series.values();
        BillingWindow window = windows.get(servicePoint);
        if (window == null) {
            rejected.add(outside(series, servicePoint, null, from, end));
            return end;
        }
        long step = 60L * values.intervalMinutes();
        long first = values.start().getEpochSecond();
        // inside: values starting at or after the window start and ending at or before its end
        int inFrom = (int) Math.min(end, Math.max(from, ceilDiv(window.start().getEpochSecond() - first, step)));
        int inEnd = (int) Math.min(end, Math.max(inFrom, Math.floorDiv(window.end().getEpochSecond() - first, step)));
        if (inFrom > from) {
            rejected.add(outside(series, servicePoint, window, from, inFrom));
        }
        if (inEnd > inFrom) {
            accepted.add(new IntervalSeries(servicePoint, series.channel(), series.meter(), slice(values, inFrom, inEnd)));
        }
        if (end > inEnd) {
            rejected.add(outside(series, servicePoint, window, inEnd, end));
        }
        return end;
    }

    private static RejectedRun outside(MeterSeries series, ServicePointId servicePoint, BillingWindow window, int from,
            int end) {
        Instant at = series.values().start().plusSeconds(60L * series.values().intervalMinutes() * from);
        return new RejectedRun(series, from, end - from, ReadRejectionReason.OUTSIDE_CYCLE_WINDOW, "interval " + at
                + " of " + servicePoint + " is outside its billing window"
                + (window == null ? " (the service point is not in the cycle)" : " " + window.start() + " to " + window.end())
                + describeCount(end - from, series.values()));
    }

    private static String describeCount(int count, SeriesValues values) {
        return count == 1 && values.size() == 1 ? "" : " (" + count + " of the " + values.size() + " values)";
    }

    /** Values [from, end) of a series as a series of their own, with their quality and source positions. */
    static SeriesValues slice(SeriesValues values, int from, int end) {
        if (from == 0 && end == values.size()) {
            return values;
        }
        long[] part = new long[end - from];
        for (int k = from; k < end; k++) {
            part[k - from] = values.valueAt(k);
        }
        int[] slots = values.nonActualSlots();
        ReadQuality[] qualities = values.nonActualQualities();
        int count = 0;
        for (int slot : slots) {
            if (slot >= from && slot < end) {
                count++;
            }
        }
        int[] partSlots = new int[count];
        ReadQuality[] partQualities = new ReadQuality[count];
        int j = 0;
        for (int k = 0; k < slots.length; k++) {
            if (slots[k] >= from && slots[k] < end) {
                partSlots[j] = slots[k] - from;
                partQualities[j++] = qualities[k];
            }
        }
        return new SeriesValues(values.start().plusSeconds(60L * values.intervalMinutes() * from),
                values.intervalMinutes(), part, partSlots, partQualities, values.sourceFile(),
                values.sourcePositionOf(from), values.positionStep());
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
