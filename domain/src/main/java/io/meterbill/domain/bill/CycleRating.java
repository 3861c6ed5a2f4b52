package io.meterbill.domain.bill;

import io.meterbill.domain.cycle.BillingWindow;
import io.meterbill.domain.read.IntervalSeries;
import io.meterbill.domain.read.SeriesValues;
import io.meterbill.domain.registry.ServicePoint;
import io.meterbill.domain.tariff.IntervalUsage;
import io.meterbill.domain.tariff.RateCriterion;
import io.meterbill.domain.tariff.RatingContext;
import io.meterbill.domain.tariff.RatingException;
import io.meterbill.domain.tariff.Tariff;
import io.meterbill.domain.tariff.TariffCode;
import io.meterbill.domain.tariff.TariffEngine;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Decides, for one service point in a cycle, whether it is billed and on what: a service point with
 * no reads, or whose delivered-energy reads do not cover its whole billing window (a truncated
 * export, a meter gap), is not billed (it is counted, never silently dropped); one whose reads or
 * tariff cannot be rated is not billed with the reason; every other one is rated by the engine on its
 * interval reads. A service point with an export channel must have export reads for the whole window
 * too (net metering would otherwise credit a gap as zero export), and its rate-criteria keys must be
 * the tariff's (a misspelt key would silently bill the default rates). Estimating and validating
 * usage gaps belongs to the validation stage.
 */
public final class CycleRating {

    private final TariffEngine engine;
    private final Map<TariffCode, Tariff> tariffs;

