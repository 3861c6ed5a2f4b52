package io.meterbill.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.jobs.cli.MeterbillCommand;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input as hostile as it gets (issue 18): NUL bytes, invalid UTF-8, a 50 MB line, a Green Button file with a
 * DOCTYPE, next to the sample month. None of it may stop the month: each is a refused row, kept bounded with
 * the whole row's length and SHA-256, and every row is accounted for. And a failure that a restart only
 * repeats is reported as such, with a code of its own.
 */
class HostileInputIT {

    private static final int FIFTY_MB = 50 * 1024 * 1024;

    @TempDir
    Path tmp;

    @AfterEach
    void clearFaults() {
        MeterbillCommand.setExtraProperty("meterbill.fault-injection.fail-rating-at", null);
    }

    private record Line(byte[] bytes) {
        String sha256() throws Exception {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
    }

    @Test
    void nulBytesInvalidUtf8AndAFiftyMegabyteLineAreRefusedRowsAndTheMonthCompletes() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        try (Stream<Path> sample = Files.list(Path.of("sample-data/reads"))) {
            for (Path file : sample.toList()) {
                Files.copy(file, in.resolve(file.getFileName()));
            }
        }
        Line nulChannel = new Line("M-10000001,2025-11-03T07:15:00-05:00,15,kwh\u0000del,0.25,kWh"
                .getBytes(StandardCharsets.UTF_8));
        Line nulSerial = new Line("M-1000\u00000001,2025-11-03T07:15:00-05:00,15,kwh_del,0.25,kWh"
                .getBytes(StandardCharsets.UTF_8));
        Line latin1 = new Line("M-10000001,2025-11-03T07:30:00-05:00,15,kwh_del,0.25,kWh,\u00e9t\u00e9"
                .getBytes(StandardCharsets.ISO_8859_1));
        // 50 MB: a serial, then digits, commas, NULs and bytes that are not UTF-8, written without holding it whole
        MessageDigest hugeSha = MessageDigest.getInstance("SHA-256");
        Path hostile = in.resolve("hostile.csv");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(hostile), 1 << 16)) {
            out.write("meter_serial,interval_start,interval_minutes,channel,value,unit\n".getBytes(StandardCharsets.UTF_8));
            for (Line line : List.of(nulChannel, nulSerial, latin1)) {
                out.write(line.bytes());
                out.write('\n');
            }
            byte[] chunk = new byte[1024];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) (i % 97 == 0 ? 0 : i % 89 == 0 ? 0xFF : i % 10 == 0 ? ',' : '0' + i % 10);
            }
            byte[] start = "M-10000001,".getBytes(StandardCharsets.UTF_8);
            out.write(start);
            hugeSha.update(start);
            for (int written = start.length; written < FIFTY_MB; written += chunk.length) {
                out.write(chunk);
                hugeSha.update(chunk);
            }
            out.write('\n');
        }
        long hugeBytes = start50(FIFTY_MB);
        String hugeDigest = HexFormat.of().formatHex(hugeSha.digest());
        // a Green Button file with a DOCTYPE: refused, with the reason, and its readings counted as not read
        Files.writeString(in.resolve("doctype.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE feed [<!ENTITY boom "boom">]>
                <feed xmlns="http://www.w3.org/2005/Atom"><title>&boom;</title>
                <entry><content><IntervalReading xmlns="http://naesb.org/espi"/></content></entry></feed>
                """);

        MeterbillHome home = new MeterbillHome(tmp.resolve("home"));
        home.importSampleRegistryAndTariffs();
        // alone, the DOCTYPE file is no input for the month, and the refusal says why rather than "no interval reads"
        Path alone = Files.createDirectories(tmp.resolve("alone"));
        Files.copy(in.resolve("doctype.xml"), alone.resolve("doctype.xml"));
        MeterbillHome.Result notThisMonth = home.run("cycle", "run", "--cycle", "2025-11", "--input", alone.toString());
        assertThat(notThisMonth.exitCode()).as(notThisMonth.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(notThisMonth.err()).contains("doctype.xml: refused: the file declares a DOCTYPE at line 2")
                .doesNotContain("no interval reads");

        MeterbillHome.Result cycle = home.run("cycle", "run", "--cycle", "2025-11", "--input", in.toString(),
                "--partitions", "2");
        assertThat(cycle.exitCode()).as(cycle.toString()).isZero();
        assertThat(cycle.out()).contains("Control totals balance");
        String summary = Files.readString(home.path().resolve("output/2025-11/cycle-summary.txt"));
        // the sample month is billed as if the hostile files were not there
        assertThat(summary).containsPattern("billed\\s+49\n").containsPattern("Sum of bill totals\\s+12151\\.49 USD");

        // every row of hostile.csv is accounted for: 4 listed, 0 stored, 4 refused (by reason)
        Map<String, Object> listed = home.query(jdbc -> jdbc.queryForMap("""
                select data_rows from cycle_input_file where cycle = '2025-11' and source_file = 'hostile.csv'"""));
        assertThat(((Number) listed.get("data_rows")).longValue()).isEqualTo(4);
        List<String> refused = home.query(jdbc -> jdbc.queryForList("""
                select source_line || ' ' || reason || ' ' || rows_covered from read_exception
                where cycle = '2025-11' and source_file = 'hostile.csv' order by source_line""", String.class));
        assertThat(refused).containsExactly("2 UNKNOWN_CHANNEL 1", "3 MALFORMED_ROW 1", "4 MALFORMED_ROW 1",
                "5 MALFORMED_ROW 1");
        assertThat(home.<Long>query(jdbc -> jdbc.queryForObject("""
                select coalesce(sum(values_stored), 0) from import_block
                where cycle = '2025-11' and source_file = 'hostile.csv'""", Long.class))).isZero();

        // what is kept of each row: escaped text (at most 4096 characters), length in bytes and SHA-256 of the line
        Map<Long, Map<String, Object>> kept = new java.util.TreeMap<>();
        home.query(jdbc -> {
            jdbc.query("""
                    select source_line, raw_row, raw_length, raw_sha256, raw_whole, detail from read_exception
                    where cycle = '2025-11' and source_file = 'hostile.csv'""", rs -> {
                        kept.put(rs.getLong(1), Map.of("raw", rs.getString(2), "length", rs.getLong(3),
                                "sha", rs.getString(4), "whole", rs.getBoolean(5), "detail", rs.getString(6)));
                    });
            return null;
        });
        assertThat(kept.get(2L)).containsEntry("raw", "M-10000001,2025-11-03T07:15:00-05:00,15,kwh\\x00del,0.25,kWh")
                .containsEntry("length", (long) nulChannel.bytes().length).containsEntry("sha", nulChannel.sha256())
                .containsEntry("whole", true).containsEntry("detail", "channel 'kwh\\x00del'");
        assertThat(kept.get(3L)).containsEntry("sha", nulSerial.sha256()).containsEntry("whole", true);
        assertThat((String) kept.get(3L).get("detail")).startsWith("meter serial contains a control character");
        assertThat(kept.get(4L)).containsEntry("raw", "M-10000001,2025-11-03T07:30:00-05:00,15,kwh_del,0.25,kWh,"
                + "\uFFFDt\uFFFD").containsEntry("length", (long) latin1.bytes().length)
                .containsEntry("sha", latin1.sha256());
        assertThat((String) kept.get(5L).get("raw")).hasSizeLessThanOrEqualTo(4096).startsWith("M-10000001,\\x00123456789,1");
        assertThat(kept.get(5L)).containsEntry("length", hugeBytes).containsEntry("sha", hugeDigest)
                .containsEntry("whole", false);
        assertThat((String) kept.get(5L).get("detail")).startsWith("line is " + hugeBytes + " bytes long");

        String doctype = home.query(jdbc -> jdbc.queryForObject("""
                select detail from read_exception where cycle = '2025-11' and source_file = 'doctype.xml'""",
                String.class));
        assertThat(doctype).startsWith("refused: the file declares a DOCTYPE at line 2");

        // read-exceptions.csv and cycle exceptions show the kept text, not 50 MB
        assertThat(Files.size(home.path().resolve("output/2025-11/read-exceptions.csv"))).isLessThan(1_000_000);
        MeterbillHome.Result exceptions = home.run("cycle", "exceptions", "--cycle", "2025-11");
        assertThat(exceptions.exitCode()).isZero();
        assertThat(exceptions.out()).contains("kwh\\x00del").doesNotContain("\u0000").hasSizeLessThan(1_000_000);
    }

    /** The huge line's length: the serial and whole 1 KiB chunks until 50 MB is reached. */
    private static long start50(int target) {
        int start = "M-10000001,".length();
        long written = start;
        while (written < target) {
            written += 1024;
        }
        return written;
    }

    /** A failure that a restart repeats unchanged is said to be one, with its own exit code; fixed, the cycle completes. */
    @Test
    void aFailureThatARestartRepeatsIsReportedAsRepeatedWithWhatToDo() {
        MeterbillHome home = new MeterbillHome(tmp.resolve("home"));
        home.importSampleRegistryAndTariffs();
        MeterbillCommand.setExtraProperty("meterbill.fault-injection.fail-rating-at", "SP-0039");
        MeterbillHome.Result first = home.run("cycle", "run", "--cycle", "2025-11", "--input", "sample-data/reads",
                "--partitions", "2");
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(first.err()).contains("resume with: meterbill cycle restart --cycle 2025-11")
                .doesNotContain("repeated");

        MeterbillHome.Result again = home.run("cycle", "restart", "--cycle", "2025-11");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.FAILED_REPEATEDLY);
        assertThat(again.err()).contains("cycle 2025-11 FAILED (execution 2): this failure repeated unchanged on"
                + " restart (execution 1 failed the same way): a restart will fail the same way until the input or"
                + " configuration is fixed: ", "fault injected while rating SP-0039", "fix what the cause names")
                .doesNotContain("resume with");

        MeterbillCommand.setExtraProperty("meterbill.fault-injection.fail-rating-at", null);
        MeterbillHome.Result fixed = home.run("cycle", "restart", "--cycle", "2025-11");
        assertThat(fixed.exitCode()).as(fixed.toString()).isEqualTo(ExitCode.COMPLETED);
        assertThat(fixed.out()).contains("Control totals balance");
        assertThat(home.bills("2025-11")).hasSize(49);
    }
}
