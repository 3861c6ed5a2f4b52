package io.meterbill.readers.interval;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.read.Channel;
import io.meterbill.domain.read.MeterSeries;
import io.meterbill.domain.read.ReadQuality;
import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.ReadRejectionReason;
import io.meterbill.domain.read.SeriesRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet input in both layouts, written here with parquet-java's example writer (the record API is fine for tests). */
class ParquetIntervalFormatTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @TempDir
    java.nio.file.Path tmp;

    private final Configuration conf = new Configuration();

    private Path write(String name, MessageType schema, List<Group> rows) throws IOException {
        Path path = new Path(tmp.resolve(name).toUri());
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(path).withConf(conf).withType(schema).build()) {
            for (Group row : rows) {
                writer.write(row);
            }
        }
        return path;
    }

    private List<SeriesRecord> read(Path path) {
        List<SeriesRecord> records = new ArrayList<>();
        ParquetIntervalFormat.read(path, conf, NEW_YORK, records::add);
        return records;
    }

    /**
     * Long layout, kWh as DOUBLE: four quarter hours of M-1 delivered (0.25, 0.1 + 0.2 as a double, 0.3,
     * 0.4 kWh) make one series with rows 1-4; a value of 0.0004 kWh is not a whole Wh and its row is
     * rejected, which ends the series (the next row starts a new one).
     */
    @Test
    void longLayoutRowsBecomeSeriesWithRowPositions() throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType("""
                message reads {
                  required binary meter_serial (STRING);
                  required int64 interval_start (TIMESTAMP(MILLIS,true));
                  required int32 interval_minutes;
                  required binary channel (STRING);
                  required double value;
                  required binary unit (STRING);
                }""");
        SimpleGroupFactory rows = new SimpleGroupFactory(schema);
        long t0 = Instant.parse("2025-11-10T05:00:00Z").toEpochMilli();
        double[] kwh = {0.25, 0.1 + 0.2, 0.3, 0.4, 0.0004, 0.5};
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < kwh.length; i++) {
            groups.add(rows.newGroup().append("meter_serial", "M-1").append("interval_start", t0 + 900_000L * i)
                    .append("interval_minutes", 15).append("channel", "kwh_del").append("value", kwh[i])
                    .append("unit", "kWh"));
        }
        List<SeriesRecord> records = read(write("long.parquet", schema, groups));
        assertThat(records).hasSize(3);
        ReadRecord.Unparseable bad = (ReadRecord.Unparseable) records.get(0);
        assertThat(bad.reason()).isEqualTo(ReadRejectionReason.BAD_VALUE);
        assertThat(bad.row().line()).isEqualTo(5);
        assertThat(bad.detail()).isEqualTo("value 0.0004 is not within 0.000001 of a thousandth");
        MeterSeries first = ((SeriesRecord.Parsed) records.get(1)).series().get(0);
        assertThat(first.values().values()).containsExactly(250, 300, 300, 400);
        assertThat(first.values().sourcePositionOf(3)).isEqualTo(4);
        MeterSeries last = ((SeriesRecord.Parsed) records.get(2)).series().get(0);
        assertThat(last.values().start()).isEqualTo(Instant.parse("2025-11-10T06:15:00Z"));
        assertThat(last.values().sourcePosition()).isEqualTo(6);
    }

    /**
     * An optional quality column in either layout: long rows keep their own (E, edited, blank = actual),
     * a wide row's quality covers its day, both ways of reading the wide values agree, and a code that is
     * not a quality refuses the row.
     */
    @Test
    void anOptionalQualityColumnIsKeptInBothLayouts() throws IOException {
        MessageType longSchema = MessageTypeParser.parseMessageType("""
                message reads {
                  required binary meter_serial (STRING);
                  required int64 interval_start (TIMESTAMP(MILLIS,true));
                  required int32 interval_minutes;
                  required binary channel (STRING);
                  required int64 value;
                  required binary unit (STRING);
                  optional binary quality (STRING);
                }""");
        SimpleGroupFactory longRows = new SimpleGroupFactory(longSchema);
        long t0 = Instant.parse("2025-11-10T05:00:00Z").toEpochMilli();
        String[] codes = {"A", "E", null, "edited", "Z"};
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < codes.length; i++) {
            Group row = longRows.newGroup().append("meter_serial", "M-1").append("interval_start", t0 + 900_000L * i)
                    .append("interval_minutes", 15).append("channel", "kwh_del").append("value", 100L + i)
                    .append("unit", "Wh");
            if (codes[i] != null) {
                row.append("quality", codes[i]);
            }
            groups.add(row);
        }
        List<SeriesRecord> longRecords = read(write("long-quality.parquet", longSchema, groups));
        assertThat(longRecords).hasSize(2);
        ReadRecord.Unparseable z = (ReadRecord.Unparseable) longRecords.get(0);
        assertThat(z.reason()).isEqualTo(ReadRejectionReason.MALFORMED_ROW);
        assertThat(z.detail()).isEqualTo("quality 'Z' is not actual, estimated or edited (A, E, M)");
        assertThat(z.row().line()).isEqualTo(5);
        MeterSeries four = ((SeriesRecord.Parsed) longRecords.get(1)).series().get(0);
        assertThat(four.values().nonActualSlots()).containsExactly(1, 3);
        assertThat(four.values().nonActualQualities()).containsExactly(ReadQuality.ESTIMATED, ReadQuality.EDITED);

        MessageType wideSchema = MessageTypeParser.parseMessageType("""
                message days {
                  required binary meter_serial (STRING);
                  required binary channel (STRING);
                  required int32 date (DATE);
                  required int32 interval_minutes;
                  required binary unit (STRING);
                  optional binary quality (STRING);
                  repeated int64 values;
                }""");
        SimpleGroupFactory wideRows = new SimpleGroupFactory(wideSchema);
        List<Group> days = new ArrayList<>();
        String[] dayCodes = {"A", "E", "M", "?"};
        for (int d = 0; d < dayCodes.length; d++) {
            Group day = wideRows.newGroup().append("meter_serial", "M-1").append("channel", "kwh_del")
                    .append("date", (int) LocalDate.of(2025, 11, 10 + d).toEpochDay()).append("interval_minutes", 60)
                    .append("unit", "Wh").append("quality", dayCodes[d]);
            for (int h = 0; h < 24; h++) {
                day.append("values", 10L + h);
            }
            days.add(day);
        }
        Path wide = write("wide-quality.parquet", wideSchema, days);
        for (boolean pageByPage : new boolean[] {true, false}) {
            List<SeriesRecord> records = new ArrayList<>();
            ParquetIntervalFormat.read(wide, "wide-quality.parquet", conf, NEW_YORK, records::add, pageByPage);
            assertThat(records).hasSize(4);
            assertThat(((SeriesRecord.Parsed) records.get(0)).series().get(0).values().nonActualSlots()).isEmpty();
            MeterSeries estimated = ((SeriesRecord.Parsed) records.get(1)).series().get(0);
            assertThat(estimated.values().nonActualSlots()).hasSize(24);
            assertThat(estimated.values().qualityAt(23)).isEqualTo(ReadQuality.ESTIMATED);
            assertThat(((SeriesRecord.Parsed) records.get(2)).series().get(0).values().qualityAt(0))
                    .isEqualTo(ReadQuality.EDITED);
            assertThat(((ReadRecord.Unparseable) records.get(3)).detail())
                    .isEqualTo("quality '?' is not actual, estimated or edited (A, E, M)");
        }
    }

    /** Wide layout with a LIST of Wh: the fall-back day 2025-11-02 has 100 quarter hours; 96 on it is refused. */
    @Test
    void wideLayoutRowsAreDaysLocalToTheZone() throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType("""
                message days {
                  required binary meter_serial (STRING);
                  required binary channel (STRING);
                  required int32 date (DATE);
                  required int32 interval_minutes;
                  required binary unit (STRING);
                  required group values (LIST) {
                    repeated group list {
                      required int64 element;
                    }
                  }
                }""");
        SimpleGroupFactory rows = new SimpleGroupFactory(schema);
        List<Group> groups = new ArrayList<>();
        for (int count : new int[] {100, 96}) {
            Group row = rows.newGroup().append("meter_serial", "M-7").append("channel", "kwh_rec")
                    .append("date", (int) LocalDate.of(2025, 11, 2).toEpochDay()).append("interval_minutes", 15)
                    .append("unit", "Wh");
            Group list = row.addGroup("values");
            for (int i = 0; i < count; i++) {
                list.addGroup("list").append("element", (long) i);
            }
            groups.add(row);
        }
        List<SeriesRecord> records = read(write("wide.parquet", schema, groups));
        assertThat(records.get(0)).as(records.toString()).isInstanceOf(SeriesRecord.Parsed.class);
        MeterSeries day = ((SeriesRecord.Parsed) records.get(0)).series().get(0);
        assertThat(day.channel()).isEqualTo(Channel.KWH_RECEIVED);
        assertThat(day.values().start()).isEqualTo(Instant.parse("2025-11-02T04:00:00Z"));
        assertThat(day.values().size()).isEqualTo(100);
        assertThat(day.values().valueAt(99)).isEqualTo(99);
        assertThat(records.get(1)).isInstanceOfSatisfying(ReadRecord.Unparseable.class, bad -> {
            assertThat(bad.row().line()).isEqualTo(2);
            assertThat(bad.detail()).isEqualTo(
                    "96 values for 2025-11-02, which has 100 intervals of 15 minutes in America/New_York");
        });
    }

    /** Not Parquet, a truncated file, and a Parquet file of something else: each unreadable whole, with the reason. */
    @Test
    void corruptTruncatedAndForeignFilesAreRejectedWhole() throws IOException {
        java.nio.file.Path junk = Files.write(tmp.resolve("junk.parquet"), "PAR1 this is not parquet".getBytes());
        assertThat(read(new Path(junk.toUri()))).singleElement().isInstanceOfSatisfying(SeriesRecord.Unreadable.class,
                bad -> assertThat(bad.detail()).startsWith("Parquet file cannot be read after row 0: "));
        MessageType other = MessageTypeParser.parseMessageType("message x { required int32 a; }");
        Path foreign = write("other.parquet", other, List.of(new SimpleGroupFactory(other).newGroup().append("a", 1)));
        assertThat(read(foreign)).singleElement().isInstanceOfSatisfying(SeriesRecord.Unreadable.class,
                bad -> assertThat(bad.detail()).startsWith("Parquet columns [a] are neither the long layout"));
        byte[] whole = Files.readAllBytes(java.nio.file.Path.of(foreign.toUri()));
        java.nio.file.Path cut = Files.write(tmp.resolve("cut.parquet"), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThat(read(new Path(cut.toUri()))).singleElement().isInstanceOfSatisfying(SeriesRecord.Unreadable.class,
                bad -> assertThat(bad.row().line()).isEqualTo(1));
    }

    /**
     * The wide layout's values read page by page ({@link WholeNumberListPages}) give exactly what the column API
     * gives, row for row, for each way writers lay the list out: the LIST shape with optional elements (nulls
     * are gaps), a nullable list of required INT32, a bare repeated INT64; format 1 and 2 pages; dictionary,
     * plain, and a dictionary that fills up so later pages fall back to plain; pages of a few hundred values, so
     * rows of 92, 96 and 100 values span pages; and several row groups. Empty and null lists are rows of no values.
     */
    @Test
    void pageByPageValuesMatchTheColumnApi() throws IOException {
        String[] shapes = {
            "required group values (LIST) { repeated group list { optional int64 element; } }",
            "optional group values (LIST) { repeated group list { required int32 element; } }",
            "repeated int64 values;"};
        java.util.Random random = new java.util.Random(7);
        int handled = 0;
        int files = 0;
        for (String shape : shapes) {
            boolean optionalColumns = !shape.contains("LIST"); // meter and date may be missing: refused rows
            String optional = optionalColumns ? "optional" : "required";
            MessageType schema = MessageTypeParser.parseMessageType("message days { " + optional
                    + " binary meter_serial (STRING); required binary channel (STRING); " + optional
                    + " int32 date (DATE); required int32 interval_minutes; required binary unit (STRING); " + shape + " }");
            SimpleGroupFactory factory = new SimpleGroupFactory(schema);
            boolean listShape = shape.contains("LIST");
            boolean optionalElement = shape.contains("optional int64");
            boolean nullableList = shape.startsWith("optional");
            List<Group> rows = new ArrayList<>();
            for (int r = 0; r < 300; r++) {
                Group row = factory.newGroup();
                if (!(optionalColumns && r % 31 == 7)) {
                    row.append("meter_serial", "M-" + (r % 40));
                }
                row.append("channel", "kwh_del");
                if (!(optionalColumns && r % 37 == 9)) {
                    row.append("date", (int) LocalDate.of(2025, 11, 1 + r % 3).toEpochDay());
                }
                row.append("interval_minutes", 15).append("unit", "Wh");
                int count = r % 17 == 5 ? 0 : r % 3 == 1 ? 100 : 96; // Nov 2 in New York has 100 quarter hours
                if (nullableList && r % 23 == 3) {
                    rows.add(row); // the list itself is null
                    continue;
                }
                Group list = listShape ? row.addGroup("values") : null;
                int bits = 1 + r % 20; // values of every width up to 20 bits, so dictionaries of many sizes
                for (int i = 0; i < count; i++) {
                    long value = random.nextInt(1 << bits);
                    if (!listShape) {
                        row.append("values", value);
                    } else if (optionalElement && (r + i) % 29 == 0) {
                        list.addGroup("list"); // a null element: a gap
                    } else if (shape.contains("int32")) {
                        list.addGroup("list").append("element", (int) value);
                    } else {
                        list.addGroup("list").append("element", value);
                    }
                }
                rows.add(row);
            }
            for (var version : org.apache.parquet.column.ParquetProperties.WriterVersion.values()) {
                for (int layout = 0; layout < 3; layout++) {
                    Path path = new Path(tmp.resolve("pages-" + files++ + ".parquet").toUri());
                    var builder = ExampleParquetWriter.builder(path).withConf(conf).withType(schema)
                            .withWriterVersion(version).withPageSize(2048).withPageRowCountLimit(300)
                            .withRowGroupSize(12 * 1024L).withDictionaryEncoding(layout != 1);
                    if (layout == 2) {
                        builder = builder.withDictionaryPageSize(512); // the dictionary fills up; later pages are plain
                    }
                    try (ParquetWriter<Group> writer = builder.build()) {
                        for (Group row : rows) {
                            writer.write(row);
                        }
                    }
                    List<SeriesRecord> byPage = new ArrayList<>();
                    ParquetIntervalFormat.read(path, "f.parquet", conf, NEW_YORK, byPage::add, true);
                    List<SeriesRecord> byValue = new ArrayList<>();
                    ParquetIntervalFormat.read(path, "f.parquet", conf, NEW_YORK, byValue::add, false);
                    assertThat(byPage).as(shape + " " + version + " layout " + layout).hasSize(300)
                            .isEqualTo(byValue);
                    assertThat(byPage).filteredOn(SeriesRecord.Parsed.class::isInstance)
                            .hasSize(nullableList ? 270 : optionalColumns ? 264 : 282); // less the empty (and null) lists
                    // and rows without a meter or a date

                    try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                            org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(path, conf))) {
                        var column = reader.getFooter().getFileMetaData().getSchema().getColumns().get(5);
                        assertThat(reader.getRowGroups()).as("row groups").hasSizeGreaterThan(1);
                        for (var group : reader.getRowGroups()) {
                            var chunk = group.getColumns().get(5);
                            if (WholeNumberListPages.handles(column, chunk)) {
                                handled++;
                            }
                        }
                    }
                }
            }
        }
        // format 1 pages in every layout are read page by page (format 2 falls back from a full dictionary to
        // DELTA_BINARY_PACKED, which the column API reads)
        assertThat(handled).isGreaterThan(30);
    }
}
