package io.meterbill.domain.tariff;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Usage as a bill prints it: consumption, export and maximum demand, each either per TOU period
 * (keyed by period name) or as one figure for the whole period (key {@link #TOTAL}). Used by bill
 * match and what-if calculations; the engine spreads totals over version and season parts of the
 * period by days, and says so in the assumptions.
 */
public record UsageTotals(Map<String, BigDecimal> consumption, Map<String, BigDecimal> export,
        Map<String, BigDecimal> demand) implements Usage {

    public static final String TOTAL = "total";

    public UsageTotals {
        consumption = Map.copyOf(consumption);
        export = Map.copyOf(export);
        demand = Map.copyOf(demand);
        for (Map<String, BigDecimal> m : java.util.List.of(consumption, export, demand)) {
            for (var e : m.entrySet()) {
                if (e.getValue().signum() < 0) {
                    throw new IllegalArgumentException(e.getKey() + " quantity is negative: " + e.getValue());
                }
            }
        }
    }

    public static UsageTotals of(BigDecimal consumption, BigDecimal demand) {
        return new UsageTotals(Map.of(TOTAL, consumption), Map.of(), demand == null ? Map.of() : Map.of(TOTAL, demand));
    }
}
