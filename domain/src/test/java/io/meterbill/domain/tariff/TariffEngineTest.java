package io.meterbill.domain.tariff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterbill.domain.bill.BillLine;
import io.meterbill.domain.bill.ChargeType;
import io.meterbill.domain.bill.RatedBill;
import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.domain.cycle.BillingWindow;
import io.meterbill.domain.registry.ServicePointId;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class TariffEngineTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Currency USD = Currency.getInstance("USD");
    private final TariffEngine engine = new TariffEngine();
    /** Minutes in November 2025 in New York (721 hours); the engine does not look at coverage. */
    private static final long FULL = 43_260;

    private static Tariff residentialFlat() {
        return new Tariff(new TariffCode("RES-FLAT"), "Residential flat", USD, List.of(new TariffVersion(
                LocalDate.of(2025, 1, 1), null, List.of(
                        new Charge.FixedMonthly("Customer charge", new BigDecimal("12.50")),
                        new Charge.Energy("Energy", new BigDecimal("0.1432")),
                        new Charge.PercentageTax("Sales tax", new BigDecimal("6"))))));
    }

    /**
     * Hand-worked: 734.517 kWh x $0.1432 = $105.1828344 -> $105.18; + $12.50 customer charge =
     * $117.68 subtotal; 6 % tax = $7.0608 -> $7.06; total $124.74.
     */
    @Test
    void ratesFixedEnergyAndTaxToTheCent() {
        BillingWindow november = BillingCycle.parse("2025-11").windowIn(NEW_YORK);
        RatedBill bill = engine.rate(new ServicePointId("SP-1"), november, new Determinants(734_517, 0, 2884, FULL),
                residentialFlat());

        assertThat(bill.lines()).extracting(BillLine::chargeType)
                .containsExactly(ChargeType.FIXED, ChargeType.ENERGY, ChargeType.TAX);
        assertThat(bill.lines()).extracting(l -> l.amount().amount().toPlainString())
                .containsExactly("12.50", "105.18", "7.06");
        assertThat(bill.subtotal().amount()).isEqualByComparingTo("117.68");
        assertThat(bill.tax().amount()).isEqualByComparingTo("7.06");
        assertThat(bill.total().amount()).isEqualByComparingTo("124.74");
        assertThat(bill.lines().get(1).determinant()).isEqualByComparingTo("734.517");
        assertThat(bill.lines().get(1).tariffVersion()).isEqualTo("RES-FLAT@2025-01-01");
        assertThat(bill.assumptions()).singleElement().asString().contains("RES-FLAT@2025-01-01", "30 days");
    }

    /** Half-up rounding at the cent: 1.005 kWh x $0.10 = $0.1005 -> $0.10; 5 kWh x $0.001 = $0.005 -> $0.01. */
    @Test
    void roundsEachLineHalfUp() {
        Tariff tariff = new Tariff(new TariffCode("T"), "t", USD, List.of(new TariffVersion(LocalDate.of(2020, 1, 1),
                null, List.of(new Charge.Energy("Energy", new BigDecimal("0.001"))))));
        RatedBill bill = engine.rate(new ServicePointId("SP-1"), BillingCycle.parse("2025-11").windowIn(NEW_YORK),
                new Determinants(5_000, 0, 1, FULL), tariff);
        assertThat(bill.total().amount()).isEqualByComparingTo("0.01");
    }

    @Test
    void refusesAVersionChangeInsideThePeriodRatherThanBillingOnTheWrongRates() {
        Tariff tariff = new Tariff(new TariffCode("T"), "t", USD, List.of(
                new TariffVersion(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 11, 15),
                        List.of(new Charge.Energy("Energy", new BigDecimal("0.10")))),
                new TariffVersion(LocalDate.of(2025, 11, 15), null,
                        List.of(new Charge.Energy("Energy", new BigDecimal("0.11"))))));
        assertThatThrownBy(() -> engine.rate(new ServicePointId("SP-1"),
                BillingCycle.parse("2025-11").windowIn(NEW_YORK), new Determinants(1, 0, 1, FULL), tariff))
                .isInstanceOf(RatingException.class).hasMessageContaining("changes version inside the billing period");
    }

    @Test
    void refusesAPeriodWithNoVersionInForce() {
        assertThatThrownBy(() -> engine.rate(new ServicePointId("SP-1"),
                BillingCycle.parse("2024-11").windowIn(NEW_YORK), new Determinants(1, 0, 1, FULL), residentialFlat()))
                .isInstanceOf(RatingException.class).hasMessageContaining("no version in force on 2024-11-01");
    }

    /**
     * The general-demand bill from the tariff-calculation guide, energy and tax part: 154,324 kWh at
     * $0.10 = $15,432.40. (The $3,540.00 demand charge needs the demand engine of a later issue.)
     * With a $3,540.00 fixed stand-in for the demand line the subtotal is $18,972.40 and 4 % tax is
     * $758.896 -> $758.90, total $19,731.30, as on the real bill.
     */
    @Test
    void reproducesTheGeneralDemandBillArithmetic() {
        Tariff tariff = new Tariff(new TariffCode("GSD-1"), "General service demand", USD, List.of(new TariffVersion(
                LocalDate.of(2015, 1, 1), null, List.of(
                        new Charge.Energy("Energy", new BigDecimal("0.10")),
                        new Charge.FixedMonthly("Demand 354 kW x $10.00", new BigDecimal("3540.00")),
                        new Charge.PercentageTax("Utility tax", new BigDecimal("4"))))));
        BillingWindow window = new BillingWindow(LocalDate.of(2015, 11, 15), LocalDate.of(2015, 12, 17), NEW_YORK,
                LocalDate.of(2015, 11, 15).atStartOfDay(NEW_YORK).toInstant(),
                LocalDate.of(2015, 12, 17).atStartOfDay(NEW_YORK).toInstant());
        RatedBill bill = engine.rate(new ServicePointId("SP-1"), window, new Determinants(154_324_000, 0, 1, FULL), tariff);
        assertThat(bill.lines().get(0).amount().amount()).isEqualByComparingTo("15432.40");
        assertThat(bill.subtotal().amount()).isEqualByComparingTo("18972.40");
        assertThat(bill.tax().amount()).isEqualByComparingTo("758.90");
        assertThat(bill.total().amount()).isEqualByComparingTo("19731.30");
    }
}
