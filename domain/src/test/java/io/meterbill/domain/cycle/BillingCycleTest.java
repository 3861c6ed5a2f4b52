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
        ControlTotals balanced = new ControlTotals(10, 7, Map.of("UNKNOWN_METER", 3L), 5, 4, Map.of("NO_READS", 1L),
                Money.of("100.00", "USD"), Money.of("100.00", "USD"));
        assertThat(balanced.balanced()).isTrue();
        ControlTotals off = new ControlTotals(10, 7, Map.of("UNKNOWN_METER", 2L), 5, 4, Map.of(),
                Money.of("100.00", "USD"), Money.of("100.01", "USD"));
        assertThat(off.imbalances()).hasSize(3);
        assertThat(off.imbalances().get(0)).isEqualTo("input rows 10 != reads stored 7 + rejected 2");
    }
}
