package io.meterbill.readers.interval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputManifestTest {

    @TempDir
    Path tmp;

    private static final String LONG = String.join(",", IntervalCsvLongFormat.HEADER) + "\n"
            + "M-1,2025-11-10T00:00:00-05:00,60,kwh_del,1.000,kWh\n\n"
            + "M-1,2025-11-10T01:00:00-05:00,60,kwh_del,1.000,kWh\n";
    private static final String WIDE = "meter_serial,channel,date,interval_minutes,unit,h1,h2,h3\n"
            + "M-1,kwh_del,2025-11-10,60,kWh,1,2,3\n" + "M-2,kwh_del,2025-11-10,60,kWh,1,,3\n";

    /**
     * A directory of mixed formats: each file's format told by content, rows counted as the import will
     * account for them (blank lines not counted, Green Button IntervalReadings), hidden files skipped,
     * a file of something else refused whole with the reason; names relative to the directory.
     */
    @Test
    void aDirectoryOfMixedFormatsIsListedFileByFile() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in/sub"));
        Files.writeString(in.resolve("long.csv"), LONG);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(in.resolve("wide.csv.gz")))) {
            out.write(WIDE.getBytes(StandardCharsets.UTF_8));
        }
        try (InputStream espi = getClass().getResourceAsStream("/espi/two-channels.xml")) {
            Files.copy(espi, tmp.resolve("in/usage.xml"));
        }
        Files.writeString(tmp.resolve("in/README.txt"), "exported by the head-end on 2025-12-01\n");
        Files.writeString(tmp.resolve("in/.partial.csv"), LONG);

        List<InputManifest.InputFileEntry> entries = InputManifest.scan(tmp.resolve("in"), new Configuration());
        assertThat(entries).extracting(InputManifest.InputFileEntry::source)
                .containsExactly("README.txt", "sub/long.csv", "sub/wide.csv.gz", "usage.xml");
        InputManifest.InputFileEntry readme = entries.get(0);
        assertThat(readme.accepted()).isFalse();
        assertThat(readme.refusal()).startsWith("not an interval file");
        assertThat(entries.get(1)).satisfies(e -> {
            assertThat(e.format()).isEqualTo(InputFormat.CSV_LONG);
            assertThat(e.dataRows()).isEqualTo(2);
            assertThat(e.gzipped()).isFalse();
        });
        assertThat(entries.get(2)).satisfies(e -> {
            assertThat(e.format()).isEqualTo(InputFormat.CSV_WIDE);
            assertThat(e.gzipped()).isTrue();
            assertThat(e.dataRows()).isEqualTo(2);
            assertThat(e.valueCount()).isEqualTo(6); // value columns, blanks included: an estimate for sizing
            assertThat(e.sha256()).isEqualTo(InputManifest.sha256(in.resolve("wide.csv.gz"))); // of the bytes as stored
        });
        assertThat(entries.get(3)).satisfies(e -> {
            assertThat(e.format()).isEqualTo(InputFormat.GREEN_BUTTON);
            assertThat(e.dataRows()).isEqualTo(7);
        });
    }

    @Test
    void aGlobPicksFilesAcrossDirectoriesAndAnEmptyOrTruncatedParquetFileIsRefused() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("exports/2025-11/day1"));
        Files.writeString(in.resolve("a.csv"), LONG);
        Files.writeString(tmp.resolve("exports/2025-11/b.csv"), LONG);
        Files.writeString(tmp.resolve("exports/2025-11/c.xml"), "<feed/>");
        Files.writeString(tmp.resolve("exports/2025-11/empty.csv"), "");
        Files.write(tmp.resolve("exports/2025-11/cut.parquet"), "PAR1 and then nothing".getBytes(StandardCharsets.UTF_8));

        List<InputManifest.InputFileEntry> csv = InputManifest.scan(tmp.resolve("exports/2025-11/**.csv"),
                new Configuration());
        assertThat(csv).extracting(InputManifest.InputFileEntry::source)
                .containsExactly("b.csv", "day1/a.csv", "empty.csv");
        assertThat(csv.get(2).refusal()).isEqualTo("file is empty");
        List<InputManifest.InputFileEntry> parquet = InputManifest.scan(tmp.resolve("exports/*/*.parquet"),
                new Configuration());
        assertThat(parquet).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("2025-11/cut.parquet");
            assertThat(e.refusal()).startsWith("not a readable Parquet file (truncated or corrupt footer)");
        });
    }
}
