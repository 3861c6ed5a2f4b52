package io.meterbill.jobs.tariff;

import io.meterbill.domain.tariff.Tariff;
import io.meterbill.domain.tariff.TariffCode;
import io.meterbill.readers.tariff.TariffCatalogException;
import io.meterbill.readers.tariff.TariffYamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tariff catalog in the database. Importing validates every YAML file of a directory and stores
 * each tariff together with its YAML text and checksum, and keeps every text ever imported in
 * {@code tariff_revision}; rating loads tariffs from the stored text and each bill records the
 * checksum of the text it was rated on, so what a bill was rated on can always be shown.
 */
@Component
public class TariffCatalog {

    /** One stored tariff as listed to an operator. */
    public record Entry(String code, String name, String sourceFile, String sha256) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TariffYamlReader reader = new TariffYamlReader();

    public TariffCatalog(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Validates all tariff files of {@code dir} and, only if all are valid, stores them.
     *
     * @return the tariffs stored
     * @throws TariffCatalogException naming the file and field of the first invalid tariff
     */
    public List<Tariff> importDirectory(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new TariffCatalogException(dir + ": no tariff files (*.yaml) found");
        }
        return importFiles(files);
    }

    /**
     * Validates the given tariff files and, only if all are valid, stores them (a stored tariff with
     * the same code is replaced).
     */
    public List<Tariff> importFiles(List<Path> files) throws IOException {
        Map<TariffCode, Path> seen = new LinkedHashMap<>();
        List<Tariff> tariffs = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Tariff tariff = reader.read(file.getFileName().toString(), text);
            Path earlier = seen.put(tariff.code(), file);
            if (earlier != null) {
                throw new TariffCatalogException(file.getFileName() + ": code: " + tariff.code()
                        + " is already defined in " + earlier.getFileName());
            }
            tariffs.add(tariff);
            texts.add(text);
        }
        tx.executeWithoutResult(status -> {
          for (int i = 0; i < tariffs.size(); i++) {
            Tariff tariff = tariffs.get(i);
            jdbc.update("""
                    insert into tariff_revision (sha256, tariff_code, source_file, source_yaml) values (?, ?, ?, ?)
                    on conflict (sha256) do nothing""", sha256(texts.get(i)), tariff.code().value(),
                    files.get(i).getFileName().toString(), texts.get(i));
            jdbc.update("""
                    insert into tariff (tariff_code, name, source_file, source_yaml, sha256) values (?, ?, ?, ?, ?)
                    on conflict (tariff_code) do update set name = excluded.name, source_file = excluded.source_file,
                        source_yaml = excluded.source_yaml, sha256 = excluded.sha256, imported_at = now()""",
                    tariff.code().value(), tariff.name(), files.get(i).getFileName().toString(), texts.get(i),
                    sha256(texts.get(i)));
          }
        });
        return tariffs;
    }

    /** The catalog as rating sees it at one moment: each tariff and the SHA-256 of the text it was read from. */
    public record Snapshot(Map<TariffCode, Tariff> tariffs, Map<TariffCode, String> sha256) {
        public Snapshot {
            tariffs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tariffs));
            sha256 = Map.copyOf(sha256);
        }
    }

    public Map<TariffCode, Tariff> load() {
        return snapshot().tariffs();
    }

    /** Reads every stored tariff with its checksum in one query, so a bill can name the exact text it was rated on. */
    public Snapshot snapshot() {
        Map<TariffCode, Tariff> tariffs = new LinkedHashMap<>();
        Map<TariffCode, String> digests = new LinkedHashMap<>();
        jdbc.query("select source_file, source_yaml, sha256 from tariff order by tariff_code", rs -> {
            Tariff tariff = reader.read(rs.getString(1), rs.getString(2));
            tariffs.put(tariff.code(), tariff);
            digests.put(tariff.code(), rs.getString(3));
        });
        return new Snapshot(tariffs, digests);
    }

    public List<Entry> list() {
        return jdbc.query("select tariff_code, name, source_file, sha256 from tariff order by tariff_code",
                (rs, n) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
