package io.meterbill.domain.read;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Units that interval values arrive in, each measuring a quantity of one kind: energy (base unit kWh),
 * gas energy (therm) or water volume (m3, or US gallons for utilities that bill in gallons: a gallon is
 * not a whole number of litres, so gallons are kept as their own base). Interval quantities are kept as
 * exact integers of milli-units of the channel's base unit; a value that is not a whole number of
 * milli-units (e.g. 0.0001 kWh) is rejected rather than rounded.
 */
public enum QuantityUnit {
    WH("Wh", "kWh", 1L),
    KWH("kWh", "kWh", 1_000L),
    MWH("MWh", "kWh", 1_000_000L),
    /** a thousand Btu, a hundredth of a therm (gas meters read in kBtu) */
    KBTU("kBtu", "therm", 10L),
    THERM("therm", "therm", 1_000L),
    /** a dekatherm, ten therms (also written MMBtu) */
    DTH("Dth", "therm", 10_000L),
    /** a litre, a thousandth of a cubic metre */
    L("L", "m3", 1L),
    M3("m3", "m3", 1_000L),
    GAL("gal", "gal", 1_000L);

    private final String symbol;
    private final String base;
    private final long milliBasePerUnit;

    QuantityUnit(String symbol, String base, long milliBasePerUnit) {
        this.symbol = symbol;
        this.base = base;
        this.milliBasePerUnit = milliBasePerUnit;
    }

    /** The symbol of the base unit this unit converts to exactly (kWh, therm, m3 or gal). */
    public String base() {
        return base;
    }

    /** The thousandth of the base unit values are kept in, as an operator reads it: Wh, milli-therms, litres, milli-gallons. */
    public String milliUnitName() {
        return switch (base) {
            case "kWh" -> "Wh";
            case "m3" -> "litres";
            default -> "milli-" + base + "s";
        };
    }

    /** Whether values in this unit can be kept in milli-units of {@code other}'s base. */
    public boolean sameBaseAs(QuantityUnit other) {
        return base.equals(other.base);
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
     * The number of milli-units of the base unit in a whole number of this unit.
     *
     * @throws ArithmeticException if it overflows a long
     */
    public long toMilliUnits(long wholeUnits) {
        return Math.multiplyExact(wholeUnits, milliBasePerUnit);
    }

    /**
     * The exact number of milli-units of the base unit in {@code value} of this unit.
     *
     * @throws ArithmeticException if the value is not a whole number of milli-units or overflows a long
     */
    public long toMilliUnits(BigDecimal value) {
        return value.multiply(BigDecimal.valueOf(milliBasePerUnit)).stripTrailingZeros().longValueExact();
    }

    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L,
        100_000_000_000_000L, 1_000_000_000_000_000L, 1_000_000_000_000_000_000L};

    /**
     * The exact number of milli-units of the base unit in the decimal text {@code text[from, to)} of this unit, the same as
     * {@link #toMilliUnits(BigDecimal)} of that text but without making a BigDecimal: an optional sign,
     * digits, and an optional {@code decimalSeparator} with digits. Text in any other form (an exponent,
     * say) goes through BigDecimal.
     *
     * @throws NumberFormatException if the text is not a number
     * @throws ArithmeticException if it is not a whole number of milli-units or overflows a long
     */
    public long toMilliUnits(CharSequence text, int from, int to, char decimalSeparator) {
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
        long scaled = Math.multiplyExact(fraction, milliBasePerUnit);
        long divisor = POWERS_OF_TEN[fractionDigits];
        if (scaled % divisor != 0) {
            throw new ArithmeticException("not a whole number of milli-units");
        }
        long milli = Math.addExact(Math.multiplyExact(whole, milliBasePerUnit), scaled / divisor);
        return negative ? -milli : milli;
    }

    private long viaBigDecimal(CharSequence text, int from, int to, char decimalSeparator) {
        String plain = text.subSequence(from, to).toString();
        if (decimalSeparator != '.') {
            plain = plain.replace(decimalSeparator, '.');
        }
        return toMilliUnits(new BigDecimal(plain));
    }
}
