package io.meterbill.writers.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleFaultsTest {

    @TempDir
    Path tmp;

    @Test
    void ratesAreParsedAndCheckedAsSharesOfAccounts() {
        SampleFaults faults = SampleFaults.parse("all=0.05, gaps=0.2");
        assertThat(faults.rate(SampleFaults.Kind.GAP)).isEqualTo(0.2);
        assertThat(faults.rate(SampleFaults.Kind.SPIKE)).isEqualTo(0.05);
        assertThat(SampleFaults.parse("none").any()).isFalse();
        assertThatThrownBy(() -> SampleFaults.parse("gaps=0.6,spikes=0.5"))
                .hasMessageContaining("at most one fault").hasMessageContaining("1.100");
        assertThatThrownBy(() -> SampleFaults.parse("holes=0.1")).hasMessageContaining("'holes' is not one of gaps");
        assertThatThrownBy(() -> SampleFaults.parse("gaps")).hasMessageContaining("KIND=RATE");
        assertThatThrownBy(() -> SampleFaults.parse("gaps=lots")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> SampleFaults.parse("gaps=0.1,gaps=0.2")).hasMessage("fault gaps is given twice");
        assertThatThrownBy(() -> SampleFaults.parse("all=0.2")).hasMessageContaining("they add up to 1.400")
                .hasMessageContaining("R can be at most 0.14");
        // unknown meters are extra serials, at least one when asked for
        assertThat(SampleFaults.parse("unknown-meters=0.001").unknownMeters(10)).isEqualTo(1);
        assertThat(SampleFaults.parse("unknown-meters=0.1").unknownMeters(200)).isEqualTo(20);
    }

    @Test
    void theSameSeedWritesTheSameFilesAndManifest() throws Exception {
        for (SampleDataGenerator.Format format : SampleDataGenerator.Format.values()) {
            SampleDataGenerator.Spec spec = new SampleDataGenerator.Spec(20, YearMonth.of(2024, 2), ZoneId.of("Europe/Paris"),
                    9, 2, format, 0.5, SampleFaults.parse("all=0.12"));
            SampleDataGenerator.Summary first = SampleDataGenerator.generate(spec, tmp.resolve(format.option() + "-a"));
            SampleDataGenerator.Summary second = SampleDataGenerator.generate(spec, tmp.resolve(format.option() + "-b"));
            assertThat(second.readCount()).isEqualTo(first.readCount());
            assertThat(second.faults()).isEqualTo(first.faults()).isNotEmpty();
            for (Path file : files(tmp.resolve(format.option() + "-a"))) {
                Path other = tmp.resolve(format.option() + "-b").resolve(tmp.resolve(format.option() + "-a").relativize(file));
                assertThat(Files.mismatch(file, other)).as(file.toString()).isEqualTo(-1L);
            }
            // a leap February: 29 days of 96 quarter hours, each exchange listed with the meter that replaced it
            List<String> manifest = Files.readAllLines(first.manifest());
            assertThat(manifest.get(0)).startsWith("fault,service_point_id,meter_serial,channel,first_interval");
            assertThat(manifest).filteredOn(line -> line.startsWith("exchanges,"))
                    .allSatisfy(line -> assertThat(line).matches("exchanges,S(\\d{7}),R\\1,.*"));
            assertThat(Files.readString(first.registryDir().resolve("installations.csv")))
                    .contains(manifest.stream().filter(line -> line.startsWith("exchanges,")).findFirst()
                            .map(line -> line.split(",")[2] + ",").orElseThrow());
        }
    }

    @Test
    void generatingIntoAnOutputThatHoldsGeneratedDataIsRefused() throws Exception {
        SampleDataGenerator.Spec spec = new SampleDataGenerator.Spec(2, YearMonth.of(2025, 11), ZoneId.of("UTC"), 1, 1);
        SampleDataGenerator.generate(spec, tmp.resolve("out"));
        assertThatThrownBy(() -> SampleDataGenerator.generate(spec, tmp.resolve("out")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not empty");
        java.nio.file.Files.writeString(tmp.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> SampleDataGenerator.generate(spec, tmp.resolve("notes.txt")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a file");
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".crc")).toList();
        }
    }
}
