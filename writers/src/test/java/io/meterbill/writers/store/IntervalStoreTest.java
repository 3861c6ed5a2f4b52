package io.meterbill.writers.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.read.Channel;
import io.meterbill.domain.read.IntervalSeries;
import io.meterbill.domain.read.ReadQuality;
import io.meterbill.domain.read.SeriesValues;
import io.meterbill.domain.registry.MeterSerial;
import io.meterbill.domain.registry.ServicePointId;
import io.meterbill.readers.store.IntervalStoreLayout;
import io.meterbill.readers.store.IntervalStoreReader;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interval store on the local file system through Hadoop's FileSystem: exact round trip, atomic files. */
class IntervalStoreTest {

    @TempDir
    java.nio.file.Path tmp;

    private final Configuration conf = new Configuration();

    private IntervalStoreLayout layout() {
        return new IntervalStoreLayout(tmp.resolve("store").toUri(), 16);
    }

    private static final Instant NOV_1 = Instant.parse("2025-11-01T04:00:00Z");

    private static IntervalSeries day(String sp, Channel channel, int day, long base) {
        long[] values = new long[96];
        for (int i = 0; i < values.length; i++) {
            values[i] = base + i;
        }
        return new IntervalSeries(new ServicePointId(sp), channel, new MeterSerial("M-" + sp), SeriesValues.actual(
                NOV_1.plusSeconds(86_400L * day), 15, values, "reads-2025-11.csv", 2 + 96L * day, 1));
    }

    /** Every field comes back as written, including quality exceptions, 5-minute series and empty lists. */
    @Test
    void seriesComeBackExactlyAsWritten() throws IOException {
        IntervalStoreLayout layout = layout();
        List<IntervalSeries> written = new ArrayList<>();
        for (int d = 0; d < 30; d++) {
            written.add(day("SP-0001", Channel.KWH_DELIVERED, d, 250));
            written.add(day("SP-0001", Channel.KWH_RECEIVED, d, 0));
        }
        written.add(new IntervalSeries(new ServicePointId("SP-0002"), Channel.KWH_DELIVERED, new MeterSerial("M-9"),
                new SeriesValues(NOV_1, 5, new long[] {100, 0, 1_000_000_000_000L, 7}, new int[] {1, 3},
                        new ReadQuality[] {ReadQuality.ESTIMATED, ReadQuality.EDITED}, "espi/usage.xml", 17, 0)));
        Path file = layout.file("2025-11", 3, "reads-2025-11");
        try (IntervalStoreFileWriter writer = new IntervalStoreFileWriter(file, conf)) {
            for (IntervalSeries s : written) {
                writer.write(s);
            }
            assertThat(writer.valuesWritten()).isEqualTo(60 * 96 + 4);
            assertThat(new IntervalStoreReader(layout, conf).files("2025-11", 3)).isEmpty(); // not yet committed
            writer.commit();
        }
        IntervalStoreReader reader = new IntervalStoreReader(layout, conf);
        assertThat(reader.files("2025-11", 3)).containsExactly(file);
        List<IntervalSeries> read = reader.readAll(file);
        assertThat(read).containsExactlyElementsOf(written);
        SeriesValues last = read.get(read.size() - 1).values();
        assertThat(last.qualityAt(1)).isEqualTo(ReadQuality.ESTIMATED);
        assertThat(last.qualityAt(2)).isEqualTo(ReadQuality.ACTUAL);
        assertThat(last.valueAt(2)).isEqualTo(1_000_000_000_000L);
        assertThat(read.get(1).values().sourcePositionOf(95)).isEqualTo(2 + 95);
        assertThat(Files.exists(tmp.resolve("store/cycle=2025-11/bucket=003/reads-2025-11.parquet"))).isTrue();
    }

