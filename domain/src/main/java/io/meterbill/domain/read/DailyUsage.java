package io.meterbill.domain.read;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A service point channel's usage per local day (of the service point's time zone), summed from its
 * stored series: what usage history, customer statements and quick checks read instead of intervals.
 * An interval belongs to the day its start falls on.
 */
public record DailyUsage(LocalDate day, long milli, int intervals) {

    /** Daily totals of the series of one service point channel, in day order. */
    public static List<DailyUsage> of(ZoneId zone, List<IntervalSeries> series) {
        Map<LocalDate, long[]> days = new TreeMap<>();
        for (IntervalSeries s : series) {
            SeriesValues v = s.values();
            long step = 60L * v.intervalMinutes();
            long first = v.start().getEpochSecond();
            int i = 0;
            while (i < v.size()) {
                LocalDate day = java.time.Instant.ofEpochSecond(first + step * i).atZone(zone).toLocalDate();
                long dayEnd = day.plusDays(1).atStartOfDay(zone).toEpochSecond();
                // values whose start is before the next local midnight
                int end = (int) Math.min(v.size(), i + Math.max(1, -Math.floorDiv(-(dayEnd - first - step * i), step)));
                long[] total = days.computeIfAbsent(day, d -> new long[2]);
                for (int k = i; k < end; k++) {
                    total[0] += v.valueAt(k);
                }
                total[1] += end - i;
                i = end;
            }
        }
        List<DailyUsage> result = new ArrayList<>(days.size());
        days.forEach((day, total) -> result.add(new DailyUsage(day, total[0], (int) total[1])));
        return result;
    }
}
