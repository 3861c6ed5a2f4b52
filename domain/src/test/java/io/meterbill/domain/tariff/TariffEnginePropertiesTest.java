package io.meterbill.domain.tariff;

import static io.meterbill.domain.tariff.TestTariffs.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.bill.ChargeType;
import io.meterbill.domain.registry.Commodity;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Invariants of the engine over generated months, usage and split days. */
class TariffEnginePropertiesTest {

    private final TariffEngine engine = new TariffEngine();

    @Provide
    Arbitrary<YearMonth> months() {
        return Arbitraries.integers().between(0, 47).map(i -> YearMonth.of(2024, 1).plusMonths(i));
    }

    @Provide
    Arbitrary<Integer> intervalLengths() {
        return Arbitraries.of(5, 15, 30, 60);
    }

    /** A TOU tariff with seasons, holidays and a three-period schedule, every period priced. */
    private static Tariff seasonalTou(Charge... extra) {
        TouSchedule schedule = TouSchedule.fromRules("tou", "off_peak", List.of(
                new TouSchedule.Rule("on_peak", Set.of(java.time.Month.JUNE, java.time.Month.JULY, java.time.Month.AUGUST,
                        java.time.Month.SEPTEMBER), Set.of(DayType.WEEKDAY), 14, 19),
                new TouSchedule.Rule("mid_peak", Set.of(), Set.of(DayType.WEEKDAY), 7, 21)));
        List<Charge> charges = new ArrayList<>(List.of(
                flat("On", "0.31", Applicability.inPeriods("on_peak")),
                flat("Mid", "0.17", Applicability.inPeriods("mid_peak")),
                flat("Off", "0.09", Applicability.inPeriods("off_peak"))));
        charges.addAll(List.of(extra));
        return new Tariff(new TariffCode("PROP"), "prop", "", Commodity.ELECTRIC, USD, NEW_YORK, "kWh", "kW",
                HolidayCalendar.nerc(), List.of(), List.of(new TariffVersion(LocalDate.of(2020, 1, 1), null,
                        summerWinter(), List.of(schedule), charges, null)));
    }

    private static IntervalUsage randomUsage(LocalDate from, LocalDate to, int minutes, long seed, long unit) {
        Random random = new Random(seed);
        return usage(from, to, minutes, t -> unit * random.nextInt(4));
    }

    /** However the hours fall into seasons and periods (DST, holidays, leap days), every unit is in exactly one bucket. */
    @Property(tries = 60)
    void touBucketsSumToTotalConsumption(@ForAll("months") YearMonth month, @ForAll("intervalLengths") int minutes,
            @ForAll long seed) {
        LocalDate from = month.atDay(1);
        LocalDate to = month.plusMonths(1).atDay(1);
        IntervalUsage usage = randomUsage(from, to, minutes, seed, 37);
        BillCalculation bill = engine.rate(seasonalTou(), from, to, usage, RatingContext.NONE);
        BigDecimal buckets = bill.determinants().stream().map(BillCalculation.Determinant::delivered)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal energyLines = bill.lines().stream().filter(l -> l.chargeType() == ChargeType.ENERGY)
                .map(l -> l.determinant()).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal total = BigDecimal.valueOf(usage.totalDelivered(), 3);
        assertThat(buckets).isEqualByComparingTo(total);
        assertThat(energyLines).isEqualByComparingTo(total);
    }

    /** Reads arriving in any order give the same bill. */
    @Property(tries = 30)
    void ratingIsIndependentOfReadOrder(@ForAll("months") YearMonth month, @ForAll long seed) {
        LocalDate from = month.atDay(1);
        LocalDate to = month.plusMonths(1).atDay(1);
        Instant start = startOf(from);
        Instant end = startOf(to);
        Random random = new Random(seed);
        List<long[]> reads = new ArrayList<>(); // {epochSecond, delivered, received}
        for (Instant t = start; t.isBefore(end); t = t.plusSeconds(900)) {
            reads.add(new long[] {t.getEpochSecond(), random.nextInt(2000), random.nextInt(3) == 0 ? random.nextInt(3000) : 0});
        }
        Tariff tariff = netMeteredDemandTou();
        BillCalculation inOrder = engine.rate(tariff, from, to, build(start, end, reads), RatingContext.NONE);
        Collections.shuffle(reads, random);
        BillCalculation shuffled = engine.rate(tariff, from, to, build(start, end, reads), RatingContext.NONE);
        assertThat(shuffled).isEqualTo(inOrder);
    }

