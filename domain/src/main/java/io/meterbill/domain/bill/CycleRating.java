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
 * no reads is not billed (it is counted, never silently dropped), one whose tariff cannot rate the
 * period is not billed with the engine's reason, every other one is rated.
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
