package io.meterbill.domain.cycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterbill.domain.bill.Money;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BillingCycleTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** November 2025 in New York ends daylight time on the 2nd: 30 x 24 + 1 = 721 hours = 2884 quarter hours. */
    @Test
    void aFallBackMonthHas2884QuarterHours() {
        BillingWindow window = BillingCycle.parse("2025-11").windowIn(NEW_YORK);
        assertThat(window.start()).isEqualTo(Instant.parse("2025-11-01T04:00:00Z"));
        assertThat(window.end()).isEqualTo(Instant.parse("2025-12-01T05:00:00Z"));
        assertThat(Duration.between(window.start(), window.end()).toMinutes() / 15).isEqualTo(2884);
        assertThat(window.days()).isEqualTo(30);
    }

    /** March 2026 starts daylight time on the 8th: 31 x 96 - 4 = 2972 quarter hours. */
    @Test
    void aSpringForwardMonthHas2972QuarterHours() {
        BillingWindow window = BillingCycle.parse("2026-03").windowIn(NEW_YORK);
        assertThat(Duration.between(window.start(), window.end()).toMinutes() / 15).isEqualTo(2972);
    }

    @Test
    void aLeapFebruaryHas29Days() {
        assertThat(BillingCycle.parse("2028-02").windowIn(NEW_YORK).days()).isEqualTo(29);
        assertThat(BillingCycle.parse("2027-02").windowIn(NEW_YORK).days()).isEqualTo(28);
    }

    @Test
    void anIntervalMustLieWhollyInsideTheWindow() {
        BillingWindow window = BillingCycle.parse("2025-11").windowIn(NEW_YORK);
        Duration quarter = Duration.ofMinutes(15);
        assertThat(window.containsInterval(window.start(), quarter)).isTrue();
        assertThat(window.containsInterval(window.end().minus(quarter), quarter)).isTrue();
        assertThat(window.containsInterval(window.end(), quarter)).isFalse();
        assertThat(window.containsInterval(window.start().minus(quarter), quarter)).isFalse();
    }

    @Test
    void rejectsACycleThatIsNotYearMonth() {
        assertThatThrownBy(() -> BillingCycle.parse("2025-13")).hasMessageContaining("YYYY-MM");
        assertThatThrownBy(() -> BillingCycle.parse("November")).hasMessageContaining("YYYY-MM");
    }

    @Test
    void controlTotalsNameEachEquationThatDoesNotBalance() {
        // 10 rows: 9 read (into 96 values each = 864) + 1 rejected whole; 864 values: 760 stored, 96 of an
        // unknown meter, 8 repeats dropped
        ControlTotals.Reads reads = new ControlTotals.Reads(10, 9, 1, Map.of("MALFORMED_ROW", 1L), 864, 760, 760, 768,
                768, 96, Map.of("UNKNOWN_METER", 96L), 8, 0);
        ControlTotals balanced = new ControlTotals(reads, 5, 4, Map.of("NO_READS", 1L),
                Money.of("100.00", "USD"), Money.of("100.00", "USD"));
        assertThat(balanced.balanced()).isTrue();

        ControlTotals.Reads lostRow = new ControlTotals.Reads(11, 9, 1, Map.of("MALFORMED_ROW", 1L), 864, 760, 760,
                768, 768, 96, Map.of("UNKNOWN_METER", 95L), 8, 0);
        ControlTotals off = new ControlTotals(lostRow, 5, 4, Map.of(), Money.of("100.00", "USD"),
                Money.of("100.01", "USD"));
        assertThat(off.imbalances()).containsExactly(
                "input rows 11 != rows read 9 + rows rejected 1",
                "values rejected 96 != values in read exceptions 95",
                "service points in cycle 5 != billed 4 + not billed 0",
                "sum of bill totals 100.00 USD != sum of bill lines 100.01 USD");

        ControlTotals.Reads notConsolidated = new ControlTotals.Reads(10, 9, 1, Map.of("MALFORMED_ROW", 1L), 864, 760,
                700, 768, 700, 96, Map.of("UNKNOWN_METER", 96L), 8, 0);
        assertThat(new ControlTotals(notConsolidated, 5, 4, Map.of("NO_READS", 1L), Money.of("100.00", "USD"),
                Money.of("100.00", "USD")).imbalances()).containsExactly(
                "values written by the import 768 != values consolidated 700 (a bucket was not consolidated)",
                "values in the store's files 700 != values stored 760");
    }
}
