package io.meterbill.writers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A CSV output file (RFC 4180: a field holding a comma, quote or line break is double-quoted), written
 * whole and atomically through {@link AtomicFileWriter}, row by row as its source produces them.
 *
 * <p>Cells a spreadsheet would evaluate are neutralised (OWASP, "CSV injection"): a field that begins with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading apostrophe, so that a
 * hostile meter serial such as {@code =HYPERLINK(...)} is shown as text, not run as a formula, when a
 * reviewer opens the file. Plain numbers ({@code -12.50}, a credit) are left as they are: a spreadsheet
 * reads them as numbers, not formulas, and machine readers of the register need them intact. The database
 * keeps the original value.
 */
public final class CsvOutput {

    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

    private CsvOutput() {
    }

    /** Writes a small list of rows. */
    public static long write(Path target, List<String> header, Iterable<List<String>> rows) throws IOException {
        return write(target, header, RowSource.of(rows));
    }

    /** Writes the rows as the source hands them over; returns how many it wrote. */
    public static long write(Path target, List<String> header, RowSource<? extends List<String>> rows)
            throws IOException {
        long[] written = {0};
        try {
            AtomicFileWriter.write(target, out -> {
                out.write(line(header));
                rows.forEach(row -> {
                    writeLine(out, row);
                    written[0]++;
                });
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return written[0];
    }

    private static void writeLine(Writer out, List<String> row) {
        try {
            out.write(line(row));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(fields.get(i)));
        }
        return line.append('\n').toString();
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        String cell = neutralised(value);
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            return '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }

    /** The value, with an apostrophe in front if a spreadsheet would otherwise evaluate it. */
    static String neutralised(String value) {
        if (value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        boolean trigger = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        if (!trigger || PLAIN_NUMBER.matcher(value).matches()) {
            return value;
        }
        return "'" + value;
    }
}
