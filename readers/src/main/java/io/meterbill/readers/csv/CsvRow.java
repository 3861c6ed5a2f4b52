package io.meterbill.readers.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of RFC 4180 CSV into fields: fields may be double-quoted, a quoted field may hold
 * the delimiter, and a doubled quote inside a quoted field is one quote. Records spanning several
 * lines are not supported (meter exports and registry extracts do not use them).
 */
public final class CsvRow {
    private CsvRow() {
    }

    /**
     * @throws IllegalArgumentException naming the column when a quote is not closed or text follows a closing quote
     */
    public static List<String> split(String line, char delimiter) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            field.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                int opened = i;
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("quote opened at column " + (opened + 1) + " is not closed");
                    }
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                        } else {
                            i++;
                            break;
                        }
                    } else {
                        field.append(c);
                        i++;
                    }
                }
                if (i < n && line.charAt(i) != delimiter) {
                    throw new IllegalArgumentException("text after closing quote at column " + (i + 1));
                }
            } else {
                while (i < n && line.charAt(i) != delimiter) {
                    field.append(line.charAt(i));
                    i++;
                }
            }
            fields.add(field.toString());
            if (i >= n) {
                return fields;
            }
            i++; // the delimiter
        }
    }

    /**
     * Where the fields of a line without quotes are, without copying them: {@code bounds[0]} is the number
     * of fields, field {@code k} is {@code line[bounds[1 + 2k], bounds[2 + 2k])}. Returns {@code reuse} when
     * it is large enough. For a line with a quote, use {@link #split}.
     */
    public static int[] bounds(String line, char delimiter, int[] reuse) {
        int[] bounds = reuse;
        int count = 0;
        int start = 0;
        int n = line.length();
        for (int i = 0; i <= n; i++) {
            if (i == n || line.charAt(i) == delimiter) {
                if (2 + 2 * count >= bounds.length) {
                    bounds = java.util.Arrays.copyOf(bounds, bounds.length * 2 + 4);
                }
                bounds[1 + 2 * count] = start;
                bounds[2 + 2 * count] = i;
                count++;
                start = i + 1;
            }
        }
        bounds[0] = count;
        return bounds;
    }

    /** The header line with a UTF-8 byte-order mark removed, fields trimmed and lower-cased. */
    public static List<String> header(String line, char delimiter) {
        String text = line.startsWith("\uFEFF") ? line.substring(1) : line;
        return split(text, delimiter).stream().map(f -> f.strip().toLowerCase(java.util.Locale.ROOT)).toList();
    }
}
