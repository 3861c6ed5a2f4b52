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

    /** The header line with a UTF-8 byte-order mark removed, fields trimmed and lower-cased. */
    public static List<String> header(String line, char delimiter) {
        String text = line.startsWith("\uFEFF") ? line.substring(1) : line;
        return split(text, delimiter).stream().map(f -> f.strip().toLowerCase(java.util.Locale.ROOT)).toList();
    }
}
