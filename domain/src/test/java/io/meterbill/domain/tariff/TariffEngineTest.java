package io.meterbill.domain.tariff;

import static io.meterbill.domain.tariff.TestTariffs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterbill.domain.bill.BillLine;
import io.meterbill.domain.bill.ChargeType;
import io.meterbill.domain.registry.Commodity;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Month;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked bills, one per kind of charge and per calendar trap. Each test's comment is the
 * worked arithmetic; amounts are asserted to the cent.
 */
class TariffEngineTest {

    private final TariffEngine engine = new TariffEngine();
    private static final LocalDate JULY = LocalDate.of(2025, 7, 1);
    private static final LocalDate AUGUST = LocalDate.of(2025, 8, 1);

    private BillCalculation rate(Tariff tariff, LocalDate from, LocalDate to, Usage usage) {
        return engine.rate(tariff, from, to, usage, RatingContext.NONE);
    }

    private static UsageTotals kwh(String kwh) {
        return UsageTotals.of(d(kwh), null);
    }

    /**
     * The general-demand bill of the tariff-calculation guide (reference fpl-gsd1-bill-match.json):
     * 154,324 kWh x $0.10 = $15,432.40; 354 kW x $10.00 = $3,540.00; subtotal $18,972.40; 4 % utility
     * tax = $758.896 -> $758.90; total $19,731.30. 32 billing days, one version, so nothing is prorated.
     */
    @Test
    void reproducesTheGeneralDemandBillToTheCent() {
        Tariff gsd = tariff("GSD-1", version(LocalDate.of(2015, 1, 1), null, flat("Energy", "0.10"),
                demand("Demand", "10.00", 15, Applicability.ALWAYS), tax("Utility tax", "4")));
        BillCalculation bill = rate(gsd, LocalDate.of(2015, 11, 15), LocalDate.of(2015, 12, 17),
                UsageTotals.of(d("154324"), d("354")));
        assertThat(amounts(bill)).containsExactly("Energy=15432.40", "Demand=3540.00", "Utility tax 4 %=758.90");
        assertThat(bill.subtotal().amount()).isEqualByComparingTo("18972.40");
        assertThat(bill.tax().amount()).isEqualByComparingTo("758.90");
        assertThat(bill.total().amount()).isEqualByComparingTo("19731.30");
        assertThat(bill.assumptions().get(0)).isEqualTo(
                "tariff version GSD-1@2015-01-01 from 2015-11-15 to 2015-12-16 (32 of 32 days)");
    }

    /**
     * Fixed charges of every basis. February 2025 (28 days): per bill $10.00; per day 28 x $0.50 =
     * $14.00; per month, daily proration: 28/28 of $12.00 = $12.00; per month, billing-period rule:
     * $5.00. 2025-11-15 to 2025-12-17 (32 days): per bill $10.00; per day $16.00; daily proration
     * 16/30 + 16/31 = 1.049462365591 x $12.00 = $12.5935... -> $12.59; billing-period rule $5.00 (the
     * same for a 28- or a 32-day bill).
     */
    @Test
    void fixedChargesPerBillPerDayAndPerMonthWithBothProrationRules() {
        Tariff t = tariff("FIX", version(LocalDate.of(2020, 1, 1), null, perBill("Per bill", "10.00"),
                new Charge.Fixed("Per day", d("0.50"), Charge.Basis.DAY, Charge.Proration.BILLING_PERIOD, Applicability.ALWAYS),
                new Charge.Fixed("Monthly, daily", d("12.00"), Charge.Basis.MONTH, Charge.Proration.DAILY, Applicability.ALWAYS),
                new Charge.Fixed("Monthly, per period", d("5.00"), Charge.Basis.MONTH, Charge.Proration.BILLING_PERIOD,
                        Applicability.ALWAYS)));
        BillCalculation february = rate(t, LocalDate.of(2025, 2, 1), LocalDate.of(2025, 3, 1), kwh("0"));
        assertThat(amounts(february)).containsExactly("Per bill=10.00", "Per day=14.00", "Monthly, daily=12.00",
                "Monthly, per period=5.00");
        BillCalculation long32 = rate(t, LocalDate.of(2025, 11, 15), LocalDate.of(2025, 12, 17), kwh("0"));
        assertThat(amounts(long32)).containsExactly("Per bill=10.00", "Per day=16.00", "Monthly, daily=12.59",
                "Monthly, per period=5.00");
        BillLine daily = line(long32, ChargeType.FIXED, "Monthly, daily");
        assertThat(daily.determinant()).isEqualByComparingTo("1.049462365591");
        assertThat(daily.determinantUnit()).isEqualTo("months");
    }

