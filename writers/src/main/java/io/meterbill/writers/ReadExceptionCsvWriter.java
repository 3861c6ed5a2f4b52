package io.meterbill.writers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The cycle's read exceptions as CSV, for the operator who fixes the export and the auditor who checks
 * nothing was dropped: source file and line (Parquet row, Green Button reading) of the first refused
 * value, the reason and its detail, the first refused interval and how many values a run of refused
 * values holds (both empty for a row refused whole), the rows it accounts for, and the raw row (or a
 * description of the run), escaped and bounded, with the whole row's length, SHA-256 and whether the raw
 * text shows all of it. Written whole and atomically, row by row from the database.
 */
public final class ReadExceptionCsvWriter {

    public static final List<String> HEADER = List.of("source_file", "source_line", "reason", "detail",
            "interval_start", "value_count", "rows", "raw_row", "raw_length", "raw_sha256", "raw_whole");

    /**
     * One rejected row or run of values.
     *
     * @param intervalStart the first refused interval (UTC), null for a row refused whole
     * @param valueCount the refused values, null for a row refused whole
     * @param rows the source rows refused whole (0 for a run of values of rows that were read)
     * @param rawRow the row's text, escaped and cut at 4096 characters (see {@code rawWhole})
     * @param rawLength the whole row's length in bytes as in the file (null for rows recorded before it was kept)
     * @param rawSha256 the SHA-256 of the whole row's bytes (null likewise)
     * @param rawWhole whether {@code rawRow} shows all of the row (null likewise)
     */
    public record ExceptionRow(String sourceFile, long sourceLine, String reason, String detail,
            java.time.Instant intervalStart, Long valueCount, long rows, String rawRow, Long rawLength,
            String rawSha256, Boolean rawWhole) {
    }

    private ReadExceptionCsvWriter() {
    }

    /** Writes the exceptions as they are read; returns how many were written. */
    public static long write(Path target, RowSource<ExceptionRow> rows) throws IOException {
        return CsvOutput.write(target, HEADER, rows.map(r -> List.of(r.sourceFile(), Long.toString(r.sourceLine()),
                r.reason(), r.detail(), r.intervalStart() == null ? "" : r.intervalStart().toString(),
                r.valueCount() == null ? "" : r.valueCount().toString(), Long.toString(r.rows()), r.rawRow(),
                r.rawLength() == null ? "" : r.rawLength().toString(), r.rawSha256() == null ? "" : r.rawSha256(),
                r.rawWhole() == null ? "" : r.rawWhole().toString())));
    }
}
