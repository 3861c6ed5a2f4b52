package io.meterbill.readers.interval;

import io.meterbill.domain.read.QuantityUnit;
import java.util.List;
import java.util.Map;

/**
 * Reading an operator's CSV layout settings ({@code meterbill.input.csv-long.*}, {@code csv-wide.*}): each
 * refusal names the layout ({@code kind}: long or wide), the setting and what it should be.
 */
final class CsvSettings {

    private CsvSettings() {
    }

    static void checkKnown(String kind, Map<String, String> settings, List<String> known) {
        for (String key : settings.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown " + kind + " CSV setting '" + key + "'; the settings are "
                        + known);
            }
        }
    }

    /** The setting, stripped; {@code otherwise} when it is not given, null when it is given blank (none). */
    static String text(Map<String, String> settings, String key, String otherwise) {
        String value = settings.get(key);
        if (value == null) {
            return otherwise;
        }
        return value.isBlank() ? null : value.strip();
    }

    /** One character; {@code tab}, {@code semicolon} and {@code comma} by name too. */
    static char character(String kind, Map<String, String> settings, String key, char otherwise) {
        String value = settings.get(key);
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        if (value.equalsIgnoreCase("tab") || value.equals("\\t")) {
            return '\t';
        }
        if (value.equalsIgnoreCase("semicolon")) {
            return ';';
        }
        if (value.equalsIgnoreCase("comma")) {
            return ',';
        }
        if (value.length() != 1) {
            throw new IllegalArgumentException(kind + " CSV setting " + key + " '" + value + "' is not one character"
                    + " (or tab, semicolon, comma)");
        }
        return value.charAt(0);
    }

    /** The fixed {@code unit} every value is in, or null when none is set. */
    static QuantityUnit unit(String kind, Map<String, String> settings) {
        String symbol = text(settings, "unit", null);
        if (symbol == null) {
            return null;
        }
        return QuantityUnit.fromSymbol(symbol).orElseThrow(() -> new IllegalArgumentException(kind
                + " CSV setting unit '" + symbol + "' is not a known unit (Wh, kWh, MWh, kBtu, therm, Dth, L, m3, gal)"));
    }

    /** A whole number setting; {@code otherwise} when not given or blank. */
    static int number(String kind, Map<String, String> settings, String key, int otherwise, String what) {
        String value = text(settings, key, null);
        if (value == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(kind + " CSV setting " + key + " '" + value + "' is not " + what);
        }
    }

    /** A header line's column names (lower case), or null when the line is not a CSV header at all. */
    static List<String> headerNames(String header, char delimiter) {
        try {
            return io.meterbill.readers.csv.CsvRow.header(header, delimiter);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Renders a delimiter the way {@link #character} reads it back. */
    static String characterText(char c) {
        return c == '\t' ? "tab" : String.valueOf(c);
    }
}
