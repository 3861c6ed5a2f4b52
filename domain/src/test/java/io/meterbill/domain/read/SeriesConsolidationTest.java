package io.meterbill.domain.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.registry.MeterSerial;
import io.meterbill.domain.registry.ServicePointId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesConsolidationTest {

    private static final ServicePointId SP_1 = new ServicePointId("SP-1");
    private static final ServicePointId SP_2 = new ServicePointId("SP-2");
    private static final Instant T0 = Instant.parse("2025-11-10T05:00:00Z");

    private static IntervalSeries series(ServicePointId sp, Instant start, int minutes, String file, long line,
            long... values) {
        return new IntervalSeries(sp, Channel.KWH_DELIVERED, new MeterSerial("M-" + sp.value()),
                SeriesValues.actual(start, minutes, values, file, line, 1));
    }

    private static Instant quarter(int n) {
        return T0.plusSeconds(900L * n);
    }

    private static long values(List<IntervalSeries> series) {
        return series.stream().mapToLong(s -> s.values().size()).sum();
    }

    @Test
    void seriesThatDoNotOverlapAreKeptAsTheyCameInStoreOrder() {
        IntervalSeries later = series(SP_1, quarter(4), 15, "b.csv", 10, 5, 6);
        IntervalSeries earlier = series(SP_1, quarter(0), 15, "a.csv", 2, 1, 2, 3, 4);
        IntervalSeries other = series(SP_2, quarter(0), 15, "a.csv", 50, 9);
        SeriesConsolidation.Result result = SeriesConsolidation.consolidate(List.of(other, later, earlier));
        assertThat(result.kept()).containsExactly(earlier, later, other);
        assertThat(result.changed()).isFalse();
        assertThat(result.duplicatesDropped()).isZero();
        assertThat(result.conflicts()).isEmpty();
    }

    /** A re-sent file repeats quarters 2-5 with the same values: 4 dropped, 6 kept, provenance of the first kept. */
    @Test
    void aRepeatWithTheSameValueIsDroppedAndCounted() {
        IntervalSeries original = series(SP_1, quarter(0), 15, "a.csv", 2, 10, 20, 30, 40, 50, 60);
        IntervalSeries resent = series(SP_1, quarter(2), 15, "b.csv", 7, 30, 40, 50, 60);
        SeriesConsolidation.Result result = SeriesConsolidation.consolidate(List.of(resent, original));
        assertThat(result.duplicatesDropped()).isEqualTo(4);
        assertThat(result.conflicts()).isEmpty();
        assertThat(result.changed()).isTrue();
        assertThat(result.kept()).containsExactly(original);
        assertThat(values(result.kept()) + result.duplicatesDropped()).isEqualTo(10);
    }

    /**
     * Quarter 2 arrives as 30 and as 31: both refused, the rest kept. a.csv keeps quarters 0-1 and 3 (lines 2, 3
     * and 5); b.csv's quarter 3 (40 = 40) is a dropped repeat.
     */
    @Test
    void conflictingValuesAreAllRefusedAndTheRestKept() {
        IntervalSeries original = series(SP_1, quarter(0), 15, "a.csv", 2, 10, 20, 30, 40);
        IntervalSeries other = series(SP_1, quarter(2), 15, "b.csv", 7, 31, 40);
        SeriesConsolidation.Result result = SeriesConsolidation.consolidate(List.of(original, other));
        assertThat(result.duplicatesDropped()).isEqualTo(1);
        assertThat(result.conflicts()).hasSize(2);
        assertThat(result.conflictingValues()).isEqualTo(2);
        SeriesConsolidation.Conflict first = result.conflicts().get(0);
        assertThat(first.sourcePosition()).isEqualTo(4);
        assertThat(first.intervalStart()).isEqualTo(quarter(2));
        assertThat(first.detail()).contains("0.030 kWh (a.csv @4)").contains("0.031 kWh (b.csv @7)")
                .contains("none of them is stored");
        assertThat(result.conflicts().get(1).sourcePosition()).isEqualTo(7);
        assertThat(result.kept()).hasSize(2);
        assertThat(result.kept().get(0).values().values()).containsExactly(10, 20);
        assertThat(result.kept().get(1).values().values()).containsExactly(40);
        assertThat(result.kept().get(1).values().sourcePosition()).isEqualTo(5);
        // every value accounted for: 6 in = 3 kept + 1 repeat + 2 refused
        assertThat(values(result.kept()) + result.duplicatesDropped() + result.conflictingValues()).isEqualTo(6);
    }

    @Test
    void overlappingReadsOfDifferentLengthsAreAllRefused() {
        IntervalSeries quarters = series(SP_1, quarter(0), 15, "a.csv", 2, 1, 2, 3, 4);
        IntervalSeries hour = series(SP_1, quarter(0), 60, "b.csv", 2, 10);
        SeriesConsolidation.Result result = SeriesConsolidation.consolidate(List.of(quarters, hour));
        assertThat(result.kept()).isEmpty();
        assertThat(result.conflictingValues()).isEqualTo(5);
        assertThat(result.conflicts().get(0).detail()).contains("15-minute").contains("60-minute");
    }

    /** 2025-11-02 in New York has 25 hours: 100 quarter hours, all counted to that local day. */
    @Test
    void dailyUsageFollowsTheServicePointsLocalDaysAcrossDst() {
        ZoneId newYork = ZoneId.of("America/New_York");
        Instant nov1 = LocalDate.of(2025, 11, 1).atStartOfDay(newYork).toInstant();
        long[] values = new long[96 + 100 + 96];
        java.util.Arrays.fill(values, 250);
        IntervalSeries threeDays = new IntervalSeries(SP_1, Channel.KWH_DELIVERED, new MeterSerial("M-1"),
                SeriesValues.actual(nov1, 15, values, "a.csv", 2, 1));
        assertThat(DailyUsage.of(newYork, List.of(threeDays))).containsExactly(
                new DailyUsage(LocalDate.of(2025, 11, 1), 96 * 250, 96),
                new DailyUsage(LocalDate.of(2025, 11, 2), 100 * 250, 100),
                new DailyUsage(LocalDate.of(2025, 11, 3), 96 * 250, 96));
    }

    /** Hourly gas reads in India (UTC+5:30): an hour read at 18:00 UTC starts 23:30 local and counts to that day. */
    @Test
    void anIntervalBelongsToTheDayItStartsIn() {
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        IntervalSeries hours = new IntervalSeries(SP_1, Channel.KWH_DELIVERED, new MeterSerial("M-1"),
                SeriesValues.actual(Instant.parse("2025-11-10T17:00:00Z"), 60, new long[] {1, 2, 4}, "a.csv", 2, 1));
        assertThat(DailyUsage.of(kolkata, List.of(hours))).containsExactly(
                new DailyUsage(LocalDate.of(2025, 11, 10), 3, 2), new DailyUsage(LocalDate.of(2025, 11, 11), 4, 1));
    }
}
