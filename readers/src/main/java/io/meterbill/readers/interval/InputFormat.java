package io.meterbill.readers.interval;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Which interval format a file holds, told by its content (the first bytes, after gunzipping a
 * {@code .gz}) rather than trusted from its extension: Parquet by its {@code PAR1} magic, Green Button
 * by an XML document, CSV long or wide by the header line. A file none of these fit is refused with
 * the reason, never guessed at.
 */
public enum InputFormat {
    CSV_LONG,
    CSV_WIDE,
    PARQUET,
    GREEN_BUTTON;

    /** A detected format, or the reason the file is not an interval file. */
    public record Detection(InputFormat format, boolean gzipped, String refusal) {
        public boolean accepted() {
            return format != null;
        }
    }

    private static final int PEEK = 8192;

    public static Detection detect(Path file) throws IOException {
        return detect(file, CsvLayouts.STANDARD);
    }

    /** @param csv the CSV layouts files are told by */
    public static Detection detect(Path file, CsvLayouts csv) throws IOException {
        boolean gzipped = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
        byte[] head;
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = gzipped ? new GZIPInputStream(new BufferedInputStream(raw)) : raw) {
            head = in.readNBytes(PEEK);
        } catch (java.util.zip.ZipException e) {
            return new Detection(null, gzipped, "not a gzip file: " + e.getMessage());
        } catch (java.io.EOFException e) {
            return new Detection(null, gzipped, "the gzip stream is truncated");
        }
        if (head.length == 0) {
            return new Detection(null, gzipped, "file is empty");
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'A' && head[2] == 'R' && head[3] == '1') {
            return gzipped ? new Detection(null, true, "a gzipped Parquet file: Parquet compresses its own pages;"
                    + " store it uncompressed") : new Detection(PARQUET, false, null);
        }
        String text = new String(head, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String start = text.stripLeading();
        if (start.startsWith("<")) {
            return start.contains("<feed") || start.contains(":feed")
                    ? new Detection(GREEN_BUTTON, gzipped, null)
                    : new Detection(null, gzipped, "an XML document that is not an Atom feed (Green Button files are)");
        }
        int end = text.indexOf('\n');
        String header = (end < 0 ? text : text.substring(0, end)).strip();
        IntervalCsvLongFormat.Layout longCsv = csv.longLayout(null);
        if (longCsv.matchesHeader(header)) {
            return new Detection(CSV_LONG, gzipped, null);
        }
        IntervalCsvWideFormat.Layout wideCsv = csv.wideCsv();
        String lower = header.toLowerCase(Locale.ROOT);
        if (wideCsv != null ? wideCsv.matchesHeader(header)
                : lower.startsWith("meter_serial") && lower.contains("date") && !lower.contains("interval_start")) {
            return new Detection(CSV_WIDE, gzipped, null);
        }
        return new Detection(null, gzipped, "not an interval file: the first line is neither a long CSV header ("
                + (csv.longCsv() == null ? String.join(",", IntervalCsvLongFormat.HEADER)
                        : "the configured meterbill.input.csv-long layout: " + longCsv.describe())
                + ") nor a wide CSV header ("
                + (wideCsv == null ? "meter_serial,channel,date,..." : "the configured meterbill.input.csv-wide layout: "
                        + wideCsv.meterColumn() + ", " + wideCsv.dateColumn() + " ...") + "), and the file is neither Parquet nor Green Button XML");
    }
}
