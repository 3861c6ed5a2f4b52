package io.meterbill.readers.interval;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.SeriesBlock;
import io.meterbill.domain.read.SeriesRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;

class SeriesBlockReaderTest {

    @TempDir
    Path tmp;

    /** Three meters x one day of quarter hours (288 rows), with a bad row after each meter's day: 291 data rows. */
    private static String longCsv() {
        return longCsv(3);
    }

    private static String longCsv(int meters) {
        StringBuilder csv = new StringBuilder(String.join(",", IntervalCsvLongFormat.HEADER)).append('\n');
        Instant day = Instant.parse("2025-11-10T05:00:00Z");
        for (int m = 1; m <= meters; m++) {
            for (int q = 0; q < 96; q++) {
                csv.append("M-").append(m).append(',').append(day.plusSeconds(900L * q).toString().replace("Z", "+00:00"))
                        .append(",15,kwh_del,").append(m).append('.').append(String.format("%03d", q)).append(",kWh\n");
            }
            csv.append("M-").append(m).append(",not-a-time,15,kwh_del,1,kWh\n");
        }
        return csv.toString();
    }

    private IntervalFiles.InputFile file(Path path, InputFormat format, boolean gz) {
        return new IntervalFiles.InputFile(path, path.getFileName().toString(), format, gz, null, CsvLayouts.STANDARD);
    }

    private static List<SeriesBlock> readAll(SeriesBlockReader reader, ExecutionContext context, int max) {
        reader.open(context);
        List<SeriesBlock> blocks = new ArrayList<>();
        SeriesBlock block;
        while (blocks.size() < max && (block = reader.read()) != null) {
            blocks.add(block);
            reader.update(context);
        }
        reader.close();
        return blocks;
    }

    @Test
    void blocksAreCutByValuesAndARestartedReaderGoesOnFromTheLastCommittedBlock() throws IOException {
        Path csv = Files.writeString(tmp.resolve("reads.csv"), longCsv());
        IntervalFiles.InputFile input = file(csv, InputFormat.CSV_LONG, false);
        List<SeriesBlock> whole = readAll(new SeriesBlockReader(input, 7, 291, new Configuration(), 100, 1000),
                new ExecutionContext(), Integer.MAX_VALUE);
        // the bad rows come first (a meter's series is handed on when the file ends); a block closes once it
        // holds 100 values: [3 bad rows, M-1, M-2] and [M-3]
        assertThat(whole).extracting(SeriesBlock::blockNo).containsExactly(0, 1);
        assertThat(whole.get(0).records()).hasSize(5);
        assertThat(whole).allSatisfy(b -> assertThat(b.fileNo()).isEqualTo(7));
        assertThat(whole.stream().mapToLong(SeriesBlock::rows).sum()).isEqualTo(291);
        assertThat(whole.stream().mapToLong(SeriesBlock::values).sum()).isEqualTo(288);

        ExecutionContext context = new ExecutionContext();
        List<SeriesBlock> first = readAll(new SeriesBlockReader(input, 7, 291, new Configuration(), 100, 1000), context, 1);
        List<SeriesBlock> rest = readAll(new SeriesBlockReader(input, 7, 291, new Configuration(), 100, 1000), context,
                Integer.MAX_VALUE);
        List<SeriesBlock> resumed = new ArrayList<>(first);
        resumed.addAll(rest);
        assertThat(resumed).isEqualTo(whole);
    }

    /** A gzip stream cut short: the rows before the cut are read, the rest of the listed rows are reported not read. */
    @Test
    void aTruncatedGzipKeepsWhatCameBeforeAndAccountsForTheRest() throws IOException {
        Path gz = tmp.resolve("reads.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(longCsv(200).getBytes(StandardCharsets.UTF_8)); // 19,400 rows, ~1 MB: several buffers
        }
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        List<SeriesBlock> blocks = readAll(new SeriesBlockReader(file(gz, InputFormat.CSV_LONG, true), 1, 19_400,
                new Configuration(), 1_000_000, 1000), new ExecutionContext(), Integer.MAX_VALUE);
        List<SeriesRecord> records = blocks.stream().flatMap(b -> b.records().stream()).toList();
        SeriesRecord last = records.get(records.size() - 1);
        assertThat(last).isInstanceOfSatisfying(SeriesRecord.Unreadable.class, rest -> {
            assertThat(rest.detail()).contains("truncated").contains("the lines before it are kept");
            assertThat(rest.sourceRows()).isPositive();
        });
        assertThat(blocks.stream().mapToLong(SeriesBlock::rows).sum()).isEqualTo(19_400);
        assertThat(blocks.stream().mapToLong(SeriesBlock::values).sum()).isBetween(1000L, 19_000L);
    }

    @Test
    void aLineThatIsNotUtf8IsRejectedAndTheRestRead() throws IOException {
        byte[] head = (String.join(",", IntervalCsvLongFormat.HEADER) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "M-\u00e9,2025-11-10T05:00:00+00:00,15,kwh_del,1.000,kWh\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] good = "M-1,2025-11-10T05:00:00+00:00,15,kwh_del,1.000,kWh\n".getBytes(StandardCharsets.UTF_8);
        Path csv = tmp.resolve("latin1.csv");
        Files.write(csv, concat(head, latin1, good));
        List<SeriesRecord> records = readAll(new SeriesBlockReader(file(csv, InputFormat.CSV_LONG, false), 1, 2,
                new Configuration(), 1000, 1000), new ExecutionContext(), 10).get(0).records();
        assertThat(records).hasSize(2);
        assertThat(records.get(0)).isInstanceOfSatisfying(ReadRecord.Unparseable.class, bad -> {
            assertThat(bad.row().line()).isEqualTo(2);
            assertThat(bad.detail()).startsWith("line is not valid UTF-8");
        });
        assertThat(records.get(1)).isInstanceOf(SeriesRecord.Parsed.class);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
