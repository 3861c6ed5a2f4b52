package io.meterbill.readers.interval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The list of input files a cycle consumes, taken before any read is imported: each file's size,
 * SHA-256, and number of data rows, or the reason the whole file is refused (an unrecognised header).
 * The data-row count is the "reads in" side of the cycle's control totals, counted independently of
 * the import, and the checksum lets a restart prove it is reading the same input.
 */
public final class InputManifest {

    /** One input file. {@code refusal} is null for a file that will be imported. */
    public record InputFileEntry(Path path, String source, long sizeBytes, String sha256, long dataRows,
            String refusal) {
        public boolean accepted() {
            return refusal == null;
        }
    }

    private InputManifest() {
    }

    /**
     * Scans {@code input}: a single file, or a directory whose {@code *.csv} files (at any depth) are
     * taken in path order.
     *
     * @throws IOException if the input does not exist or cannot be listed
     */
    public static List<InputFileEntry> scan(Path input) throws IOException {
        List<Path> files = files(input);
        Path root = Files.isDirectory(input) ? input.toAbsolutePath() : input.toAbsolutePath().getParent();
        List<InputFileEntry> entries = new ArrayList<>();
        for (Path file : files) {
            entries.add(describe(file, root.normalize().relativize(file.toAbsolutePath().normalize()).toString()));
        }
        return entries;
    }

    /** The input's files: {@code input} itself, or the {@code *.csv} files below a directory in path order. */
    public static List<Path> files(Path input) throws IOException {
        if (!Files.exists(input)) {
            throw new java.nio.file.NoSuchFileException(input.toString(), null, "input does not exist");
        }
        if (!Files.isDirectory(input)) {
            return List.of(input);
        }
        try (Stream<Path> walk = Files.walk(input)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv"))
                    .sorted().toList();
        }
    }

    /**
     * A quick look at a file before a cycle commits to it: empty if its header is not the interval
     * format, otherwise the start of its first parseable read (empty too if no row in the first
     * hundred parses).
     */
    public static java.util.Optional<java.time.Instant> firstReadStart(Path file) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
            String header = reader.readLine();
            if (header == null || !IntervalCsvLongFormat.isHeader(header)) {
                return java.util.Optional.empty();
            }
            String line;
            for (int n = 2; n < 102 && (line = reader.readLine()) != null; n++) {
                if (IntervalCsvLongFormat.parse(new io.meterbill.domain.read.SourceRow(file.toString(), n, line))
                        instanceof io.meterbill.domain.read.ReadRecord.Parsed parsed) {
                    return java.util.Optional.of(parsed.read().start());
                }
            }
            return java.util.Optional.empty();
        }
    }

    /** The SHA-256 of a file's bytes, in lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static InputFileEntry describe(Path file, String source) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long rows = 0;
        String refusal = null;
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16)) {
            String header = reader.readLine();
            if (header == null) {
                refusal = "file is empty";
            } else if (!IntervalCsvLongFormat.isHeader(header)) {
                refusal = "header is not " + String.join(",", IntervalCsvLongFormat.HEADER);
            }
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    rows++;
                }
            }
        }
        return new InputFileEntry(file, source, Files.size(file), HexFormat.of().formatHex(sha.digest()), rows, refusal);
    }
}
