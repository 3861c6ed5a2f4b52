package io.meterbill.domain.read;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One service point channel's totals per local day (milli-units and number of intervals), kept as arrays
 * from a first day: what the store's file footers and {@code daily_usage_series} hold. An interval belongs
 * to the local day its start falls on. Days between the first and the last with no interval have zero
 * intervals.
 */
public final class DayTotals {

    private long firstEpochDay;
    private long[] milli = new long[0];
    private int[] intervals = new int[0];

    /** Adds a day's total. */
    public void add(LocalDate day, long milliUnits, int intervalCount) {
        add(day.toEpochDay(), milliUnits, intervalCount);
    }

    private void add(long epochDay, long milliUnits, int intervalCount) {
        if (milli.length == 0) {
            firstEpochDay = epochDay;
            milli = new long[1];
            intervals = new int[1];
        } else if (epochDay < firstEpochDay) {
            int shift = Math.toIntExact(firstEpochDay - epochDay);
            long[] m = new long[milli.length + shift];
            int[] n = new int[intervals.length + shift];
            System.arraycopy(milli, 0, m, shift, milli.length);
            System.arraycopy(intervals, 0, n, shift, intervals.length);
            milli = m;
            intervals = n;
            firstEpochDay = epochDay;
        } else if (epochDay - firstEpochDay >= milli.length) {
            int days = Math.toIntExact(epochDay - firstEpochDay + 1);
            milli = Arrays.copyOf(milli, days);
            intervals = Arrays.copyOf(intervals, days);
        }
        int at = (int) (epochDay - firstEpochDay);
        milli[at] = Math.addExact(milli[at], milliUnits);
        intervals[at] += intervalCount;
    }

    /** Adds another stream's totals day by day. */
    public void addAll(DayTotals other) {
        for (int i = 0; i < other.milli.length; i++) {
            if (other.intervals[i] > 0) {
                add(other.firstEpochDay + i, other.milli[i], other.intervals[i]);
            }
        }
    }

    /**
     * Adds a series' values to the local days of {@code zone} their starts fall on: one time-zone lookup
     * per day the series touches, not per value.
     */
    public void add(ZoneId zone, SeriesValues v) {
        long step = 60L * v.intervalMinutes();
        long first = v.start().getEpochSecond();
        int i = 0;
        while (i < v.size()) {
            LocalDate day = Instant.ofEpochSecond(first + step * i).atZone(zone).toLocalDate();
            long dayEnd = day.plusDays(1).atStartOfDay(zone).toEpochSecond();
            // values whose start is before the next local midnight
            int end = (int) Math.min(v.size(), i + Math.max(1, -Math.floorDiv(-(dayEnd - first - step * i), step)));
            long total = 0;
            for (int k = i; k < end; k++) {
                total += v.valueAt(k);
            }
            add(day.toEpochDay(), total, end - i);
            i = end;
        }
    }

    public boolean isEmpty() {
        return milli.length == 0;
    }

    /** The first day (null when empty). */
    public LocalDate firstDay() {
        return isEmpty() ? null : LocalDate.ofEpochDay(firstEpochDay);
    }

    /** Days from the first to the last, both included. */
    public int days() {
        return milli.length;
    }

    public long milliAt(int dayIndex) {
        return milli[dayIndex];
    }

    public int intervalsAt(int dayIndex) {
        return intervals[dayIndex];
    }

    /** The days that have intervals, in order. */
    public List<DailyUsage> usage() {
        List<DailyUsage> days = new ArrayList<>(milli.length);
        for (int i = 0; i < milli.length; i++) {
            if (intervals[i] > 0) {
                days.add(new DailyUsage(LocalDate.ofEpochDay(firstEpochDay + i), milli[i], intervals[i]));
            }
        }
        return days;
    }
}
