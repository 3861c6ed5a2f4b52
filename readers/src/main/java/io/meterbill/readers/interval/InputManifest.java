package io.meterbill.readers.interval;

import io.meterbill.domain.read.InputText;
import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.SeriesRecord;
import io.meterbill.readers.csv.TextLines;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * The list of input files a cycle consumes, taken before any read is imported: each file's format
 * (found by content), size, SHA-256 and number of data rows, or the reason the whole file is refused.
 * Rows are counted independently of the import (CSV lines, Parquet row counts from the footer, Green
 * Button IntervalReadings), so the control totals can prove every row was read; the checksum lets a
 * restart prove it is reading the same input.
 *
 * <p>The input is a file, a directory (every file below it at any depth that is not hidden, in path
 * order) or a glob such as {@code exports/2025-11/*.csv.gz} ({@code **} crosses directories).
 */
public final class InputManifest {

    /**
     * One input file. {@code refusal} is null for a file that will be imported; then {@code format} says
     * how. {@code valueCount} is an estimate for sizing the store (blank wide columns included).
     */
    public record InputFileEntry(Path path, String source, long sizeBytes, String sha256, long dataRows,
            String refusal, InputFormat format, boolean gzipped, long valueCount) {
        public boolean accepted() {
            return refusal == null;
        }
    }

    private InputManifest() {
    }

    /**
     * Scans {@code input}.
     *
     * @throws IOException if the input does not exist or cannot be listed
     */
    public static List<InputFileEntry> scan(Path input, Configuration conf) throws IOException {
        return scan(input, conf, CsvLayouts.STANDARD);
    }

    /** As {@link #scan(Path, Configuration)}, telling CSV files by the configured layouts. */
    public static List<InputFileEntry> scan(Path input, Configuration conf, CsvLayouts csv)
            throws IOException {
        List<Path> files = files(input);
        Path root = root(input).toAbsolutePath().normalize();
        List<InputFileEntry> entries = new ArrayList<>();
        for (Path file : files) {
            Path absolute = file.toAbsolutePath().normalize();
            String source = absolute.equals(root) ? absolute.getFileName().toString()
                    : root.relativize(absolute).toString();
            entries.add(describe(absolute, source, conf, csv));
        }
        return entries;
    }

    /** The input's files: {@code input} itself, the files below a directory, or those a glob matches; in path order. */
    public static List<Path> files(Path input) throws IOException {
        if (isGlob(input)) {
            Path base = root(input);
            if (!Files.isDirectory(base)) {
                throw new java.nio.file.NoSuchFileException(base.toString(), null, "the glob's directory does not exist");
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + base.relativize(input));
            try (Stream<Path> walk = Files.walk(base)) {
                return walk.filter(Files::isRegularFile).filter(p -> matcher.matches(base.relativize(p)))
                        .filter(p -> !hidden(base, p)).sorted().toList();
            }
        }
        if (!Files.exists(input)) {
            throw new java.nio.file.NoSuchFileException(input.toString(), null, "input does not exist");
        }
        if (!Files.isDirectory(input)) {
            return List.of(input);
        }
        try (Stream<Path> walk = Files.walk(input)) {
            return walk.filter(Files::isRegularFile).filter(p -> !hidden(input, p)).sorted().toList();
        }
    }

    private static boolean isGlob(Path input) {
        String text = input.toString();
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0 || text.indexOf('{') >= 0;
    }

    /** The directory names are taken relative to: the input directory, a glob's fixed part, or a file's folder. */
    private static Path root(Path input) {
        if (isGlob(input)) {
            Path base = input.isAbsolute() ? input.getRoot() : Path.of("");
            for (Path part : input) {
                if (isGlob(part)) {
                    break;
                }
                base = base.resolve(part);
            }
            return base.toString().isEmpty() ? Path.of(".") : base;
        }
        if (Files.isDirectory(input)) {
            return input;
        }
        Path parent = input.toAbsolutePath().getParent();
        return parent == null ? input : parent;
    }

    private static boolean hidden(Path base, Path file) {
        for (Path part : base.relativize(file)) {
            if (part.toString().startsWith(".") || part.toString().startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    /** The start of a file's first read, or (start null) why there is none: the file's own refusal when it has one. */
    public record FirstRead(Instant start, String why) {
    }

    /**
     * The start of the first read in a file, for a quick check that the input belongs to the cycle; when none
     * of its first hundred records is a read, why: its format refused, the reader stopped at the start (a
     * DOCTYPE, malformed XML), or the first refused row.
     */
    public static FirstRead firstRead(Path file, ZoneId zone, Configuration conf, CsvLayouts csv) throws IOException {
        InputFormat.Detection detection = InputFormat.detect(file, csv);
        if (!detection.accepted()) {
            return new FirstRead(null, detection.refusal());
        }
        Instant[] found = {null};
        String[] why = {null};
        int[] seen = {0};
        try {
            IntervalFiles.read(new IntervalFiles.InputFile(file, file.getFileName().toString(), detection.format(),
                    detection.gzipped(), zone, csv), conf, record -> {
                        if (record instanceof SeriesRecord.Parsed parsed && !parsed.series().isEmpty()) {
                            found[0] = parsed.series().get(0).values().start();
                            throw new ReadAborted("found");
                        }
                        if (record instanceof SeriesRecord.Unreadable rest) {
                            why[0] = InputText.storableMessage(rest.detail(), 300);
                        } else if (record instanceof ReadRecord.Unparseable bad && why[0] == null) {
                            why[0] = "no interval reads; the first refused row, line " + bad.row().line() + ": "
                                    + bad.reason() + " " + InputText.storableMessage(bad.detail(), 200);
                        }
                        if (++seen[0] >= 100) {
                            throw new ReadAborted("nothing parses");
                        }
                    });
        } catch (ReadAborted e) {
            // stopped early on purpose
        }
        return new FirstRead(found[0], found[0] != null ? null : why[0] != null ? why[0] : "no interval reads");
    }

    /** The SHA-256 of a file's bytes, in lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputFileEntry describe(Path file, String source, Configuration conf, CsvLayouts csv)
            throws IOException {
        long size = Files.size(file);
        InputFormat.Detection detection = InputFormat.detect(file, csv);
        if (!detection.accepted()) {
            return new InputFileEntry(file, source, size, sha256(file), 0, detection.refusal(), null,
                    detection.gzipped(), 0);
        }
        InputFormat format = detection.format();
        if (format == InputFormat.PARQUET) {
            return parquet(file, source, size, conf);
        }
        MessageDigest sha = sha256();
        long[] counts;
        try (InputStream raw = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), sha);
                InputStream in = detection.gzipped() ? new GzipUntilDamage(raw) : raw) {
            // the JDK's StAX reader closes its stream at the end of the document: keep ours open for the hash
            InputStream unclosed = new java.io.FilterInputStream(in) {
                @Override
                public void close() {
                }
            };
            counts = format == InputFormat.GREEN_BUTTON ? countReadings(unclosed)
                    : countLines(unclosed, format, csv.wideCsv());
            // a damaged gzip stream ends at the damage: the rows before it are counted and imported, and
            // the import names where it stops
            raw.transferTo(java.io.OutputStream.nullOutputStream()); // the hash covers every byte
        }
        return new InputFileEntry(file, source, size, HexFormat.of().formatHex(sha.digest()), counts[0], null, format,
                detection.gzipped(), counts[1]);
    }

    /** {rows, values}: non-blank lines after the header; a wide row counts its value columns. */
    private static long[] countLines(InputStream in, InputFormat format, IntervalCsvWideFormat.Layout wideCsv)
            throws IOException {
        TextLines reader = new TextLines(in); // split and skipped as the import splits and skips them
        String header = reader.next();
        long valuesPerRow = 1;
        if (format == InputFormat.CSV_WIDE && header != null) {
            char delimiter = wideCsv == null ? ',' : wideCsv.delimiter();
            int keyColumns = wideCsv == null ? 5 : wideCsv.firstValueColumn();
            long columns = header.chars().filter(c -> c == delimiter).count() + 1;
            valuesPerRow = Math.max(1, columns - keyColumns);
        }
        long rows = 0;
        String line;
        while ((line = reader.next()) != null) {
            if (!IntervalFiles.blank(line, reader)) {
                rows++;
            }
        }
        return new long[] {rows, rows * valuesPerRow};
    }

    /** {readings, readings}: Green Button IntervalReading elements, up to any XML error. */
    private static long[] countReadings(InputStream in) {
        XMLInputFactory factory = GreenButtonFormat.xmlFactory();
        long n = 0;
        try {
            XMLStreamReader xml = factory.createXMLStreamReader(in);
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && "IntervalReading".equals(xml.getLocalName())) {
                    n++;
                }
            }
            xml.close();
        } catch (XMLStreamException e) {
            // malformed: the import reports where; readings before it are counted
        }
        return new long[] {n, n};
    }

    private static InputFileEntry parquet(Path file, String source, long size, Configuration conf) throws IOException {
        String sha = sha256(file);
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), conf), org.apache.parquet.HadoopReadOptions.builder(conf).build())) {
            long rows = 0;
            long values = 0;
            for (BlockMetaData block : reader.getFooter().getBlocks()) {
                rows += block.getRowCount();
                for (ColumnChunkMetaData column : block.getColumns()) {
                    if (column.getPath().toDotString().startsWith("values")) {
                        values += column.getValueCount();
                    }
                }
            }
            return new InputFileEntry(file, source, size, sha, rows, null, InputFormat.PARQUET, false,
                    values > 0 ? values : rows);
        } catch (IOException | RuntimeException e) {
            return new InputFileEntry(file, source, size, sha, 0, "not a readable Parquet file (truncated or corrupt"
                    + " footer): " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), null,
                    false, 0);
        }
    }
}
