package io.meterbill.domain.bill;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.domain.cycle.BillingWindow;
import io.meterbill.domain.read.Channel;
import io.meterbill.domain.registry.AccountId;
import io.meterbill.domain.registry.Commodity;
import io.meterbill.domain.registry.ServicePoint;
import io.meterbill.domain.registry.ServicePointId;
import io.meterbill.domain.tariff.Applicability;
import io.meterbill.domain.tariff.Charge;
import io.meterbill.domain.tariff.RatingContext;
import io.meterbill.domain.tariff.Tariff;
import io.meterbill.domain.tariff.TariffCode;
import io.meterbill.domain.tariff.TariffEngine;
import io.meterbill.domain.tariff.TariffVersion;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CycleRatingTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final BillingWindow OCTOBER = BillingCycle.parse("2025-10").windowIn(NEW_YORK);
    private static final Tariff FLAT = Tariff.electric(new TariffCode("FLAT"), "flat", Currency.getInstance("USD"),
            NEW_YORK, List.of(TariffVersion.simple(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 11, 20),
                    List.of(Charge.Energy.flat("Energy", new BigDecimal("0.10"), Applicability.ALWAYS)))));
    private final CycleRating rating = new CycleRating(new TariffEngine(), Map.of(FLAT.code(), FLAT));

    private static ServicePoint servicePoint(String tariff) {
        return new ServicePoint(new ServicePointId("SP-1"), new AccountId("ACC-1"), "1 Main St", NEW_YORK,
                Commodity.ELECTRIC, new TariffCode(tariff));
    }

    /** Quarter-hour delivered reads of {@code milli} each from the window start, {@code count} of them. */
    private static List<MeteredInterval> reads(BillingWindow window, int count, long milli) {
        List<MeteredInterval> reads = new ArrayList<>();
        Instant t = window.start();
        for (int i = 0; i < count; i++, t = t.plusSeconds(900)) {
            reads.add(new MeteredInterval(Channel.KWH_DELIVERED, t, 15, milli));
        }
        return reads;
    }

    @Test
    void aServicePointWithoutReadsIsCountedNotBilled() {
        RatingOutcome outcome = rating.rate(servicePoint("FLAT"), OCTOBER, List.of(), RatingContext.NONE);
        assertThat(outcome).isInstanceOfSatisfying(RatingOutcome.NotBilled.class,
                n -> assertThat(n.reason()).isEqualTo(NotBilledReason.NO_READS));
    }

    @Test
    void aTariffThatCannotRateThePeriodIsNotBilledWithTheReason() {
        BillingWindow december = BillingCycle.parse("2025-12").windowIn(NEW_YORK);
        RatingOutcome outcome = rating.rate(servicePoint("FLAT"), december, reads(december, 31 * 96, 10),
                RatingContext.NONE);
        assertThat(outcome).isInstanceOfSatisfying(RatingOutcome.NotBilled.class, n -> {
            assertThat(n.reason()).isEqualTo(NotBilledReason.NOT_RATABLE);
            assertThat(n.detail()).isEqualTo("tariff FLAT has no version in force on 2025-12-01");
        });
        RatingOutcome unknown = rating.rate(servicePoint("NOPE"), OCTOBER, reads(OCTOBER, 2976, 10), RatingContext.NONE);
        assertThat(unknown).isInstanceOfSatisfying(RatingOutcome.NotBilled.class,
                n -> assertThat(n.detail()).isEqualTo("tariff NOPE is not in the catalog"));
    }

    /** Ten days of reads must not become a bill for the whole month. */
    @Test
    void readsThatDoNotCoverTheWholeWindowAreNotBilled() {
        RatingOutcome outcome = rating.rate(servicePoint("FLAT"), OCTOBER, reads(OCTOBER, 960, 200), RatingContext.NONE);
        assertThat(outcome).isInstanceOfSatisfying(RatingOutcome.NotBilled.class, n -> {
            assertThat(n.reason()).isEqualTo(NotBilledReason.INCOMPLETE_READS);
            assertThat(n.detail()).isEqualTo("delivered reads cover 14400 of 44640 minutes (32.3 %) of the"
                    + " billing window; 2016 intervals of 15 minutes are missing");
        });
        // one quarter hour short of the month is not "100 %"
        RatingOutcome oneShort = rating.rate(servicePoint("FLAT"), OCTOBER, reads(OCTOBER, 2975, 200),
                RatingContext.NONE);
        assertThat(oneShort).isInstanceOfSatisfying(RatingOutcome.NotBilled.class, n -> assertThat(n.detail())
                .isEqualTo("delivered reads cover 44625 of 44640 minutes (99.9 %) of the billing window; 1"
                        + " interval of 15 minutes is missing"));
    }

    @Test
    void readsOfMixedLengthsOrOffTheGridAreNotRatable() {
        List<MeteredInterval> mixed = new ArrayList<>(reads(OCTOBER, 10, 100));
        mixed.add(new MeteredInterval(Channel.KWH_DELIVERED, OCTOBER.start().plusSeconds(36_000), 60, 100));
        assertThat(rating.rate(servicePoint("FLAT"), OCTOBER, mixed, RatingContext.NONE))
                .isInstanceOfSatisfying(RatingOutcome.NotBilled.class,
                        n -> assertThat(n.detail()).contains("different interval lengths (15 and 60 minutes)"));
    }

    /** Export reads with a gap would credit the gap as zero export: not billed, like a delivered gap. */
    @Test
    void exportReadsMustCoverTheWindowToo() {
        List<MeteredInterval> withExport = new ArrayList<>(reads(OCTOBER, 2976, 41));
        Instant t = OCTOBER.start();
        for (int i = 0; i < 2976 - 96; i++, t = t.plusSeconds(900)) {
            withExport.add(new MeteredInterval(Channel.KWH_RECEIVED, t, 15, 5));
        }
        assertThat(rating.rate(servicePoint("FLAT"), OCTOBER, withExport, RatingContext.NONE))
                .isInstanceOfSatisfying(RatingOutcome.NotBilled.class, n -> {
                    assertThat(n.reason()).isEqualTo(NotBilledReason.INCOMPLETE_READS);
                    assertThat(n.detail()).isEqualTo("export (received-energy) reads cover 43200 of 44640 minutes"
                            + " (96.8 %) of the billing window; 96 intervals of 15 minutes are missing");
                });
    }

    /** A misspelt rate-criterion key must not bill the default rates without a word. */
    @Test
    void aRateCriterionTheTariffDoesNotHaveIsNotRatable() {
        RatingOutcome outcome = rating.rate(servicePoint("FLAT"), OCTOBER, reads(OCTOBER, 2976, 41),
                RatingContext.NONE.withProperties(Map.of("low_incme", "yes")));
        assertThat(outcome).isInstanceOfSatisfying(RatingOutcome.NotBilled.class, n -> {
            assertThat(n.reason()).isEqualTo(NotBilledReason.NOT_RATABLE);
            assertThat(n.detail()).isEqualTo("rate criterion 'low_incme' of the service point is not one of tariff FLAT's []");
        });
    }

    @Test
    void aReadOutsideTheWindowIsNamedAsSuch() {
        List<MeteredInterval> late = new ArrayList<>(reads(OCTOBER, 2976, 41));
        late.add(new MeteredInterval(Channel.KWH_DELIVERED, OCTOBER.end(), 15, 41));
        assertThat(rating.rate(servicePoint("FLAT"), OCTOBER, late, RatingContext.NONE))
                .isInstanceOfSatisfying(RatingOutcome.NotBilled.class, n -> assertThat(n.detail())
                        .isEqualTo("read at 2025-11-01T04:00:00Z is outside the period 2025-10-01T04:00:00Z to"
                                + " 2025-11-01T04:00:00Z"));
    }

    /** 2976 quarter hours (October 2025 has 31 x 96) of 0.041 kWh = 122.016 kWh x $0.10 = $12.2016 -> $12.20. */
    /** Gas reads (milli-therms) are never rated on a tariff that bills kWh: the service point is not billed, with why. */
    @Test
    void readsInAnotherUnitThanTheTariffBillsAreNotRatable() {
        List<io.meterbill.domain.read.IntervalSeries> gas = List.of(new io.meterbill.domain.read.IntervalSeries(
                new ServicePointId("SP-1"), Channel.THERM_DELIVERED, new io.meterbill.domain.registry.MeterSerial("G-1"),
                io.meterbill.domain.read.SeriesValues.actual(OCTOBER.start(), 60, new long[744], "gas.csv", 2, 1)));
        assertThat(rating.rateSeries(servicePoint("FLAT"), OCTOBER, gas, RatingContext.NONE))
                .isEqualTo(new RatingOutcome.NotBilled(new ServicePointId("SP-1"), NotBilledReason.NOT_RATABLE,
                        "reads of channel therm_del are in therm but tariff FLAT bills consumption in kWh"));
    }

    @Test
    void otherwiseTheServicePointIsBilledToItsAccount() {
        RatingOutcome outcome = rating.rate(servicePoint("FLAT"), OCTOBER, reads(OCTOBER, 2976, 41), RatingContext.NONE);
        assertThat(outcome).isInstanceOfSatisfying(RatingOutcome.Billed.class, b -> {
            assertThat(b.account()).isEqualTo(new AccountId("ACC-1"));
            assertThat(b.bill().lines().get(0).determinant()).isEqualByComparingTo("122.016");
            assertThat(b.bill().total().amount()).isEqualByComparingTo("12.20");
        });
    }
}
