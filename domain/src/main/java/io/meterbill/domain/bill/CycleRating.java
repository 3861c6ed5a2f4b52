package io.meterbill.domain.bill;

import io.meterbill.domain.cycle.BillingWindow;
import io.meterbill.domain.registry.ServicePoint;
import io.meterbill.domain.tariff.Determinants;
import io.meterbill.domain.tariff.RatingException;
import io.meterbill.domain.tariff.Tariff;
import io.meterbill.domain.tariff.TariffEngine;
import java.util.Map;
import java.util.Objects;

/**
 * Decides, for one service point in a cycle, whether it is billed and on what: a service point with
 * no reads, or whose delivered-energy reads do not cover its whole billing window (a truncated
 * export, a meter gap), is not billed (it is counted, never silently dropped); one whose tariff
 * cannot rate the period is not billed with the engine's reason; every other one is rated.
 * Estimating and validating usage gaps belongs to the validation stage.
 */
public final class CycleRating {

    private final TariffEngine engine;
    private final Map<io.meterbill.domain.tariff.TariffCode, Tariff> tariffs;

    public CycleRating(TariffEngine engine, Map<io.meterbill.domain.tariff.TariffCode, Tariff> tariffs) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.tariffs = Map.copyOf(tariffs);
    }

    public RatingOutcome rate(ServicePoint servicePoint, BillingWindow window, Determinants determinants) {
        if (determinants.intervalCount() == 0) {
            return new RatingOutcome.NotBilled(servicePoint.id(), NotBilledReason.NO_READS,
                    "no reads between " + window.start() + " and " + window.end());
        }
        long windowMinutes = java.time.Duration.between(window.start(), window.end()).toMinutes();
        if (determinants.deliveredMinutes() < windowMinutes) {
            return new RatingOutcome.NotBilled(servicePoint.id(), NotBilledReason.INCOMPLETE_READS, String.format(
                    java.util.Locale.ROOT, "delivered-energy reads cover %d of %d minutes (%.1f %%) of the billing window",
                    determinants.deliveredMinutes(), windowMinutes, 100.0 * determinants.deliveredMinutes() / windowMinutes));
        }
        Tariff tariff = tariffs.get(servicePoint.tariff());
        if (tariff == null) {
            return new RatingOutcome.NotBilled(servicePoint.id(), NotBilledReason.NOT_RATABLE,
                    "tariff " + servicePoint.tariff() + " is not in the catalog");
        }
        try {
            return new RatingOutcome.Billed(servicePoint.account(),
                    engine.rate(servicePoint.id(), window, determinants, tariff));
        } catch (RatingException e) {
            return new RatingOutcome.NotBilled(servicePoint.id(), NotBilledReason.NOT_RATABLE, e.getMessage());
        }
    }
}
