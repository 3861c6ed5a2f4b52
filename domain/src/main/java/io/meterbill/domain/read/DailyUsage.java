package io.meterbill.domain.read;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * A service point channel's usage per local day (of the service point's time zone), summed from its
 * stored series: what usage history, customer statements and quick checks read instead of intervals.
 * An interval belongs to the day its start falls on.
 */
public record DailyUsage(LocalDate day, long milli, int intervals) {

    /** Daily totals of the series of one service point channel, in day order. */
    public static List<DailyUsage> of(ZoneId zone, List<IntervalSeries> series) {
        DayTotals totals = new DayTotals();
        for (IntervalSeries s : series) {
            totals.add(zone, s.values());
        }
        return totals.usage();
    }
}
