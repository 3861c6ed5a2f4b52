package io.meterbill.domain.tariff;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine needs to know about the customer beyond usage: rate-criteria values (missing ones
 * take the tariff's defaults), the peak demand of each previous month, most recent first (index 0 is
 * the month before the bill; zero for a month without a bill; used by ratchets over N months),
 * the net-metering credit carried in from the previous bill, and one-off adjustments.
 */
public record RatingContext(Map<String, String> properties, List<BigDecimal> previousPeakDemand,
        BigDecimal creditCarriedIn, List<Adjustment> adjustments) {

    public static final RatingContext NONE = new RatingContext(Map.of(), List.of(), BigDecimal.ZERO, List.of());

    /** A one-off credit (negative) or charge (positive) on this bill. */
    public record Adjustment(String description, BigDecimal amount) {
        public Adjustment {
            TariffNames.require(description, "adjustment description");
            Objects.requireNonNull(amount, "amount");
        }
    }

    public RatingContext {
        properties = Map.copyOf(properties);
        previousPeakDemand = List.copyOf(previousPeakDemand);
        creditCarriedIn = creditCarriedIn == null ? BigDecimal.ZERO : creditCarriedIn;
        if (creditCarriedIn.signum() < 0) {
            throw new IllegalArgumentException("credit carried in is negative: " + creditCarriedIn);
        }
        adjustments = List.copyOf(adjustments);
    }

    public RatingContext withProperties(Map<String, String> values) {
        return new RatingContext(values, previousPeakDemand, creditCarriedIn, adjustments);
    }
}
