package io.meterbill.processors;

import io.meterbill.domain.read.IntervalSeries;
import io.meterbill.domain.cycle.BillingWindow;
import io.meterbill.domain.registry.ServicePoint;
import io.meterbill.domain.tariff.RatingContext;
import java.util.List;

/**
 * A service point of the cycle with its billing window, its interval series from the store, and
 * what earlier bills pass on (peak demand history for ratchets, net-metering credit carried in).
 */
public record RatingInput(ServicePoint servicePoint, BillingWindow window, List<IntervalSeries> series,
        RatingContext context) {
}
