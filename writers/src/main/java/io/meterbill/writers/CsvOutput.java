package io.meterbill.writers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A CSV output file (RFC 4180: a field holding a comma, quote or line break is double-quoted),
 * written whole and atomically through {@link AtomicFileWriter}.
 */
public final class CsvOutput {

    private CsvOutput() {
    }

    public static void write(Path target, List<String> header, Iterable<List<String>> rows) throws IOException {
        AtomicFileWriter.write(target, out -> {
            out.write(line(header));
            for (List<String> row : rows) {
                out.write(line(row));
            }
        });
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
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