    private static Tariff netMeteredDemandTou() {
        Tariff base = seasonalTou(new Charge.Demand("Demand", d("9.50"), 15, null, Applicability.ALWAYS),
                new Charge.Demand("On-peak demand", d("4.00"), 30, null, Applicability.inPeriods("on_peak")),
                tax("Tax", "6.25"));
        TariffVersion v = base.versions().get(0);
        return new Tariff(base.code(), base.name(), "", Commodity.ELECTRIC, USD, NEW_YORK, "kWh", "kW", base.holidays(),
                List.of(), List.of(new TariffVersion(v.effectiveFrom(), null, v.seasons(), v.schedules(), v.charges(),
                        new NetMetering(NetMetering.ExportCredit.RETAIL, null, java.util.Map.of(), null,
                                NetMetering.TrueUp.FORFEIT))));
    }

    private static IntervalUsage build(Instant start, Instant end, List<long[]> reads) {
        IntervalUsage.Builder builder = IntervalUsage.builder(start, end, 15);
        for (long[] r : reads) {
            builder.delivered(Instant.ofEpochSecond(r[0]), r[1]);
            builder.received(Instant.ofEpochSecond(r[0]), r[2]);
        }
        return builder.build();
    }

    /**
     * Rating [from, split) and [split, to) under one version equals rating [from, to), for a tariff with
     * no per-bill charges (per-day fixed, TOU energy, per-unit surcharge and tax). Usage is in whole kWh
     * and rates in whole cents, so no rounding can hide a difference.
     */
    @Property(tries = 60)
    void splittingAPeriodAtAnyDayAndRatingThePartsEqualsRatingTheWhole(@ForAll("months") YearMonth month,
            @ForAll @IntRange(min = 1, max = 27) int splitDay, @ForAll long seed) {
        Tariff tariff = seasonalTou(
                new Charge.Fixed("Per day", d("0.37"), Charge.Basis.DAY, Charge.Proration.BILLING_PERIOD, Applicability.ALWAYS),
                new Charge.PerUnit("Rider", d("0.01"), false, Applicability.ALWAYS),
                new Charge.PerUnit("kWh tax", d("0.02"), true, Applicability.ALWAYS));
        LocalDate from = month.atDay(1);
        LocalDate to = month.plusMonths(1).atDay(1);
        LocalDate split = from.plusDays(splitDay);
        IntervalUsage whole = randomUsage(from, to, 60, seed, 1000);
        IntervalUsage.Builder first = IntervalUsage.builder(startOf(from), startOf(split), 60);
        IntervalUsage.Builder second = IntervalUsage.builder(startOf(split), startOf(to), 60);
        Instant t = startOf(from);
        Random random = new Random(seed);
        for (int i = 0; i < whole.intervals(); i++, t = t.plusSeconds(3600)) {
            long v = 1000L * random.nextInt(4);
            (t.isBefore(startOf(split)) ? first : second).delivered(t, v);
        }
        BillCalculation all = engine.rate(tariff, from, to, whole, RatingContext.NONE);
        BillCalculation a = engine.rate(tariff, from, split, first.build(), RatingContext.NONE);
        BillCalculation b = engine.rate(tariff, split, to, second.build(), RatingContext.NONE);
        assertThat(a.total().plus(b.total())).isEqualTo(all.total());
        assertThat(a.tax().plus(b.tax())).isEqualTo(all.tax());
    }
}
