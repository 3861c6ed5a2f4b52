package io.meterbill.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.read.IntervalSeries;
import io.meterbill.writers.sample.SampleDataGenerator;
import io.meterbill.writers.sample.SampleFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample generator's injected faults, in every format, against what the cycle found: each line of
 * {@code faults.csv} is checked against {@code read_exception}, the interval store and the summary, and
 * the control totals balance with every fault present.
 */
class GeneratorFaultsIT {

    private static final YearMonth MONTH = YearMonth.of(2025, 11);
    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    /** quarter hours in November 2025 in New York (30 days and the repeated hour) */
    private static final int QUARTERS = 2884;

    @TempDir
    Path tmp;

    /** A line of faults.csv. */
    private record Fault(String kind, String servicePoint, String meter, String channel, Instant first, int intervals,
            String value, String file, String position, String reason) {
        static Fault parse(String line) {
            String[] f = line.split(",", 11);
            return new Fault(f[0], f[1], f[2], f[3], OffsetDateTime.parse(f[4]).toInstant(), Integer.parseInt(f[5]),
                    f[6], f[7], f[8], f[9]);
        }
    }

    private record Found(Map<String, String> bills, Map<String, String> store, int faults) {
    }

    private Found cycleWithFaults(SampleDataGenerator.Format format) throws Exception {
        Path generated = tmp.resolve(format.option());
        SampleDataGenerator.Summary generation = SampleDataGenerator.generate(new SampleDataGenerator.Spec(48, MONTH,
                ZONE, 5, 2, format, 0.3, SampleFaults.parse("all=0.1")), generated);
        List<Fault> faults = new ArrayList<>();
        for (String line : Files.readAllLines(generation.manifest())) {
            if (!line.startsWith("#") && !line.startsWith("fault,")) {
                faults.add(Fault.parse(line));
            }
        }
        // every kind is injected at least once at these rates, for this seed
        assertThat(faults.stream().map(Fault::kind).distinct())
                .containsExactlyInAnyOrder("gaps", "spikes", "zero-runs", "stuck", "exchanges", "duplicates", "malformed",
                        "unknown-meters");

        MeterbillHome home = new MeterbillHome(tmp.resolve("home-" + format.option()));
        assertThat(home.run("registry", "import", generated.resolve("registry").toString()).exitCode()).isZero();
        assertThat(home.run("tariffs", "import", "config/tariffs").exitCode()).isZero();
        MeterbillHome.Result cycle = home.run("cycle", "run", "--cycle", "2025-11", "--input",
                generated.resolve("reads").toString());
        assertThat(cycle.exitCode()).as(cycle.toString()).isZero();
        String summary = Files.readString(home.path().resolve("output/2025-11/cycle-summary.txt"));

        long duplicated = faults.stream().filter(f -> f.kind().equals("duplicates")).mapToLong(Fault::intervals).sum();
        long unknown = faults.stream().filter(f -> f.kind().equals("unknown-meters")).mapToLong(Fault::intervals).sum();
        long incomplete = faults.stream().filter(f -> f.kind().equals("gaps") || f.kind().equals("malformed")).count();
        // a garbled row is rejected whole; in Green Button XML the rows are IntervalReadings, and a block
        // with a garbled reading is rejected with all its readings
        long malformed = format == SampleDataGenerator.Format.ESPI
                ? faults.stream().filter(f -> f.kind().equals("malformed")).mapToLong(Fault::intervals).sum()
                : faults.stream().filter(f -> f.kind().equals("malformed")).count();
        assertThat(summary).as(format.option())
                .containsPattern("Interval values read\\s+" + generation.readCount() + "\n")
                .containsPattern("duplicates dropped \\(same value\\)\\s+" + duplicated + "\n")
                .containsPattern("UNKNOWN_METER\\s+" + unknown + "\\s")
                .containsPattern("rows rejected whole\\s+" + malformed + "\n")
                .containsPattern("INCOMPLETE_READS\\s+" + incomplete + "\\s")
                .contains("Control totals balance");

        // every garbled row is rejected at its place with the reason the generator expects, and nothing else
        // is rejected but the unknown meters' values
        Set<String> rejectedRows = new TreeSet<String>(home.<List<String>>query(jdbc -> jdbc.queryForList("""
                select source_file || ':' || source_line || ':' || reason from read_exception
                where cycle = '2025-11' and reason <> 'UNKNOWN_METER'""", String.class)));
        Set<String> garbled = new TreeSet<>();
        faults.stream().filter(f -> f.kind().equals("malformed"))
                .forEach(f -> garbled.add(f.file() + ":" + f.position() + ":" + f.reason()));
        assertThat(rejectedRows).as(format.option()).isEqualTo(garbled);
        Map<String, Long> unknownValues = new TreeMap<String, Long>(home.<Map<String, Long>>query(jdbc -> {
            Map<String, Long> m = new HashMap<>();
            jdbc.query("""
                    select split_part(raw_row, ' ', 1), source_file, sum(value_count) from read_exception
                    where cycle = '2025-11' and reason = 'UNKNOWN_METER' group by 1, 2""",
                    rs -> {
                        m.put(rs.getString(1) + " in " + rs.getString(2), rs.getLong(3));
                    });
            return m;
        }));
        Map<String, Long> injectedUnknown = new TreeMap<>();
        faults.stream().filter(f -> f.kind().equals("unknown-meters"))
                .forEach(f -> injectedUnknown.put(f.meter() + " in " + f.file(), (long) f.intervals()));
        assertThat(unknownValues).as(format.option()).isEqualTo(injectedUnknown);

        // what each fault did to the store
        Map<String, Map<Instant, Long>> stored = new HashMap<>();
        for (IntervalSeries series : home.storedSeries("2025-11")) {
            Map<Instant, Long> values = stored.computeIfAbsent(series.servicePoint().value() + " "
                    + series.channel().code(), k -> new HashMap<>());
            for (int i = 0; i < series.values().size(); i++) {
                values.put(series.values().start().plusSeconds(60L * series.values().intervalMinutes() * i),
                        series.values().valueAt(i));
            }
        }
        for (Fault fault : faults) {
            Map<Instant, Long> delivered = stored.get(fault.servicePoint() + " kwh_del");
            String as = format.option() + ": " + fault;
            switch (fault.kind()) {
                case "gaps", "malformed" -> {
                    // the intervals of a gap, or of the garbled row (a read, or a day in row-per-day formats), are missing
                    assertThat(delivered).as(as).hasSize(QUARTERS - fault.intervals());
                    if (fault.kind().equals("gaps")) {
                        for (int q = 0; q < fault.intervals(); q++) {
                            assertThat(delivered).as(as).doesNotContainKey(fault.first().plusSeconds(900L * q));
                        }
                    }
                    assertThat(delivered).as(as).doesNotContainKey(fault.first());
                }
                case "spikes", "zero-runs", "stuck" -> {
                    assertThat(delivered).as(as).hasSize(QUARTERS);
                    for (int q = 0; q < fault.intervals(); q++) {
                        assertThat(delivered.get(fault.first().plusSeconds(900L * q))).as(as)
                                .isEqualTo(Long.parseLong(fault.value()));
                    }
                }
                case "exchanges", "duplicates" -> assertThat(delivered).as(as).hasSize(QUARTERS);
                case "unknown-meters" -> assertThat(fault.servicePoint()).isEmpty();
                default -> throw new AssertionError("unexpected fault " + fault);
            }
        }
        // the store as a whole, but for the service points whose garbled row cost a different number of reads
        Set<String> garbledServicePoints = new TreeSet<>();
        faults.stream().filter(f -> f.kind().equals("malformed")).forEach(f -> garbledServicePoints.add(f.servicePoint()));
        Map<String, String> store = new TreeMap<>(home.storeFingerprint("2025-11"));
        store.keySet().removeIf(stream -> garbledServicePoints.contains(stream.split(" ")[0]));
        return new Found(home.bills("2025-11"), store, faults.size());
    }

    @Test
    void everyInjectedFaultIsFoundWhereItWasPutInEveryFormat() throws Exception {
        Found csv = cycleWithFaults(SampleDataGenerator.Format.CSV_LONG);
        // 48 service points, those with a gap or a garbled row (incomplete) not billed
        assertThat(csv.bills()).hasSizeBetween(30, 46);
        for (SampleDataGenerator.Format format : List.of(SampleDataGenerator.Format.CSV_WIDE,
                SampleDataGenerator.Format.PARQUET, SampleDataGenerator.Format.ESPI)) {
            Found other = cycleWithFaults(format);
            assertThat(other.faults()).isEqualTo(csv.faults());
            assertThat(other.store()).as(format.option()).isEqualTo(csv.store());
            // a garbled row costs one read in CSV long and a day elsewhere, but those service points are
            // not billed: every bill is the same
            assertThat(other.bills()).as(format.option()).isEqualTo(csv.bills());
        }
    }
}
