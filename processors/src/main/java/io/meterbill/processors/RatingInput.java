package io.meterbill.processors;

import io.meterbill.domain.bill.MeteredInterval;
import io.meterbill.domain.cycle.BillingWindow;
import io.meterbill.domain.registry.ServicePoint;
import io.meterbill.domain.tariff.RatingContext;
import java.util.List;

/**
 * A service point of the cycle with its billing window, its stored interval reads for the window, and
 * what earlier bills pass on (peak demand history for ratchets, net-metering credit carried in).
 */
public record RatingInput(ServicePoint servicePoint, BillingWindow window, List<MeteredInterval> reads,
        RatingContext context) {
}
