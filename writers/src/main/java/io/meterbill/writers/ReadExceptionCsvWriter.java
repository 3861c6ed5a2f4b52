package io.meterbill.writers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The cycle's read exceptions as CSV (source file, line, reason, detail, raw row), for the operator
 * who fixes the export and the auditor who checks nothing was dropped. Written whole and atomically.
 */
public final class ReadExceptionCsvWriter {

    public static final List<String> HEADER = List.of("source_file", "source_line", "reason", "detail", "raw_row");

    /** One rejected row. */
    public record ExceptionRow(String sourceFile, long sourceLine, String reason, String detail, String rawRow) {
    }

    private ReadExceptionCsvWriter() {
    }

    public static void write(Path target, List<ExceptionRow> rows) throws IOException {
        CsvOutput.write(target, HEADER, rows.stream().map(r -> List.of(r.sourceFile(), Long.toString(r.sourceLine()),
                r.reason(), r.detail(), r.rawRow())).toList());
    }
}
