package io.meterbill.domain.read;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Units that interval values arrive in, and how many milli-kWh one unit is. Interval quantities are
 * kept as exact integers of milli-units of the channel's base unit; a value that is not a whole
 * number of milli-units (e.g. 0.0001 kWh) is rejected rather than rounded.
 */
public enum QuantityUnit {
    WH("Wh", 1L),
    KWH("kWh", 1_000L),
    MWH("MWh", 1_000_000L);

    private final String symbol;
    private final long milliKwhPerUnit;

    QuantityUnit(String symbol, long milliKwhPerUnit) {
        this.symbol = symbol;
        this.milliKwhPerUnit = milliKwhPerUnit;
    }

    public String symbol() {
        return symbol;
    }

    private static final QuantityUnit[] ALL = values();

    public static Optional<QuantityUnit> fromSymbol(String symbol) {
        for (QuantityUnit unit : ALL) { // called per input row: no stream
            if (unit.symbol.equalsIgnoreCase(symbol)) {
                return Optional.of(unit);
            }
        }
        return Optional.empty();
    }

    /**
     * The number of milli-kWh in a whole number of this unit.
     *
     * @throws ArithmeticException if it overflows a long
     */
    public long toMilliKwh(long wholeUnits) {
        return Math.multiplyExact(wholeUnits, milliKwhPerUnit);
    }

    /**
     * The exact number of milli-kWh in {@code value} of this unit.
     *
     * @throws ArithmeticException if the value is not a whole number of milli-kWh or overflows a long
     */
    public long toMilliKwh(BigDecimal value) {
        return value.multiply(BigDecimal.valueOf(milliKwhPerUnit)).stripTrailingZeros().longValueExact();
    }
}