    public CycleRating(TariffEngine engine, Map<TariffCode, Tariff> tariffs) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.tariffs = Map.copyOf(tariffs);
    }

    public RatingOutcome rate(ServicePoint servicePoint, BillingWindow window, Collection<MeteredInterval> reads,
            RatingContext context) {
        if (reads.isEmpty()) {
            return noReads(servicePoint, window);
        }
        IntervalUsage usage;
        try {
            usage = usageOf(window.start(), window.end(), reads);
        } catch (IllegalArgumentException e) {
            return notBilled(servicePoint, NotBilledReason.NOT_RATABLE, e.getMessage());
        }
        return rate(servicePoint, window, usage, context);
    }

    /** Rates a service point on its stored interval series (as the interval store gives them). */
    public RatingOutcome rateSeries(ServicePoint servicePoint, BillingWindow window, List<IntervalSeries> series,
            RatingContext context) {
        if (series.isEmpty()) {
            return noReads(servicePoint, window);
        }
        Tariff tariff = tariffs.get(servicePoint.tariff());
        if (tariff != null) {
            for (IntervalSeries s : series) {
                String unit = s.channel().baseUnit().symbol();
                if (!s.channel().received() && !unit.equalsIgnoreCase(tariff.consumptionUnit())) {
                    return notBilled(servicePoint, NotBilledReason.NOT_RATABLE, "reads of channel " + s.channel().code()
                            + " are in " + unit + " but tariff " + tariff.code() + " bills consumption in "
                            + tariff.consumptionUnit());
                }
            }
        }
        IntervalUsage usage;
        try {
            usage = usageOfSeries(window.start(), window.end(), series);
        } catch (IllegalArgumentException e) {
            return notBilled(servicePoint, NotBilledReason.NOT_RATABLE, e.getMessage());
        }
        return rate(servicePoint, window, usage, context);
    }

    private static RatingOutcome noReads(ServicePoint servicePoint, BillingWindow window) {
        return notBilled(servicePoint, NotBilledReason.NO_READS,
                "no reads between " + window.start() + " and " + window.end());
    }

    private RatingOutcome rate(ServicePoint servicePoint, BillingWindow window, IntervalUsage usage,
            RatingContext context) {
        if (usage.missingDelivered() > 0) {
            return notBilled(servicePoint, NotBilledReason.INCOMPLETE_READS, coverage("delivered", usage,
                    usage.missingDelivered()));
        }
        if (usage.missingReceived() > 0) {
            return notBilled(servicePoint, NotBilledReason.INCOMPLETE_READS, coverage("export (received-energy)", usage,
                    usage.missingReceived()));
        }
        Tariff tariff = tariffs.get(servicePoint.tariff());
        if (tariff == null) {
            return notBilled(servicePoint, NotBilledReason.NOT_RATABLE,
                    "tariff " + servicePoint.tariff() + " is not in the catalog");
        }
        if (!tariff.zone().equals(window.zone())) {
            return notBilled(servicePoint, NotBilledReason.NOT_RATABLE, "service point time zone " + window.zone()
                    + " differs from tariff " + tariff.code() + "'s " + tariff.zone());
        }
        for (String key : new TreeSet<>(context.properties().keySet())) {
            if (tariff.criteria().stream().noneMatch(c -> c.key().equals(key))) {
                return notBilled(servicePoint, NotBilledReason.NOT_RATABLE, "rate criterion '" + key + "' of the service"
                        + " point is not one of tariff " + tariff.code() + "'s " + tariff.criteria().stream()
                                .map(RateCriterion::key).toList());
            }
        }
        try {
            return new RatingOutcome.Billed(servicePoint.account(), new RatedBill(servicePoint.id(), window,
                    engine.rate(tariff, window.from(), window.to(), usage, context)));
        } catch (RatingException e) {
            return notBilled(servicePoint, NotBilledReason.NOT_RATABLE, e.getMessage());
        }
    }

    /**
     * Places reads of one interval length on the grid of [start, end): delivered-energy reads as
     * consumption, received-energy reads as export.
     *
     * @throws IllegalArgumentException when the reads have different lengths or fall off the grid
     */
    public static IntervalUsage usageOf(Instant start, Instant end, Collection<MeteredInterval> reads) {
        if (reads.isEmpty()) {
            throw new IllegalArgumentException("no reads between " + start + " and " + end);
        }
        int minutes = reads.iterator().next().minutes();
        IntervalUsage.Builder builder = IntervalUsage.builder(start, end, minutes);
        for (MeteredInterval read : reads) {
            if (read.minutes() != minutes) {
                throw new IllegalArgumentException("reads of different interval lengths (" + minutes + " and "
                        + read.minutes() + " minutes) in one billing window");
            }
            if (!read.channel().received()) {
                builder.delivered(read.start(), read.milli());
            } else {
                builder.received(read.start(), read.milli());
            }
        }
        return builder.build();
    }

    /**
     * Places interval series of one interval length on the grid of [start, end): delivered-energy series
     * as consumption, received-energy series as export.
     *
     * @throws IllegalArgumentException when the series have different lengths or fall off the grid
     */
    public static IntervalUsage usageOfSeries(Instant start, Instant end, List<IntervalSeries> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no reads between " + start + " and " + end);
        }
        IntervalUsage.Builder builder = IntervalUsage.builder(start, end, series.get(0).values().intervalMinutes());
        long[] buffer = new long[0];
        for (IntervalSeries s : series) {
            SeriesValues values = s.values();
            if (buffer.length < values.size()) {
                buffer = new long[values.size()];
            }
            values.copyValuesInto(buffer, 0);
            builder.run(s.channel().received(), values.start(), values.intervalMinutes(), buffer,
                    values.size());
        }
        return builder.build();
    }

    private static String coverage(String what, IntervalUsage usage, int missing) {
        long windowMinutes = (long) usage.intervals() * usage.intervalMinutes();
        long covered = (long) (usage.intervals() - missing) * usage.intervalMinutes();
        // a window short of even one interval never reads as 100 %
        double percent = Math.min(Math.round(1000.0 * covered / windowMinutes) / 10.0, missing > 0 ? 99.9 : 100);
        return String.format(Locale.ROOT, "%s reads cover %d of %d minutes (%.1f %%) of the billing window; %d"
                + " interval%s of %d minutes %s missing", what, covered, windowMinutes, percent, missing,
                missing == 1 ? "" : "s", usage.intervalMinutes(), missing == 1 ? "is" : "are");
    }

    private static RatingOutcome notBilled(ServicePoint servicePoint, NotBilledReason reason, String detail) {
        return new RatingOutcome.NotBilled(servicePoint.id(), reason, detail);
    }
}
