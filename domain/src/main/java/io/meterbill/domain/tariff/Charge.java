package io.meterbill.domain.tariff;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A charge a tariff version levies. The set is closed so that the engine's switch over it is checked
 * by the compiler; the tariff engine issue adds tiers, time of use, demand, minimums and net metering.
 */
public sealed interface Charge permits Charge.FixedMonthly, Charge.Energy, Charge.PercentageTax {

    String name();

    /** A fixed amount per monthly bill, the same for a 28- or a 31-day month. */
    record FixedMonthly(String name, BigDecimal amount) implements Charge {
        public FixedMonthly {
            Objects.requireNonNull(name, "name");
            requireNonNegative(amount, "fixed monthly amount");
        }
    }

    /** A flat rate per kWh delivered. */
    record Energy(String name, BigDecimal ratePerKwh) implements Charge {
        public Energy {
            Objects.requireNonNull(name, "name");
            requireNonNegative(ratePerKwh, "energy rate");
        }
    }

    /** A percentage of the sum of all non-tax lines of the bill (e.g. 4 means 4 %). */
    record PercentageTax(String name, BigDecimal percent) implements Charge {
        public PercentageTax {
            Objects.requireNonNull(name, "name");
            requireNonNegative(percent, "tax percent");
        }
    }

    private static void requireNonNegative(BigDecimal value, String what) {
        Objects.requireNonNull(value, what);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(what + " is negative: " + value);
        }
    }
}
