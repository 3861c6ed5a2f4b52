package io.meterbill.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.writers.sample.SampleDataGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same month of reads exported as CSV long, CSV wide, Parquet and Green Button XML imports to
 * identical stored intervals and identical bills, half the accounts with rooftop solar (an export
 * channel, billed with net metering). November 2025 in New York has a 25-hour day, so the wide rows
 * are of 96 and 100 quarter hours.
 */
class InputFormatsIT {

    @TempDir
    Path tmp;

    private record Imported(Map<String, String> store, Map<String, String> bills, String summary, String billLines) {
    }

    private Imported run(SampleDataGenerator.Format format) throws Exception {
        Path generated = tmp.resolve(format.option());
        SampleDataGenerator.generate(new SampleDataGenerator.Spec(24, YearMonth.of(2025, 11),
                ZoneId.of("America/New_York"), 11, 2, format, 0.5), generated);
        return cycle(generated, format.option());
    }

    private Imported cycle(Path generated, String name) throws Exception {
        MeterbillHome home = new MeterbillHome(tmp.resolve("home-" + name));
        assertThat(home.run("registry", "import", generated.resolve("registry").toString()).exitCode()).isZero();
        assertThat(home.run("tariffs", "import", "config/tariffs").exitCode()).isZero();
        MeterbillHome.Result cycle = home.run("cycle", "run", "--cycle", "2025-11", "--input",
                generated.resolve("reads").toString());
        assertThat(cycle.exitCode()).as(cycle.toString()).isZero();
        Map<String, String> bills = home.bills("2025-11");
        String summary = Files.readString(home.path().resolve("output/2025-11/cycle-summary.txt"));
        return new Imported(home.storeFingerprint("2025-11"), bills, summary,
                Files.readString(home.path().resolve("output/2025-11/bill-lines.csv")));
    }

    /** A cycle of {@code tmp/name} with operator properties {@code prefix + key} set for it alone. */
    private Imported cycleWith(String prefix, Map<String, Object> settings, String name) throws Exception {
        settings.forEach((key, value) -> io.meterbill.jobs.cli.MeterbillCommand.setExtraProperty(prefix + key, value));
        try {
            return cycle(tmp.resolve(name), name);
        } finally {
            settings.keySet().forEach(key -> io.meterbill.jobs.cli.MeterbillCommand.setExtraProperty(prefix + key, null));
        }
    }

    /** The registry generated under {@code tmp/from}, copied to {@code tmp/to}. */
    private void copyRegistry(String from, String to) throws java.io.IOException {
        Files.createDirectories(tmp.resolve(to + "/registry"));
        try (var registry = Files.list(tmp.resolve(from + "/registry"))) {
            for (Path file : registry.toList()) {
                Files.copy(file, tmp.resolve(to + "/registry").resolve(file.getFileName()));
            }
        }
    }

    @Test
    void theSameMonthInEveryFormatStoresTheSameIntervalsAndBillsTheSame() throws Exception {
        Imported longCsv = run(SampleDataGenerator.Format.CSV_LONG);
        // 24 service points x 2,884 quarter hours (30 days x 96 + the 4 of the repeated hour), delivered
        // energy for all, exported energy for those with rooftop solar (about half, on RES-TOU)
        long exporting = longCsv.store().keySet().stream().filter(stream -> stream.endsWith(" kwh_rec")).count();
        assertThat(exporting).isBetween(6L, 18L);
        assertThat(longCsv.store()).hasSize(24 + (int) exporting)
                .allSatisfy((stream, f) -> assertThat(f).startsWith("2884 values"));
        assertThat(longCsv.bills()).hasSize(24);
        assertThat(longCsv.bills().values()).filteredOn(bill -> bill.contains("CREDIT")).isNotEmpty();
        long values = 2884 * longCsv.store().size();

        // rows differ (a read per row, a day per row, a Green Button reading each); values do not
        Map<SampleDataGenerator.Format, Long> rows = Map.of(SampleDataGenerator.Format.CSV_LONG, values,
                SampleDataGenerator.Format.CSV_WIDE, 30L * longCsv.store().size(),
                SampleDataGenerator.Format.PARQUET, 30L * longCsv.store().size(),
                SampleDataGenerator.Format.ESPI, values);
        for (SampleDataGenerator.Format format : SampleDataGenerator.Format.values()) {
            Imported imported = format == SampleDataGenerator.Format.CSV_LONG ? longCsv : run(format);
            assertThat(imported.store()).as(format.option()).isEqualTo(longCsv.store());
            assertThat(imported.bills()).as(format.option()).isEqualTo(longCsv.bills());
            assertThat(imported.summary()).as(format.option())
                    .containsPattern("Input rows \\(listed files\\)\\s+" + rows.get(format) + "\n")
                    .containsPattern("Interval values read\\s+" + values + "\n")
                    .containsPattern("values stored\\s+" + values + "\n")
                    .contains("Control totals balance");
        }
    }

