package io.meterbill.domain.tariff;

import io.meterbill.domain.bill.BillLine;
import io.meterbill.domain.bill.ChargeType;
import io.meterbill.domain.bill.Money;
import io.meterbill.domain.tariff.RatingCalendar.Lane;
import io.meterbill.domain.tariff.RatingCalendar.Segment;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rates one billing period of usage under a tariff: a pure function of (tariff, period, usage,
 * context) returning the bill's lines, totals, determinants and assumptions.
 *
 * <p>The period [from, to) is split where the tariff version changes; each part is rated on its own
 * version. Per-bill and demand charges, and tier limits on the billing-period rule, are prorated by
 * the share of the period's days a part (and a charge's seasons and TOU months) covers; charges on
 * the daily rule count each day as 1/(days in its month).
 *
 * <p>Order: fixed, energy and demand charges of each part; net-metering credits (this bill's export and
 * the credit carried in), which offset energy charges but never take the bill below its minimum, the
 * rest being carried forward (or settled in the true-up month); the minimum charge, compared with the
 * whole bill's fixed, energy and demand charges less credits; surcharges; adjustments; taxes. Rounding: each line is rounded to the currency's minor unit,
 * half-up, from its unrounded determinant x rate x factor; percentages apply to the sum of rounded
 * lines; subtotal and total are sums of rounded lines.
 *
 * <p>The engine keeps the calendars it lays out (one per tariff, period and interval length) so that
 * rating the accounts of a cycle costs one pass over each account's reads.
 */
public final class TariffEngine {

    private static final int CALENDARS_KEPT = 512;

    private final Map<CalendarKey, RatingCalendar> calendars = new ConcurrentHashMap<>();

    /** Identity of the tariff object, so that looking up a calendar never hashes a whole tariff. */
    private record CalendarKey(IdentityOf tariff, LocalDate from, LocalDate to, int intervalMinutes) {
    }

