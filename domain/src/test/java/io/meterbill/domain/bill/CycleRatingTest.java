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
    private final CycleRating rating = new CycleRating(new TariffEngine(), Map.of(FLAT.code(), FLAT));

    private static ServicePoint servicePoint(String tariff) {
        return new ServicePoint(new ServicePointId("SP-1"), new AccountId("ACC-1"), "1 Main St", NEW_YORK,
                Commodity.ELECTRIC, new TariffCode(tariff));
    }

    @Test
    void aServicePointWithoutReadsIsCountedNotBilled() {
        RatingOutcome outcome = rating.rate(servicePoint("FLAT"), NOVEMBER, new Determinants(0, 0, 0));
        assertThat(outcome).isInstanceOfSatisfying(RatingOutcome.NotBilled.class,
                n -> assertThat(n.reason()).isEqualTo(NotBilledReason.NO_READS));
    }

    @Test
    void aTariffThatCannotRateThePeriodIsNotBilledWithTheEnginesReason() {
        RatingOutcome outcome = rating.rate(servicePoint("FLAT"), NOVEMBER, new Determinants(1000, 0, 4));
        assertThat(outcome).isInstanceOfSatisfying(RatingOutcome.NotBilled.class, n -> {
            assertThat(n.reason()).isEqualTo(NotBilledReason.NOT_RATABLE);
            assertThat(n.detail()).contains("changes version inside the billing period");
        });
        RatingOutcome unknown = rating.rate(servicePoint("NOPE"), NOVEMBER, new Determinants(1000, 0, 4));
        assertThat(unknown).isInstanceOfSatisfying(RatingOutcome.NotBilled.class,
                n -> assertThat(n.detail()).isEqualTo("tariff NOPE is not in the catalog"));
    }

    @Test
    void otherwiseTheServicePointIsBilledToItsAccount() {
        BillingWindow october = BillingCycle.parse("2025-10").windowIn(NEW_YORK);
        RatingOutcome outcome = rating.rate(servicePoint("FLAT"), october, new Determinants(123_456, 0, 2976));
        assertThat(outcome).isInstanceOfSatisfying(RatingOutcome.Billed.class, b -> {
            assertThat(b.account()).isEqualTo(new AccountId("ACC-1"));
            assertThat(b.bill().total().amount()).isEqualByComparingTo("12.35"); // 123.456 kWh x $0.10 = 12.3456
        });
    }
}