    /**
     * Tiered (ladder) energy: 500 kWh at $0.10, above at $0.15. On the billing-period rule 700 kWh in
     * a 32-day bill = 500 x 0.10 + 200 x 0.15 = $50.00 + $30.00. With limits prorated daily the same
     * bill's first band is 500 x (16/30 + 16/31) = 524.7311... kWh, kept to the thousandth: 524.731 kWh
     * x 0.10 = $52.4731 -> $52.47, and 175.269 kWh x 0.15 = $26.29035 -> $26.29.
     *
     * <p>A version change after 7 days of a 30-day November (billing-period rule, 600 kWh band):
     * limits are exactly 600 x 7/30 = 140 and 600 x 23/30 = 460 kWh. 1,000 kWh shared by days:
     * 233.333 kWh in the first part (140 at $0.10, 93.333 at $0.15), 766.667 in the second (460 at
     * $0.10, 306.667 at $0.15).
     */
    @Test
    void tieredEnergyWithLimitsPerBillingPeriodOrProratedByDays() {
        List<Charge.Tier> bands = List.of(new Charge.Tier(d("500"), d("0.10")), new Charge.Tier(null, d("0.15")));
        LocalDate from = LocalDate.of(2025, 11, 15);
        LocalDate to = LocalDate.of(2025, 12, 17);
        BillCalculation perPeriod = rate(tariff("TIER", version(LocalDate.of(2020, 1, 1), null,
                new Charge.Energy("Energy", bands, Charge.Proration.BILLING_PERIOD, Applicability.ALWAYS))), from, to, kwh("700"));
        assertThat(amounts(perPeriod)).containsExactly("Energy tier 1 (up to 500)=50.00", "Energy tier 2 (over 500)=30.00");
        BillCalculation daily = rate(tariff("TIER", version(LocalDate.of(2020, 1, 1), null,
                new Charge.Energy("Energy", bands, Charge.Proration.DAILY, Applicability.ALWAYS))), from, to, kwh("700"));
        assertThat(amounts(daily)).containsExactly("Energy tier 1 (up to 524.731)=52.47",
                "Energy tier 2 (over 524.731)=26.29");
        assertThat(daily.lines().get(0).tier()).isEqualTo(1);
        assertThat(daily.lines().get(1).determinant()).isEqualByComparingTo("175.269");

        List<Charge.Tier> band600 = List.of(new Charge.Tier(d("600"), d("0.10")), new Charge.Tier(null, d("0.15")));
        LocalDate change = LocalDate.of(2025, 11, 8);
        Tariff changing = tariff("TIER", version(LocalDate.of(2020, 1, 1), change,
                        new Charge.Energy("Energy", band600, Charge.Proration.BILLING_PERIOD, Applicability.ALWAYS)),
                version(change, null,
                        new Charge.Energy("Energy", band600, Charge.Proration.BILLING_PERIOD, Applicability.ALWAYS)));
        BillCalculation split = rate(changing, LocalDate.of(2025, 11, 1), LocalDate.of(2025, 12, 1), kwh("1000"));
        assertThat(amounts(split)).containsExactly("Energy tier 1 (up to 140)=14.00", "Energy tier 2 (over 140)=14.00",
                "Energy tier 1 (up to 460)=46.00", "Energy tier 2 (over 460)=46.00");
        assertThat(split.lines().stream().map(l -> l.determinant().toPlainString()))
                .containsExactly("140.000", "93.333", "460.000", "306.667");
        assertThat(split.assumptions()).contains("'Energy' tier limits x 7/30 (share of the 30-day period), to the"
                + " nearest 0.001 kWh");
    }

    private static Tariff julyTou(HolidayCalendar holidays, Charge... charges) {
        return new Tariff(new TariffCode("TOU"), "TOU", "", Commodity.ELECTRIC, USD, NEW_YORK, "kWh", "kW", holidays,
                List.of(), List.of(new TariffVersion(LocalDate.of(2020, 1, 1), null, List.of(),
                        List.of(weekdayAfternoonPeak()), List.of(charges), null)));
    }

    /** A steady 1 kW: 0.25 kWh every quarter hour of July 2025 (744 hours = 744 kWh). */
    private static IntervalUsage steadyJuly() {
        return usage(JULY, AUGUST, 15, t -> 250);
    }

    /**
     * Time of use with holidays. July 2025 has 23 weekdays; 4 July (a Friday) is a NERC holiday, so
     * 22 days x 5 on-peak hours (14-19) = 110 kWh on-peak at $0.30 = $33.00, and 744 - 110 = 634 kWh
     * off-peak at $0.10 = $63.40. Without the holiday calendar 115 kWh would be on-peak.
     */
    @Test
    void timeOfUseEnergyTreatsHolidaysAsOffPeak() {
        Charge on = flat("On-peak", "0.30", Applicability.inPeriods("on_peak"));
        Charge off = flat("Off-peak", "0.10", Applicability.inPeriods("off_peak"));
        BillCalculation bill = rate(julyTou(HolidayCalendar.nerc(), on, off), JULY, AUGUST, steadyJuly());
        assertThat(amounts(bill)).containsExactly("On-peak=33.00", "Off-peak=63.40");
        assertThat(bill.lines().get(0).touPeriod()).isEqualTo("on_peak");
        assertThat(bill.lines().get(0).determinant()).isEqualByComparingTo("110");
        BillCalculation noHolidays = rate(julyTou(HolidayCalendar.none(), on, off), JULY, AUGUST, steadyJuly());
        assertThat(noHolidays.lines().get(0).determinant()).isEqualByComparingTo("115");
    }

    /**
     * Tiers within a TOU period: off-peak 634 kWh with 400 kWh at $0.08 = $32.00 and 234 kWh at $0.12
     * = $28.08; on-peak 110 kWh x $0.30 = $33.00 (untiered).
     */
    @Test
    void tiersWithinATimeOfUsePeriod() {
        Charge on = flat("On-peak", "0.30", Applicability.inPeriods("on_peak"));
        Charge off = new Charge.Energy("Off-peak", List.of(new Charge.Tier(d("400"), d("0.08")),
                new Charge.Tier(null, d("0.12"))), Charge.Proration.BILLING_PERIOD, Applicability.inPeriods("off_peak"));
        BillCalculation bill = rate(julyTou(HolidayCalendar.nerc(), on, off), JULY, AUGUST, steadyJuly());
        assertThat(amounts(bill)).containsExactly("On-peak=33.00", "Off-peak tier 1 (up to 400)=32.00",
                "Off-peak tier 2 (over 400)=28.08");
        assertThat(bill.lines().get(2).touPeriod()).isEqualTo("off_peak");
        assertThat(bill.assumptions()).noneMatch(a -> a.contains("not priced"));

        // a tariff that prices on-peak only leaves the 634 off-peak kWh unbilled, and says so
        BillCalculation onPeakOnly = rate(julyTou(HolidayCalendar.nerc(), on), JULY, AUGUST, steadyJuly());
        assertThat(amounts(onPeakOnly)).containsExactly("On-peak=33.00");
        assertThat(onPeakOnly.assumptions()).contains("634.000 kWh in season all_year, period off_peak (TOU@2020-01-01) is"
                + " not priced by any energy charge of the tariff");
    }

