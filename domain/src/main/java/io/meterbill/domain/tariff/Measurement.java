package io.meterbill.domain.tariff;

import io.meterbill.domain.tariff.RatingCalendar.Lane;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The determinants of one billing period per lane (version segment x schedule) and bucket (season x
 * TOU period): delivered and received consumption in milli-units, and maximum demand in milli-units
 * of demand per demand interval. Built from interval reads, or spread from bill totals.
 */
final class Measurement {

    final long[][] delivered;
    final long[][] received;
    /** Per lane, per demand interval of the lane, per bucket: maximum demand in milli-kW (or milli demand unit). */
    final long[][][] peak;
    final boolean[] deliveredKnown;
    /** Per lane: only a total was given for a schedule with several periods; it is kept in the first period. */
    final boolean[] periodsUnknown;
    final boolean[] demandKnown;
    /** Per lane and TOU period: no demand was given for the period, and the total's is used. */
    final boolean[][] demandFromTotal;
    /** Per lane: export was given only as a total for a schedule with several periods (kept in the first). */
    final boolean[] exportPeriodsUnknown;
    final boolean hasExport;

    private Measurement(RatingCalendar calendar, boolean hasExport) {
        int n = calendar.lanes.size();
        delivered = new long[n][];
        received = new long[n][];
        peak = new long[n][][];
        deliveredKnown = new boolean[n];
        periodsUnknown = new boolean[n];
        demandKnown = new boolean[n];
        demandFromTotal = new boolean[n][];
        exportPeriodsUnknown = new boolean[n];
        this.hasExport = hasExport;
        for (Lane lane : calendar.lanes) {
            delivered[lane.id] = new long[lane.buckets()];
            received[lane.id] = new long[lane.buckets()];
            peak[lane.id] = new long[lane.demandIntervals.length][lane.buckets()];
        }
    }

    /** Sums interval reads into buckets and finds the maximum demand of each bucket. */
    static Measurement ofIntervals(RatingCalendar calendar, IntervalUsage usage, List<String> assumptions) {
        if (!usage.start().equals(calendar.start) || usage.intervals() != calendar.slots) {
            throw new RatingException("the reads run from " + usage.start() + " to " + usage.end()
                    + " but the billing period " + calendar.from + " to " + calendar.to + " in " + calendar.tariff.zone()
                    + " runs from " + calendar.start + " to " + calendar.end);
        }
        long[] del = usage.delivered();
        long[] rec = usage.received();
        Measurement m = new Measurement(calendar, rec != null);
        int step = usage.intervalMinutes();
        for (Lane lane : calendar.lanes) {
            m.deliveredKnown[lane.id] = true;
            m.demandKnown[lane.id] = true;
            long[] d = m.delivered[lane.id];
            long[] r = m.received[lane.id];
            short[] bucketOf = lane.bucketOfSlot;
            int first = lane.firstSlot;
            int end = lane.endSlot;
            // Sums run by run (a run is consecutive slots of one bucket), in locals: adding every read
            // into d[b] and r[b] directly chains each addition to the store before it.
            int[] runEnd = lane.runEnd;
            short[] runBucket = lane.runBucket;
            if (rec == null) {
                int i = first;
                for (int k = 0; k < runEnd.length; k++) {
                    int stop = runEnd[k];
                    long sum = 0;
                    for (; i < stop; i++) {
                        sum += del[i];
                    }
                    d[runBucket[k]] += sum;
                }
            } else {
                int i = first;
                for (int k = 0; k < runEnd.length; k++) {
                    int stop = runEnd[k];
                    long sumDelivered = 0;
                    long sumReceived = 0;
                    for (; i < stop; i++) {
                        sumDelivered += del[i];
                        sumReceived += rec[i];
                    }
                    int b = runBucket[k];
                    d[b] += sumDelivered;
                    r[b] += sumReceived;
                }
            }
            for (int k = 0; k < lane.demandIntervals.length; k++) {
                int minutes = lane.demandIntervals[k];
                int group = 1;
                long perHour = 60 / step;
                if (minutes % step == 0) {
                    group = minutes / step;
                    perHour = 60 / minutes;
                } else {
                    assumptions.add("demand for " + minutes + "-minute intervals measured over the " + step
                            + "-minute reads (the reads are not a whole part of the demand interval)");
                }
                long[] peaks = m.peak[lane.id][k];
                if (group == 1) {
                    int i = first;
                    for (int run = 0; run < runEnd.length; run++) {
                        int stop = runEnd[run];
                        int b = runBucket[run];
                        long max = peaks[b];
                        for (; i < stop; i++) {
                            long demand = del[i] * perHour;
                            if (demand > max) {
                                max = demand;
                            }
                        }
                        peaks[b] = max;
                    }
                } else {
                    for (int i = first; i < end; i += group) {
                        long sum = 0;
                        int stop = Math.min(i + group, end);
                        for (int j = i; j < stop; j++) {
                            sum += del[j];
                        }
                        long demand = sum * perHour;
                        int b = bucketOf[i - first];
                        if (demand > peaks[b]) {
                            peaks[b] = demand;
                        }
                    }
                }
            }
        }
        if (usage.missingDelivered() > 0) {
            assumptions.add(usage.missingDelivered() + " of " + usage.intervals()
                    + " intervals have no delivered read and count as zero");
        }
        return m;
    }

