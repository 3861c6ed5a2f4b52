package io.meterbill.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus ({@code jobs/src/test/resources/bad-input}, described in its README) imported in
 * one cycle together with the bundled sample's read files: every broken row or file is named with its
 * file, place and reason, the good rows around the damage are read, the control totals balance, and the
 * bills are the clean sample's.
 */
class BadInputIT {

    private static final Path CORPUS = Path.of("jobs/src/test/resources/bad-input");

    @TempDir
    Path tmp;

    @Test
    void everyBrokenInputIsNamedAndTheRestIsImportedAndBilled() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        try (Stream<Path> sample = Files.list(Path.of("sample-data/reads")); Stream<Path> corpus = Files.list(CORPUS)) {
            for (Path file : Stream.concat(sample, corpus).toList()) {
                if (!file.getFileName().toString().equals("README.md")) {
                    Files.copy(file, in.resolve(file.getFileName()));
                }
            }
        }
        brokenParquet(in);

        MeterbillHome home = new MeterbillHome(tmp.resolve("home"));
        home.importSampleRegistryAndTariffs();
        MeterbillHome.Result cycle = home.run("cycle", "run", "--cycle", "2025-11", "--input", in.toString());
        assertThat(cycle.exitCode()).as(cycle.toString()).isZero();
        String summary = Files.readString(home.path().resolve("output/2025-11/cycle-summary.txt"));

        // each broken row, and where each damaged file stops, with the reason (the sample's own bad rows aside)
        Set<String> rejected = new TreeSet<>(home.<List<String>>query(jdbc -> jdbc.queryForList("""
                select source_file || ':' || source_line || ':' || reason || ':' || rows_covered from read_exception
                where cycle = '2025-11' and source_file not like 'reads-2025-11-%'""", String.class)));
        assertThat(rejected).containsExactly(
                "corrupt.parquet:51:FILE_NOT_READABLE:50", // the second row group of 50 rows is unreadable
                "impossible-timestamp.csv:4:BAD_TIMESTAMP:1",
                "latin1.csv:4:MALFORMED_ROW:1", // not UTF-8
                "malformed.xml:7:FILE_NOT_READABLE:1", // the reading whose end tag is broken; the first block of 4 was read
                "non-numeric.csv:5:BAD_VALUE:1",
                "truncated.csv.gz:221:MALFORMED_ROW:1", // the line the damage cut in half
                "truncated.csv.gz:222:FILE_NOT_READABLE:0", // where the gzip stream stops; every line before it was read
                "truncated.csv:22:MALFORMED_ROW:1", // the last line, cut off
                "truncated.xml:7:FILE_NOT_READABLE:2",
                "unknown-unit.csv:4:UNKNOWN_UNIT:1");
        assertThat(home.<String>query(jdbc -> jdbc.queryForObject("""
                select detail from read_exception where cycle = '2025-11' and source_file = 'latin1.csv'""",
                String.class))).contains("not valid UTF-8");
        // refused whole, with the reason
        assertThat(summary).contains("Input files refused whole")
                .containsPattern("empty\\.csv: file is empty")
                .containsPattern("wrong-header\\.csv: not an interval file")
                .containsPattern("truncated\\.parquet: not a readable Parquet file \\(truncated or corrupt footer\\)");

        // cycle status shows each file: rows listed, read and rejected, values read, accepted and rejected
        MeterbillHome.Result status = home.run("cycle", "status", "--cycle", "2025-11");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out())
                .containsPattern("\\d+ truncated\\.csv\\.gz +CSV_LONG +220 +219 +1 +219 +219 +0 +1\n")
                .containsPattern("\\d+ corrupt\\.parquet +PARQUET +100 +50 +50 +50 +50 +0 +1\n")
                .containsPattern("- empty\\.csv +refused whole: file is empty\n");

        // the good rows of the corpus repeat the sample's values: stored once, the same as the clean sample's,
        // and every bill is the clean sample's (BillingCycleIT checks those figures line by line)
        assertThat(summary)
                .containsPattern("values stored\\s+141316\n")
                .containsPattern("billed\\s+49\n")
                .containsPattern("Sum of bill totals\\s+12151\\.49 USD")
                .contains("Control totals balance");
    }

    /**
     * {@code corrupt.parquet}: the 100 quarter hours of M-10000001 on 2 November (clocks go back) as the
     * long Parquet layout in two row groups of 50, the second row group's bytes zeroed; {@code truncated.parquet}: the first half
     * of the same file before the damage.
     */
    private static void brokenParquet(Path dir) throws Exception {
        MessageType schema = MessageTypeParser.parseMessageType("""
                message reads {
                  required binary meter_serial (STRING);
                  required int64 interval_start (TIMESTAMP(MILLIS,true));
                  required int32 interval_minutes;
                  required binary channel (STRING);
                  required int64 value;
                  required binary unit (STRING);
                }""");
        List<String> day2 = Files.readAllLines(Path.of("sample-data/reads/reads-2025-11-01_10.csv")).stream()
                .filter(line -> line.startsWith("M-10000001,2025-11-02T")).toList();
        assertThat(day2).hasSize(100); // the day clocks go back: 25 hours
        Path good = dir.resolve("corrupt.parquet");
        Configuration conf = new Configuration();
        try (ParquetWriter<Group> out = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(good.toUri()))
                .withConf(conf).withType(schema).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.SNAPPY).withRowGroupRowCountLimit(50).build()) {
            SimpleGroupFactory rows = new SimpleGroupFactory(schema);
            for (String line : day2) {
                String[] f = line.split(",");
                out.write(rows.newGroup().append("meter_serial", f[0])
                        .append("interval_start", OffsetDateTime.parse(f[1]).toInstant().toEpochMilli())
                        .append("interval_minutes", Integer.parseInt(f[2])).append("channel", f[3])
                        .append("value", Math.round(Double.parseDouble(f[4]) * 1000)).append("unit", "Wh"));
            }
        }
        byte[] bytes = Files.readAllBytes(good);
        Files.write(dir.resolve("truncated.parquet"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        BlockMetaData second;
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(good.toUri()), conf))) {
            assertThat(reader.getRowGroups()).hasSize(2);
            second = reader.getRowGroups().get(1);
        }
        java.util.Arrays.fill(bytes, (int) second.getStartingPos(),
                (int) (second.getStartingPos() + second.getCompressedSize()), (byte) 0);
        Files.write(good, bytes);
        Files.deleteIfExists(dir.resolve(".corrupt.parquet.crc"));
    }
}
