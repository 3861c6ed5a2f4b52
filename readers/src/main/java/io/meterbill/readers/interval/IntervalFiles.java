package io.meterbill.readers.interval;

import io.meterbill.domain.read.Channel;
import io.meterbill.domain.read.MeterSeries;
import io.meterbill.domain.read.MeterSeriesAssembler;
import io.meterbill.domain.read.ReadQuality;
import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.ReadRejectionReason;
import io.meterbill.domain.read.SeriesRecord;
import io.meterbill.domain.read.SeriesValues;
import io.meterbill.domain.read.SourceRow;
import io.meterbill.domain.registry.MeterSerial;
import io.meterbill.readers.csv.TextLines;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads one interval input file of any supported format into series records, in file order: the long
 * formats' rows assembled into series, wide rows split at their gaps, Green Button blocks as they are.
 * Bad rows become rejected records; a file whose rest cannot be read (truncated gzip, corrupt Parquet,
 * malformed XML) ends with an {@link SeriesRecord.Unreadable} record, after everything read before it.
 * Text is decoded as UTF-8; a line that is not valid UTF-8 is rejected, naming the line, and so is a line
 * longer than {@link TextLines#MAX_LINE_BYTES}. A rejected line carries its length in bytes and their SHA-256
 * as they are in the file ({@link SourceRow.Original}), and at most {@link SourceRow#KEPT_CHARS} of its text.
 */
public final class IntervalFiles {

    /**
     * One input file as the manifest listed it.
     *
     * @param zone the time zone of the local dates of wide layouts (null: a wide file is refused)
     * @param csv the column layouts of CSV files (their zones are replaced by {@code zone})
     */
    public record InputFile(Path path, String source, InputFormat format, boolean gzipped, ZoneId zone,
            CsvLayouts csv) {
        public InputFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(csv, "csv");
        }
    }

    private IntervalFiles() {
    }

    /**
     * Passes every record of {@code file} to {@code sink}.
     *
     * @throws IOException if the file cannot be opened at all (it was listed, so it has gone or become unreadable)
     */
    public static void read(InputFile file, Configuration conf, Consumer<SeriesRecord> sink) throws IOException {
        switch (file.format()) {
            case PARQUET -> ParquetIntervalFormat.read(new org.apache.hadoop.fs.Path(file.path().toUri()), file.source(),
                    conf, file.zone(), sink);
            case GREEN_BUTTON -> {
                try (InputStream in = open(file)) {
                    GreenButtonFormat.read(in, file.source(), sink);
                }
            }
            case CSV_LONG, CSV_WIDE -> {
                InputStream bytes = open(file);
                long lines;
                try (bytes) {
                    TextLines in = new TextLines(bytes);
                    lines = file.format() == InputFormat.CSV_LONG ? readCsvLong(in, file, sink)
                            : readCsvWide(in, file, sink);
                }
                if (bytes instanceof GzipUntilDamage gzip && gzip.damage() != null) {
                    // every line before the damage was read (the manifest counted the same lines)
                    sink.accept(unreadable(file.source(), lines + 1, gzip.damage()));
                }
            }
            default -> throw new IllegalStateException("format " + file.format());
        }
    }

    private static InputStream open(InputFile file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file.path()), 1 << 16);
        return file.gzipped() ? new GzipUntilDamage(raw) : raw;
    }

    /**
     * The long CSV format: one read per line, assembled into series; line 1 is the header. Returns the
     * number of lines read.
     */
    static long readCsvLong(TextLines in, InputFile file, Consumer<SeriesRecord> sink) {
        String source = file.source();
        MeterSeriesAssembler assembler = new MeterSeriesAssembler(source);
        long line = 0;
        try {
            String header = in.next();
            line = 1;
            if (header == null) {
                return line;
            }
            IntervalCsvLongFormat format;
            try {
                format = new IntervalCsvLongFormat(file.csv().longLayout(file.zone()), source, header);
            } catch (IllegalArgumentException e) {
                sink.accept(new SeriesRecord.Unreadable(asInFile(source, 1, header, in), e.getMessage()));
                return line;
            }
            String text;
            while ((text = in.next()) != null) {
                line++;
                if (blank(text, in)) {
                    continue;
                }
                SourceRow row = new SourceRow(source, line, text);
                ReadRecord record = in.overlong() ? tooLong(row, in) : notUtf8(text) ? encodingError(row)
                        : format.parse(row);
                if (record instanceof ReadRecord.Parsed parsed) {
                    assembler.add(parsed.read(), parsed.quality(), line);
                    emitAssembled(assembler.takeClosed(), source, sink);
                } else {
                    sink.accept(asInFile((ReadRecord.Unparseable) record, in));
                }
            }
            emitAssembled(assembler.flush(), source, sink);
        } catch (IOException e) {
            emitAssembled(assembler.flush(), source, sink);
            sink.accept(unreadable(source, line + 1, e));
        }
        return line;
    }

    /**
     * The wide CSV format: one row per meter, channel and local day; line 1 is the header. Returns the
     * number of lines read.
     */
    static long readCsvWide(TextLines in, InputFile file, Consumer<SeriesRecord> sink) {
        String source = file.source();
        long line = 0;
        try {
            String header = in.next();
            line = 1;
            if (header == null) {
                return line;
            }
            if (file.zone() == null) {
                sink.accept(new SeriesRecord.Unreadable(asInFile(source, 1, header, in), "a wide file has local dates;"
                        + " set meterbill.input.time-zone to the zone they are in"));
                return line;
            }
            IntervalCsvWideFormat.Layout layout = file.csv().wideLayout(file.zone());
            IntervalCsvWideFormat format;
            try {
                format = new IntervalCsvWideFormat(layout, source, header);
            } catch (IllegalArgumentException e) {
                sink.accept(new SeriesRecord.Unreadable(asInFile(source, 1, header, in), e.getMessage()));
                return line;
            }
            String text;
            while ((text = in.next()) != null) {
                line++;
                if (blank(text, in)) {
                    continue;
                }
                SourceRow row = new SourceRow(source, line, text);
                SeriesRecord record = in.overlong() ? tooLong(row, in) : notUtf8(text) ? encodingError(row)
                        : format.parse(row);
                sink.accept(record instanceof ReadRecord.Unparseable bad ? asInFile(bad, in) : record);
            }
        } catch (IOException e) {
            sink.accept(unreadable(source, line + 1, e));
        }
        return line;
    }

    /** Series assembled from one-read-per-row formats, each accounting for one row per value. */
    static void emitAssembled(List<MeterSeries> series, String source, Consumer<SeriesRecord> sink) {
        for (MeterSeries s : series) {
            long first = s.values().sourcePosition();
            long last = s.values().sourcePositionOf(s.values().size() - 1);
            sink.accept(new SeriesRecord.Parsed(new SourceRow(source, first, s + " (rows " + first + "-" + last + ")"),
                    List.of(s), 0, s.values().size()));
        }
    }

    /**
     * A row's values for one meter and channel as series, one per run of present values: a missing value
     * (a blank column, a null element) is a gap, not a value. Every value gets the row's quality. {@code values}
     * must be a fresh array the caller does not use again (a run covering all of it keeps it).
     */
    static List<MeterSeries> runs(MeterSerial meter, Channel channel,
            Instant start, int minutes, long[] values, boolean[] present,
            ReadQuality quality, String source, long line) {
        List<MeterSeries> series = new ArrayList<>();
        int i = 0;
        while (i < values.length) {
            if (!present[i]) {
                i++;
                continue;
            }
            int from = i;
            while (i < values.length && present[i]) {
                i++;
            }
            // a row without gaps (the usual case) is one run: its array is handed over, not copied
            long[] run = from == 0 && i == values.length ? values : Arrays.copyOfRange(values, from, i);
            int[] slots = new int[0];
            ReadQuality[] qualities = new ReadQuality[0];
            if (quality != ReadQuality.ACTUAL) {
                slots = new int[run.length];
                qualities = new ReadQuality[run.length];
                for (int k = 0; k < run.length; k++) {
                    slots[k] = k;
                    qualities[k] = quality;
                }
            }
            series.add(new MeterSeries(meter, channel, SeriesValues.adopting(
                    start.plusSeconds(60L * minutes * from), minutes, run, slots, qualities, source, line, 0)));
        }
        return series;
    }

    private static boolean notUtf8(String text) {
        return text.indexOf('\uFFFD') >= 0;
    }

    /**
     * Whether a line is blank (skipped, as the manifest skips it when counting rows). A line too long to
     * keep is never blank: it is refused, whatever its kept start holds.
     */
    public static boolean blank(String text, TextLines lines) {
        return !lines.overlong() && text.isBlank();
    }

    private static ReadRecord.Unparseable tooLong(SourceRow row, TextLines lines) {
        return new ReadRecord.Unparseable(row, ReadRejectionReason.MALFORMED_ROW, "line is " + lines.bytes()
                + " bytes long, more than the " + TextLines.MAX_LINE_BYTES + " a row may have; its start is kept");
    }

    /** A refused line with the line as it is in the file (its bytes' length and SHA-256) beside its text. */
    private static ReadRecord.Unparseable asInFile(ReadRecord.Unparseable bad, TextLines lines) {
        SourceRow row = bad.row();
        return new ReadRecord.Unparseable(new SourceRow(row.source(), row.line(), row.text(), lines.original())
                .bounded(), bad.reason(), bad.detail(), bad.sourceRows());
    }

    private static SourceRow asInFile(String source, long line, String text, TextLines lines) {
        return new SourceRow(source, line, text, lines.original()).bounded();
    }

    private static ReadRecord.Unparseable encodingError(SourceRow row) {
        return new ReadRecord.Unparseable(row, ReadRejectionReason.MALFORMED_ROW,
                "line is not valid UTF-8 (wrong file encoding?); the unreadable bytes are shown as \uFFFD");
    }

    private static SeriesRecord.Unreadable unreadable(String source, long line, IOException e) {
        String why = e instanceof java.io.EOFException ? "the compressed stream is truncated"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new SeriesRecord.Unreadable(new SourceRow(source, line, "(unread)"), "file cannot be read from line "
                + line + ": " + why + "; the lines before it are kept");
    }
}