    /**
     * Spreads bill totals over the period: each period's consumption (or the total, for a schedule
     * with one period) is shared among the version segments and seasons in proportion to the days on
     * which the period occurs, exactly to the milli-unit; the demand given for a period (or the total)
     * is taken as the maximum demand of that period in every part.
     */
    static Measurement ofTotals(RatingCalendar calendar, UsageTotals totals, List<String> assumptions) {
        java.util.Set<String> periodNames = new java.util.TreeSet<>();
        for (Lane lane : calendar.lanes) {
            periodNames.addAll(lane.schedule.periods());
        }
        checkNames(totals.consumption(), periodNames, "consumption");
        checkNames(totals.export(), periodNames, "export");
        checkNames(totals.demand(), periodNames, "demand");
        Measurement m = new Measurement(calendar, !totals.export().isEmpty());
        spread(calendar, totals.consumption(), m.delivered, m.deliveredKnown, m.periodsUnknown, assumptions,
                "consumption");
        if (m.hasExport) {
            spread(calendar, totals.export(), m.received, new boolean[calendar.lanes.size()],
                    m.exportPeriodsUnknown, assumptions, "export");
        }
        for (Lane lane : calendar.lanes) {
            boolean known = true;
            m.demandFromTotal[lane.id] = new boolean[lane.periods];
            for (int p = 0; p < lane.periods; p++) {
                BigDecimal value = totals.demand().get(lane.schedule.periods().get(p));
                if (value == null) {
                    value = totals.demand().get(UsageTotals.TOTAL);
                    m.demandFromTotal[lane.id][p] = value != null && lane.periods > 1;
                }
                if (value == null) {
                    known = false;
                    continue;
                }
                long milli = toMilli(value, "demand");
                for (int s = 0; s < lane.seasons; s++) {
                    for (long[] peaks : m.peak[lane.id]) {
                        peaks[lane.bucket(s, p)] = milli;
                    }
                }
            }
            m.demandKnown[lane.id] = known;
        }
        java.util.Set<Long> parts = new java.util.HashSet<>();
        for (int d = 0; d < calendar.days; d++) {
            parts.add(((long) calendar.daySegment[d] << 32) | calendar.daySeason[d]);
        }
        if (parts.size() > 1) {
            assumptions.add("usage totals were shared among the tariff versions and seasons of the period in proportion"
                    + " to their days; demand was taken as the maximum demand of each part");
        }
        return m;
    }

