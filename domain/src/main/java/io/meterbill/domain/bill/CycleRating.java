package io.meterbill.domain.bill;

import io.meterbill.domain.cycle.BillingWindow;
import io.meterbill.domain.read.Channel;
import io.meterbill.domain.registry.ServicePoint;
import io.meterbill.domain.tariff.IntervalUsage;
import io.meterbill.domain.tariff.RatingContext;
import io.meterbill.domain.tariff.RatingException;
import io.meterbill.domain.tariff.Tariff;
import io.meterbill.domain.tariff.TariffCode;
import io.meterbill.domain.tariff.TariffEngine;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Decides, for one service point in a cycle, whether it is billed and on what: a service point with
 * no reads, or whose delivered-energy reads do not cover its whole billing window (a truncated
 * export, a meter gap), is not billed (it is counted, never silently dropped); one whose reads or
 * tariff cannot be rated is not billed with the reason; every other one is rated by the engine on its
 * interval reads. Estimating and validating usage gaps belongs to the validation stage.
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
            return notBilled(servicePoint, NotBilledReason.NO_READS,
                    "no reads between " + window.start() + " and " + window.end());
        }
        int minutes = -1;
        for (MeteredInterval read : reads) {
            if (minutes == -1) {
                minutes = read.minutes();
            } else if (read.minutes() != minutes) {
                return notBilled(servicePoint, NotBilledReason.NOT_RATABLE, "reads of different interval lengths ("
                        + minutes + " and " + read.minutes() + " minutes) in one billing window");
            }
        }
        IntervalUsage usage;
        try {
            IntervalUsage.Builder builder = IntervalUsage.builder(window.start(), window.end(), minutes);
            for (MeteredInterval read : reads) {
                if (read.channel() == Channel.KWH_DELIVERED) {
                    builder.delivered(read.start(), read.milli());
                } else {
                    builder.received(read.start(), read.milli());
                }
            }
            usage = builder.build();
        } catch (IllegalArgumentException e) {
            return notBilled(servicePoint, NotBilledReason.NOT_RATABLE, e.getMessage());
        }
        if (usage.missingDelivered() > 0) {
            long windowMinutes = (long) usage.intervals() * minutes;
            long covered = (long) (usage.intervals() - usage.missingDelivered()) * minutes;
            return notBilled(servicePoint, NotBilledReason.INCOMPLETE_READS, String.format(Locale.ROOT,
                    "delivered-energy reads cover %d of %d minutes (%.1f %%) of the billing window",
                    covered, windowMinutes, 100.0 * covered / windowMinutes));
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
        try {
            return new RatingOutcome.Billed(servicePoint.account(), new RatedBill(servicePoint.id(), window,
                    engine.rate(tariff, window.from(), window.to(), usage, context)));
        } catch (RatingException e) {
            return notBilled(servicePoint, NotBilledReason.NOT_RATABLE, e.getMessage());
        }
    }

    private static RatingOutcome notBilled(ServicePoint servicePoint, NotBilledReason reason, String detail) {
        return new RatingOutcome.NotBilled(servicePoint.id(), reason, detail);
    }
}