    /**
     * November 2025 of 5-minute reads of 0.1 kWh (1.2 kW), with: a weekday on-peak burst 12 Nov
     * 15:00-15:15 of 0.5 + 0.6 + 0.4 kWh = 1.5 kWh in one quarter hour = 6.0 kW (the single 5-minute
     * read would be 7.2 kW - rolled up it is not); an off-peak burst Saturday 15 Nov 03:00-03:15 of 3 x
     * 0.7 = 2.1 kWh = 8.4 kW; and 20 Nov 16:10-16:25 of 3 x 0.55 kWh, which straddles two clock-aligned
     * quarter hours (0.75 and 1.2 kWh = 3.0 and 4.8 kW). Monthly maximum 8.4 kW x $10.00 = $84.00;
     * on-peak window maximum 6.0 kW x $5.00 = $30.00.
     */
    @Test
    void demandFromFiveMinuteReadsRolledIntoClockAlignedQuarterHours() {
        BillCalculation bill = rate(julyTou(HolidayCalendar.nerc(),
                demand("Demand", "10.00", 15, Applicability.ALWAYS),
                demand("On-peak demand", "5.00", 15, Applicability.inPeriods("on_peak"))),
                LocalDate.of(2025, 11, 1), LocalDate.of(2025, 12, 1), novemberWithBursts());
        assertThat(amounts(bill)).containsExactly("Demand=84.00", "On-peak demand=30.00");
        assertThat(bill.lines().get(0).determinant()).isEqualByComparingTo("8.4");
        assertThat(bill.lines().get(1).determinant()).isEqualByComparingTo("6.0");
        assertThat(bill.peakDemand()).isEqualByComparingTo("8.4");
    }

    private static IntervalUsage novemberWithBursts() {
        Map<String, Long> bursts = Map.of("2025-11-12T15:00", 500L, "2025-11-12T15:05", 600L, "2025-11-12T15:10", 400L,
                "2025-11-15T03:00", 700L, "2025-11-15T03:05", 700L, "2025-11-15T03:10", 700L,
                "2025-11-20T16:10", 550L, "2025-11-20T16:15", 550L, "2025-11-20T16:20", 550L);
        return usage(LocalDate.of(2025, 11, 1), LocalDate.of(2025, 12, 1), 5,
                t -> bursts.getOrDefault(t.toLocalDateTime().toString(), 100L));
    }

    /**
     * Ratchet 80 % of the highest demand of the last 11 months: history 12.0 and 9.0 kW -> 9.6 kW > 8.4 kW
     * measured, billed 9.6 x $10.00 = $96.00 (assumption reported). A 1-month ratchet over history 5.0
     * (then 20.0, too old) gives 4.0 kW < 8.4, so the measured $84.00 stands.
     */
    @Test
    void demandRatchetRaisesTheBilledDemand() {
        Tariff t = julyTou(HolidayCalendar.none(), new Charge.Demand("Demand", d("10.00"), 15,
                new Charge.Ratchet(d("80"), 11), Applicability.ALWAYS));
        RatingContext history = new RatingContext(Map.of(), List.of(d("12.0"), d("9.0")), BigDecimal.ZERO, List.of());
        BillCalculation bill = engine.rate(t, LocalDate.of(2025, 11, 1), LocalDate.of(2025, 12, 1), novemberWithBursts(),
                history);
        assertThat(amounts(bill)).containsExactly("Demand=96.00");
        assertThat(bill.assumptions()).anyMatch(a -> a.contains("raised by the ratchet to 80 % of 12 (highest of the last 11 months) = 9.6"));
        assertThat(bill.peakDemand()).isEqualByComparingTo("8.4");

        Tariff oneMonth = julyTou(HolidayCalendar.none(), new Charge.Demand("Demand", d("10.00"), 15,
                new Charge.Ratchet(d("80"), 1), Applicability.ALWAYS));
        BillCalculation measured = engine.rate(oneMonth, LocalDate.of(2025, 11, 1), LocalDate.of(2025, 12, 1),
                novemberWithBursts(), new RatingContext(Map.of(), List.of(d("5.0"), d("20.0")), BigDecimal.ZERO, List.of()));
        assertThat(amounts(measured)).containsExactly("Demand=84.00");
    }

    /**
     * Minimum charge: $5.00 customer charge + 50 kWh x $0.10 = $10.00 of charges, raised to the $20.00
     * minimum by a $10.00 line; 4 % tax on $20.00 = $0.80; total $20.80.
     */
    @Test
    void minimumChargeRaisesTheBill() {
        Tariff t = tariff("MIN", version(LocalDate.of(2020, 1, 1), null, perBill("Customer charge", "5.00"),
                flat("Energy", "0.10"), new Charge.Minimum("Minimum charge", d("20.00"), Charge.Basis.BILL,
                        Charge.Proration.BILLING_PERIOD, Applicability.ALWAYS), tax("Tax", "4")));
        BillCalculation bill = rate(t, JULY, AUGUST, kwh("50"));
        assertThat(amounts(bill)).containsExactly("Customer charge=5.00", "Energy=5.00",
                "Minimum charge 20.00 less charges 10.00=10.00", "Tax 4 %=0.80");
        assertThat(bill.total().amount()).isEqualByComparingTo("20.80");
        assertThat(bill.assumptions()).anyMatch(a -> a.startsWith("minimum charge applied"));
        BillCalculation above = rate(t, JULY, AUGUST, kwh("500"));
        assertThat(above.lines()).noneMatch(l -> l.chargeType() == ChargeType.MINIMUM);
    }

    /**
     * The minimum is the whole bill's: a version change after 15 of November's 30 days, each version
     * with a $20.00 per-bill minimum (billing-period rule, so $10.00 per half) and energy at $0.01 then
     * $0.10. 500 kWh shared by days: 250 x 0.01 = $2.50 and 250 x 0.10 = $25.00, $27.50 in all, above
     * the $20.00 minimum: no minimum line (a half-by-half minimum would have added $7.50). With 100 kWh
     * ($0.50 + $5.00 = $5.50) the bill is raised by $14.50.
     */
    @Test
    void minimumComparesTheWholeBillAcrossVersions() {
        LocalDate change = LocalDate.of(2025, 11, 16);
        Charge.Minimum minimum = new Charge.Minimum("Minimum charge", d("20.00"), Charge.Basis.BILL,
                Charge.Proration.BILLING_PERIOD, Applicability.ALWAYS);
        Tariff t = tariff("MIN2", version(LocalDate.of(2020, 1, 1), change, flat("Energy", "0.01"), minimum),
                version(change, null, flat("Energy", "0.10"), minimum));
        LocalDate from = LocalDate.of(2025, 11, 1);
        LocalDate to = LocalDate.of(2025, 12, 1);
        assertThat(amounts(rate(t, from, to, kwh("500")))).containsExactly("Energy=2.50", "Energy=25.00");
        BillCalculation low = rate(t, from, to, kwh("100"));
        assertThat(amounts(low)).containsExactly("Energy=0.50", "Energy=5.00", "Minimum charge 20.00 less charges 5.50=14.50");
        assertThat(low.total().amount()).isEqualByComparingTo("20.00");
    }