    private static void spread(RatingCalendar calendar, Map<String, BigDecimal> given, long[][] into, boolean[] known,
            boolean[] periodsUnknown, List<String> assumptions, String what) {
        int maxSchedules = calendar.lanes.stream().mapToInt(l -> l.scheduleIndex + 1).max().orElse(1);
        for (int s = 0; s < maxSchedules; s++) {
            List<Lane> lanes = new ArrayList<>();
            for (Lane lane : calendar.lanes) {
                if (lane.scheduleIndex == s) {
                    lanes.add(lane);
                }
            }
            List<String> names = lanes.stream().flatMap(l -> l.schedule.periods().stream()).distinct().toList();
            boolean byPeriod = names.stream().anyMatch(given::containsKey);
            boolean totalOnly = !byPeriod && given.containsKey(UsageTotals.TOTAL);
            if (!byPeriod && !totalOnly) {
                continue;
            }
            for (Lane lane : lanes) {
                known[lane.id] = true;
                periodsUnknown[lane.id] = totalOnly && lane.periods > 1;
            }
            // a total for a schedule of several periods is kept in each lane's first period: charges
            // on all periods and netting of totals are exact; charges on one period are refused
            List<String> targets = totalOnly ? lanes.stream().map(l -> l.schedule.periods().get(0)).distinct().toList()
                    : names;
            for (String name : targets) {
                BigDecimal quantity = byPeriod ? given.get(name) : given.get(UsageTotals.TOTAL);
                if (quantity == null) {
                    addOnce(assumptions, "no " + what + " given for period " + name + "; taken as zero");
                    continue;
                }
                long milli = toMilli(quantity, what);
                // (lane, season) parts in which the period occurs, weighted by their days
                List<long[]> parts = new ArrayList<>(); // {laneId, bucket, days}
                long totalDays = 0;
                for (Lane lane : lanes) {
                    int p = lane.schedule.periodIndex(name);
                    if (p < 0 || (totalOnly && p != 0)) {
                        continue;
                    }
                    var months = totalOnly ? java.util.EnumSet.allOf(java.time.Month.class) : lane.schedule.monthsOf(p);
                    for (int season = 0; season < lane.seasons; season++) {
                        long days = 0;
                        for (int d = lane.segment.firstDay; d < lane.segment.endDay; d++) {
                            if (calendar.daySeason[d] == season && months.contains(calendar.monthOfDay(d))) {
                                days++;
                            }
                        }
                        if (days > 0) {
                            parts.add(new long[] {lane.id, lane.bucket(season, p), days});
                            totalDays += days;
                        }
                    }
                }
                if (totalDays == 0) {
                    addOnce(assumptions, "period " + name + " does not occur in the billing period; its " + what
                            + " is not billed");
                    continue;
                }
                long cumulativeDays = 0;
                long allocated = 0;
                for (long[] part : parts) {
                    cumulativeDays += part[2];
                    long upTo = Math.multiplyExact(milli, cumulativeDays) / totalDays;
                    into[(int) part[0]][(int) part[1]] += upTo - allocated;
                    allocated = upTo;
                }
            }
        }
    }

    private static void checkNames(Map<String, BigDecimal> given, java.util.Set<String> periods, String what) {
        for (String name : given.keySet()) {
            if (!name.equals(UsageTotals.TOTAL) && !periods.contains(name)) {
                throw new RatingException(what + " given for unknown period '" + name + "'; the tariff's periods in this"
                        + " billing period are " + periods);
            }
        }
    }

    private static void addOnce(List<String> assumptions, String assumption) {
        if (!assumptions.contains(assumption)) {
            assumptions.add(assumption);
        }
    }

    static long toMilli(BigDecimal quantity, String what) {
        try {
            return quantity.movePointRight(3).setScale(0, java.math.RoundingMode.UNNECESSARY).longValueExact();
        } catch (ArithmeticException e) {
            throw new RatingException(what + " " + quantity.toPlainString()
                    + " has more than three decimals (quantities are kept in thousandths)");
        }
    }
}
