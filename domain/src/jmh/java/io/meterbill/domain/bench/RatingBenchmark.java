package io.meterbill.domain.bench;

import io.meterbill.domain.bill.BillLine;
import io.meterbill.domain.bill.ChargeType;
import io.meterbill.domain.registry.Commodity;
import io.meterbill.domain.tariff.Applicability;
import io.meterbill.domain.tariff.BillCalculation;
import io.meterbill.domain.tariff.Charge;
import io.meterbill.domain.tariff.DayType;
import io.meterbill.domain.tariff.HolidayCalendar;
import io.meterbill.domain.tariff.IntervalUsage;
import io.meterbill.domain.tariff.NetMetering;
import io.meterbill.domain.tariff.RatingContext;
import io.meterbill.domain.tariff.Season;
import io.meterbill.domain.tariff.Tariff;
import io.meterbill.domain.tariff.TariffCode;
import io.meterbill.domain.tariff.TariffEngine;
import io.meterbill.domain.tariff.TariffVersion;
import io.meterbill.domain.tariff.TouSchedule;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the tariff engine on one account-month: July 2025 in New York (31 days, 2,976
 * 15-minute intervals) of delivered and received (solar export) reads, rated on a residential
 * TOU + net-metering tariff with every kind of charge a cycle meets: a daily-prorated customer
 * charge, seasonal TOU energy with NERC holidays, tiers within a TOU period, a 15-minute demand
 * charge and an on-peak-window demand charge, a per-kWh surcharge, a percentage tax and retail net
 * metering.
 *
 * <p>One operation is one {@link TariffEngine#rate} call; the engine keeps the period's calendar
 * between calls as it does in a cycle, so the figure is the steady-state cost per account. The reads
 * rotate over a pool of {@value #POOL} different accounts so the JIT cannot fold them.
 *
 * <p>Run with {@code domain/bench.sh} (builds with {@code -Pbench}, then runs the jar).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class RatingBenchmark {

    static final int POOL = 64;
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final LocalDate FROM = LocalDate.of(2025, 7, 1);
    static final LocalDate TO = LocalDate.of(2025, 8, 1);
    static final int INTERVAL_MINUTES = 15;

    private TariffEngine engine;
    private Tariff tariff;
    private RatingContext context;
    private IntervalUsage[] usages;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        engine = new TariffEngine();
        tariff = residentialTouNetMetering();
        context = RatingContext.NONE;
        Instant start = FROM.atStartOfDay(NEW_YORK).toInstant();
        Instant end = TO.atStartOfDay(NEW_YORK).toInstant();
        usages = new IntervalUsage[POOL];
        for (int a = 0; a < POOL; a++) {
            usages[a] = accountMonth(a, start, end);
        }
        check();
    }

    @Benchmark
    public BillCalculation rateAccountMonth() {
        IntervalUsage usage = usages[next];
        next = (next + 1) & (POOL - 1);
        return engine.rate(tariff, FROM, TO, usage, context);
    }

    // ---- the tariff ----

    static Tariff residentialTouNetMetering() {
        Set<Month> summerMonths = EnumSet.of(Month.JUNE, Month.JULY, Month.AUGUST, Month.SEPTEMBER);
        Set<Month> winterMonths = EnumSet.complementOf(EnumSet.copyOf(summerMonths));
        Set<DayType> weekdays = EnumSet.of(DayType.WEEKDAY); // weekends and NERC holidays stay off-peak
        TouSchedule tou = TouSchedule.fromRules("tou", "off_peak", List.of(
                new TouSchedule.Rule("on_peak", summerMonths, weekdays, 14, 19),
                new TouSchedule.Rule("mid_peak", summerMonths, weekdays, 7, 14),
                new TouSchedule.Rule("mid_peak", summerMonths, weekdays, 19, 23),
                new TouSchedule.Rule("on_peak", winterMonths, weekdays, 7, 11),
                new TouSchedule.Rule("on_peak", winterMonths, weekdays, 17, 21)));
        List<Season> seasons = List.of(
                new Season("summer", MonthDay.of(6, 1), MonthDay.of(9, 30)),
                new Season("winter", MonthDay.of(10, 1), MonthDay.of(5, 31)));
        List<Charge> charges = List.of(
                new Charge.Fixed("Customer charge", bd("12.50"), Charge.Basis.MONTH, Charge.Proration.DAILY,
                        Applicability.ALWAYS),
                Charge.Energy.flat("Summer on-peak energy", bd("0.2850"), when("summer", "on_peak")),
                Charge.Energy.flat("Summer mid-peak energy", bd("0.1820"), when("summer", "mid_peak")),
                new Charge.Energy("Summer off-peak energy", List.of(
                        new Charge.Tier(bd("400"), bd("0.0950")),
                        new Charge.Tier(null, bd("0.1150"))), Charge.Proration.BILLING_PERIOD,
                        when("summer", "off_peak")),
                Charge.Energy.flat("Winter on-peak energy", bd("0.2100"), when("winter", "on_peak")),
                new Charge.Energy("Winter off-peak energy", List.of(
                        new Charge.Tier(bd("600"), bd("0.0890")),
                        new Charge.Tier(null, bd("0.1040"))), Charge.Proration.BILLING_PERIOD,
                        when("winter", "off_peak")),
                new Charge.Demand("Distribution demand", bd("4.20"), 15, null, Applicability.ALWAYS),
                new Charge.Demand("Summer on-peak demand", bd("8.75"), 15, null, when("summer", "on_peak")),
                new Charge.PerUnit("Public purpose programs", bd("0.0061"), false, Applicability.ALWAYS),
                new Charge.Percentage("Sales tax", bd("6"), Set.of(), true, Applicability.ALWAYS));
        NetMetering netMetering = new NetMetering(NetMetering.ExportCredit.RETAIL, null, Map.of(), Month.APRIL,
                NetMetering.TrueUp.FORFEIT);
        TariffVersion version = new TariffVersion(LocalDate.of(2025, 1, 1), null, seasons, List.of(tou), charges,
                netMetering);
        return new Tariff(new TariffCode("RES-TOU-NEM"), "Residential TOU with net metering", "Bench Electric",
                Commodity.ELECTRIC, Currency.getInstance("USD"), NEW_YORK, "kWh", "kW", HolidayCalendar.nerc(),
                List.of(), List.of(version));
    }

    private static Applicability when(String season, String period) {
        return new Applicability(Set.of(season), null, Set.of(period), Map.of());
    }

    private static BigDecimal bd(String value) {
        return new BigDecimal(value);
    }

    // ---- the reads ----

    /**
     * A deterministic month of one account's net-meter channels: a residential load (base, morning and
     * evening peaks, afternoon air conditioning that varies by day) less rooftop solar (a clear-sky
     * curve scaled by each day's cloudiness); the meter records the net flow on one channel or the
     * other in each interval.
     */
    static IntervalUsage accountMonth(int account, Instant start, Instant end) {
        SplittableRandom random = new SplittableRandom(0x5EED_0000L + account);
        int intervals = (int) ((end.getEpochSecond() - start.getEpochSecond()) / (INTERVAL_MINUTES * 60));
        long[] delivered = new long[intervals];
        long[] received = new long[intervals];
        double scale = 0.8 + 1.2 * random.nextDouble();
        double solarKw = account % 4 == 3 ? 0.0 : 2.0 + 5.0 * random.nextDouble(); // a quarter without solar
        double heat = 1.0;
        double clear = 1.0;
        int day = -1;
        for (int i = 0; i < intervals; i++) {
            ZonedDateTime local = start.plusSeconds((long) i * INTERVAL_MINUTES * 60).atZone(NEW_YORK);
            if (local.getDayOfMonth() != day) {
                day = local.getDayOfMonth();
                heat = 0.4 + 0.9 * random.nextDouble();
                clear = 0.25 + 0.75 * random.nextDouble();
            }
            double h = local.getHour() + local.getMinute() / 60.0;
            boolean weekend = local.getDayOfWeek().getValue() >= 6;
            double load = 0.35
                    + (weekend ? 0.3 : 0.5) * bump(h, weekend ? 9.0 : 7.5, 1.2)
                    + 0.9 * bump(h, 19.0, 2.2)
                    + 1.6 * heat * Math.max(0.0, Math.sin(Math.PI * (h - 11.0) / 12.0))
                    + (weekend ? 0.25 : 0.0);
            load *= scale * (0.85 + 0.3 * random.nextDouble());
            double sun = Math.max(0.0, Math.sin(Math.PI * (h - 6.0) / 14.0));
            double solar = solarKw * Math.pow(sun, 1.3) * clear * (0.9 + 0.1 * random.nextDouble());
            double net = load - solar; // kW over the interval
            long milli = Math.round(Math.abs(net) * INTERVAL_MINUTES / 60.0 * 1000.0);
            if (net >= 0) {
                delivered[i] = milli;
            } else {
                received[i] = milli;
            }
        }
        return new IntervalUsage(start, INTERVAL_MINUTES, delivered, received);
    }

    private static double bump(double h, double centre, double width) {
        double x = (h - centre) / width;
        return Math.exp(-0.5 * x * x);
    }

    // ---- a check that the month exercises what it is meant to ----

    private void check() {
        if (usages[0].intervals() != 2976) {
            throw new IllegalStateException("expected 2976 intervals, not " + usages[0].intervals());
        }
        EnumSet<ChargeType> seen = EnumSet.noneOf(ChargeType.class);
        int tier2 = 0;
        int demandLines = 0;
        int minLines = Integer.MAX_VALUE;
        int maxLines = 0;
        BigDecimal totals = BigDecimal.ZERO;
        for (IntervalUsage usage : usages) {
            BillCalculation bill = engine.rate(tariff, FROM, TO, usage, context);
            for (BillLine line : bill.lines()) {
                seen.add(line.chargeType());
                if (line.tier() != null && line.tier() == 2) {
                    tier2++;
                }
                if (line.chargeType() == ChargeType.DEMAND) {
                    demandLines++;
                }
            }
            minLines = Math.min(minLines, bill.lines().size());
            maxLines = Math.max(maxLines, bill.lines().size());
            totals = totals.add(bill.total().amount());
        }
        EnumSet<ChargeType> wanted = EnumSet.of(ChargeType.FIXED, ChargeType.ENERGY, ChargeType.DEMAND,
                ChargeType.SURCHARGE, ChargeType.CREDIT, ChargeType.TAX);
        if (!seen.containsAll(wanted) || tier2 == 0 || demandLines != 2 * POOL) {
            throw new IllegalStateException("the bench month does not exercise the tariff: line types " + seen
                    + ", second-tier lines " + tier2 + ", demand lines " + demandLines);
        }
        System.out.println("RatingBenchmark: " + POOL + " account-months of " + usages[0].intervals()
                + " intervals; " + minLines + "-" + maxLines + " lines per bill; " + tier2
                + " bills reach tier 2; mean total " + totals.divide(BigDecimal.valueOf(POOL), 2,
                java.math.RoundingMode.HALF_UP) + " USD");
    }
}