    /**
     * Taxes and surcharges: $10.00 fixed + 300 kWh x $0.12 = $36.00; a 2 % franchise surcharge on both
     * = $0.92 (in the subtotal, $46.92); a 5 % tax on energy only = $1.80; a $0.002/kWh energy tax =
     * $0.60; total $49.32. A one-off $25.00 goodwill credit is not taxed.
     */
    @Test
    void percentageAndPerUnitTaxesAndSurchargesOnChosenCharges() {
        Tariff t = tariff("TAX", version(LocalDate.of(2020, 1, 1), null, perBill("Customer charge", "10.00"),
                flat("Energy", "0.12"),
                new Charge.Percentage("Franchise fee", d("2"), Set.of(), false, Applicability.ALWAYS),
                new Charge.Percentage("Energy tax", d("5"), Set.of(ChargeType.ENERGY), true, Applicability.ALWAYS),
                new Charge.PerUnit("State kWh tax", d("0.002"), true, Applicability.ALWAYS)));
        BillCalculation bill = rate(t, JULY, AUGUST, kwh("300"));
        assertThat(amounts(bill)).containsExactly("Customer charge=10.00", "Energy=36.00", "Franchise fee 2 %=0.92",
                "Energy tax 5 %=1.80", "State kWh tax=0.60");
        assertThat(bill.subtotal().amount()).isEqualByComparingTo("46.92");
        assertThat(bill.total().amount()).isEqualByComparingTo("49.32");

        BillCalculation credited = engine.rate(t, JULY, AUGUST, kwh("300"), new RatingContext(Map.of(), List.of(),
                BigDecimal.ZERO, List.of(new RatingContext.Adjustment("Goodwill credit", d("-25.00")))));
        assertThat(line(credited, ChargeType.ADJUSTMENT, "Goodwill").amount().amount()).isEqualByComparingTo("-25.00");
        assertThat(credited.tax().amount()).isEqualByComparingTo("2.40");
        assertThat(credited.total().amount()).isEqualByComparingTo("24.32");
    }

    private static Tariff netMetered(NetMetering terms, Charge... charges) {
        return new Tariff(new TariffCode("NEM"), "NEM", "", Commodity.ELECTRIC, USD, NEW_YORK, "kWh", "kW",
                HolidayCalendar.nerc(), List.of(), List.of(new TariffVersion(LocalDate.of(2020, 1, 1), null, List.of(),
                        List.of(weekdayAfternoonPeak()), List.of(charges), terms)));
    }

    private static NetMetering retail(Month trueUp) {
        return new NetMetering(NetMetering.ExportCredit.RETAIL, null, Map.of(), trueUp, NetMetering.TrueUp.FORFEIT);
    }

    /**
     * Net metering with a credit carried forward. July: 200 kWh delivered, 500 kWh exported: net 0 kWh
     * billed; the 300 kWh surplus earns 300 x $0.15 retail = $45.00, more than the $0.00 of energy
     * charges, so $45.00 is carried forward and the bill is the $10.00 customer charge. August: 600 kWh
     * delivered, 100 exported: net 500 kWh x $0.15 = $75.00, less the $45.00 carried in = $30.00, +
     * $10.00 = $40.00; nothing left to carry. With July as the true-up month the $45.00 is forfeited.
     */
    @Test
    void netMeteringCarriesTheUnusedCreditToTheNextBill() {
        Tariff t = netMetered(retail(Month.DECEMBER), perBill("Customer charge", "10.00"), flat("Energy", "0.15"));
        BillCalculation july = rate(t, JULY, AUGUST, new UsageTotals(Map.of("total", d("200")), Map.of("total", d("500")),
                Map.of()));
        assertThat(amounts(july)).containsExactly("Customer charge=10.00", "Energy=0.00", "Export credit (retail rate)=-45.00",
                "Net metering credit carried forward to next bill=45.00");
        assertThat(july.total().amount()).isEqualByComparingTo("10.00");
        assertThat(july.creditCarriedForward().amount()).isEqualByComparingTo("45.00");

        BillCalculation august = engine.rate(t, AUGUST, LocalDate.of(2025, 9, 1), new UsageTotals(
                Map.of("total", d("600")), Map.of("total", d("100")), Map.of()),
                new RatingContext(Map.of(), List.of(), july.creditCarriedForward().amount(), List.of()));
        assertThat(amounts(august)).containsExactly("Customer charge=10.00", "Energy=75.00",
                "Net metering credit carried in=-45.00");
        assertThat(august.total().amount()).isEqualByComparingTo("40.00");
        assertThat(august.creditCarriedForward().amount()).isEqualByComparingTo("0.00");

        Tariff trueUpInJuly = netMetered(retail(Month.JULY), perBill("Customer charge", "10.00"), flat("Energy", "0.15"));
        BillCalculation settled = rate(trueUpInJuly, JULY, AUGUST, new UsageTotals(Map.of("total", d("200")),
                Map.of("total", d("500")), Map.of()));
        assertThat(line(settled, ChargeType.CREDIT, "Net metering credit forfeited").amount().amount())
                .isEqualByComparingTo("45.00");
        assertThat(settled.creditCarriedForward().amount()).isEqualByComparingTo("0.00");
    }

    /**
     * Net metering per TOU period from interval reads. July 2025: 1 kW delivered all month (110 kWh
     * on-peak, 634 off-peak, as above) and 2 kWh exported every quarter hour 10:00-14:00 (16 x 31 x 2 =
     * 992 kWh, all off-peak). On-peak is billed 110 x $0.30 = $33.00; off-peak nets to 0 billed and a
     * 992 - 634 = 358 kWh surplus credited at the off-peak retail $0.10 = $35.80; $2.80 of it exceeds the
     * energy charges and is carried forward.
     */
    @Test
    void netMeteringNetsWithinEachTimeOfUsePeriod() {
        Tariff t = netMetered(retail(null), flat("On-peak", "0.30", Applicability.inPeriods("on_peak")),
                flat("Off-peak", "0.10", Applicability.inPeriods("off_peak")));
        IntervalUsage solar = usage(JULY, AUGUST, 15, x -> 250,
                x -> x.getHour() >= 10 && x.getHour() < 14 ? 2000 : 0);
        BillCalculation bill = rate(t, JULY, AUGUST, solar);
        assertThat(amounts(bill)).containsExactly("On-peak=33.00", "Off-peak=0.00", "Export credit (retail rate)=-35.80",
                "Net metering credit carried forward to next bill=2.80");
        assertThat(line(bill, ChargeType.CREDIT, "Export").touPeriod()).isEqualTo("off_peak");
        assertThat(bill.total().amount()).isEqualByComparingTo("0.00");
        assertThat(bill.creditCarriedForward().amount()).isEqualByComparingTo("2.80");
    }

