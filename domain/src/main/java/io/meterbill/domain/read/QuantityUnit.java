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

    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L,
        100_000_000_000_000L, 1_000_000_000_000_000L, 1_000_000_000_000_000_000L};

    /**
     * The exact number of milli-kWh in the decimal text {@code text[from, to)} of this unit, the same as
     * {@link #toMilliKwh(BigDecimal)} of that text but without making a BigDecimal: an optional sign,
     * digits, and an optional {@code decimalSeparator} with digits. Text in any other form (an exponent,
     * say) goes through BigDecimal.
     *
     * @throws NumberFormatException if the text is not a number
     * @throws ArithmeticException if it is not a whole number of milli-kWh or overflows a long
     */
    public long toMilliKwh(CharSequence text, int from, int to, char decimalSeparator) {
        int i = from;
        boolean negative = false;
        if (i < to && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        long whole = 0;
        int digits = 0;
        while (i < to && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            if (++digits > 18) {
                return viaBigDecimal(text, from, to, decimalSeparator);
            }
            whole = whole * 10 + (text.charAt(i++) - '0');
        }
        long fraction = 0;
        int fractionDigits = 0;
        if (i < to && text.charAt(i) == decimalSeparator) {
            i++;
            while (i < to && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                if (fractionDigits == 16) {
                    return viaBigDecimal(text, from, to, decimalSeparator);
                }
                fraction = fraction * 10 + (text.charAt(i++) - '0');
                fractionDigits++;
            }
        }
        if (i != to || digits + fractionDigits == 0) {
            return viaBigDecimal(text, from, to, decimalSeparator);
        }
        long scaled = Math.multiplyExact(fraction, milliKwhPerUnit);
        long divisor = POWERS_OF_TEN[fractionDigits];
        if (scaled % divisor != 0) {
            throw new ArithmeticException("not a whole number of milli-units");
        }
        long milli = Math.addExact(Math.multiplyExact(whole, milliKwhPerUnit), scaled / divisor);
        return negative ? -milli : milli;
    }

    private long viaBigDecimal(CharSequence text, int from, int to, char decimalSeparator) {
        String plain = text.subSequence(from, to).toString();
        if (decimalSeparator != '.') {
            plain = plain.replace(decimalSeparator, '.');
        }
        return toMilliKwh(new BigDecimal(plain));
    }
}