    /**
     * A head-end's own wide layout, configured rather than converted: the date first, then meter and
     * register, semicolons, decimal commas, no interval or unit column (the values are kWh, the interval
     * length follows from how many values a day has). It stores and bills as the standard export does.
     */
    @Test
    void aWideExportInItsOwnLayoutIsReadThroughTheConfiguredColumns() throws Exception {
        Imported standard = run(SampleDataGenerator.Format.CSV_WIDE);
        Path own = Files.createDirectories(tmp.resolve("own/reads"));
        try (var files = Files.list(tmp.resolve("csv-wide/reads"))) {
            for (Path file : files.toList()) {
                java.util.List<String> lines = Files.readAllLines(file);
                java.util.List<String> converted = new java.util.ArrayList<>();
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.split(",", -1); // meter_serial,channel,date,interval_minutes,unit,q1..
                    StringBuilder row = new StringBuilder(f[2]).append(';').append(f[0]).append(';').append(f[1]);
                    for (int k = 5; k < f.length; k++) {
                        row.append(';').append(f[k].replace('.', ','));
                    }
                    converted.add(row.toString());
                }
                StringBuilder header = new StringBuilder("ReadDate;MeterID;Register");
                for (int k = 1; k <= 100; k++) {
                    header.append(";V").append(k);
                }
                converted.add(0, header.toString());
                Files.write(own.resolve(file.getFileName()), converted);
            }
        }
        copyRegistry("csv-wide", "own");
        Map<String, Object> settings = Map.of("date-column", "ReadDate", "meter-column", "MeterID", "channel-column",
                "Register", "interval-column", "", "unit-column", "", "unit", "kWh", "first-value-column", "4",
                "delimiter", ";", "decimal-separator", ",");
        Imported configured = cycleWith("meterbill.input.csv-wide.", settings, "own");
        assertThat(configured.store()).isEqualTo(standard.store());
        assertThat(configured.bills()).isEqualTo(standard.bills());
    }

    /**
     * A head-end's own long export, configured rather than converted: semicolons, decimal commas, its own
     * column names and order, interval-ending local timestamps (MM/dd/yyyy HH:mm, New York time, so the
     * fall-back day writes the 01:00-02:00 ends twice), every read 15 minutes in kWh, and a status
     * column marking every 97th read estimated. It stores and bills as the standard export does, and the
     * store keeps each estimated read's quality.
     */
    @Test
    void aLongExportInItsOwnLayoutIsReadThroughTheConfiguredColumns() throws Exception {
        Imported standard = run(SampleDataGenerator.Format.CSV_LONG);
        Path own = Files.createDirectories(tmp.resolve("own-long/reads"));
        java.time.format.DateTimeFormatter written = java.time.format.DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm");
        ZoneId newYork = ZoneId.of("America/New_York");
        long estimated = 0;
        try (var files = Files.list(tmp.resolve("csv/reads"))) {
            for (Path file : files.toList()) {
                java.util.List<String> lines = Files.readAllLines(file);
                java.util.List<String> converted = new java.util.ArrayList<>();
                converted.add("Status;Register;ReadEnd;Usage;Meter");
                for (int i = 1; i < lines.size(); i++) {
                    // meter_serial,interval_start,interval_minutes,channel,value,unit (15 minutes, kWh)
                    String[] f = lines.get(i).split(",", -1);
                    assertThat(f[2] + f[5]).isEqualTo("15kWh");
                    String end = java.time.OffsetDateTime.parse(f[1]).plusMinutes(15).atZoneSameInstant(newYork)
                            .format(written);
                    boolean estimate = i % 97 == 0;
                    estimated += estimate ? 1 : 0;
                    converted.add((estimate ? "E" : "A") + ";" + f[3] + ";" + end + ";" + f[4].replace('.', ',') + ";"
                            + f[0]);
                }
                Files.write(own.resolve(file.getFileName()), converted);
            }
        }
        copyRegistry("csv", "own-long");
        Map<String, Object> settings = Map.ofEntries(Map.entry("delimiter", ";"), Map.entry("decimal-separator", ","),
                Map.entry("meter-column", "Meter"), Map.entry("timestamp-column", "ReadEnd"),
                Map.entry("timestamp-marks", "end"), Map.entry("timestamp-format", "MM/dd/yyyy HH:mm"),
                Map.entry("interval-minutes", "15"), Map.entry("channel-column", "Register"),
                Map.entry("value-column", "Usage"), Map.entry("unit-column", ""), Map.entry("unit", "kWh"),
                Map.entry("quality-column", "Status"));
        Imported configured = cycleWith("meterbill.input.csv-long.", settings, "own-long");
        assertThat(configured.store()).isEqualTo(standard.store());
        assertThat(configured.bills()).isEqualTo(standard.bills());
        assertThat(configured.summary()).contains("Control totals balance");
        MeterbillHome home = new MeterbillHome(tmp.resolve("home-own-long"));
        long stored = home.storedSeries("2025-11").stream().mapToLong(s -> java.util.Arrays.stream(
                s.values().nonActualQualities()).filter(q -> q == io.meterbill.domain.read.ReadQuality.ESTIMATED)
                .count()).sum();
        assertThat(estimated).isGreaterThan(100);
        assertThat(stored).isEqualTo(estimated);
        assertThat(configured.summary()).containsPattern("\n    marked estimated in the input\\s+" + estimated + "\n")
                .doesNotContain("marked edited");
        assertThat(standard.summary()).doesNotContain("marked estimated");
    }

    /**
     * Gas and water service points with hourly reads (therm_del in therms, m3_del in cubic metres; 721
     * hours in November 2025 in New York) beside electric ones, as CSV long, CSV wide, Parquet (gas in
     * whole kBtu, water in litres) and Green Button (uom 169 therm and 42 m3, x 10^-3): the same stored
     * intervals and the same bills, gas rated on GAS-TIERED in therms and water on WATER-LADDER in m3.
     */
    @Test
    void gasAndWaterServicePointsWithHourlyReadsStoreAndBillTheSameInEveryFormat() throws Exception {
        Imported first = null;
        for (SampleDataGenerator.Format format : SampleDataGenerator.Format.values()) {
            Path generated = tmp.resolve("utilities-" + format.option());
            SampleDataGenerator.generate(new SampleDataGenerator.Spec(24, YearMonth.of(2025, 11),
                    ZoneId.of("America/New_York"), 5, 2, format, 0.3, io.meterbill.writers.sample.SampleFaults.NONE,
                    0.3, 0.3), generated);
            Imported imported = cycle(generated, "utilities-" + format.option());
            if (first == null) {
                first = imported;
                assertThat(imported.store().keySet()).anyMatch(stream -> stream.endsWith(" therm_del"))
                        .anyMatch(stream -> stream.endsWith(" m3_del")).anyMatch(stream -> stream.endsWith(" kwh_del"));
                assertThat(imported.store()).allSatisfy((stream, f) -> assertThat(f)
                        .startsWith(stream.endsWith("_del") && !stream.endsWith("kwh_del") ? "721 values" : "2884 values"));
                assertThat(imported.bills()).hasSize(24);
                // gas in therms at the winter tier-1 rate, water in m3 at the first block's rate
                assertThat(imported.billLines()).contains(",therm,1.215,1,").contains(",m3,1.1,1,")
                        .contains("GAS-TIERED@2025-01-01").contains("WATER-LADDER@2025-01-01");
                assertThat(imported.summary()).contains("Control totals balance");
            } else {
                assertThat(imported.store()).as(format.option()).isEqualTo(first.store());
                assertThat(imported.bills()).as(format.option()).isEqualTo(first.bills());
            }
        }
    }
}
