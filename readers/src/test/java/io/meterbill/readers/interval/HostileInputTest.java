package io.meterbill.readers.interval;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.read.InputText;
import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.ReadRejectionReason;
import io.meterbill.domain.read.SeriesRecord;
import io.meterbill.domain.read.SourceRow;
import io.meterbill.readers.csv.TextLines;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input treated as hostile: any byte sequence is a row to refuse (with what it was), never a reason to stop
 * reading, and a value echoed in a message is cut.
 */
class HostileInputTest {

    @TempDir
    Path tmp;

    private static final String HEADER = String.join(",", IntervalCsvLongFormat.HEADER) + "\n";
    private static final String GOOD = "M-1,2025-11-03T07:00:00-05:00,15,kwh_del,0.25,kWh\n";

    private List<SeriesRecord> read(byte[] content) throws Exception {
        Path file = tmp.resolve("in.csv");
        Files.write(file, content);
        List<SeriesRecord> records = new ArrayList<>();
        IntervalFiles.read(new IntervalFiles.InputFile(file, "in.csv", InputFormat.CSV_LONG, false, null,
                CsvLayouts.STANDARD), new Configuration(), records::add);
        return records;
    }

    private static ReadRecord.Unparseable refusedAt(List<SeriesRecord> records, long line) {
        return records.stream().filter(r -> r instanceof ReadRecord.Unparseable && r.row().line() == line)
                .map(r -> (ReadRecord.Unparseable) r).findFirst().orElseThrow(() -> new AssertionError("line " + line
                        + " not refused: " + records));
    }

    /**
     * A NUL byte, invalid UTF-8 and a line longer than a row may be are each refused as their row, with the
     * row's bytes described exactly (length, SHA-256); the rows around them are read.
     */
    @Test
    void nulInvalidUtf8AndAnOverlongLineAreRefusedRowsDescribedByTheirBytes() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes((HEADER + GOOD).getBytes(StandardCharsets.UTF_8));
        byte[] nul = "M-1,2025-11-03T07:15:00-05:00,15,kwh\u0000del,0.25,kWh".getBytes(StandardCharsets.UTF_8);
        file.writeBytes(nul);
        file.write('\n');
        byte[] latin1 = "M-1,2025-11-03T07:30:00-05:00,15,kwh_del,0.25,kWh,caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        file.writeBytes(latin1);
        file.write('\n');
        byte[] huge = ("M-1," + "9".repeat(TextLines.MAX_LINE_BYTES + 5)).getBytes(StandardCharsets.UTF_8);
        file.writeBytes(huge);
        file.write('\n');
        file.writeBytes(GOOD.replace("07:00", "07:45").getBytes(StandardCharsets.UTF_8));

        List<SeriesRecord> records = read(file.toByteArray());
        assertThat(records.stream().mapToLong(SeriesRecord::sourceRows).sum()).isEqualTo(5);

        ReadRecord.Unparseable nulRow = refusedAt(records, 3);
        assertThat(nulRow.reason()).isEqualTo(ReadRejectionReason.UNKNOWN_CHANNEL);
        assertThat(nulRow.detail()).isEqualTo("channel 'kwh\\x00del'");
        SourceRow.Kept kept = nulRow.row().kept();
        assertThat(kept.text()).isEqualTo("M-1,2025-11-03T07:15:00-05:00,15,kwh\\x00del,0.25,kWh");
        assertThat(kept.bytes()).isEqualTo(nul.length);
        assertThat(kept.sha256()).isEqualTo(InputText.sha256(nul, 0, nul.length));
        assertThat(kept.whole()).isTrue();

        ReadRecord.Unparseable latin1Row = refusedAt(records, 4);
        assertThat(latin1Row.detail()).contains("not valid UTF-8");
        assertThat(latin1Row.row().kept().text()).endsWith("caf\uFFFD");
        assertThat(latin1Row.row().kept().sha256()).isEqualTo(InputText.sha256(latin1, 0, latin1.length));
        assertThat(latin1Row.row().kept().bytes()).isEqualTo(latin1.length);

        ReadRecord.Unparseable hugeRow = refusedAt(records, 5);
        assertThat(hugeRow.reason()).isEqualTo(ReadRejectionReason.MALFORMED_ROW);
        assertThat(hugeRow.detail()).isEqualTo("line is " + huge.length + " bytes long, more than the "
                + TextLines.MAX_LINE_BYTES + " a row may have; its start is kept");
        assertThat(hugeRow.row().text()).hasSize(SourceRow.KEPT_CHARS);
        assertThat(hugeRow.row().kept()).isEqualTo(new SourceRow.Kept("M-1," + "9".repeat(SourceRow.KEPT_CHARS - 4),
                huge.length, InputText.sha256(huge, 0, huge.length), false));
    }

    /** The manifest counts the rows the import reads: an overlong line of blanks is a row, not a blank line. */
    @Test
    void theManifestCountsWhatTheImportReads() throws Exception {
        Path file = tmp.resolve("in.csv");
        Files.writeString(file, HEADER + GOOD + " ".repeat(TextLines.MAX_LINE_BYTES + 1) + "\n\n" + "\u0000\n");
        assertThat(InputManifest.scan(file, new Configuration()).get(0).dataRows()).isEqualTo(3);
        List<SeriesRecord> records = new ArrayList<>();
        IntervalFiles.read(new IntervalFiles.InputFile(file, "in.csv", InputFormat.CSV_LONG, false, null,
                CsvLayouts.STANDARD), new Configuration(), records::add);
        assertThat(records.stream().mapToLong(SeriesRecord::sourceRows).sum()).isEqualTo(3);
    }

    /** A 100,000-character value is echoed as its first 80 characters and its length. */
    @Test
    void aHugeValueIsCutInItsMessage() throws Exception {
        String channel = "c".repeat(100_000);
        List<SeriesRecord> records = read((HEADER + "M-1,2025-11-03T07:00:00-05:00,15," + channel + ",0.25,kWh\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(refusedAt(records, 2).detail()).isEqualTo("channel '" + "c".repeat(80) + "\u2026 (100000 characters)'");
        String serial = "S".repeat(100_000);
        records = read((HEADER + serial + ",2025-11-03T07:00:00-05:00,15,kwh_del,0.25,kWh\n").getBytes(StandardCharsets.UTF_8));
        assertThat(refusedAt(records, 2).detail()).isEqualTo("meter serial is longer than 64 characters: "
                + "S".repeat(80) + "\u2026 (100000 characters)");
    }
}