    /**
     * The other export credits, same July usage (358 kWh off-peak surplus, $33.00 on-peak energy): at a
     * fixed $0.05 export rate 358 x 0.05 = $17.90 credit, bill $15.10; at TOU export rates (off-peak
     * $0.04) 358 x 0.04 = $14.32, bill $18.68. At the retail rate with July as the true-up month and the
     * credit paid out, the $2.80 beyond the energy charges stays on the bill: total -$2.80, nothing carried.
     */
    @Test
    void fixedAndTimeOfUseExportRatesAndAPaidOutTrueUp() {
        Charge on = flat("On-peak", "0.30", Applicability.inPeriods("on_peak"));
        Charge off = flat("Off-peak", "0.10", Applicability.inPeriods("off_peak"));
        IntervalUsage solar = usage(JULY, AUGUST, 15, x -> 250, x -> x.getHour() >= 10 && x.getHour() < 14 ? 2000 : 0);
        BillCalculation fixed = rate(netMetered(new NetMetering(NetMetering.ExportCredit.FIXED, d("0.05"), Map.of(), null,
                NetMetering.TrueUp.FORFEIT), on, off), JULY, AUGUST, solar);
        assertThat(amounts(fixed)).containsExactly("On-peak=33.00", "Off-peak=0.00", "Export credit (fixed rate)=-17.90");
        assertThat(fixed.total().amount()).isEqualByComparingTo("15.10");
        BillCalculation tou = rate(netMetered(new NetMetering(NetMetering.ExportCredit.TOU, null,
                Map.of("on_peak", d("0.20"), "off_peak", d("0.04")), null, NetMetering.TrueUp.FORFEIT), on, off),
                JULY, AUGUST, solar);
        assertThat(amounts(tou)).containsExactly("On-peak=33.00", "Off-peak=0.00", "Export credit (tou rate)=-14.32");
        assertThat(tou.total().amount()).isEqualByComparingTo("18.68");
        BillCalculation paidOut = rate(netMetered(new NetMetering(NetMetering.ExportCredit.RETAIL, null, Map.of(),
                Month.JULY, NetMetering.TrueUp.PAY_OUT), on, off, tax("Tax", "4")), JULY, AUGUST, solar);
        assertThat(amounts(paidOut)).containsExactly("On-peak=33.00", "Off-peak=0.00", "Export credit (retail rate)=-35.80",
                "Net metering credit settled at annual true-up=2.80", "Annual true-up payout of net metering credit=-2.80",
                "Tax 4 %=0.00");
        assertThat(line(paidOut, ChargeType.ADJUSTMENT, "Annual true-up").chargeType()).isEqualTo(ChargeType.ADJUSTMENT);
        assertThat(paidOut.tax().amount()).isEqualByComparingTo("0.00");
        assertThat(paidOut.total().amount()).isEqualByComparingTo("-2.80");
        assertThat(paidOut.creditCarriedForward().amount()).isEqualByComparingTo("0.00");
        assertThat(paidOut.assumptions()).anyMatch(a -> a.contains(
                "2.80 USD beyond what this bill's energy charges can offset is paid out"));
    }

    /**
     * Credits never take the bill below its minimum. $5.00 customer charge, $0.15/kWh, $20.00 minimum,
     * $40.00 credit carried in. 300 kWh delivered, 100 exported: 200 kWh net x $0.15 = $30.00; charges
     * $35.00, so the credit may offset $15.00 of the energy (to reach the $20.00 minimum) and $25.00 is
     * carried forward; no minimum line; 4 % tax on $20.00 = $0.80. With 50 kWh ($7.50) the charges of
     * $12.50 are already below the minimum: no credit is used ($40.00 carried forward) and a $7.50
     * minimum line raises the bill to $20.00.
     */
    @Test
    void netMeteringCreditStopsAtTheMinimumAndTheRestIsCarried() {
        Tariff t = netMetered(retail(Month.DECEMBER), perBill("Customer charge", "5.00"), flat("Energy", "0.15"),
                new Charge.Minimum("Minimum bill", d("20.00"), Charge.Basis.BILL, Charge.Proration.BILLING_PERIOD,
                        Applicability.ALWAYS), tax("Tax", "4"));
        RatingContext credit40 = new RatingContext(Map.of(), List.of(), d("40.00"), List.of());
        BillCalculation bill = engine.rate(t, JULY, AUGUST, new UsageTotals(Map.of("total", d("300")),
                Map.of("total", d("100")), Map.of()), credit40);
        assertThat(amounts(bill)).containsExactly("Customer charge=5.00", "Energy=30.00",
                "Net metering credit carried in=-40.00", "Net metering credit carried forward to next bill=25.00",
                "Tax 4 %=0.80");
        assertThat(bill.total().amount()).isEqualByComparingTo("20.80");
        assertThat(bill.creditCarriedForward().amount()).isEqualByComparingTo("25.00");
        assertThat(bill.assumptions()).contains("net metering credit applied only down to the minimum charge of 20.00 USD");

        BillCalculation small = engine.rate(t, JULY, AUGUST, new UsageTotals(Map.of("total", d("50")), Map.of(),
                Map.of()), credit40);
        assertThat(amounts(small)).containsExactly("Customer charge=5.00", "Energy=7.50",
                "Net metering credit carried in=-40.00", "Net metering credit carried forward to next bill=40.00",
                "Minimum bill 20.00 less charges 12.50=7.50", "Tax 4 %=0.80");
        assertThat(small.total().amount()).isEqualByComparingTo("20.80");
        assertThat(small.creditCarriedForward().amount()).isEqualByComparingTo("40.00");
    }

