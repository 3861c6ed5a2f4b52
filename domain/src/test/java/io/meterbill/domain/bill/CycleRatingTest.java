package io.meterbill.domain.bill;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.domain.cycle.BillingWindow;
import io.meterbill.domain.registry.AccountId;
import io.meterbill.domain.registry.Commodity;
import io.meterbill.domain.registry.ServicePoint;
import io.meterbill.domain.registry.ServicePointId;
import io.meterbill.domain.tariff.Charge;
import io.meterbill.domain.tariff.Determinants;
import io.meterbill.domain.tariff.Tariff;
import io.meterbill.domain.tariff.TariffCode;
import io.meterbill.domain.tariff.TariffEngine;
import io.meterbill.domain.tariff.TariffVersion;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CycleRatingTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final BillingWindow NOVEMBER = BillingCycle.parse("2025-11").windowIn(NEW_YORK);
    private static final Tariff FLAT = new Tariff(new TariffCode("FLAT"), "flat", Currency.getInstance("USD"),
            List.of(new TariffVersion(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 11, 20),
                    List.of(new Charge.Energy("Energy", new BigDecimal("0.10"))))));
    /** Minutes in November 2025 in New York: 30 days + the extra hour of the DST change = 721 hours. */
    private static final long FULL = 43_260;
    private final CycleRating rating = new CycleRating(new TariffEngine(), Map.of(FLAT.code(), FLAT));

    private static ServicePoint servicePoint(String tariff) {
        return new ServicePoint(new ServicePointId("SP-1"), new AccountId("ACC-1"), "1 Main St", NEW_YORK,
                Commodity.ELECTRIC, new TariffCode(tariff));
    }

    @Test
    void aServicePointWithoutReadsIsCountedNotBilled() {
        RatingOutcome outcome = rating.rate(servicePoint("FLAT"), NOVEMBER, new Determinants(0, 0, 0, FULL));
        assertThat(outcome).isInstanceOfSatisfying(RatingOutcome.NotBilled.class,
                n -> assertThat(n.reason()).isEqualTo(NotBilledReason.NO_READS));
    }

    @Test
    void aTariffThatCannotRateThePeriodIsNotBilledWithTheEnginesReason() {
        RatingOutcome outcome = rating.rate(servicePoint("FLAT"), NOVEMBER, new Determinants(1000, 0, 4, FULL));
        assertThat(outcome).isInstanceOfSatisfying(RatingOutcome.NotBilled.class, n -> {
            assertThat(n.reason()).isEqualTo(NotBilledReason.NOT_RATABLE);
            assertThat(n.detail()).contains("changes version inside the billing period");
        });
        RatingOutcome unknown = rating.rate(servicePoint("NOPE"), NOVEMBER, new Determinants(1000, 0, 4, FULL));
        assertThat(unknown).isInstanceOfSatisfying(RatingOutcome.NotBilled.class,
                n -> assertThat(n.detail()).isEqualTo("tariff NOPE is not in the catalog"));
    }

    /** Ten days of reads must not become a bill for the whole month. */
    @Test
    void readsThatDoNotCoverTheWholeWindowAreNotBilled() {
        RatingOutcome outcome = rating.rate(servicePoint("FLAT"), BillingCycle.parse("2025-10").windowIn(NEW_YORK),
                new Determinants(200_000, 0, 960, 14_400));
        assertThat(outcome).isInstanceOfSatisfying(RatingOutcome.NotBilled.class, n -> {
            assertThat(n.reason()).isEqualTo(NotBilledReason.INCOMPLETE_READS);
            assertThat(n.detail()).isEqualTo("delivered-energy reads cover 14400 of 44640 minutes (32.3 %) of the"
                    + " billing window");
        });
    }

    @Test
    void otherwiseTheServicePointIsBilledToItsAccount() {
        BillingWindow october = BillingCycle.parse("2025-10").windowIn(NEW_YORK);
        RatingOutcome outcome = rating.rate(servicePoint("FLAT"), october, new Determinants(123_456, 0, 2976, 44_640));
        assertThat(outcome).isInstanceOfSatisfying(RatingOutcome.Billed.class, b -> {
            assertThat(b.account()).isEqualTo(new AccountId("ACC-1"));
            assertThat(b.bill().total().amount()).isEqualByComparingTo("12.35"); // 123.456 kWh x $0.10 = 12.3456
        });
    }
}
