package io.meterbill.domain.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Day totals as arrays from a first day: days added in any order, merged, and gaps kept as zero days. */
class DayTotalsTest {

    private static final LocalDate NOV_1 = LocalDate.of(2025, 11, 1);

    @Test
    void daysGrowTheArraysEitherWayAndGapsAreZeroDays() {
        DayTotals totals = new DayTotals();
        totals.add(NOV_1.plusDays(2), 500, 96);
        totals.add(NOV_1, 100, 24); // before the first day: shifts the arrays
        totals.add(NOV_1.plusDays(2), 7, 1);
        assertThat(totals.firstDay()).isEqualTo(NOV_1);
        assertThat(totals.days()).isEqualTo(3);
        assertThat(totals.milliAt(1)).isZero();
        assertThat(totals.intervalsAt(1)).isZero();
        // the gap on Nov 2 is not a day of usage
        assertThat(totals.usage()).containsExactly(new DailyUsage(NOV_1, 100, 24),
                new DailyUsage(NOV_1.plusDays(2), 507, 97));
    }

    @Test
    void streamsFromSeveralFilesAddUp() {
        DayTotals a = new DayTotals();
        a.add(NOV_1, 10, 48);
        DayTotals b = new DayTotals();
        b.add(NOV_1, 5, 48);
        b.add(NOV_1.plusDays(29), 3, 96);
        a.addAll(b);
        assertThat(a.usage()).containsExactly(new DailyUsage(NOV_1, 15, 96), new DailyUsage(NOV_1.plusDays(29), 3, 96));
        assertThat(a.days()).isEqualTo(30);
        assertThat(new DayTotals().isEmpty()).isTrue();
    }
}
