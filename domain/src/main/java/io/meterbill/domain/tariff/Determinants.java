package io.meterbill.domain.tariff;

import java.math.BigDecimal;

/**
 * The billing quantities measured for one service point over its billing window: energy delivered
 * and received in milli-kWh, and how many interval reads they were summed from.
 */
public record Determinants(long deliveredMilliKwh, long receivedMilliKwh, long intervalCount) {
    public Determinants {
        if (deliveredMilliKwh < 0 || receivedMilliKwh < 0 || intervalCount < 0) {
            throw new IllegalArgumentException("determinants cannot be negative");
        }
    }

    public BigDecimal deliveredKwh() {
        return BigDecimal.valueOf(deliveredMilliKwh, 3);
    }
}
