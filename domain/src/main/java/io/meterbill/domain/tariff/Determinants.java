package io.meterbill.domain.tariff;

import java.math.BigDecimal;

/**
 * The billing quantities measured for one service point over its billing window: energy delivered
 * and received in milli-kWh, how many interval reads they were summed from, and how many minutes of
 * the window the delivered-energy reads cover.
 */
public record Determinants(long deliveredMilliKwh, long receivedMilliKwh, long intervalCount, long deliveredMinutes) {
    public Determinants {
        if (deliveredMilliKwh < 0 || receivedMilliKwh < 0 || intervalCount < 0 || deliveredMinutes < 0) {
            throw new IllegalArgumentException("determinants cannot be negative");
        }
    }

    public BigDecimal deliveredKwh() {
        return BigDecimal.valueOf(deliveredMilliKwh, 3);
    }
}
