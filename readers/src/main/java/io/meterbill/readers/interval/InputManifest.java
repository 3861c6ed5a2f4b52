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
        if (!Files.exists(input)) {
            throw new java.nio.file.NoSuchFileException(input.toString(), null, "input does not exist");
        }
        List<Path> files;
        Path root;
        if (Files.isDirectory(input)) {
            root = input;
            try (Stream<Path> walk = Files.walk(input)) {
                files = walk.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv"))
                        .sorted().toList();
            }
        } else {
            root = input.toAbsolutePath().getParent();
            files = List.of(input);
        }
        List<InputFileEntry> entries = new ArrayList<>();
        for (Path file : files) {
            entries.add(describe(file, root.relativize(file.toAbsolutePath().normalize()).toString()));
        }
        return entries;
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