    /**
     * The true-up happens in its month even without export that month: July true-up (forfeit), $50.00
     * carried in, 200 kWh x $0.15 = $30.00 offset, $20.00 forfeited; the bill is the $10.00 customer
     * charge and nothing is carried.
     */
    @Test
    void trueUpSettlesTheCarriedCreditInAMonthWithoutExport() {
        Tariff t = netMetered(retail(Month.JULY), perBill("Customer charge", "10.00"), flat("Energy", "0.15"));
        BillCalculation bill = engine.rate(t, JULY, AUGUST, kwh("200"),
                new RatingContext(Map.of(), List.of(), d("50.00"), List.of()));
        assertThat(amounts(bill)).containsExactly("Customer charge=10.00", "Energy=30.00",
                "Net metering credit carried in=-50.00", "Net metering credit forfeited at annual true-up=20.00");
        assertThat(bill.total().amount()).isEqualByComparingTo("10.00");
        assertThat(bill.creditCarriedForward().amount()).isEqualByComparingTo("0.00");
    }

    /** Net metering terms that would credit or net silently wrong are refused when the tariff is built. */
    @Test
    void refusesNetMeteringThatCannotBeNettedOrPriced() {
        Charge on = flat("On-peak", "0.30", Applicability.inPeriods("on_peak"));
        Charge off = flat("Off-peak", "0.10", Applicability.inPeriods("off_peak"));
        assertThatThrownBy(() -> netMetered(new NetMetering(NetMetering.ExportCredit.TOU, null,
                Map.of("off_peak", d("0.04")), null, NetMetering.TrueUp.FORFEIT), on, off))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("net metering TOU export rates: no rate for period 'on_peak' of schedule tou (give 0 to credit"
                        + " nothing)");
        TouSchedule flatSchedule = TouSchedule.single("energy", "all_hours");
        assertThatThrownBy(() -> new TariffVersion(LocalDate.of(2020, 1, 1), null, List.of(),
                List.of(weekdayAfternoonPeak(), flatSchedule), List.of(new Charge.Energy("Energy",
                        List.of(new Charge.Tier(null, d("0.10"))), Charge.Proration.BILLING_PERIOD,
                        new Applicability(Set.of(), "energy", Set.of(), Map.of()))), retail(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("charge 'Energy': under net metering consumption is netted per period of the first"
                        + " schedule (tou)");
    }

    /**
     * Bill totals are checked against the tariff: a misspelt period is refused rather than dropped, and a
     * TOU-window demand charge given only the period's total demand says what it assumed. 100 kW total
     * for an on-peak demand charge at $10.00 = $1,000.00; the bill's peak demand is 100 kW.
     */
    @Test
    void billTotalsNameRealPeriodsAndTotalDemandForAWindowIsReported() {
        Tariff t = julyTou(HolidayCalendar.none(), flat("On-peak", "0.30", Applicability.inPeriods("on_peak")),
                flat("Off-peak", "0.10", Applicability.inPeriods("off_peak")),
                demand("On-peak demand", "10.00", 15, Applicability.inPeriods("on_peak")));
        assertThatThrownBy(() -> rate(t, JULY, AUGUST, new UsageTotals(Map.of("onpeak", d("100"), "off_peak", d("400")),
                Map.of(), Map.of("total", d("100")))))
                .isInstanceOf(RatingException.class)
                .hasMessage("consumption given for unknown period 'onpeak'; the tariff's periods in this billing period are"
                        + " [off_peak, on_peak]");
        BillCalculation bill = rate(t, JULY, AUGUST, new UsageTotals(Map.of("on_peak", d("100"), "off_peak", d("400")),
                Map.of(), Map.of("total", d("100"))));
        assertThat(amounts(bill)).containsExactly("On-peak=30.00", "Off-peak=40.00", "On-peak demand=1000.00");
        assertThat(bill.assumptions()).contains("'On-peak demand': no demand given for on_peak; the maximum demand of the"
                + " whole period, 100 kW, was used");
        assertThat(bill.peakDemand()).isEqualByComparingTo("100");

        // a total with a per-period figure: the period's own demand is used for its window charge
        BillCalculation both = rate(t, JULY, AUGUST, new UsageTotals(Map.of("on_peak", d("100"), "off_peak", d("400")),
                Map.of(), Map.of("total", d("100"), "on_peak", d("80"))));
        assertThat(amounts(both)).containsExactly("On-peak=30.00", "Off-peak=40.00", "On-peak demand=800.00");
        assertThat(both.assumptions()).noneMatch(a -> a.contains("no demand given"));
        assertThat(both.peakDemand()).isEqualByComparingTo("100");

        // export netted per period cannot be given as one total
        Tariff nem = netMetered(retail(null), flat("On-peak", "0.30", Applicability.inPeriods("on_peak")),
                flat("Off-peak", "0.10", Applicability.inPeriods("off_peak")));
        assertThatThrownBy(() -> rate(nem, JULY, AUGUST, new UsageTotals(Map.of("on_peak", d("100"), "off_peak",
                d("400")), Map.of("total", d("300")), Map.of())))
                .isInstanceOf(RatingException.class)
                .hasMessage("net metering nets export per period of schedule tou [off_peak, on_peak]: give the export per"
                        + " period, not as one total");
    }

    /**
     * The bill's peak demand (kept for later ratchets) is the all-hours peak even when the tariff only
     * has a TOU-window demand charge: July steady 1 kW with one 6 kW quarter hour at 03:00 on 2 July
     * (off-peak). On-peak demand is 1 kW; the bill's peak is 6 kW.
     */
    @Test
    void peakDemandIsTheAllHoursPeakWhenOnlyWindowDemandIsCharged() {
        Tariff t = julyTou(HolidayCalendar.none(), demand("On-peak demand", "10.00", 15,
                Applicability.inPeriods("on_peak")));
        IntervalUsage reads = usage(JULY, AUGUST, 15, x -> x.getDayOfMonth() == 2 && x.getHour() == 3
                && x.getMinute() == 0 ? 1500 : 250);
        BillCalculation bill = rate(t, JULY, AUGUST, reads);
        assertThat(amounts(bill)).containsExactly("On-peak demand=10.00");
        assertThat(bill.peakDemand()).isEqualByComparingTo("6");
    }

    /**
     * Rate criteria with a default: the $12.00 customer charge applies unless low_income is "yes"
     * ($6.00). Not giving it assumes "no" and says so; an unknown value is refused.
     */
    @Test
    void rateCriteriaChooseRatesAndDefaultsAreReported() {
        TariffVersion v = TariffVersion.simple(LocalDate.of(2020, 1, 1), null, List.of(
                new Charge.Fixed("Customer charge", d("12.00"), Charge.Basis.BILL, Charge.Proration.BILLING_PERIOD,
                        Applicability.ALWAYS.withCriteria(Map.of("low_income", "no"))),
                new Charge.Fixed("Customer charge (low income)", d("6.00"), Charge.Basis.BILL,
                        Charge.Proration.BILLING_PERIOD, Applicability.ALWAYS.withCriteria(Map.of("low_income", "yes"))),
                flat("Energy", "0.10")));
        Tariff t = new Tariff(new TariffCode("CRIT"), "crit", "", Commodity.ELECTRIC, USD, NEW_YORK, "kWh", "kW",
                HolidayCalendar.none(), List.of(new RateCriterion("low_income", List.of("yes", "no"), "no", "")), List.of(v));
        BillCalculation defaulted = rate(t, JULY, AUGUST, kwh("100"));
        assertThat(amounts(defaulted)).containsExactly("Customer charge=12.00", "Energy=10.00");
        assertThat(defaulted.assumptions()).contains("rate criterion low_income not given; assumed 'no' (tariff default)");
        BillCalculation lowIncome = engine.rate(t, JULY, AUGUST, kwh("100"),
                RatingContext.NONE.withProperties(Map.of("low_income", "yes")));
        assertThat(amounts(lowIncome)).containsExactly("Customer charge (low income)=6.00", "Energy=10.00");
        assertThatThrownBy(() -> engine.rate(t, JULY, AUGUST, kwh("100"),
                RatingContext.NONE.withProperties(Map.of("low_income", "maybe"))))
                .isInstanceOf(RatingException.class).hasMessage("rate criterion low_income 'maybe' is not one of [yes, no]");
    }

    /**
     * DST days in New York, 0.25 kWh per quarter hour, "night" = hours [1, 3). Fall-back day
     * 2025-11-02 has 100 quarter hours (25 h = 25 kWh) and the repeated 01:00 hour counts twice: night =
     * 3 h = 3 kWh. Spring-forward day 2025-03-09 has 92 (23 kWh) and no 02:00 hour: night = 1 kWh.
     */
    @Test
    void dstDaysHave100And92QuarterHoursAndTheirHoursFallInTheRightPeriods() {
        TouSchedule night = TouSchedule.fromRules("tou", "day", List.of(new TouSchedule.Rule("night", Set.of(), Set.of(),
                1, 3)));
        Tariff t = new Tariff(new TariffCode("DST"), "dst", "", Commodity.ELECTRIC, USD, NEW_YORK, "kWh", "kW",
                HolidayCalendar.none(), List.of(), List.of(new TariffVersion(LocalDate.of(2020, 1, 1), null, List.of(),
                        List.of(night), List.of(flat("Night", "1.00", Applicability.inPeriods("night")),
                                flat("Day", "0.10", Applicability.inPeriods("day"))), null)));
        LocalDate fallBack = LocalDate.of(2025, 11, 2);
        IntervalUsage autumn = usage(fallBack, fallBack.plusDays(1), 15, x -> 250);
        assertThat(autumn.intervals()).isEqualTo(100);
        BillCalculation longDay = rate(t, fallBack, fallBack.plusDays(1), autumn);
        assertThat(longDay.lines()).extracting(l -> l.determinant().stripTrailingZeros().toPlainString())
                .containsExactly("3", "22");
        LocalDate springForward = LocalDate.of(2025, 3, 9);
        IntervalUsage spring = usage(springForward, springForward.plusDays(1), 15, x -> 250);
        assertThat(spring.intervals()).isEqualTo(92);
        BillCalculation shortDay = rate(t, springForward, springForward.plusDays(1), spring);
        assertThat(shortDay.lines()).extracting(l -> l.determinant().stripTrailingZeros().toPlainString())
                .containsExactly("1", "22");
    }

    /**
     * Leap year: February 2024 has 29 days: 29 x $0.50 = $14.50 per day, and a daily-prorated $12.00
     * monthly charge is exactly $12.00 (29/29). 2024-02-15 to 2024-03-15: 15/29 + 14/31 =
     * 0.968854282536 months x $12.00 = $11.626... -> $11.63.
     */
    @Test
    void leapDayCountsInFebruary2024() {
        Tariff t = tariff("LEAP", version(LocalDate.of(2020, 1, 1), null,
                new Charge.Fixed("Per day", d("0.50"), Charge.Basis.DAY, Charge.Proration.BILLING_PERIOD, Applicability.ALWAYS),
                new Charge.Fixed("Monthly", d("12.00"), Charge.Basis.MONTH, Charge.Proration.DAILY, Applicability.ALWAYS)));
        BillCalculation february = rate(t, LocalDate.of(2024, 2, 1), LocalDate.of(2024, 3, 1),
                usage(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 3, 1), 60, x -> 1000));
        assertThat(amounts(february)).containsExactly("Per day=14.50", "Monthly=12.00");
        BillCalculation straddling = rate(t, LocalDate.of(2024, 2, 15), LocalDate.of(2024, 3, 15), kwh("0"));
        assertThat(line(straddling, ChargeType.FIXED, "Monthly").determinant()).isEqualByComparingTo("0.968854282536");
        assertThat(amounts(straddling)).containsExactly("Per day=14.50", "Monthly=11.63");
    }

    /**
     * A version change on 2025-11-15 inside November 2025 (1 kW steady). 1-14 Nov: 14 days incl. the
     * 25-hour DST day = 337 kWh x $0.10 = $33.70 and $10.00 x 14/30 = $4.666... -> $4.67; 15-30 Nov:
     * 384 kWh x $0.12 = $46.08 and $12.00 x 16/30 = $6.40. Total $90.85; every line names its version.
     */
    @Test
    void aVersionChangeMidPeriodSplitsUsageAndProratesFixedCharges() {
        LocalDate change = LocalDate.of(2025, 11, 15);
        Tariff t = tariff("VER", version(LocalDate.of(2025, 1, 1), change, perBill("Customer charge", "10.00"),
                flat("Energy", "0.10")), version(change, null, perBill("Customer charge", "12.00"), flat("Energy", "0.12")));
        BillCalculation bill = rate(t, LocalDate.of(2025, 11, 1), LocalDate.of(2025, 12, 1),
                usage(LocalDate.of(2025, 11, 1), LocalDate.of(2025, 12, 1), 15, x -> 250));
        assertThat(amounts(bill)).containsExactly("Customer charge=4.67", "Energy=33.70", "Customer charge=6.40",
                "Energy=46.08");
        assertThat(bill.lines()).extracting(BillLine::tariffVersion).containsExactly("VER@2025-01-01", "VER@2025-01-01",
                "VER@2025-11-15", "VER@2025-11-15");
        assertThat(bill.lines().get(0).factor()).isEqualByComparingTo("0.4666666667");
        assertThat(bill.total().amount()).isEqualByComparingTo("90.85");
        assertThat(bill.assumptions().get(0)).contains("VER@2025-01-01 from 2025-11-01 to 2025-11-14 (14 of 30 days)",
                "VER@2025-11-15 from 2025-11-15 to 2025-11-30 (16 of 30 days)");
    }

    /**
     * A season change inside the period 2025-09-16 to 2025-10-16 (1 kW steady): 15 summer days = 360
     * kWh x $0.20 = $72.00; 15 winter days = 360 kWh x $0.10 = $36.00; the summer-only $12.00/kW demand
     * charge applies to 15 of 30 days: 1 kW x $12.00 x 15/30 = $6.00.
     */
    @Test
    void aSeasonChangeMidPeriodRatesEachSeasonsUsageAndProratesSeasonalDemand() {
        TariffVersion v = new TariffVersion(LocalDate.of(2020, 1, 1), null, summerWinter(), List.of(), List.of(
                flat("Summer energy", "0.20", Applicability.inSeasons("summer")),
                flat("Winter energy", "0.10", Applicability.inSeasons("winter")),
                demand("Summer demand", "12.00", 15, Applicability.inSeasons("summer"))), null);
        Tariff t = tariff("SEASON", v);
        LocalDate from = LocalDate.of(2025, 9, 16);
        LocalDate to = LocalDate.of(2025, 10, 16);
        BillCalculation bill = rate(t, from, to, usage(from, to, 15, x -> 250));
        assertThat(amounts(bill)).containsExactly("Summer energy=72.00", "Winter energy=36.00", "Summer demand=6.00");
        assertThat(bill.lines().get(0).season()).isEqualTo("summer");
        assertThat(bill.lines().get(2).factor()).isEqualByComparingTo("0.5");
    }

    /**
     * Other commodities, same engine. Gas in therms, January 2025: 31 days x $0.40 = $12.40; 120 therms
     * on a ladder of 50 at $1.10 (limits prorated daily: 31/31 = 1) = $55.00 and 70 at $1.35 = $94.50.
     * Water in gallons: 10,500 gal on 3,000 at $0.004 ($12.00), 5,000 at $0.006 ($30.00), 2,500 at
     * $0.009 ($22.50).
     */
    @Test
    void gasThermsAndWaterGallonsOnLadders() {
        Tariff gas = tariff("GAS", Commodity.GAS, "therm", version(LocalDate.of(2020, 1, 1), null,
                new Charge.Fixed("Customer charge", d("0.40"), Charge.Basis.DAY, Charge.Proration.BILLING_PERIOD, Applicability.ALWAYS),
                new Charge.Energy("Gas", List.of(new Charge.Tier(d("50"), d("1.10")), new Charge.Tier(null, d("1.35"))),
                        Charge.Proration.DAILY, Applicability.ALWAYS)));
        BillCalculation gasBill = rate(gas, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 2, 1), kwh("120"));
        assertThat(amounts(gasBill)).containsExactly("Customer charge=12.40", "Gas tier 1 (up to 50)=55.00",
                "Gas tier 2 (over 50)=94.50");
        assertThat(gasBill.lines().get(1).determinantUnit()).isEqualTo("therm");

        Tariff water = tariff("WATER", Commodity.WATER, "gal", version(LocalDate.of(2020, 1, 1), null,
                new Charge.Energy("Water", List.of(new Charge.Tier(d("3000"), d("0.004")),
                        new Charge.Tier(d("8000"), d("0.006")), new Charge.Tier(null, d("0.009"))),
                        Charge.Proration.BILLING_PERIOD, Applicability.ALWAYS)));
        BillCalculation waterBill = rate(water, JULY, AUGUST, kwh("10500"));
        assertThat(amounts(waterBill)).containsExactly("Water tier 1 (up to 3000)=12.00", "Water tier 2 (up to 8000)=30.00",
                "Water tier 3 (over 8000)=22.50");
    }

    /** Half-up at the cent: 5 kWh x $0.001 = $0.005 -> $0.01; 4 kWh x $0.001 = $0.004 -> $0.00. */
    @Test
    void roundsEachLineHalfUp() {
        Tariff t = tariff("T", version(LocalDate.of(2020, 1, 1), null, flat("Energy", "0.001")));
        assertThat(rate(t, JULY, AUGUST, kwh("5")).total().amount()).isEqualByComparingTo("0.01");
        assertThat(rate(t, JULY, AUGUST, kwh("4")).total().amount()).isEqualByComparingTo("0.00");
    }

    @Test
    void refusesAPeriodWithNoVersionInForceAndReadsThatDoNotMatchThePeriod() {
        Tariff t = tariff("T", version(LocalDate.of(2025, 1, 1), null, flat("Energy", "0.10")));
        assertThatThrownBy(() -> rate(t, LocalDate.of(2024, 12, 20), LocalDate.of(2025, 1, 20), kwh("1")))
                .isInstanceOf(RatingException.class).hasMessage("tariff T has no version in force on 2024-12-20");
        assertThatThrownBy(() -> rate(t, AUGUST, LocalDate.of(2025, 9, 1), steadyJuly()))
                .isInstanceOf(RatingException.class).hasMessageContaining("but the billing period 2025-08-01 to 2025-09-01");
        Tariff tou = julyTou(HolidayCalendar.none(), flat("On", "0.3", Applicability.inPeriods("on_peak")));
        assertThatThrownBy(() -> rate(tou, JULY, AUGUST, kwh("100")))
                .isInstanceOf(RatingException.class).hasMessageContaining("needs consumption per period of schedule tou");
    }
}