    /**
     * A file written with the service points' zones carries its daily totals in the footer, and its
     * outline (where each series lies) is read without its values. SP-0001's series start at 04:00Z,
     * local midnight in New York, so each of its 96-value days is one local day of 96 x (250..345) =
     * 28,560 Wh; SP-0003 in Kolkata (+5:30) gets a day that straddles two local dates.
     */
    @Test
    void filesCarryTheirDailyTotalsAndAnOutlineWithoutValues() throws IOException {
        IntervalStoreLayout layout = layout();
        Path file = layout.file("2025-11", 1, "in-00001-000000");
        java.util.Map<ServicePointId, java.time.ZoneId> zones = java.util.Map.of(new ServicePointId("SP-0001"),
                java.time.ZoneId.of("America/New_York"), new ServicePointId("SP-0003"), java.time.ZoneId.of("Asia/Kolkata"));
        try (IntervalStoreFileWriter writer = new IntervalStoreFileWriter(file, conf, zones::get)) {
            writer.write(day("SP-0001", Channel.KWH_DELIVERED, 0, 250));
            writer.write(day("SP-0001", Channel.KWH_DELIVERED, 1, 250));
            writer.write(day("SP-0003", Channel.KWH_DELIVERED, 0, 1));
            writer.commit();
        }
        IntervalStoreReader.Outline outline = new IntervalStoreReader(layout, conf).readOutline(file);
        assertThat(outline.series()).extracting(o -> o.servicePoint().value(), IntervalStoreReader.SeriesOutline::startMillis,
                IntervalStoreReader.SeriesOutline::valueCount, IntervalStoreReader.SeriesOutline::endMillis)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("SP-0001", NOV_1.toEpochMilli(), 96, NOV_1.toEpochMilli() + 86_400_000L),
                        org.assertj.core.groups.Tuple.tuple("SP-0001", NOV_1.toEpochMilli() + 86_400_000L, 96,
                                NOV_1.toEpochMilli() + 2 * 86_400_000L),
                        org.assertj.core.groups.Tuple.tuple("SP-0003", NOV_1.toEpochMilli(), 96, NOV_1.toEpochMilli() + 86_400_000L));
        // SP-0003: 04:00Z is 09:30 in Kolkata; 58 quarter hours (values 1..58) fall on Nov 1, 38 (59..96) on Nov 2
        assertThat(outline.dailyTotals()).isEqualTo("""
                SP-0001\tkwh_del\t2025-11-01\t28560,28560\t96,96
                SP-0003\tkwh_del\t2025-11-01\t1711,2945\t58,38
                """);
        // footers of several files add up per stream and day
        java.util.Map<String, io.meterbill.domain.read.DayTotals> merged = new java.util.TreeMap<>();
        IntervalStoreLayout.addDailyTotals(outline.dailyTotals(), merged);
        IntervalStoreLayout.addDailyTotals("SP-0003\tkwh_del\t2025-11-02\t5,0,9\t1,0,2\n", merged);
        assertThat(merged.get("SP-0003\tkwh_del").usage()).containsExactly(
                new io.meterbill.domain.read.DailyUsage(java.time.LocalDate.of(2025, 11, 1), 1711, 58),
                new io.meterbill.domain.read.DailyUsage(java.time.LocalDate.of(2025, 11, 2), 2950, 39),
                new io.meterbill.domain.read.DailyUsage(java.time.LocalDate.of(2025, 11, 4), 9, 2));
        assertThat(merged.get("SP-0001\tkwh_del").days()).isEqualTo(2);
        // a file written without zones carries none, so consolidation reads its values
        Path plain = layout.file("2025-11", 1, "plain");
        try (IntervalStoreFileWriter writer = new IntervalStoreFileWriter(plain, conf)) {
            writer.write(day("SP-0001", Channel.KWH_DELIVERED, 0, 250));
            writer.commit();
        }
        assertThat(new IntervalStoreReader(layout, conf).readOutline(plain).dailyTotals()).isNull();
    }

    /**
     * The store writer encodes pages itself (delta-packed values, run-length levels), so it is checked
     * against parquet-java's reader on what could trip an encoder: single values, lengths
     * that are not a multiple of a 128-value block or a 32-value miniblock, deltas of every width up to 64
     * bits (quantities are never negative, but 0 next to Long.MAX_VALUE spans 2^64 - 2 after the block minimum), non-actual qualities, and more values than one
     * row group holds (so a file has several).
     */
    @Test
    void everyValueShapeRoundTripsThroughParquetJavasReader() throws IOException {
        IntervalStoreLayout layout = layout();
        java.util.Random random = new java.util.Random(20251123);
        List<IntervalSeries> written = new ArrayList<>();
        long total = 0;
        int[] lengths = {1, 2, 3, 31, 32, 33, 127, 128, 129, 130, 96, 92, 100, 288, 1441};
        for (int i = 0; total <= SeriesColumnsWriter.ROW_GROUP_VALUES + 5_000; i++) {
            int n = i < lengths.length ? lengths[i] : 1 + random.nextInt(3000);
            long[] values = new long[n];
            int width = i % 65; // deltas of this many bits
            for (int j = 0; j < n; j++) {
                values[j] = width >= 63 ? random.nextLong() >>> 1 : width == 0 ? 42 : random.nextLong() >>> (64 - width);
            }
            if (i == 7 && n >= 4) {
                values[0] = Long.MAX_VALUE;
                values[1] = 0; // a delta of -(2^63 - 1), then +(2^63 - 1): 64-bit wide after the block minimum
                values[2] = Long.MAX_VALUE;
                values[3] = 0;
            }
            int[] slots = n > 2 && i % 5 == 0 ? new int[] {0, n - 1} : new int[0];
            ReadQuality[] qualities = slots.length == 0 ? new ReadQuality[0]
                    : new ReadQuality[] {ReadQuality.ESTIMATED, ReadQuality.EDITED};
            written.add(new IntervalSeries(new ServicePointId("SP-" + (i / 3)), i % 2 == 0 ? Channel.KWH_DELIVERED
                    : Channel.KWH_RECEIVED, new MeterSerial("M-" + (i / 7)), new SeriesValues(
                    NOV_1.plusSeconds(900L * i), i % 3 == 0 ? 5 : 15, values, slots, qualities, "f-" + (i / 11) + ".csv",
                    i, i % 2)));
            total += n;
        }
        Path file = layout.file("2025-11", 2, "shapes");
        try (IntervalStoreFileWriter writer = new IntervalStoreFileWriter(file, conf)) {
            for (IntervalSeries s : written) {
                writer.write(s);
            }
            writer.commit();
        }
        assertThat(new IntervalStoreReader(layout, conf).readAll(file)).containsExactlyElementsOf(written);
        try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(file, conf))) {
            assertThat(reader.getRowGroups()).hasSizeGreaterThan(1);
            // each row group's min/max statistics are those of its own series (strings unsigned byte by byte)
            int first = 0;
            for (var group : reader.getRowGroups()) {
                List<IntervalSeries> rows = written.subList(first, first + (int) group.getRowCount());
                first += (int) group.getRowCount();
                java.util.Map<String, org.apache.parquet.column.statistics.Statistics<?>> stats = new java.util.HashMap<>();
                for (var chunk : group.getColumns()) {
                    stats.put(chunk.getPath().toDotString(), chunk.getStatistics());
                }
                assertMinMax(stats.get("service_point_id"), rows.stream().map(r -> r.servicePoint().value()).toList());
                assertMinMax(stats.get("meter_serial"), rows.stream().map(r -> r.meter().value()).toList());
                assertMinMax(stats.get("source_file"), rows.stream().map(r -> r.values().sourceFile()).toList());
                assertMinMax(stats.get("start"), rows.stream().map(r -> r.values().start().toEpochMilli()).toList());
                assertMinMax(stats.get("interval_minutes"), rows.stream().map(r -> r.values().intervalMinutes()).toList());
                assertMinMax(stats.get("source_position"), rows.stream().map(r -> r.values().sourcePosition()).toList());
                assertMinMax(stats.get("value_count"), rows.stream().map(r -> r.values().size()).toList());
                assertThat(stats.get("value").hasNonNullValue()).as("no statistics on the values").isFalse();
            }
            assertThat(first).isEqualTo(written.size());
        }
    }

    /**
     * A byte changed inside a values page is caught by the page's CRC-32 when page checksums are verified (as
     * meterbill's Hadoop configuration does), not read as other numbers; unverified, the same file reads
     * back different values. No Hadoop .crc side file is written next to the store file.
     */
    @Test
    void aDamagedPageIsCaughtByItsChecksum() throws IOException {
        IntervalStoreLayout layout = layout();
        Path file = layout.file("2025-11", 3, "damaged");
        long[] values = new long[96];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1_000L * i * i;
        }
        IntervalSeries series = new IntervalSeries(new ServicePointId("SP-1"), Channel.KWH_DELIVERED,
                new MeterSerial("M-1"), SeriesValues.actual(NOV_1, 15, values, "f.csv", 2, 1));
        Configuration meterbill = new Configuration(conf); // local files as meterbill's configuration has them
        meterbill.set("fs.file.impl", io.meterbill.readers.store.NioLocalFileSystem.class.getName());
        meterbill.setBoolean("fs.file.impl.disable.cache", true);
        try (IntervalStoreFileWriter writer = new IntervalStoreFileWriter(file, meterbill)) {
            writer.write(series);
            writer.commit();
        }
        java.nio.file.Path local = java.nio.file.Path.of(file.toUri());
        assertThat(local.resolveSibling("." + local.getFileName() + ".crc")).doesNotExist();
        long valuesEnd;
        try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(file, conf))) {
            var chunk = reader.getRowGroups().get(0).getColumns().stream()
                    .filter(c -> c.getPath().toDotString().equals("value")).findFirst().orElseThrow();
            valuesEnd = chunk.getStartingPos() + chunk.getTotalSize();
        }
        byte[] bytes = java.nio.file.Files.readAllBytes(local);
        bytes[(int) valuesEnd - 3] ^= 0x10; // in the last bit-packed deltas of the values page
        java.nio.file.Files.write(local, bytes);

        Configuration unverified = new Configuration(meterbill);
        unverified.setBoolean("parquet.page.verify-checksum.enabled", false);
        assertThat(new IntervalStoreReader(layout, unverified).readAll(file)).singleElement()
                .satisfies(s -> assertThat(s.values().values()).isNotEqualTo(values));
        Configuration verified = new Configuration(meterbill);
        verified.setBoolean("parquet.page.verify-checksum.enabled", true);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new IntervalStoreReader(layout, verified).readAll(file))
                .hasStackTraceContaining("CRC checksum verification failed");
    }

    private static <T extends Comparable<T>> void assertMinMax(org.apache.parquet.column.statistics.Statistics<?> stats,
            List<T> values) {
        Object min = stats.genericGetMin();
        Object max = stats.genericGetMax();
        if (min instanceof org.apache.parquet.io.api.Binary b) {
            min = b.toStringUsingUTF8();
            max = ((org.apache.parquet.io.api.Binary) max).toStringUsingUTF8();
        }
        assertThat(stats.getNumNulls()).isZero();
        assertThat(List.of(min, max)).isEqualTo(List.of(java.util.Collections.min(values), java.util.Collections.max(values)));
    }

    /** A writer closed without a commit leaves nothing; a second commit under the same name replaces the first. */
    @Test
    void onlyCommittedFilesAreVisibleAndARewriteReplacesTheOldFile() throws IOException {
        IntervalStoreLayout layout = layout();
        Path file = layout.file("2025-11", 0, "part-a");
        try (IntervalStoreFileWriter abandoned = new IntervalStoreFileWriter(file, conf)) {
            abandoned.write(day("SP-0001", Channel.KWH_DELIVERED, 0, 1));
        }
        try (var listed = Files.list(tmp.resolve("store/cycle=2025-11/bucket=000"))) {
            assertThat(listed.toList()).noneMatch(p -> p.getFileName().toString().contains("part-a"));
        }
        for (long base : new long[] {1, 2}) {
            try (IntervalStoreFileWriter writer = new IntervalStoreFileWriter(file, conf)) {
                writer.write(day("SP-0001", Channel.KWH_DELIVERED, 0, base));
                writer.commit();
            }
        }
        IntervalStoreReader reader = new IntervalStoreReader(layout, conf);
        assertThat(reader.files("2025-11", 0)).containsExactly(file);
        assertThat(reader.readAll(file)).singleElement().satisfies(s -> assertThat(s.values().valueAt(0)).isEqualTo(2));
        assertThat(reader.files("2025-11", 1)).isEmpty();
    }

    /** Buckets depend only on the service point id, so every run and every JVM agrees on them. */
    @Test
    void bucketsAreStable() {
        IntervalStoreLayout layout = layout();
        assertThat(layout.bucketOf(new ServicePointId("SP-0001"))).isEqualTo(Math.floorMod("SP-0001".hashCode(), 16));
        assertThat(layout.bucketDirectory("2025-11", 7).toString()).endsWith("/store/cycle=2025-11/bucket=007");
        assertThat(IntervalStoreLayout.isComplete(new Path("/x/.a.parquet.inprogress"))).isFalse();
        assertThat(IntervalStoreLayout.isComplete(new Path("/x/_SUCCESS"))).isFalse();
    }
}
