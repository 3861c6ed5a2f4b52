package io.meterbill.readers.registry;

import io.meterbill.domain.read.InputText;
import io.meterbill.readers.csv.CsvRow;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One registry extract (accounts, service points, meters or installations) parsed whole: the rows
 * that parsed, and a line-numbered error for each that did not. The importer commits a file only if
 * it has no errors, so an operator never gets half a file.
 *
 * @param <T> the registry record each row becomes
 */
public record RegistryCsvFile<T>(Path path, List<Parsed<T>> rows, List<RowError> errors) {

    /** A row that parsed, with its line number for later (database-level) errors. */
    public record Parsed<T>(long line, T value) {
    }

    /** A row that did not parse: file, line and reason, in the words an operator reads. */
    public record RowError(Path file, long line, String reason) {
        @Override
        public String toString() {
            return file.getFileName() + ":" + line + ": " + reason;
        }
    }

    /** Characters a registry value (an id, a name, an address) may have. */
    public static final int MAX_VALUE_CHARS = 1000;

    /** The columns of one row, by header name. */
    public static final class Row {
        private final Map<String, String> values;

        Row(Map<String, String> values) {
            this.values = values;
        }

        /** A value that must be present. */
        public String required(String column) {
            String value = values.get(column);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(column + " is empty");
            }
            return checked(column, value.strip());
        }

        /** A value that may be empty; null when it is. */
        public String optional(String column) {
            String value = values.get(column);
            return value == null || value.isBlank() ? null : checked(column, value.strip());
        }

        /**
         * Registry values go into the database and onto bills as they are, so one that could not be stored or
         * shown (a control character such as NUL, which PostgreSQL refuses) or that is no name or address (longer
         * than {@value #MAX_VALUE_CHARS} characters) refuses its row, naming the column and the place.
         */
        private static String checked(String column, String value) {
            if (value.length() > MAX_VALUE_CHARS) {
                throw new IllegalArgumentException(column + " is longer than " + MAX_VALUE_CHARS + " characters: "
                        + InputText.echo(value));
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F)) {
                    throw new IllegalArgumentException(column + " has a control character (U+"
                            + String.format("%04X", (int) c) + ") at character " + (i + 1) + ": " + InputText.echo(value));
                }
            }
            return value;
        }
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /**
     * Reads {@code path}, which must have a header naming at least {@code columns} (in any order).
     * Each data row is turned into a record by {@code mapper}; an exception from the mapper becomes a
     * row error carrying its message.
     */
    public static <T> RegistryCsvFile<T> read(Path path, List<String> columns, Function<Row, T> mapper)
            throws IOException {
        List<Parsed<T>> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String headerLine = reader.readLine();
            if (headerLine == null) {
                errors.add(new RowError(path, 1, "file is empty; expected a header " + String.join(",", columns)));
                return new RegistryCsvFile<>(path, rows, errors);
            }
            List<String> header = CsvRow.header(headerLine, ',');
            List<String> missing = columns.stream().filter(c -> !header.contains(c)).toList();
            if (!missing.isEmpty()) {
                errors.add(new RowError(path, 1, "header lacks column(s) " + String.join(",", missing)
                        + "; expected " + String.join(",", columns)));
                return new RegistryCsvFile<>(path, rows, errors);
            }
            long line = 1;
            String text;
            while ((text = reader.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    List<String> fields = CsvRow.split(text, ',');
                    if (fields.size() != header.size()) {
                        throw new IllegalArgumentException(
                                "expected " + header.size() + " columns, found " + fields.size());
                    }
                    Map<String, String> values = new HashMap<>();
                    for (int i = 0; i < header.size(); i++) {
                        values.put(header.get(i), fields.get(i));
                    }
                    rows.add(new Parsed<>(line, mapper.apply(new Row(values))));
                } catch (RuntimeException e) {
                    errors.add(new RowError(path, line, e.getMessage()));
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            errors.add(new RowError(path, 0, "file is not valid UTF-8"));
        }
        return new RegistryCsvFile<>(path, rows, errors);
    }
}