    private record IdentityOf(Tariff tariff) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityOf other && other.tariff == tariff;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(tariff);
        }
    }

    public BillCalculation rate(Tariff tariff, LocalDate from, LocalDate to, Usage usage, RatingContext context) {
        Objects.requireNonNull(tariff, "tariff");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(context, "context");
        if (!to.isAfter(from)) {
            throw new RatingException("billing period " + from + " to " + to + " has no days");
        }
        List<String> assumptions = new ArrayList<>();
        RatingCalendar calendar;
        Measurement measurement;
        if (usage instanceof IntervalUsage intervals) {
            calendar = calendar(tariff, from, to, intervals.intervalMinutes());
            measurement = Measurement.ofIntervals(calendar, intervals, assumptions);
        } else {
            calendar = calendar(tariff, from, to, 0);
            measurement = Measurement.ofTotals(calendar, (UsageTotals) usage, assumptions);
        }
        return new Rating(calendar, measurement, context, assumptions).bill();
    }

    private RatingCalendar calendar(Tariff tariff, LocalDate from, LocalDate to, int intervalMinutes) {
        CalendarKey key = new CalendarKey(new IdentityOf(tariff), from, to, intervalMinutes);
        RatingCalendar calendar = calendars.get(key);
        if (calendar == null) {
            calendar = new RatingCalendar(tariff, from, to, intervalMinutes);
            if (calendars.size() >= CALENDARS_KEPT) {
                calendars.clear();
            }
            calendars.put(key, calendar);
        }
        return calendar;
    }

    /** One rating: collects lines in order, then totals them. */
    private static final class Rating {
        private final RatingCalendar cal;
        private final Measurement m;
        private final RatingContext context;
        private final List<String> assumptions;
        private final Tariff tariff;
        private final Currency currency;
        private final String unit;
        private final Map<String, String> properties;
        private final List<Line> lines = new ArrayList<>();
        private final List<Charge>[] selected;
        private BigDecimal peakDemand;
        private Money carriedForward;

        /** A line before numbering, with the segment it belongs to (for taxes and minimums). */
        private record Line(int segment, BillLine line) {
        }

        Rating(RatingCalendar cal, Measurement m, RatingContext context, List<String> assumptions) {
            this.cal = cal;
            this.m = m;
            this.context = context;
            this.assumptions = assumptions;
            this.tariff = cal.tariff;
            this.currency = tariff.currency();
            this.unit = tariff.consumptionUnit();
            this.carriedForward = Money.zero(currency);
            this.properties = resolveProperties();
            @SuppressWarnings("unchecked")
            List<Charge>[] bySegment = new List[cal.segments.size()];
            this.selected = bySegment;
        }

        private Map<String, String> resolveProperties() {
            Map<String, String> resolved = new HashMap<>();
            for (RateCriterion criterion : tariff.criteria()) {
                String given = context.properties().get(criterion.key());
                if (given == null) {
                    resolved.put(criterion.key(), criterion.defaultValue());
                    assumptions.add("rate criterion " + criterion.key() + " not given; assumed '"
                            + criterion.defaultValue() + "' (tariff default)");
                } else if (!criterion.values().isEmpty() && !criterion.values().contains(given)) {
                    throw new RatingException("rate criterion " + criterion.key() + " '" + given + "' is not one of "
                            + criterion.values());
                } else {
                    resolved.put(criterion.key(), given);
                }
            }
            for (String key : new java.util.TreeSet<>(context.properties().keySet())) {
                if (tariff.criteria().stream().noneMatch(c -> c.key().equals(key))) {
                    assumptions.add("property " + key + " is not a rate criterion of " + tariff.code() + "; ignored");
                }
            }
            return resolved;
        }

        BillCalculation bill() {
            describeVersions();
            for (Segment segment : cal.segments) {
                for (Charge charge : selected(segment)) {
                    if (charge instanceof Charge.Fixed fixed) {
                        fixed(segment, fixed);
                    } else if (charge instanceof Charge.Energy energy) {
                        energy(segment, energy);
                    } else if (charge instanceof Charge.Demand demand) {
                        demand(segment, demand);
                    }
                }
            }
            reportUnchargedConsumption();
            exportCredits();
            Floor floor = minimumFloor();
            settleCredits(floor);
            minimum(floor);
            for (Segment segment : cal.segments) {
                for (Charge charge : selected(segment)) {
                    if (charge instanceof Charge.Percentage p && !p.tax()) {
                        percentage(segment, p, ChargeType.SURCHARGE);
                    } else if (charge instanceof Charge.PerUnit u && !u.tax()) {
                        perUnit(segment, u, ChargeType.SURCHARGE);
                    }
                }
            }
            for (RatingContext.Adjustment adjustment : context.adjustments()) {
                add(lastSegment(), ChargeType.ADJUSTMENT, adjustment.description(), null, null, null, BigDecimal.ONE, "adjustment",
                        adjustment.amount(), BigDecimal.ONE, BigDecimal.ONE);
            }
            Money subtotal = Money.zero(currency);
            for (Line line : lines) {
                subtotal = subtotal.plus(line.line().amount());
            }
            for (Segment segment : cal.segments) {
                for (Charge charge : selected(segment)) {
                    if (charge instanceof Charge.Percentage p && p.tax()) {
                        percentage(segment, p, ChargeType.TAX);
                    } else if (charge instanceof Charge.PerUnit u && u.tax()) {
                        perUnit(segment, u, ChargeType.TAX);
                    }
                }
            }
            Money tax = Money.zero(currency);
            List<BillLine> numbered = new ArrayList<>(lines.size());
            for (Line line : lines) {
                if (line.line().chargeType() == ChargeType.TAX) {
                    tax = tax.plus(line.line().amount());
                }
                numbered.add(line.line().withLineNo(numbered.size() + 1));
            }
            long delivered = 0;
            long received = 0;
            for (Segment segment : cal.segments) {
                for (long v : m.delivered[segment.lanes[0].id]) {
                    delivered += v;
                }
                for (long v : m.received[segment.lanes[0].id]) {
                    received += v;
                }
            }
            return new BillCalculation(tariff.code(), cal.from, cal.to, numbered, subtotal, tax, subtotal.plus(tax),
                    BigDecimal.valueOf(delivered, 3), BigDecimal.valueOf(received, 3), unit, determinants(), assumptions,
                    peakDemand, carriedForward);
        }

        private void describeVersions() {
            assumptions.add(0, cal.versionsAssumption);
        }

        /** The charges of a segment's version the rate criteria select, worked out once per rating. */
        private List<Charge> selected(Segment segment) {
            List<Charge> charges = selected[segment.index];
            if (charges == null) {
                charges = new ArrayList<>();
                for (Charge charge : segment.version.charges()) {
                    if (charge.when().selectedBy(properties)) {
                        charges.add(charge);
                    }
                }
                selected[segment.index] = charges;
            }
            return charges;
        }

        // ---- fixed ----

        private void fixed(Segment segment, Charge.Fixed charge) {
            List<Integer> active = cal.activeDays(segment, charge.when());
            if (active.isEmpty()) {
                return;
            }
            String season = seasonLabel(charge.when());
            String period = periodLabel(charge.when());
            if (charge.basis() == Charge.Basis.DAY) {
                add(segment, ChargeType.FIXED, charge.name(), season, period, null, BigDecimal.valueOf(active.size()),
                        "days", charge.amount(), BigDecimal.ONE, BigDecimal.ONE);
            } else if (charge.basis() == Charge.Basis.MONTH && charge.proration() == Charge.Proration.DAILY) {
                add(segment, ChargeType.FIXED, charge.name(), season, period, null, cal.monthFraction(active),
                        "months", charge.amount(), BigDecimal.ONE, BigDecimal.ONE);
            } else {
                add(segment, ChargeType.FIXED, charge.name(), season, period, null, BigDecimal.ONE,
                        charge.basis() == Charge.Basis.BILL ? "bill" : "month", charge.amount(),
                        BigDecimal.valueOf(active.size()), BigDecimal.valueOf(cal.days));
            }
        }

        // ---- energy ----

        private Lane lane(Segment segment, Applicability when) {
            return segment.lanes[segment.version.scheduleIndex(when.schedule())];
        }

        private boolean netMetered(Segment segment, Lane lane) {
            return m.hasExport && segment.version.netMetering() != null && lane.scheduleIndex == 0;
        }

        /** Consumption billed in a lane's buckets that a charge covers: net of export under net metering. */
        private long billedConsumption(Segment segment, Applicability when, String chargeName) {
            Lane lane = lane(segment, when);
            if (!m.deliveredKnown[lane.id] || (m.periodsUnknown[lane.id] && !when.periods().isEmpty())) {
                throw new RatingException("charge '" + chargeName + "' needs consumption per period of schedule "
                        + lane.schedule.name() + " " + lane.schedule.periods());
            }
            boolean net = netMetered(segment, lane);
            long[] del = m.delivered[lane.id];
            long[] rec = m.received[lane.id];
            long sum = 0;
            for (int s = 0; s < lane.seasons; s++) {
                for (int p = 0; p < lane.periods; p++) {
                    if (!covers(segment, lane, when, s, p)) {
                        continue;
                    }
                    int b = lane.bucket(s, p);
                    sum += net ? Math.max(0, del[b] - rec[b]) : del[b];
                }
            }
            return sum;
        }

        /** Whether a charge applies in season {@code s} and period {@code p} of a lane. */
        private static boolean covers(Segment segment, Lane lane, Applicability when, int s, int p) {
            return (when.seasons().isEmpty() || when.seasons().contains(segment.version.seasons().get(s).name()))
                    && (when.periods().isEmpty() || when.periods().contains(lane.schedule.periods().get(p)));
        }

        /**
         * Says so when consumption falls in a season and TOU period that none of the selected energy
         * charges covers (a tariff that prices some periods but not others is usually an authoring slip).
         */
        private void reportUnchargedConsumption() {
            for (Segment segment : cal.segments) {
                boolean[][] covered = new boolean[segment.lanes.length][];
                for (Charge charge : selected(segment)) {
                    if (!(charge instanceof Charge.Energy energy)) {
                        continue;
                    }
                    Lane lane = lane(segment, energy.when());
                    if (covered[lane.scheduleIndex] == null) {
                        covered[lane.scheduleIndex] = new boolean[lane.buckets()];
                    }
                    for (int s = 0; s < lane.seasons; s++) {
                        for (int p = 0; p < lane.periods; p++) {
                            if (covers(segment, lane, energy.when(), s, p)) {
                                covered[lane.scheduleIndex][lane.bucket(s, p)] = true;
                            }
                        }
                    }
                }
                for (Lane lane : segment.lanes) {
                    boolean[] done = covered[lane.scheduleIndex];
                    if (done == null || !m.deliveredKnown[lane.id]) {
                        continue;
                    }
                    for (int s = 0; s < lane.seasons; s++) {
                        for (int p = 0; p < lane.periods; p++) {
                            int b = lane.bucket(s, p);
                            if (!done[b] && m.delivered[lane.id][b] > 0) {
                                assumptions.add(BigDecimal.valueOf(m.delivered[lane.id][b], 3).toPlainString() + " " + unit
                                        + " in season " + segment.version.seasons().get(s).name() + ", period "
                                        + lane.schedule.periods().get(p) + " (" + segment.label
                                        + ") is not priced by any energy charge of the tariff");
                            }
                        }
                    }
                }
            }
        }

        private void energy(Segment segment, Charge.Energy charge) {
            List<Integer> active = cal.activeDays(segment, charge.when());
            if (active.isEmpty()) {
                return;
            }
            BigDecimal quantity = BigDecimal.valueOf(billedConsumption(segment, charge.when(), charge.name()), 3);
            String season = seasonLabel(charge.when());
            String period = periodLabel(charge.when());
            if (charge.tiers().size() == 1) {
                add(segment, ChargeType.ENERGY, charge.name(), season, period, null, quantity, unit,
                        charge.firstRate(), BigDecimal.ONE, BigDecimal.ONE);
                return;
            }
            // prorated limits are kept to the thousandth of a unit (the resolution of quantities), half-up
            boolean prorated = charge.tierLimits() == Charge.Proration.DAILY
                    ? cal.monthFraction(active).compareTo(BigDecimal.ONE) != 0 : active.size() != cal.days;
            if (prorated) {
                assumptions.add("'" + charge.name() + "' tier limits x " + (charge.tierLimits() == Charge.Proration.DAILY
                        ? Decimals.plain(cal.monthFraction(active).setScale(6, RoundingMode.HALF_UP)) + " (" + active.size()
                                + " days, each 1/(days in its month))"
                        : active.size() + "/" + cal.days + " (share of the " + cal.days + "-day period)")
                        + ", to the nearest 0.001 " + unit);
            }
            BigDecimal remaining = quantity;
            BigDecimal previousLimit = BigDecimal.ZERO;
            for (int t = 0; t < charge.tiers().size(); t++) {
                Charge.Tier tier = charge.tiers().get(t);
                BigDecimal inTier = remaining;
                BigDecimal limit = null;
                if (tier.upTo() != null) {
                    limit = !prorated ? tier.upTo() : charge.tierLimits() == Charge.Proration.DAILY
                            ? tier.upTo().multiply(cal.monthFraction(active)).setScale(3, RoundingMode.HALF_UP)
                            : tier.upTo().multiply(BigDecimal.valueOf(active.size()))
                                    .divide(BigDecimal.valueOf(cal.days), 3, RoundingMode.HALF_UP);
                    inTier = remaining.min(limit.subtract(previousLimit).max(BigDecimal.ZERO));
                }
                if (inTier.signum() > 0 || t == 0) {
                    String label = charge.name() + " tier " + (t + 1) + (limit == null ? " (over "
                            + Decimals.plain(previousLimit) + ")" : " (up to " + Decimals.plain(limit) + ")");
                    add(segment, ChargeType.ENERGY, label, season, period, t + 1, inTier, unit, tier.rate(),
                            BigDecimal.ONE, BigDecimal.ONE);
                }
                remaining = remaining.subtract(inTier);
                if (limit != null) {
                    previousLimit = limit;
                }
                if (remaining.signum() == 0 && t > 0) {
                    break;
                }
            }
        }

        // ---- demand ----

        private void demand(Segment segment, Charge.Demand charge) {
            List<Integer> active = cal.activeDays(segment, charge.when());
            if (active.isEmpty()) {
                return;
            }
            Lane lane = lane(segment, charge.when());
            if (!m.demandKnown[lane.id]) {
                throw new RatingException("charge '" + charge.name() + "' needs the maximum demand per period of schedule "
                        + lane.schedule.name() + " " + lane.schedule.periods());
            }
            long[] peaks = m.peak[lane.id][lane.demandIndex(charge.intervalMinutes())];
            long allHours = 0;
            for (long peak : peaks) {
                allHours = Math.max(allHours, peak);
            }
            BigDecimal highestMeasured = BigDecimal.valueOf(allHours, 3);
            if (peakDemand == null || highestMeasured.compareTo(peakDemand) > 0) {
                peakDemand = highestMeasured; // the bill's peak, kept for ratchets of later bills
            }
            long max = 0;
            for (int s = 0; s < lane.seasons; s++) {
                for (int p = 0; p < lane.periods; p++) {
                    if (covers(segment, lane, charge.when(), s, p)) {
                        max = Math.max(max, peaks[lane.bucket(s, p)]);
                    }
                }
            }
            BigDecimal measured = BigDecimal.valueOf(max, 3);
            boolean fromTotal = false;
            for (int p = 0; p < lane.periods && !charge.when().periods().isEmpty(); p++) {
                fromTotal |= m.demandFromTotal[lane.id] != null && m.demandFromTotal[lane.id][p]
                        && charge.when().periods().contains(lane.schedule.periods().get(p));
            }
            if (fromTotal) {
                assumptions.add("'" + charge.name() + "': no demand given for " + periodLabel(charge.when())
                        + "; the maximum demand of the whole period, " + Decimals.plain(measured) + " " + tariff.demandUnit()
                        + ", was used");
            }
            BigDecimal billed = measured;
            if (charge.ratchet() != null && !context.previousPeakDemand().isEmpty()) {
                BigDecimal highest = context.previousPeakDemand().stream().limit(charge.ratchet().months())
                        .max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
                BigDecimal floor = highest.multiply(charge.ratchet().percent()).movePointLeft(2);
                if (floor.compareTo(measured) > 0) {
                    billed = floor;
                    assumptions.add("'" + charge.name() + "': measured demand " + Decimals.plain(measured) + " "
                            + tariff.demandUnit() + " raised by the ratchet to " + Decimals.plain(charge.ratchet().percent())
                            + " % of " + Decimals.plain(highest) + " (highest of the last " + charge.ratchet().months()
                            + " months) = " + Decimals.plain(billed));
                }
            }
            add(segment, ChargeType.DEMAND, charge.name(), seasonLabel(charge.when()), periodLabel(charge.when()), null,
                    billed, tariff.demandUnit(), charge.rate(), BigDecimal.valueOf(active.size()),
                    BigDecimal.valueOf(cal.days));
        }

        // ---- net metering ----

        /** Credit lines for this bill's exported surplus, per season and TOU period, and for the credit carried in. */
        private void exportCredits() {
            boolean anyNetMetering = false;
            for (Segment segment : cal.segments) {
                NetMetering terms = segment.version.netMetering();
                if (terms == null || !m.hasExport) {
                    continue;
                }
                // a total export against a total consumption nets exactly (both sit in the first period and
                // per-period charges are refused); against consumption per period it cannot be placed
                if (m.exportPeriodsUnknown[segment.lanes[0].id] && !m.periodsUnknown[segment.lanes[0].id]) {
                    throw new RatingException("net metering nets export per period of schedule "
                            + segment.lanes[0].schedule.name() + " " + segment.lanes[0].schedule.periods()
                            + ": give the export per period, not as one total");
                }
                anyNetMetering = true;
                Lane lane = segment.lanes[0];
                long[] del = m.delivered[lane.id];
                long[] rec = m.received[lane.id];
                for (int s = 0; s < lane.seasons; s++) {
                    for (int p = 0; p < lane.periods; p++) {
                        int b = lane.bucket(s, p);
                        long surplus = rec[b] - del[b];
                        if (surplus <= 0) {
                            continue;
                        }
                        String season = segment.version.seasons().size() > 1 ? segment.version.seasons().get(s).name() : null;
                        String period = lane.periods > 1 ? lane.schedule.periods().get(p) : null;
                        BigDecimal rate = exportRate(segment, terms, s, p);
                        add(segment, ChargeType.CREDIT, "Export credit (" + terms.exportCredit().name().toLowerCase()
                                + " rate)", season, period, null, BigDecimal.valueOf(surplus, 3), unit, rate.negate(),
                                BigDecimal.ONE, BigDecimal.ONE);
                    }
                }
            }
            if (m.hasExport && !anyNetMetering) {
                assumptions.add("export of " + BigDecimal.valueOf(totalReceived(), 3).toPlainString() + " " + unit
                        + " not credited: the tariff has no net metering in this period");
            }
            if (context.creditCarriedIn().signum() > 0) {
                add(lastSegment(), ChargeType.CREDIT, "Net metering credit carried in", null, null, null,
                        context.creditCarriedIn(), currency.getCurrencyCode(), BigDecimal.ONE.negate(), BigDecimal.ONE,
                        BigDecimal.ONE);
            }
        }

        /**
         * Credits offset energy charges, and only as far as the bill stays at or above its minimum; the
         * credit left over is carried forward, or in the true-up month forfeited or paid out (a payout is
         * an untaxed adjustment, so it never lowers the taxes).
         */
        private void settleCredits(Floor floor) {
            BigDecimal credits = BigDecimal.ZERO;
            BigDecimal energy = BigDecimal.ZERO;
            BigDecimal charges = BigDecimal.ZERO;
            for (Line line : lines) {
                BigDecimal amount = line.line().amount().amount();
                if (line.line().chargeType() == ChargeType.CREDIT) {
                    credits = credits.subtract(amount);
                } else {
                    charges = charges.add(amount);
                    if (line.line().chargeType() == ChargeType.ENERGY) {
                        energy = energy.add(amount);
                    }
                }
            }
            if (credits.signum() <= 0) {
                return;
            }
            BigDecimal usable = energy;
            if (floor != null) {
                BigDecimal aboveMinimum = charges.subtract(floor.amount()).max(BigDecimal.ZERO);
                if (aboveMinimum.compareTo(usable) < 0) {
                    usable = aboveMinimum;
                    if (credits.compareTo(usable) > 0) {
                        assumptions.add("net metering credit applied only down to the minimum charge of " + floor.amount()
                                + " " + currency.getCurrencyCode());
                    }
                }
            }
            BigDecimal excess = credits.subtract(usable);
            if (excess.signum() <= 0) {
                return;
            }
            NetMetering terms = lastSegment().version.netMetering();
            boolean trueUp = terms != null && terms.trueUpMonth() != null
                    && cal.to.minusDays(1).getMonth() == terms.trueUpMonth();
            String code = currency.getCurrencyCode();
            if (!trueUp) {
                add(lastSegment(), ChargeType.CREDIT, "Net metering credit carried forward to next bill", null, null, null,
                        excess, code, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE);
                carriedForward = new Money(excess, currency);
                assumptions.add("net metering credit of " + excess.toPlainString() + " " + code
                        + " exceeds what this bill's energy charges can offset and is carried forward");
            } else if (terms.atTrueUp() == NetMetering.TrueUp.FORFEIT) {
                add(lastSegment(), ChargeType.CREDIT, "Net metering credit forfeited at annual true-up", null, null, null,
                        excess, code, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE);
                assumptions.add("annual true-up: unused net metering credit of " + excess.toPlainString() + " " + code
                        + " forfeited");
            } else {
                add(lastSegment(), ChargeType.CREDIT, "Net metering credit settled at annual true-up", null, null, null,
                        excess, code, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE);
                add(lastSegment(), ChargeType.ADJUSTMENT, "Annual true-up payout of net metering credit", null, null, null,
                        excess, code, BigDecimal.ONE.negate(), BigDecimal.ONE, BigDecimal.ONE);
                assumptions.add("annual true-up: net metering credit of " + excess.toPlainString() + " " + code
                        + " beyond what this bill's energy charges can offset is paid out");
            }
        }

        private Segment lastSegment() {
            return cal.segments.get(cal.segments.size() - 1);
        }

        private BigDecimal exportRate(Segment segment, NetMetering terms, int season, int period) {
            if (terms.exportCredit() == NetMetering.ExportCredit.FIXED) {
                return terms.fixedRate();
            }
            Lane lane = segment.lanes[0];
            String periodName = lane.schedule.periods().get(period);
            if (terms.exportCredit() == NetMetering.ExportCredit.TOU) {
                return terms.touRates().getOrDefault(periodName, BigDecimal.ZERO);
            }
            String seasonName = segment.version.seasons().get(season).name();
            BigDecimal retail = BigDecimal.ZERO;
            for (Charge charge : selected(segment)) {
                if (charge instanceof Charge.Energy energy
                        && segment.version.scheduleIndex(energy.when().schedule()) == 0
                        && (energy.when().seasons().isEmpty() || energy.when().seasons().contains(seasonName))
                        && (energy.when().periods().isEmpty() || energy.when().periods().contains(periodName))) {
                    retail = retail.add(energy.firstRate());
                }
            }
            return retail;
        }

        private long totalReceived() {
            long sum = 0;
            for (Segment segment : cal.segments) {
                for (long v : m.received[segment.lanes[0].id]) {
                    sum += v;
                }
            }
            return sum;
        }

        // ---- surcharges, minimum, taxes ----

        private void percentage(Segment segment, Charge.Percentage charge, ChargeType type) {
            Money base = Money.zero(currency);
            for (Line line : lines) {
                if (line.segment() == segment.index && charge.of().contains(line.line().chargeType())) {
                    base = base.plus(line.line().amount());
                }
            }
            add(segment, type, charge.name() + " " + Decimals.plain(charge.percent()) + " %", null, null, null, base.amount(),
                    currency.getCurrencyCode(), charge.percent().movePointLeft(2), BigDecimal.ONE, BigDecimal.ONE);
        }

        private void perUnit(Segment segment, Charge.PerUnit charge, ChargeType type) {
            BigDecimal quantity = BigDecimal.valueOf(billedConsumption(segment, charge.when(), charge.name()), 3);
            add(segment, type, charge.name(), seasonLabel(charge.when()), periodLabel(charge.when()), null, quantity, unit,
                    charge.rate(), BigDecimal.ONE, BigDecimal.ONE);
        }

        /** The bill's minimum: the minimum charges of its parts, each for the days it covers. */
        private record Floor(BigDecimal amount, String name, Segment segment) {
        }

        private Floor minimumFloor() {
            BigDecimal total = null;
            String name = null;
            Segment at = null;
            for (Segment segment : cal.segments) {
                for (Charge charge : selected(segment)) {
                    if (!(charge instanceof Charge.Minimum minimum)) {
                        continue;
                    }
                    List<Integer> active = cal.activeDays(segment, minimum.when());
                    if (active.isEmpty()) {
                        continue;
                    }
                    BigDecimal amount;
                    if (minimum.basis() == Charge.Basis.DAY) {
                        amount = minimum.amount().multiply(BigDecimal.valueOf(active.size()));
                    } else if (minimum.basis() == Charge.Basis.MONTH && minimum.proration() == Charge.Proration.DAILY) {
                        amount = minimum.amount().multiply(cal.monthFraction(active));
                    } else {
                        amount = minimum.amount().multiply(BigDecimal.valueOf(active.size()))
                                .divide(BigDecimal.valueOf(cal.days), 20, RoundingMode.HALF_UP);
                    }
                    total = total == null ? amount : total.add(amount);
                    name = name == null ? minimum.name() : name;
                    at = segment;
                }
            }
            return total == null ? null
                    : new Floor(total.setScale(currency.getDefaultFractionDigits(), RoundingMode.HALF_UP), name, at);
        }

        /** Raises the bill's fixed, energy and demand charges less credits to the minimum. */
        private void minimum(Floor floor) {
            if (floor == null) {
                return;
            }
            BigDecimal charges = BigDecimal.ZERO;
            for (Line line : lines) {
                if (line.line().chargeType() != ChargeType.ADJUSTMENT) {
                    charges = charges.add(line.line().amount().amount());
                }
            }
            if (charges.compareTo(floor.amount()) >= 0) {
                return;
            }
            BigDecimal shortfall = floor.amount().subtract(charges);
            add(floor.segment(), ChargeType.MINIMUM, floor.name() + " " + floor.amount().toPlainString() + " less charges "
                    + charges.toPlainString(), null, null, null, BigDecimal.ONE, "bill", shortfall,
                    BigDecimal.ONE, BigDecimal.ONE);
            assumptions.add("minimum charge applied: charges of " + charges.toPlainString() + " " + currency.getCurrencyCode()
                    + " raised to the minimum " + floor.amount().toPlainString() + " " + currency.getCurrencyCode());
        }

        // ---- lines ----

        private void add(Segment segment, ChargeType type, String description, String season, String period, Integer tier,
                BigDecimal determinant, String determinantUnit, BigDecimal rate, BigDecimal factorNumerator,
                BigDecimal factorDenominator) {
            BigDecimal product = determinant.multiply(rate).multiply(factorNumerator);
            BigDecimal amount = factorDenominator.compareTo(BigDecimal.ONE) == 0 ? product
                    : product.divide(factorDenominator, currency.getDefaultFractionDigits(), RoundingMode.HALF_UP);
            BigDecimal factor = factorNumerator.compareTo(factorDenominator) == 0 ? BigDecimal.ONE
                    : factorNumerator.divide(factorDenominator, 10, RoundingMode.HALF_UP).stripTrailingZeros();
            lines.add(new Line(segment.index, new BillLine(1, type, description, season, period, tier, determinant,
                    determinantUnit, rate, factor, new Money(amount, currency), segment.label)));
        }

        private static String seasonLabel(Applicability when) {
            return label(when.seasons());
        }

        private static String periodLabel(Applicability when) {
            return label(when.periods());
        }

        /** The names in order, joined by '+'; null for none. */
        private static String label(java.util.Set<String> names) {
            if (names.isEmpty()) {
                return null;
            }
            if (names.size() == 1) {
                return names.iterator().next();
            }
            return String.join("+", new java.util.TreeSet<>(names));
        }


        private List<BillCalculation.Determinant> determinants() {
            List<BillCalculation.Determinant> rows = new ArrayList<>();
            for (Lane lane : cal.lanes) {
                Map<Integer, Boolean> shown = new LinkedHashMap<>();
                for (int s = 0; s < lane.seasons; s++) {
                    for (int p = 0; p < lane.periods; p++) {
                        int b = lane.bucket(s, p);
                        long del = m.delivered[lane.id][b];
                        long rec = m.received[lane.id][b];
                        if ((del != 0 || rec != 0) && shown.putIfAbsent(b, true) == null) {
                            rows.add(new BillCalculation.Determinant(lane.segment.label, lane.schedule.name(),
                                    lane.segment.version.seasons().get(s).name(), lane.schedule.periods().get(p),
                                    BigDecimal.valueOf(del, 3), BigDecimal.valueOf(rec, 3), unit));
                        }
                    }
                }
            }
            return rows;
        }
    }
}
