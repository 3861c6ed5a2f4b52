package io.meterbill.writers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The cycle's read exceptions as CSV, for the operator who fixes the export and the auditor who checks
 * nothing was dropped: source file and line (Parquet row, Green Button reading) of the first refused
 * value, the reason and its detail, the first refused interval and how many values a run of refused
 * values holds (both empty for a row refused whole), the rows it accounts for, and the raw row (or a
 * description of the run). Written whole and atomically, row by row from the database.
 */
public final class ReadExceptionCsvWriter {

    public static final List<String> HEADER = List.of("source_file", "source_line", "reason", "detail",
            "interval_start", "value_count", "rows", "raw_row");

    /**
     * One rejected row or run of values.
     *
     * @param intervalStart the first refused interval (UTC), null for a row refused whole
     * @param valueCount the refused values, null for a row refused whole
     * @param rows the source rows refused whole (0 for a run of values of rows that were read)
     */
    public record ExceptionRow(String sourceFile, long sourceLine, String reason, String detail,
            java.time.Instant intervalStart, Long valueCount, long rows, String rawRow) {
    }

    private ReadExceptionCsvWriter() {
    }

    /** Writes the exceptions as they are read; returns how many were written. */
    public static long write(Path target, RowSource<ExceptionRow> rows) throws IOException {
        return CsvOutput.write(target, HEADER, rows.map(r -> List.of(r.sourceFile(), Long.toString(r.sourceLine()),
                r.reason(), r.detail(), r.intervalStart() == null ? "" : r.intervalStart().toString(),
                r.valueCount() == null ? "" : r.valueCount().toString(), Long.toString(r.rows()), r.rawRow())));
    }
}
